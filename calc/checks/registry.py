"""The plan checks as registered section functions: one check function per plan section.

A section module (:mod:`calc.checks.sections`) declares its checks with :func:`section_check`::

    @section_check("placement_group")
    def placement_group(p: PlacementGroupPlan, ctx: CheckContext) -> SectionChecks: ...

:func:`registered_checks` gives them in the plan's fixed order (the order of the
:class:`~calc.checks.models.Plan` fields, :data:`~calc.checks.models.SECTIONS`), which is the
order of the report's rows whatever order the modules were imported in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from calc.checks.findings import CheckContext
from calc.checks.models import SECTIONS
from calc.checks.results import SectionChecks

CheckFunction = Callable[[Any, CheckContext], SectionChecks]
F = TypeVar("F", bound=CheckFunction)


@dataclass(frozen=True)
class SectionCheck:
    """The check of one plan section: the section's name and the function that checks it."""

    section: str
    run: CheckFunction


_CHECKS: dict[str, SectionCheck] = {}


def section_check(section: str) -> Callable[[F], F]:
    """Register the decorated function as the check of plan section ``section``."""
    if section not in SECTIONS:
        raise ValueError(f"{section!r} is not a plan section ({', '.join(SECTIONS)})")

    def register(fn: F) -> F:
        known = _CHECKS.get(section)
        if known is not None and known.run is not fn:
            raise ValueError(f"plan section {section!r} already has a check "
                             f"({known.run.__module__}.{known.run.__name__})")
        _CHECKS[section] = SectionCheck(section, fn)
        return fn

    return register


def registered_checks() -> tuple[SectionCheck, ...]:
    """Every section's check, in the plan's section order; every section has one."""
    import calc.checks.sections  # noqa: F401  (the section modules register on import)

    missing = [s for s in SECTIONS if s not in _CHECKS]
    if missing:
        raise LookupError(f"plan sections without a check: {', '.join(missing)}")
    return tuple(_CHECKS[s] for s in SECTIONS)


def check_for(section: str) -> CheckFunction:
    """The registered check function of one plan section."""
    by_section = {c.section: c.run for c in registered_checks()}
    return by_section[section]
