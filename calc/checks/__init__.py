"""Plan checker: a plan's operational limits checked against the notes, with fixes.

``load_plan(path)`` reads a JSON plan, ``run_checks(plan)`` returns a :class:`CheckReport`
whose ``.table`` DataFrame has one row per check (section, check, status, rule_id, notes_line,
message, fix). The calculators behind the checks live in :mod:`calc.checks.calculators`.
"""

from calc.checks.plan import SECTIONS, Plan, PlanError, load_plan, plan_from_dict
from calc.checks.rules import COLUMNS, STATUSES, CheckReport, CheckResult, run_checks

__all__ = ["COLUMNS", "SECTIONS", "STATUSES", "CheckReport", "CheckResult", "Plan",
           "PlanError", "load_plan", "plan_from_dict", "run_checks"]
