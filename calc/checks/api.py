"""The plan checks' chain: a validated :class:`~calc.checks.models.Plan` -> the limits of the
catalog handed in -> every registered section check -> a :class:`CheckReport`.

:func:`run_checks` takes the price catalog as the required keyword ``catalog`` (never a global
one): the limits come from its ``limits.csv`` and instance specs from its EC2 table.
:func:`report` turns a report into the :class:`calc.report.Output` the CLI prints and the GUI
exports. :func:`example_plan_data` reads the example plan shipped in the package
(``calc/checks/data/example_plan.json``) with :mod:`importlib.resources`, so an installed wheel
has it too.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from calc.checks.findings import CheckContext
from calc.checks.models import SECTIONS, Plan, PlanError, load_plan, plan_from_dict
from calc.checks.registry import registered_checks
from calc.checks.results import COLUMNS, STATUSES, CheckReport, CheckResult
from calc.errors import InputError
from calc.fields import Basis
from calc.pricing import Catalog
from calc.report import Output

__all__ = [
    "COLUMNS", "EXAMPLE_PLAN", "SECTIONS", "STATUSES", "CheckReport", "CheckResult", "Plan",
    "PlanError", "check_plan_file", "example_plan", "example_plan_data", "failure_line",
    "load_plan", "plan_from_dict", "report", "run_checks",
]

# the example plan inside the package: every section filled, several checks failing on purpose
EXAMPLE_PLAN = ("calc.checks", "data/example_plan.json")


def example_plan_data() -> dict[str, Any]:
    """The example plan shipped with the package, as the decoded JSON object."""
    package, name = EXAMPLE_PLAN
    text = files(package).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def example_plan() -> Plan:
    """The example plan shipped with the package, validated."""
    return plan_from_dict(example_plan_data(), source="example plan")


def run_checks(plan: Plan, *, catalog: Catalog, basis: Basis = "aws_today") -> CheckReport:
    """Check every section of ``plan`` against the limits of ``catalog``.

    Parameters
    ----------
    plan : Plan
        The validated plan.
    catalog : Catalog
        Where the limits and instance specs come from (required: never the active catalog).
    basis : {"aws_today", "notes"}
        Use AWS's figures of today (default) or the notes' figures where they differ.

    Returns
    -------
    CheckReport
        ``.table`` is the DataFrame of results (one row per check, sections in the plan's
        order), ``.calculations`` the calculators' workings per section.

    Raises
    ------
    InputError
        A name in the plan is unknown to the catalog (e.g. an instance type).

    Notes
    -----
    Rules: EC2-PLACEMENT, EC2-HIBERNATE, EC2-ENA, EC2-MONITORING, EC2-SPOT-FLEET,
    EBS-MULTI-ATTACH, EBS-RESIZE, LAMBDA-ASYNC-RETRY, LAMBDA-TIMEOUT, S3-PRESIGNED,
    S3-DURABILITY, S3-AVAILABILITY, RDS-BACKUP, RDS-AUTOSCALING, RDS-REPLICAS, AURORA,
    ELB-DEREGISTRATION, ASG-TARGET-TRACKING, CW-CUSTOM-METRICS, SSM-PARAMETER-TIERS.
    """
    ctx = CheckContext(catalog, basis)
    results: list[CheckResult] = []
    calculations: dict[str, Any] = {}
    for check in registered_checks():
        section = getattr(plan, check.section)
        if section is None:
            continue
        done = check.run(section, ctx)
        results.extend(done.results)
        calculations.update(done.calculations)
    return CheckReport(tuple(results), calculations, basis)


def check_plan_file(path: str | Path, *, catalog: Catalog,
                    basis: Basis = "aws_today") -> tuple[Plan, CheckReport]:
    """Load the plan file at ``path`` and check it.

    Raises
    ------
    PlanError
        The file cannot be used, or names something the catalog does not know (e.g. an
        instance type); the message names the file, the field and the reason.
    """
    plan = load_plan(path)
    try:
        return plan, run_checks(plan, catalog=catalog, basis=basis)
    except PlanError:
        raise
    except InputError as e:  # a name the catalog does not know, e.g. an instance type
        raise PlanError(str(path), e.field, str(e)) from None


def report(result: CheckReport, *, plan: Plan, source: str) -> Output:
    """The Output of ``python -m calc check``: one row per check, the summary note, and the
    JSON object (plan, name, basis, summary, failed, checks, calculations).

    ``source`` names the plan where it has no name (the file path on the CLI). The exit code
    is 1 when a check fails, else 0.
    """
    table = result.table
    title = f"plan {plan.name!r}" if plan.name else f"plan {source}"
    notes = [f"{title}: {result.summary} (limits: {result.basis})"]
    if table.empty:
        notes.append("the plan has no sections to check")
    data = {"plan": source, "name": plan.name, "basis": result.basis,
            "summary": result.counts, "failed": result.failed, "checks": table,
            "calculations": result.calculations}
    return Output(data, table, notes, exit_code=1 if result.failed else 0)


def failure_line(result: CheckReport) -> str:
    """The one-line summary of failing checks, e.g. "8 of 56 checks fail (EC2-PLACEMENT, ...)";
    empty when nothing fails."""
    if not result.failed:
        return ""
    return (f"{result.counts['fail']} of {len(result.results)} checks fail "
            f"({', '.join(result.failing_rules)})")
