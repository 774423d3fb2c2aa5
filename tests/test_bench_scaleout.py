"""The scale-out scenario's figures and options, on made-up spans (nothing is run or timed)."""

from ssm_bench.__main__ import OPT_IN, parse
from ssm_bench.scenarios.latency import Edit
from ssm_bench.scenarios.scaleout import ScaleOutcome, Span, throughput


def test_throughput_counts_every_tenant_from_the_first_start_to_the_last_end():
    spans = [
        Span("tiny-seed1", started=1.0, ended=5.0, rows=300, status="succeeded"),
        Span("tiny-seed2", started=2.0, ended=11.0, rows=500, status="partial"),
    ]
    assert throughput(spans) == (800, 10.0, 80.0)


def test_no_tenant_is_no_throughput_rather_than_a_division_by_zero():
    assert throughput([]) == (0, 0.0, 0.0)


def test_a_failed_tenant_is_named_and_the_edits_give_the_latency():
    outcome = ScaleOutcome(
        workers=2,
        spans=[
            Span("tiny-seed1", 0.0, 4.0, 300, "succeeded"),
            Span("tiny-seed2", 0.0, 4.0, 0, "failed", "streams stopped"),
        ],
        edits=[
            Edit("new_client", "accounts", "C1", 0.5),
            Edit("edit_client", "accounts", "C2", None),
        ],
    )
    summary = outcome.summary()
    assert outcome.failed == ["tiny-seed2"]
    assert summary["workers"] == 2
    assert summary["tenants"] == 2
    assert summary["rows_per_s"] == 75.0
    assert summary["edits_p95_s"] == 0.5
    assert summary["edits_not_seen"] == 1


def test_postgres_and_scaleout_run_only_when_asked():
    assert {"postgres", "scaleout"} <= set(OPT_IN)
    assert not {"postgres", "scaleout"} & parse([]).chosen
    args = parse(["--only", "scaleout", "--tenants", "5", "--workers", "1,2,4"])
    assert args.chosen == {"scaleout"}
    assert (args.tenants, args.workers) == (5, [1, 2, 4])
