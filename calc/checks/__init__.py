"""Plan checker: a plan's operational limits checked against the notes, with fixes.

Layers (STYLE.md): :mod:`~calc.checks.models` is the pydantic plan (``load_plan``,
``plan_from_dict``); the section checks of :mod:`~calc.checks.sections` (one function per plan
section, registered in :mod:`~calc.checks.registry`) compare a section with the limits and
return :mod:`~calc.checks.results`; the formulas behind them are
:mod:`~calc.checks.rds_storage`, :mod:`~calc.checks.lambda_retries`,
:mod:`~calc.checks.aurora`, :mod:`~calc.checks.availability`, :mod:`~calc.checks.asg` and
:mod:`~calc.checks.ssm_parameters`; :mod:`~calc.checks.api` wires them
(``run_checks(plan, *, catalog)``) for the CLI and the GUI.
"""

from calc.checks.api import example_plan, example_plan_data, report, run_checks
from calc.checks.models import SECTIONS, Plan, PlanError, load_plan, plan_from_dict
from calc.checks.results import COLUMNS, STATUSES, CheckReport, CheckResult

__all__ = ["COLUMNS", "SECTIONS", "STATUSES", "CheckReport", "CheckResult", "Plan",
           "PlanError", "example_plan", "example_plan_data", "load_plan", "plan_from_dict",
           "report", "run_checks"]
