"""Simulated users: every action changes what the incremental reader sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ssm.sage100 import CLIENTS, DOCUMENTS, Activity, Cursor, read_changes, run_activity
from ssm.sage100.schema import F_CONTACTT, F_DOCENTETE, F_DOCLIGNE


def _last_cursor(engine, spec) -> Cursor:
    return [b for b in read_changes(engine, spec)][-1].cursor


@pytest.mark.parametrize("kind", ["new_client", "edit_client"])
def test_client_changes_are_read(engine, kind: str) -> None:
    since = _last_cursor(engine, CLIENTS)
    action = Activity(engine, seed=3).step(kind)
    changed = [r for b in read_changes(engine, CLIENTS, since, timedelta(0)) for r in b.rows]
    assert action.key in {r["CT_Num"] for r in changed}


def test_contacts_added_and_deleted(engine) -> None:
    activity = Activity(engine, seed=4)

    def count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(F_CONTACTT)).scalar_one())

    before = count()
    activity.step("new_contact")
    assert count() == before + 1
    activity.step("delete_contact")
    assert count() == before


def test_transform_order_rewrites_in_place(engine) -> None:
    with engine.connect() as conn:
        orders = (
            conn.execute(select(F_DOCENTETE.c.cbMarq).where(F_DOCENTETE.c.DO_Type == 1))
            .scalars()
            .all()
        )
    if not orders:
        pytest.skip("no order in this seed")
    since = _last_cursor(engine, DOCUMENTS)
    action = Activity(engine, seed=5).step("transform_order")
    assert action.kind == "transform_order" and action.key.startswith("BL")
    changed = [r for b in read_changes(engine, DOCUMENTS, since, timedelta(0)) for r in b.rows]
    moved = [r for r in changed if r["DO_Piece"] == action.key]
    assert len(moved) == 1 and moved[0]["DO_Type"] == 3
    assert moved[0]["cbMarq"] in orders  # same row, new type and piece
    with engine.connect() as conn:
        lines = (
            conn.execute(select(F_DOCLIGNE.c.DL_PieceBC).where(F_DOCLIGNE.c.DO_Piece == action.key))
            .scalars()
            .all()
        )
    assert lines and all(piece == moved[0]["DO_PieceOrig"] for piece in lines)


def test_invoice_created_then_posted(engine) -> None:
    activity = Activity(engine, seed=6)
    created = activity.step("new_invoice")
    with engine.connect() as conn:
        header = conn.execute(
            select(F_DOCENTETE).where(F_DOCENTETE.c.DO_Piece == created.key)
        ).one()
        total = conn.execute(
            select(func.sum(F_DOCLIGNE.c.DL_MontantHT)).where(F_DOCLIGNE.c.DO_Piece == created.key)
        ).scalar_one()
    assert header.DO_Type == 6 and round(float(header.DO_TotalHT), 2) == round(float(total), 2)
    for _ in range(20):
        posted = activity.step("post_invoice")
        if posted.key == created.key:
            break
    with engine.connect() as conn:
        types = set(
            conn.execute(
                select(F_DOCLIGNE.c.DO_Type).where(F_DOCLIGNE.c.DO_Piece == posted.key)
            ).scalars()
        )
    assert types == {7}


def test_run_activity_counts_and_reports(engine) -> None:
    seen = []
    done = run_activity(engine, seed=1, actions=12, rate=0, on_action=seen.append)
    assert len(done) == 12 and seen == done
    assert all(a.kind != "idle" for a in done)


def test_new_clients_follow_the_numbering(engine) -> None:
    activity = Activity(engine, seed=2)
    keys = [activity.step("new_client").key for _ in range(3)]
    assert len(set(keys)) == 3
    assert keys == sorted(keys) and all(k.startswith("C") for k in keys)
