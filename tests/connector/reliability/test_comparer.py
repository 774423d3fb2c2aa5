"""The comparer itself: after a clean sync it finds nothing; after tampering it finds each drift.

The reliability tests are only as good as their comparison, so each kind of drift is made
on purpose in the cloud, behind the connector's back, and must show in the report.
"""

from __future__ import annotations

import pytest
from sage_cloud_compare import compare, read_sage

from ssm.connector import CrmClient, load_install, sync_once

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's


def test_before_any_sync_everything_is_missing_without_error(installed):
    layout = installed()
    result = compare(layout, lines=False)
    assert not result.ok
    assert len(result.problems["missing"]) == sum(result.checked.values())
    assert all(line.endswith("no error") for line in result.problems["missing"])


def test_a_clean_sync_compares_equal_and_each_drift_is_reported(installed):
    layout = installed()
    assert sync_once(layout).status == "succeeded"
    clean = compare(layout)
    assert clean.ok, clean.report()
    assert clean.checked["accounts"] > 200 and clean.checked["invoices"] > 100

    sage = read_sage(layout)
    gone, stale = sorted(sage.records["accounts"])[:2]
    product_key = sorted(sage.records["products"])[0]
    invoice_key = next(k for k, r in sage.records["invoices"].items() if len(r["lines"]) > 1)
    invoice = sage.records["invoices"][invoice_key]
    config, secrets = load_install(layout)
    with CrmClient(
        config.cloud.url, config.cloud.public_key, secrets.private_key.get_secret_value()
    ) as crm:
        assert crm.delete("accounts", [gone])[0].status == "deleted"
        changed = {**sage.records["accounts"][stale], "phone": "09 99 99 99 99"}
        assert crm.upsert("accounts", [changed])[0].status == "updated"
        extra = {"extId": "ZZ-PAS-DANS-SAGE", "name": "Inconnu de Sage"}
        assert crm.upsert("accounts", [extra])[0].status == "created"
        cheaper = {**sage.records["products"][product_key], "price": 0.0123}
        assert crm.upsert("products", [cheaper])[0].status == "updated"
        fewer = {**invoice, "lines": invoice["lines"][:-1]}
        assert crm.upsert("invoices", [fewer])[0].status == "updated"

    drifted = compare(layout)
    report = drifted.report()
    assert not drifted.ok
    stale_lines = drifted.problems["stale"]
    assert any(gone in line for line in drifted.problems["missing"]), report
    assert any(stale in line and "09 99 99 99 99" in line for line in stale_lines), report
    assert any(product_key in line and "0.0123" in line for line in stale_lines), report
    extras = drifted.problems["extra (live in the cloud)"]
    assert any("ZZ-PAS-DANS-SAGE" in line for line in extras), report
    dropped = invoice["lines"][-1]["extId"]
    assert any(
        f"invoices {invoice_key}" in line and f"line {dropped} missing" in line
        for line in stale_lines
    ), report
    assert len(stale_lines) == 3, report  # the rest still compares equal
