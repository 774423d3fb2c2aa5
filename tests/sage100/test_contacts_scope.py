"""The contacts stream leaves out contacts of suppliers but keeps orphans, to report them."""

from sqlalchemy import select

from ssm.sage100 import CONTACTS, read_changes, read_keys
from ssm.sage100.schema import F_COMPTET, F_CONTACTT


def test_supplier_contacts_are_left_out_and_client_contacts_kept(engine):
    with engine.connect() as conn:
        by_type = dict(
            conn.execute(
                select(F_CONTACTT.c.CT_No, F_COMPTET.c.CT_Type).join(
                    F_COMPTET, F_COMPTET.c.CT_Num == F_CONTACTT.c.CT_Num
                )
            ).all()
        )
    keys = {k for chunk in read_keys(engine, CONTACTS) for k in chunk}
    rows = {str(r["CT_No"]) for b in read_changes(engine, CONTACTS) for r in b.rows}
    suppliers = {str(n) for n, t in by_type.items() if t != 0}
    clients = {str(n) for n, t in by_type.items() if t == 0}
    assert suppliers and clients  # the tiny company has both, or this test proves nothing
    assert keys == rows
    assert not suppliers & keys
    assert clients <= keys


def test_a_contact_of_no_tiers_stays_in_the_stream(engine):
    with engine.begin() as conn:
        conn.execute(
            F_CONTACTT.insert().values(CT_Num="ZZNOBODY", CT_No=999_999, CT_Nom="Orphelin")
        )
    assert "999999" in {k for chunk in read_keys(engine, CONTACTS) for k in chunk}
