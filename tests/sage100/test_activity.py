"""Simulated users: every action changes what the connector's readers see, under its key."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ssm.sage100 import (
    Activity,
    read_articles,
    read_changes,
    read_documents,
    read_keys,
    run_activity,
)
from ssm.sage100.messages import ACTIVITY_KINDS
from ssm.sage100.schema import F_CONTACTT, F_DOCENTETE, F_DOCLIGNE

from ._labels import SPECS

_DELETES = {"delete_client", "delete_contact", "delete_invoice"}


def _final(batches):
    return list(batches)[-1].cursor


def _changed_keys(engine, stream: str, since) -> set[str]:
    if stream == "products":
        return {r["AR_Ref"] for b in read_articles(engine, since, timedelta(0)) for r in b.rows}
    if stream == "invoices":
        return {
            str(r["cbMarq"]) for b in read_documents(engine, since, timedelta(0)) for r in b.rows
        }
    spec = SPECS[stream]
    batches = read_changes(engine, spec, since, timedelta(0))
    return {str(r[spec.key]) for b in batches for r in b.rows}


def _initial(engine, stream: str):
    if stream == "products":
        return _final(read_articles(engine))
    if stream == "invoices":
        return _final(read_documents(engine))
    return _final(read_changes(engine, SPECS[stream]))


_STREAMS = {
    "new_client": "accounts",
    "new_prospect": "accounts",
    "edit_client": "accounts",
    "delete_client": "accounts",
    "new_contact": "contacts",
    "edit_contact": "contacts",
    "delete_contact": "contacts",
    "change_price": "products",
    "toggle_sleep": "products",
    "move_stock": "products",
    "new_collaborator": "users",
    "new_invoice": "invoices",
    "edit_line": "invoices",
    "post_invoice": "invoices",
    "transform_order": None,
    "transform_delivery": "invoices",
    "delete_invoice": "invoices",
}


def test_every_kind_is_tested_and_labelled(engine) -> None:
    assert Activity(engine).kinds == list(_STREAMS)
    assert set(_STREAMS) | {"idle"} == set(ACTIVITY_KINDS)


@pytest.mark.parametrize("kind", list(_STREAMS))
def test_every_action_reports_the_stream_and_key_the_readers_see(engine, kind: str) -> None:
    stream = _STREAMS[kind]
    since = _initial(engine, stream) if stream else None
    action = Activity(engine, seed=3).step(kind)
    assert action.kind == kind, f"{kind} found nothing to do in the demo data"
    assert action.stream == stream and action.description
    if stream is None:
        return
    if kind in _DELETES:
        assert action.key not in {k for chunk in read_keys(engine, SPECS[stream]) for k in chunk}
    else:
        assert action.key in _changed_keys(engine, stream, since)


#: What the tests read of a header (a B company has no DO_TotalTTC: never select all).
_HEADER = select(
    F_DOCENTETE.c.DO_Type,
    F_DOCENTETE.c.DO_Piece,
    F_DOCENTETE.c.DO_PieceOrig,
    F_DOCENTETE.c.DO_TotalHT,
)


def test_transform_order_rewrites_in_place(engine) -> None:
    with engine.connect() as conn:
        orders = set(
            conn.execute(select(F_DOCENTETE.c.cbMarq).where(F_DOCENTETE.c.DO_Type == 1)).scalars()
        )
    assert orders, "the demo data has orders"
    action = Activity(engine, seed=5).step("transform_order")
    assert action.kind == "transform_order" and int(action.key) in orders
    with engine.connect() as conn:
        moved = conn.execute(_HEADER.where(F_DOCENTETE.c.cbMarq == int(action.key))).one()
        lines = conn.execute(
            select(F_DOCLIGNE.c.DL_PieceBC).where(F_DOCLIGNE.c.DO_Piece == moved.DO_Piece)
        ).scalars()
        assert moved.DO_Type == 3 and moved.DO_Piece.startswith("BL")
        assert {piece for piece in lines} == {moved.DO_PieceOrig}


def test_invoice_created_then_edited_then_posted(engine) -> None:
    activity = Activity(engine, seed=6)
    created = activity.step("new_invoice")
    marq = int(created.key)
    with engine.connect() as conn:
        header = conn.execute(_HEADER.where(F_DOCENTETE.c.cbMarq == marq)).one()
        total = conn.execute(
            select(func.sum(F_DOCLIGNE.c.DL_MontantHT)).where(
                F_DOCLIGNE.c.DO_Piece == header.DO_Piece
            )
        ).scalar_one()
    assert header.DO_Type == 6 and round(float(header.DO_TotalHT), 2) == round(float(total), 2)
    for _ in range(50):
        if activity.step("post_invoice").key == created.key:
            break
    else:
        pytest.fail("the new invoice was never posted")
    with engine.connect() as conn:
        types = set(
            conn.execute(
                select(F_DOCLIGNE.c.DO_Type).where(F_DOCLIGNE.c.DO_Piece == header.DO_Piece)
            ).scalars()
        )
    assert types == {7}


def test_a_line_edit_keeps_the_header_total(engine) -> None:
    action = Activity(engine, seed=8).step("edit_line")
    with engine.connect() as conn:
        header = conn.execute(_HEADER.where(F_DOCENTETE.c.cbMarq == int(action.key))).one()
        total = conn.execute(
            select(func.sum(F_DOCLIGNE.c.DL_MontantHT)).where(
                F_DOCLIGNE.c.DO_Type == header.DO_Type, F_DOCLIGNE.c.DO_Piece == header.DO_Piece
            )
        ).scalar_one()
    assert round(float(header.DO_TotalHT), 2) == round(float(total), 2)


def test_run_activity_counts_and_reports(engine) -> None:
    seen = []
    done = run_activity(engine, seed=1, actions=20, rate=0, on_action=seen.append)
    assert len(done) == 20 and seen == done
    assert all(a.kind != "idle" for a in done)


def test_run_activity_stops_between_two_actions_once_asked(engine) -> None:
    stop = threading.Event()
    timer = threading.Timer(0.2, stop.set)  # as the CLI's Ctrl+C handler does
    timer.start()
    try:
        # One action a minute: only ``stop`` cutting the wait short ends this after one.
        done = run_activity(engine, seed=2, rate=1 / 60, stop=stop)
    finally:
        timer.cancel()
    assert len(done) == 1


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


def test_new_clients_follow_the_numbering(engine) -> None:
    activity = Activity(engine, seed=2)
    keys = [activity.step("new_client").key for _ in range(3)]
    assert len(set(keys)) == 3
    assert keys == sorted(keys) and all(k.startswith("C") for k in keys)


def test_two_users_creating_invoices_at_once_each_get_their_own_number(engine) -> None:
    # Two activities (two Sage users) read the same "next piece" and race to insert it: the
    # loser takes the next number, as Sage numbers, instead of failing.
    def invoices() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(F_DOCENTETE)).scalar())

    before = invoices()
    failures: list[BaseException] = []

    def user(seed: int) -> None:
        activity = Activity(engine, seed=seed)
        try:
            for _ in range(40):
                activity.step("new_invoice")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=user, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert invoices() == before + 80
