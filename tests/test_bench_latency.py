"""The latency scenario's own logic: finding a new record among others, the rows, the activity.

The benchmark itself is never run here (bench/README.md): the CRM is a dict, and the
background activity runs for a moment on a tiny emulated company.
"""

import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from ssm_bench.scenarios.latency import (  # noqa: E402
    BackgroundActivity,
    Edit,
    NewRecordCheck,
    count_actions,
    latency_figures,
)
from ssm_bench.scenarios.twoway import Round, SageFile, twoway_figures  # noqa: E402


class FakeCrm:
    """Records by id, and every id read, in order."""

    def __init__(self, records: dict[int, str]) -> None:
        self.records = records
        self.reads: list[int] = []

    def get(self, record_id: int) -> dict[str, Any] | None:
        self.reads.append(record_id)
        ext_id = self.records.get(record_id)
        return None if ext_id is None else {"id": record_id, "extId": ext_id}


def test_a_new_record_is_found_after_the_activitys_own_new_records():
    crm = FakeCrm({10: "old"})
    check = NewRecordCheck(crm.get, "C42", last=10)
    assert not check()
    crm.records |= {11: "activity-1", 12: "activity-2"}
    assert not check()
    crm.records[13] = "C42"
    crm.reads.clear()
    assert check()
    assert crm.reads == [13]  # ids 11 and 12 were read once, by the poll before


def test_a_hole_left_by_a_refused_insert_does_not_hide_the_record():
    crm = FakeCrm({11: "activity-1", 13: "C42"})  # 12 was rolled back
    assert NewRecordCheck(crm.get, "C42", last=10)()


def test_a_record_beyond_the_peeked_ids_is_found_once_the_hole_is_filled():
    crm = FakeCrm({15: "C42"})
    check = NewRecordCheck(crm.get, "C42", last=10, gap=2)
    assert not check()
    crm.records |= {11: "a", 12: "b", 13: "c", 14: "d"}
    assert check()


def test_a_record_far_past_the_scan_is_found_by_its_binding():
    # Other tenants took the ids in between: for this instance they are missing (404).
    crm = FakeCrm({11: "activity-1", 57: "C42"})
    bound: dict[str, int] = {}
    check = NewRecordCheck(crm.get, "C42", last=10, bound=lambda: bound.get("C42"))
    assert not check()
    bound["C42"] = 57
    assert check()


def _edit(latency: float | None, skipped: bool = False) -> Edit:
    return Edit("edit_client", "accounts", "C1", latency, skipped=skipped)


def test_the_rows_give_p50_p95_and_the_goal_on_p95_only():
    edits = [_edit(0.1 * i) for i in range(1, 21)] + [_edit(None), _edit(None, skipped=True)]
    p50, p95 = latency_figures("latency under activity [pme]", edits, "activity --rate 5")
    assert (p50.figure, p50.value, p50.goal, p50.met) == ("p50", pytest.approx(1.1), "", None)
    assert (p95.figure, p95.value, p95.goal, p95.met) == ("p95", pytest.approx(1.9), "≤ 2 s", True)
    assert p95.note == "20 edits seen, 1 not seen in 30 s; activity --rate 5"


def test_a_p95_above_two_seconds_misses_the_goal_and_none_seen_is_unmeasured():
    _, slow = latency_figures("latency [pme]", [_edit(0.5), _edit(2.5)], "")
    assert (slow.value, slow.met, slow.note) == (2.5, False, "2 edits seen")
    _, unseen = latency_figures("latency [pme]", [_edit(None)], "")
    assert (unseen.value, unseen.met) == (None, None)


def test_actions_are_the_activitys_non_blank_lines():
    output = "Nouveau client      F_COMPTET       CL0001\n\nPrix modifié        F_ARTICLE  A1\n"
    assert count_actions(output) == 2


def test_the_background_activity_edits_the_company_until_the_block_ends(tmp_path):
    from ssm.sage100 import generate_server, open_server

    generate_server(tmp_path / "sage", company="BENCH", size="tiny", seed=3)
    database = open_server(tmp_path / "sage").companies()[0].database
    activity = BackgroundActivity(tmp_path / "sage", database, tmp_path / "activity.log", rate=20)
    with activity:
        deadline = time.monotonic() + 30
        while count_actions((tmp_path / "activity.log").read_text()) < 3:
            assert time.monotonic() < deadline, "the activity made no action in 30 s"
            time.sleep(0.1)
    assert activity.proc is not None and activity.proc.returncode == 0  # stopped by SIGINT
    assert activity.actions >= 3
    assert activity.describe() == "ssm-sage100 activity --rate 20"


def _round(crm: list[float | None], sage: list[float | None]) -> Round:
    return Round(
        [Edit("create_prospect", "accounts", "P1", s) for s in crm],
        [Edit("edit_client", "accounts", "C1", s) for s in sage],
    )


def test_twoway_gives_p50_and_p95_each_way_as_the_median_of_the_rounds():
    rounds = [
        _round([0.1, 0.2, 0.3], [0.4, 0.5, 2.6]),
        _round([0.1, 0.2, 0.5], [0.4, 0.5, 3.0]),
        _round([0.1, 0.2, 0.4], [0.4, 0.5, None]),
    ]
    figures = {f.figure: f for f in twoway_figures("two-way latency [pme]", rounds)}
    assert list(figures) == ["CRM → Sage p50", "CRM → Sage p95", "Sage → CRM p50", "Sage → CRM p95"]
    crm, sage = figures["CRM → Sage p95"], figures["Sage → CRM p95"]
    assert (crm.value, crm.goal, crm.met) == (pytest.approx(0.4), "≤ 2 s", True)
    assert (sage.value, sage.met) == (pytest.approx(2.6), False)  # rounds: 2.6, 3.0, 0.5
    assert figures["CRM → Sage p50"].value == pytest.approx(0.2)
    assert figures["CRM → Sage p50"].met is None
    assert sage.note == (
        "8 edits seen in 3 round(s), 1 not seen in 30 s; p95 per round 2.60, 3.00, 0.50 s;"
        " default settings"
    )


def test_twoway_with_nothing_seen_one_way_is_unmeasured_that_way():
    figures = twoway_figures("two-way latency [tiny]", [_round([None], [0.3])])
    values = {f.figure: f.value for f in figures}
    assert values["CRM → Sage p95"] is None
    assert values["Sage → CRM p95"] == pytest.approx(0.3)


def test_the_sage_file_is_read_only_and_finds_a_row(tmp_path):
    path = tmp_path / "company.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE F_COMPTET (CT_Num TEXT, CT_Intitule TEXT)")
        db.execute("INSERT INTO F_COMPTET VALUES ('P000001', 'Bench 15-0')")
    db.close()
    sage = SageFile(path)
    try:
        assert sage.has("SELECT 1 FROM F_COMPTET WHERE CT_Intitule = ?", "Bench 15-0")
        assert not sage.has("SELECT 1 FROM F_COMPTET WHERE CT_Intitule = ?", "Bench 15-1")
        with pytest.raises(sqlite3.OperationalError):  # never a write into Sage
            sage.conn.execute("DELETE FROM F_COMPTET")
    finally:
        sage.close()
