"""The collector settings both programs apply once their imports are done."""

import gc

from ssm.garbage_collector import GC_FIRST_THRESHOLD, tune_garbage_collector


def test_the_collector_leaves_imported_objects_and_short_lived_rows_alone():
    threshold = gc.get_threshold()
    try:
        tune_garbage_collector()
        assert gc.get_freeze_count() > 0  # what the imports built is out of every sweep
        assert gc.get_threshold() == (GC_FIRST_THRESHOLD, *threshold[1:])
        assert threshold[0] < GC_FIRST_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
