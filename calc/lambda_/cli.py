"""``lambda`` commands: cost, sweep, concurrency, vs-ec2. Parsing and rendering only."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Self

from pydantic import ValidationError, model_validator

from calc.cli import given
from calc.errors import InputError
from calc.lambda_.api import (
    CostResult,
    check_concurrency,
    concurrency_table,
    estimate_cost,
    read_measurements_csv,
    run_sweep,
    run_vs_ec2,
)
from calc.lambda_.concurrency import ConcurrencyCheck
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.lambda_.rules import ARCHITECTURES, lambda_prices, lambda_rules
from calc.lambda_.sweep import SweepResult
from calc.lambda_.vs_ec2 import VsEc2Result, lambda_rate_curve
from calc.pricing.errors import PriceNotFound
from calc.report import Output
from calc.units import SECONDS_PER_MONTH


def _function_options(p: argparse.ArgumentParser, *, measured: bool = False) -> None:
    p.add_argument("--region", default="us-east-1", help="AWS Region code (default us-east-1)")
    p.add_argument("--arch", dest="architecture", choices=ARCHITECTURES, default="x86_64",
                   help="x86_64 (default) or arm64")
    what = "measured " if measured else ""
    p.add_argument("--memory-mb", type=float, required=not measured,
                   help=f"{what}memory [MB], 128-10,240 [LAMBDA-MEMORY]")
    p.add_argument("--duration-ms", type=float, required=not measured,
                   help=f"{what}average duration [ms], fractions allowed, at most 900,000 "
                        f"[LAMBDA-TIMEOUT]")
    p.add_argument("--ephemeral-storage-mb", type=float,
                   help="/tmp [MB], 512-10,240 (default 512) [LAMBDA-TMP]")
    p.add_argument("--free-tier", action=argparse.BooleanOptionalAction, default=True,
                   help="deduct 1 M requests and 400,000 GB-s a month (default: on) "
                        "[LAMBDA-FREE-TIER]")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("lambda", help="AWS Lambda cost, memory sweep, concurrency, vs EC2")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("cost", parents=[common], help="monthly cost of one function")
    _function_options(c)
    c.add_argument("--invocations-per-month", type=float, required=True)
    c.add_argument("--provisioned-concurrency", type=int, default=0,
                   help="provisioned environments [LAMBDA-PROVISIONED]")
    c.add_argument("--provisioned-hours", type=float, default=0.0,
                   help="hours a month provisioned concurrency is on (<= 730)")
    c.add_argument("--provisioned-invocations-per-month", type=float,
                   help="invocations while provisioned (default: spread evenly)")
    c.add_argument("--provisioned-duration-ms", type=float,
                   help="duration while provisioned (default: --duration-ms)")
    c.add_argument("--async-failure-share", type=float, default=0.0,
                   help="share of async attempts that fail and are retried twice "
                        "[LAMBDA-ASYNC-RETRY]")
    c.set_defaults(handler=cost_command)

    s = ps.add_parser("sweep", parents=[common],
                      help="cost and duration at every memory size 128-10,240 MB")
    _function_options(s, measured=True)
    s.add_argument("--invocations-per-month", type=float, required=True)
    s.add_argument("--cpu-bound-share", type=float, default=0.5,
                   help="share of the measured duration that is CPU work (default 0.5)")
    s.add_argument("--threads", type=int, default=1, help="threads the code keeps busy")
    s.add_argument("--points-csv", metavar="FILE",
                   help="measured points (columns memory_mb,duration_ms) to interpolate")
    s.add_argument("--balanced-weight", type=float, default=0.5,
                   help="balanced choice: weight of cost vs speed (default 0.5)")
    s.add_argument("--rows", choices=("picks", "all"), default="picks",
                   help="rows to print: the three choices (default) or every memory size")
    s.set_defaults(handler=sweep_command)

    k = ps.add_parser("concurrency", parents=[common],
                      help="concurrency a load needs, throttled share and the fix")
    k.add_argument("--requests-per-second", type=float, required=True)
    k.add_argument("--duration-ms", type=float, required=True)
    k.add_argument("--peak-to-average", type=float, default=1.0)
    k.add_argument("--regional-limit", type=int, help="default 1,000 [LAMBDA-CONCURRENCY]")
    k.add_argument("--reserved-concurrency", type=int)
    k.add_argument("--other-concurrency", type=float, default=0.0,
                   help="concurrency other functions use at the same time")
    k.add_argument("--provisioned-concurrency", type=int, default=0)
    k.add_argument("--target-throttle-share", type=float, default=0.001)
    k.set_defaults(handler=concurrency_command)

    v = ps.add_parser("vs-ec2", parents=[common],
                      help="Lambda against an EC2 fleet: cost, break-even rate, curve")
    _function_options(v)
    v.add_argument("--requests-per-second", type=float, required=True)
    v.add_argument("--instance-type", help="default: the cheapest that serves the load")
    v.add_argument("--instance-count", type=int, help="default: as many as the load needs")
    v.add_argument("--purchasing-option", default="on_demand",
                   help="on_demand (default) or e.g. reserved_standard_1yr_no_upfront")
    v.add_argument("--utilization", type=float, default=1.0,
                   help="share of each instance the load may use (default 1)")
    v.add_argument("--curve-points", type=int, default=201)
    v.add_argument("--max-requests-per-second", type=float, help="right end of the curve")
    v.set_defaults(handler=vs_ec2_command)



_FUNCTION = ("region", "architecture", "memory_mb", "duration_ms", "ephemeral_storage_mb",
             "free_tier")


def cost_command(args: argparse.Namespace) -> Output:
    inp = LambdaCostInput(**given(
        args, *_FUNCTION, "invocations_per_month", "provisioned_concurrency",
        "provisioned_hours", "provisioned_invocations_per_month", "provisioned_duration_ms",
        "async_failure_share"))
    return cost_output(inp)[0]


def cost_output(inp: LambdaCostInput) -> tuple[Output, CostResult]:
    """The monthly cost as ``lambda cost`` prints it (the GUI's Lambda page shows the same):
    the charge breakdown, with region and price date on every CSV row."""
    res = estimate_cost(inp)
    notes = [*res.notes, f"total {res.cost.total_usd_per_month:,.2f} USD per month"]
    context = {"region": inp.region, "prices_as_of": res.prices.as_of}
    return Output(res.as_dict(), res.table, notes, csv_context=context), res


def sweep_command(args: argparse.Namespace) -> Output:
    fields = given(args, *_FUNCTION, "invocations_per_month", "cpu_bound_share", "threads",
                    "balanced_weight")
    if args.points_csv:
        fields["measurements"] = read_measurements_csv(args.points_csv)
    inp = LambdaSweepInput(**fields)
    res = run_sweep(inp)
    rows = res.frame if args.rows == "all" else res.picks()
    data = {name: res.choice(name) for name in ("cheapest", "fastest", "balanced")}
    data.update({"points": len(res.frame), "region": inp.region,
                 "architecture": inp.architecture, "invocations_per_month":
                 inp.invocations_per_month, "rows": rows})
    notes = [f"{len(res.frame):,} memory sizes; "
             + ("interpolated between measured points" if inp.measurements else
                f"modelled from {inp.memory_mb:,.0f} MB / {inp.duration_ms:,g} ms with "
                f"{inp.cpu_bound_share:g} CPU-bound, {inp.threads} thread(s)")]
    return Output(data, rows, notes)


def concurrency_command(args: argparse.Namespace) -> Output:
    inp = LambdaConcurrencyInput(**given(
        args, "requests_per_second", "duration_ms", "peak_to_average", "regional_limit",
        "reserved_concurrency", "other_concurrency", "provisioned_concurrency",
        "target_throttle_share"))
    check = check_concurrency(inp)
    data = dict(check.__dict__)
    return Output(data, concurrency_table(check), check.fixes or ["no throttling expected"])


def vs_ec2_command(args: argparse.Namespace) -> Output:
    inp = LambdaVsEc2Input(**given(
        args, *_FUNCTION, "requests_per_second", "instance_type", "instance_count",
        "purchasing_option", "utilization", "curve_points", "max_requests_per_second"))
    res = run_vs_ec2(inp)
    be = res.break_even_requests_per_second
    notes = [
        f"Lambda {res.lambda_usd_per_month:,.2f} USD/month vs {res.instance_count} x "
        f"{res.instance_type} ({res.purchasing_option}) {res.ec2_usd_per_month:,.2f} USD/month "
        f"at {res.requests_per_second:,g} requests/s: {res.cheaper} is cheaper",
        "break-even (fleet sized for each rate): "
        + ("none, Lambda is cheaper at every rate" if be is None else f"{be:,.4g} requests/s"),
        *res.notes,
    ]
    return Output(res.as_dict(), res.curve, notes)


# -- one function seen four ways (the GUI's Lambda page) ------------------------------------
def _reuse(model: type[Any], name: str) -> Any:
    """The field ``name`` of ``model`` (its default, limits, validators and description)."""
    return model.model_fields[name]


def _part(model: type[Any], values: dict[str, Any]) -> Any:
    """``model(**values)``; its first error re-raised as the InputError naming the field."""
    try:
        return model(**values)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        ctx = err.get("ctx") or {}
        if isinstance(ctx.get("error"), InputError):
            raise ctx["error"] from None
        loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
        raise InputError(loc, err.get("input"),
                         str(err.get("msg", "invalid")).removeprefix("Value error, ")) from None


class LambdaStudyInput(LambdaCostInput):
    """One function's monthly cost, memory sweep, concurrency and EC2 comparison.

    The cost inputs of ``lambda cost``, plus the sweep's duration model (the measured point
    is ``memory_mb`` / ``duration_ms``), the peak-to-average rate of the concurrency check
    and the EC2 side of ``lambda vs-ec2``. The request rate of the concurrency check and of
    the EC2 comparison is ``invocations_per_month`` spread evenly over the 730-hour month.
    Every field keeps the limits and rule IDs of the command it comes from.
    """

    cpu_bound_share: float = _reuse(LambdaSweepInput, "cpu_bound_share")
    threads: int = _reuse(LambdaSweepInput, "threads")
    balanced_weight: float = _reuse(LambdaSweepInput, "balanced_weight")
    peak_to_average: float = _reuse(LambdaConcurrencyInput, "peak_to_average")
    instance_type: str | None = _reuse(LambdaVsEc2Input, "instance_type")
    purchasing_option: str = _reuse(LambdaVsEc2Input, "purchasing_option")

    @model_validator(mode="after")
    def _parts_valid(self) -> Self:
        # the cross-field rules of each command (e.g. an instance type that exists)
        self.vs_ec2_input()
        self.concurrency_input()
        return self

    @property
    def requests_per_second(self) -> float:
        """The average request rate [requests/s]: invocations over the 730-hour month."""
        return self.invocations_per_month / SECONDS_PER_MONTH

    def _function(self) -> dict[str, Any]:
        return {"region": self.region, "architecture": self.architecture,
                "ephemeral_storage_mb": self.ephemeral_storage_mb, "free_tier": self.free_tier}

    def cost_input(self) -> LambdaCostInput:
        return LambdaCostInput(**{k: getattr(self, k) for k in LambdaCostInput.model_fields})

    def sweep_input(self) -> LambdaSweepInput:
        return _part(LambdaSweepInput, {
            **self._function(), "memory_mb": self.memory_mb, "duration_ms": self.duration_ms,
            "invocations_per_month": self.invocations_per_month,
            "cpu_bound_share": self.cpu_bound_share, "threads": self.threads,
            "balanced_weight": self.balanced_weight})

    def vs_ec2_input(self) -> LambdaVsEc2Input:
        return _part(LambdaVsEc2Input, {
            **self._function(), "memory_mb": self.memory_mb, "duration_ms": self.duration_ms,
            "requests_per_second": self.requests_per_second,
            "instance_type": self.instance_type, "purchasing_option": self.purchasing_option})

    def concurrency_input(self) -> LambdaConcurrencyInput:
        # provisioned environments above the default limit are the cost command's note
        # [LAMBDA-CONCURRENCY]; the throttling check caps them at the limit
        limit = lambda_rules().regional_concurrency
        return _part(LambdaConcurrencyInput, {
            "requests_per_second": self.requests_per_second, "duration_ms": self.duration_ms,
            "peak_to_average": self.peak_to_average,
            "provisioned_concurrency": min(self.provisioned_concurrency, limit)})


@dataclass(frozen=True)
class LambdaStudy:
    """The four results for one :class:`LambdaStudyInput`.

    ``vs_ec2`` is None when the snapshot has no EC2 price for the purchasing option
    (``vs_ec2_missing`` says which); ``break_even_usd_per_month`` is what Lambda (and the
    EC2 fleet) cost at the break-even rate, None without one.
    """

    inputs: LambdaStudyInput
    cost: CostResult
    sweep: SweepResult
    concurrency: ConcurrencyCheck
    vs_ec2: VsEc2Result | None
    vs_ec2_missing: str
    break_even_usd_per_month: float | None


def study_output(inp: LambdaStudyInput) -> tuple[Output, LambdaStudy]:
    """``lambda cost``'s Output for the study's cost inputs, and every part of the study.

    The sweep and the EC2 comparison price on-demand Lambda (no provisioned concurrency), as
    ``lambda sweep`` and ``lambda vs-ec2`` do. Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER,
    LAMBDA-MEMORY, LAMBDA-TIMEOUT, LAMBDA-TMP, LAMBDA-CONCURRENCY, LAMBDA-PROVISIONED.
    """
    out, cost = cost_output(inp.cost_input())
    sweep = run_sweep(inp.sweep_input())
    conc = check_concurrency(inp.concurrency_input())
    vs: VsEc2Result | None = None
    missing = ""
    be_usd: float | None = None
    try:
        vs = run_vs_ec2(inp.vs_ec2_input())
    except PriceNotFound as e:
        missing = str(e)
    if vs is not None and vs.break_even_requests_per_second is not None:
        curve = lambda_rate_curve(memory_mb=inp.memory_mb, duration_ms=inp.duration_ms,
                                  prices=lambda_prices(inp.region, inp.architecture),
                                  rules=lambda_rules(),
                                  ephemeral_storage_mb=inp.ephemeral_storage_mb,
                                  free_tier=inp.free_tier)
        be_usd = float(curve.cost(vs.break_even_requests_per_second))
    return out, LambdaStudy(inp, cost, sweep, conc, vs, missing, be_usd)
