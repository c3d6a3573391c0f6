"""calc.lambda_.api: every entry point takes the catalog, results carry their prices and
verdicts, and the study is the four commands' results for one function."""

from __future__ import annotations

import inspect

import pytest
from pydantic import ValidationError

from calc.errors import field_errors
from calc.lambda_ import api
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaStudyInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from tests.calc.lambda_.support import CATALOG, make
from tests.support.scaled import scaled_catalog

STUDY = {"region": "us-east-1", "memory_mb": 512, "duration_ms": 1000,
         "invocations_per_month": 3_000_000, "cpu_bound_share": 0.8}


@pytest.fixture(scope="module")
def x10(tmp_path_factory):  # type: ignore[no-untyped-def]
    return scaled_catalog(tmp_path_factory.mktemp("x10"), 10)


@pytest.mark.parametrize("entry", [api.estimate_cost, api.run_sweep, api.check_concurrency,
                                   api.run_vs_ec2, api.run_study, api.study_output])
def test_every_entry_point_takes_the_catalog_as_a_required_keyword(entry):
    param = inspect.signature(entry).parameters["catalog"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY
    assert param.default is inspect.Parameter.empty


def test_a_model_needs_the_catalog_to_validate():
    # the limits come from the catalog handed in, never from a global one
    with pytest.raises(RuntimeError, match="needs the price catalog"):
        LambdaCostInput(region="us-east-1", memory_mb=512, duration_ms=100,
                        invocations_per_month=1)


def test_study_is_the_commands_results():
    # rules: LAMBDA-PRICE, LAMBDA-MEMORY, LAMBDA-CONCURRENCY - the study is `lambda cost`,
    # `lambda sweep`, `lambda concurrency` and `lambda vs-ec2` for the same function, at the
    # rate 3 M invocations / 2,628,000 s (730 h) = 1.1416 requests/s
    inp = make(LambdaStudyInput, **STUDY)
    out, study = api.study_output(inp, catalog=CATALOG)
    cost_inp = make(LambdaCostInput, region="us-east-1", memory_mb=512, duration_ms=1000,
                    invocations_per_month=3_000_000)
    expected = api.report(api.estimate_cost(cost_inp, catalog=CATALOG))
    assert out.table.equals(expected.table) and out.csv_context == expected.csv_context
    assert out.notes == expected.notes
    # AWS Lambda pricing page example: 1.1 M GB-s x $0.0000166667 + 2 M requests x $0.20/M
    assert study.cost.total_usd_per_month == pytest.approx(1_100_000 * 0.0000166667 + 0.4)
    sweep = api.run_sweep(make(LambdaSweepInput, region="us-east-1", memory_mb=512,
                               duration_ms=1000, invocations_per_month=3_000_000,
                               cpu_bound_share=0.8), catalog=CATALOG)
    assert study.sweep.picks().equals(sweep.picks())
    rate = 3_000_000 / 2_628_000
    assert inp.requests_per_second == pytest.approx(rate)
    conc = api.check_concurrency(make(LambdaConcurrencyInput, requests_per_second=rate,
                                      duration_ms=1000), catalog=CATALOG)
    assert study.concurrency.check == conc.check
    vs = api.run_vs_ec2(make(LambdaVsEc2Input, region="us-east-1", memory_mb=512,
                             duration_ms=1000, requests_per_second=rate), catalog=CATALOG)
    assert study.vs_ec2 is not None
    assert study.vs_ec2.instance_type == vs.instance_type
    assert study.vs_ec2.break_even_requests_per_second == vs.break_even_requests_per_second
    assert study.vs_ec2.curve.equals(vs.curve)
    # at the break-even rate Lambda costs what the fleet sized for it costs: a whole number
    # of instance-months (the fleet's cost is a step function of the rate)
    assert vs.break_even_requests_per_second is not None
    assert study.break_even_usd_per_month is not None
    one = vs.ec2_usd_per_hour * 730
    k = round(study.break_even_usd_per_month / one)
    assert k >= 1 and study.break_even_usd_per_month == pytest.approx(k * one)


@pytest.mark.parametrize(("change", "field", "needle"), [
    ({"memory_mb": 64}, "memory_mb", "[LAMBDA-MEMORY]"),
    ({"duration_ms": 900_001}, "duration_ms", "[LAMBDA-TIMEOUT]"),
    ({"provisioned_concurrency": 5}, "provisioned_hours", "[LAMBDA-PROVISIONED]"),
    ({"instance_type": "m5.lrage"}, "instance_type", "did you mean m5.large"),
    ({"purchasing_option": "on_demnd"}, "purchasing_option", "on_demand"),
    ({"peak_to_average": 0.5}, "peak_to_average", "greater than or equal to 1"),
    ({"threads": 0}, "threads", "greater than or equal to 1"),
])
def test_study_errors_name_the_field(change, field, needle):
    with pytest.raises(ValidationError) as e:
        make(LambdaStudyInput, **{**STUDY, **change})
    errors = field_errors(e.value)
    assert field in errors and needle in errors[field]


def test_study_without_ec2_price_keeps_the_rest():
    # no Dedicated Host price for the small types in the snapshot: said, never guessed
    inp = make(LambdaStudyInput, **STUDY, purchasing_option="dedicated_host")
    study = api.run_study(inp, catalog=CATALOG)
    assert study.vs_ec2 is None and "no price for EC2 dedicated_host" in study.vs_ec2_missing
    assert study.break_even_usd_per_month is None
    assert study.cost.total_usd_per_month > 0
    assert study.prices_used == study.cost.prices_used  # no EC2 rate was used


def test_cost_prices_used_are_the_catalogs():
    # rules: LAMBDA-PRICE, LAMBDA-TMP, LAMBDA-PROVISIONED - one row per Lambda price, with
    # the catalog's own date and source
    res = api.estimate_cost(make(LambdaCostInput, region="us-east-1", memory_mb=512,
                                 duration_ms=100, invocations_per_month=1e6), catalog=CATALOG)
    p = res.prices
    by_what = {u.what: u for u in res.prices_used}
    assert by_what["Lambda x86_64 requests"].usd_per_unit == p.usd_per_request
    assert by_what["Lambda x86_64 duration tier 1"].usd_per_unit == p.tier_usd_per_gb_second[0]
    assert by_what["Lambda x86_64 duration tier 2 from 6,000,000,000 GB-s/month"].unit == "GB-s"
    assert "Lambda x86_64 ephemeral storage above 512 MB" in by_what
    assert {u.as_of for u in res.prices_used} == {p.as_of}
    assert all(u.source == CATALOG.source(p.source_id).title for u in res.prices_used)


def test_study_prices_used_add_the_ec2_rate():
    study = api.run_study(make(LambdaStudyInput, **STUDY, instance_type="m5.large"),
                          catalog=CATALOG)
    assert study.vs_ec2 is not None
    ec2 = study.prices_used[-1]
    assert ec2.what == "EC2 m5.large Linux, On-Demand" and ec2.unit == "instance-hour"
    assert ec2.usd_per_unit == study.vs_ec2.ec2_usd_per_hour
    assert study.purchasing_option_label == "On-Demand"
    assert study.vs_ec2.prices_used[-1] == ec2


def test_results_follow_the_catalog_handed_in(x10):
    # the bug of issue 12: every number comes from the catalog passed, never a global one
    inp = make(LambdaStudyInput, **STUDY, instance_type="m5.large")
    one = api.run_study(inp, catalog=CATALOG)
    ten = api.run_study(inp, catalog=x10)
    assert ten.cost.total_usd_per_month == pytest.approx(10 * one.cost.total_usd_per_month)
    assert [u.usd_per_unit for u in ten.cost.prices_used] == pytest.approx(
        [10 * u.usd_per_unit for u in one.cost.prices_used])
    assert one.vs_ec2 is not None and ten.vs_ec2 is not None
    assert ten.vs_ec2.ec2_usd_per_month == pytest.approx(10 * one.vs_ec2.ec2_usd_per_month)


def test_throttling_verdict_is_the_concurrency_checks():
    # rule: LAMBDA-CONCURRENCY - 3.942 B invocations over 2,628,000 s = 1,500 requests/s of
    # 1 s each keep 1,500 environments busy, above the default 1,000
    busy = api.run_study(make(LambdaStudyInput, **{**STUDY, "invocations_per_month": 3.942e9}),
                         catalog=CATALOG)
    calm = api.run_study(make(LambdaStudyInput, **STUDY), catalog=CATALOG)
    assert busy.throttling_at_risk and busy.concurrency.check.fixes
    assert not calm.throttling_at_risk
    assert api.report(busy.concurrency).notes == busy.concurrency.check.fixes
    assert api.report(calm.concurrency).notes == ["no throttling expected"]


def test_purchasing_option_choices_have_one_label_each():
    choices = dict(api.purchasing_option_choices())
    assert choices["on_demand"] == api.option_label("on_demand")
    assert choices["reserved_standard_1yr_no_upfront"] == "Standard Reserved 1 yr No Upfront"
    assert len(choices) == len(api.purchasing_option_choices())


@pytest.mark.parametrize(("extra", "said"), [
    ({}, False),
    ({"provisioned_concurrency": 2, "provisioned_hours": 10}, True),
])
def test_cost_says_why_no_free_tier_was_deducted(extra, said):
    # rule: LAMBDA-FREE-TIER: "The Lambda free tier does not apply to functions that have
    # Provisioned Concurrency enabled" (AWS Lambda pricing page); the output says so
    inp = make(LambdaCostInput, region="us-east-1", memory_mb=512, duration_ms=100,
               invocations_per_month=2_000_000, **extra)
    res = api.estimate_cost(inp, catalog=CATALOG)
    note = [n for n in res.notes if "no free tier deducted" in n]
    assert bool(note) is said
    if said:
        assert "Provisioned Concurrency" in note[0] and "[LAMBDA-FREE-TIER]" in note[0]
        assert res.cost.billable_requests == 2_000_000
    else:
        assert res.cost.billable_requests == 1_000_000
