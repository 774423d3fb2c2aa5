"""The cyclic garbage collector's settings of both programs, once (issue 14).

The connector and the service each allocate millions of short-lived objects per initial
sync (rows, records, parsed JSON, parameter tuples) that reference counting frees without
a cycle among them. Python's default first threshold (700) swept them over a thousand
times per pme sync, each sweep also walking what the imports built.

Usage (in the process's entry point, once its imports are done)::

    tune_garbage_collector()
"""

from __future__ import annotations

import gc

GC_FIRST_THRESHOLD = 5_000
"""Container objects allocated (net) before the collector runs, instead of Python's 700.

pme initial sync, connector CPU / peak RSS (issue 14): 700 15.1 s / 127 MB (frozen),
5,000 14.8 s / 128 MB, 10,000 14.6 s / 137 MB, 20,000 14.5 s / 163 MB: past 5,000, the
cycles the HTTP client leaves hold their bodies longer, for little CPU."""


def tune_garbage_collector() -> None:
    """Spare the process the cyclic collector's sweeps, which rows do not need.

    What the imports built (SQLAlchemy tables, models, modules) lives as long as the
    process: ``gc.freeze`` takes it out of every later sweep, so call this after the
    imports. CPU of the pme initial sync, medians of 3 alternated runs (issue 14):
    connector 16.3 s -> 15.1 s; service 9.21 s -> 7.73 s (a bulk request's parsed body,
    rows and parameter tuples).
    """
    gc.freeze()
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
