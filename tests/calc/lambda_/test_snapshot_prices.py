"""The bundled snapshot's dated prices: the one file that pins them (a refresh that changes a
price changes only this file).

The snapshot's us-east-1 Lambda prices (Lambda price feed, as of 2025-10-30) are AWS's
published prices of the Lambda pricing page (tests/calc/lambda_/support.py: X86, ARM);
EC2 us-east-1 Linux On-Demand as of 2026-07-20 (m5.large $0.096/h) and Reserved No Upfront as
of 2025-04-05 (m5.large standard 1 yr $0.060/h). Rules: LAMBDA-PRICE, LAMBDA-TMP,
LAMBDA-PROVISIONED, EC2-OD-BILLING, EC2-RI.
"""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from calc.cli import main
from calc.lambda_ import LambdaCostInput, LambdaVsEc2Input, estimate_cost, run_vs_ec2
from calc.lambda_.cost import monthly_cost
from calc.lambda_.prices import LambdaPrices, lambda_prices
from calc.lambda_.vs_ec2 import instances_needed
from calc.units import HOURS_PER_MONTH, SECONDS_PER_MONTH
from tests.calc.lambda_.support import ARM, CATALOG, M5_LARGE_USD_PER_HOUR, RULES, X86
from tests.calc.lambda_.support import make as _validated

LAMBDA_AS_OF = "2025-10-30"
COST = ["lambda", "cost", "--memory-mb", "512", "--duration-ms", "1000",
        "--invocations-per-month", "3000000", "--region", "us-east-1"]


def run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def make(**kw):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=100, invocations_per_month=1e6)
    base.update(kw)
    return _validated(LambdaCostInput, **base)


def vs(**kw):
    base = dict(region="us-east-1", memory_mb=512, duration_ms=100, requests_per_second=150)
    base.update(kw)
    return run_vs_ec2(_validated(LambdaVsEc2Input, **base), catalog=CATALOG)


@pytest.mark.parametrize(("arch", "published"), [("x86_64", X86), ("arm64", ARM)])
def test_us_east_1_lambda_prices_are_the_published_ones(arch: str, published: LambdaPrices):
    # rule: LAMBDA-PRICE - the snapshot's feed prices equal the pricing page's figures
    p = lambda_prices("us-east-1", arch, catalog=CATALOG)
    assert p.as_of == LAMBDA_AS_OF and p.source_id == "lambda_feed"
    for f in fields(LambdaPrices):
        if f.init and f.name not in ("as_of", "source_id", "source_url"):
            assert getattr(p, f.name) == getattr(published, f.name), f.name


def test_m5_large_on_demand():
    # rule: EC2-OD-BILLING - Linux On-Demand, us-east-1
    od = CATALOG.ec2_on_demand("us-east-1", "m5.large")
    assert od.usd_per_hour == M5_LARGE_USD_PER_HOUR and od.as_of == "2026-07-20"


def test_cost_json_and_csv_carry_the_snapshot_date(capsys):
    code, out, _ = run(capsys, [*COST, "--format", "json"])
    assert code == 0 and json.loads(out)["as_of"] == LAMBDA_AS_OF
    code, out, _ = run(capsys, [*COST, "--format", "csv"])
    assert all(line.endswith(f",us-east-1,{LAMBDA_AS_OF}") for line in out.splitlines()[1:])


def test_estimate_cost_orchestration_matches_formula():
    res = estimate_cost(make(memory_mb=1536, duration_ms=120, invocations_per_month=3e6),
                        catalog=CATALOG)
    assert res.as_dict()["total_usd_per_month"] == pytest.approx(2.733338)
    assert res.table.loc[res.table["charge"] == "total", "usd_per_month"].item() == \
        pytest.approx(res.cost.total_usd_per_month)
    assert res.table["usd_per_month"].iloc[:-1].sum() == pytest.approx(
        res.cost.total_usd_per_month)


def test_vs_ec2_chosen_instance_worked_example():
    # rule: LAMBDA-PRICE, LAMBDA-FREE-TIER: 150 requests/s = 394.2 M invocations a month of
    # 100 ms at 512 MB: (394.2 M - 1 M) x $0.2/M + (19.71 M - 0.4 M) GB-s x $0.0000166667
    res = vs(instance_type="m5.large")
    lam = (394.2e6 - 1e6) * 0.2e-6 + (394.2e6 * 0.1 * 0.5 - 400_000) * 0.0000166667
    assert res.lambda_usd_per_month == pytest.approx(lam)
    assert res.instance_count == 3 and res.ec2_usd_per_month == pytest.approx(210.24)
    assert res.cheaper == "ec2"
    fixed = res.break_even_fixed_fleet_requests_per_second
    assert float(monthly_cost(memory_mb=512, duration_ms=100, invocations_per_month=fixed
                              * SECONDS_PER_MONTH, prices=X86, rules=RULES)
                 .total_usd_per_month) == pytest.approx(210.24)
    c = res.curve
    assert list(c.columns) == ["requests_per_second", "invocations_per_month",
                               "lambda_usd_per_month", "ec2_usd_per_month", "ec2_instances",
                               "ec2_within_capacity", "cheaper"]
    assert len(c) == 201 and c["requests_per_second"].iloc[0] == 0


def test_vs_ec2_curve_matches_scalar_costs():
    res = vs(instance_type="m5.large", curve_points=11)
    for row in res.curve.itertuples(index=False):
        lam = monthly_cost(memory_mb=512, duration_ms=100, invocations_per_month=row
                           .requests_per_second * SECONDS_PER_MONTH, prices=X86, rules=RULES)
        assert row.lambda_usd_per_month == lam.total_usd_per_month
        # one m5.large serves 2 / (512/1,769) x 10 = 69.1015625 requests/s (rule:
        # LAMBDA-MEMORY; Lambda Developer Guide, "Configure Lambda function memory": "At
        # 1,769 MB, a function has the equivalent of one vCPU"; tests/calc/lambda_/test_vs_ec2.py)
        n = instances_needed(requests_per_second=row.requests_per_second,
                             capacity_rps=2 * 1769 / 512 * 10)
        assert row.ec2_usd_per_month == pytest.approx(n * 0.096 * HOURS_PER_MONTH)


def test_vs_ec2_reserved_no_upfront_is_cheaper():
    # rule: EC2-RI: m5.large standard 1 yr No Upfront $0.060/h against $0.096 On-Demand
    od = vs(instance_type="m5.large")
    ri = vs(instance_type="m5.large", purchasing_option="reserved_standard_1yr_no_upfront")
    assert ri.ec2_usd_per_hour == pytest.approx(0.060)
    assert ri.ec2_usd_per_month == pytest.approx(3 * 0.060 * HOURS_PER_MONTH)
    assert ri.break_even_requests_per_second < od.break_even_requests_per_second


def test_vs_ec2_command(capsys):
    argv = ["lambda", "vs-ec2", "--region", "us-east-1", "--memory-mb", "512",
            "--duration-ms", "100", "--requests-per-second", "150", "--instance-type",
            "m5.large", "--curve-points", "5"]
    code, out, _ = run(capsys, [*argv, "--format", "json"])
    data = json.loads(out)
    assert code == 0
    assert data["instance_count"] == 3 and data["ec2_usd_per_month"] == pytest.approx(210.24)
    assert data["break_even_requests_per_second"] > 0
    assert len(data["curve"]) == 5 and "lambda_usd_per_month" in data["curve"][0]
    code, out, _ = run(capsys, [*argv, "--format", "csv"])
    assert code == 0 and out.splitlines()[0].startswith("requests_per_second,")
    code, _, err = run(capsys, [*argv[:-4], "--instance-type", "m5.lrage"])
    assert code == 2 and "m5.large" in err  # close match offered


def test_one_vcpu_memory_limit_in_snapshot():
    # rule: LAMBDA-MEMORY. limits.csv lambda.memory.one_vcpu_mb: AWS today 1,769 MB (Lambda
    # Developer Guide, "Configure Lambda function memory": "At 1,769 MB, a function has the
    # equivalent of one vCPU (one vCPU-second of credits per second)"); the notes 1,792 MB
    # (L2414). The Lambda commands use today's; the notes basis keeps the notes' figure.
    lim = CATALOG.limits["lambda.memory.one_vcpu_mb"]
    assert (lim.value_today, lim.value_notes, lim.notes_line) == (1769, 1792, "L2414")
    assert lim.differs
    assert lim.value("aws_today") == 1769 and lim.value("notes") == 1792
    assert RULES.one_vcpu_memory_mb == 1769
    assert "notes 1,792, AWS today 1,769 MB [LAMBDA-MEMORY]" in lim.explain()
