"""EC2 purchasing options and operating systems: the ids the calculator, CLI and GUI share.

Option ids (issue 3): ``on_demand``; ``reserved_{standard,convertible}_{1yr,3yr}_{no,partial,
all}_upfront``; ``savings_plan_{compute,ec2_instance}_{1yr,3yr}_{no,partial,all}_upfront``;
``spot``; ``dedicated_instance``; ``capacity_reservation``; ``dedicated_host``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from calc.errors import InputError, unknown_name
from calc.fields import Basis
from calc.units import MONTHS_PER_YEAR

OptionKind = Literal["on_demand", "reserved", "savings_plan", "spot", "dedicated_instance",
                     "capacity_reservation", "dedicated_host"]
PurchaseOption = Literal["no_upfront", "partial_upfront", "all_upfront"]

# Options that commit to a cost whether or not the instance runs (Reserved term, Savings Plan
# commitment, every reserved hour of a Capacity Reservation, a Dedicated Host per host): only
# these have a break-even utilisation. On-Demand, Spot and Dedicated Instances bill the hours
# run, so at 0 hours they cost nothing and "break-even" does not apply (rules: EC2-RI, EC2-SP,
# EC2-CAPACITY-RESERVATION, EC2-DEDICATED-HOST, EC2-SPOT).
COMMITMENT_KINDS: tuple[OptionKind, ...] = ("reserved", "savings_plan", "capacity_reservation",
                                            "dedicated_host")
PURCHASE_OPTIONS: tuple[PurchaseOption, ...] = ("no_upfront", "partial_upfront", "all_upfront")
RESERVED_CLASSES = ("standard", "convertible")
SAVINGS_PLAN_TYPES = ("compute", "ec2_instance")
# The two terms of Reserved Instances and Savings Plans (limits ec2.ri.*_term_years and
# ec2.sp.*_term_years: 1 and 3 years); the ids spell them "1yr" and "3yr".
TERM_LABELS = ("1yr", "3yr")


def _ids(prefix: str, plans: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}_{plan}_{term}_{pay}" for plan in plans for term in TERM_LABELS
                 for pay in PURCHASE_OPTIONS)


RESERVED_IDS = _ids("reserved", RESERVED_CLASSES)
SAVINGS_PLAN_IDS = _ids("savings_plan", SAVINGS_PLAN_TYPES)
OPTION_IDS: tuple[str, ...] = ("on_demand", *RESERVED_IDS, *SAVINGS_PLAN_IDS, "spot",
                               "dedicated_instance", "capacity_reservation", "dedicated_host")


@dataclass(frozen=True)
class OptionSpec:
    """What an option id means: its kind and, for commitments, plan, term and payment."""

    option: str
    kind: OptionKind
    plan: str | None = None  # standard | convertible | compute | ec2_instance
    term_years: int | None = None
    purchase_option: PurchaseOption | None = None

    @property
    def is_commitment(self) -> bool:
        """True for the options of :data:`COMMITMENT_KINDS` (a break-even utilisation)."""
        return self.kind in COMMITMENT_KINDS

    @property
    def term_months(self) -> int:
        """Months in the term (0 for options without a term)."""
        return 0 if self.term_years is None else self.term_years * MONTHS_PER_YEAR

    @property
    def label(self) -> str:
        """AWS's words for the option: "On-Demand", "Standard Reserved 3 yr All Upfront",
        "Compute Savings Plan 1 yr No Upfront", "EC2 Instance Savings Plan 3 yr Partial Upfront"
        (the names of the EC2 and Savings Plans pricing pages)."""
        if self.kind == "reserved" or self.kind == "savings_plan":
            plan = _PLAN_WORDS[self.plan or ""]
            kind = "Reserved" if self.kind == "reserved" else "Savings Plan"
            pay = _PAYMENT_WORDS[self.purchase_option or ""]
            return f"{plan} {kind} {self.term_years} yr {pay}"
        return _KIND_WORDS[self.kind]


_KIND_WORDS: dict[str, str] = {
    "on_demand": "On-Demand", "spot": "Spot", "dedicated_instance": "Dedicated Instance",
    "capacity_reservation": "Capacity Reservation", "dedicated_host": "Dedicated Host",
}
_PLAN_WORDS: dict[str, str] = {"standard": "Standard", "convertible": "Convertible",
                               "compute": "Compute", "ec2_instance": "EC2 Instance"}
_PAYMENT_WORDS: dict[str, str] = {"no_upfront": "No Upfront", "partial_upfront": "Partial Upfront",
                                  "all_upfront": "All Upfront"}


_COMMITMENT_PREFIXES: tuple[tuple[str, OptionKind], ...] = (
    ("reserved_", "reserved"), ("savings_plan_", "savings_plan"))


def _spec(option: str) -> OptionSpec:
    for prefix, kind in _COMMITMENT_PREFIXES:
        if option.startswith(prefix):
            rest = option[len(prefix):]
            for pay in PURCHASE_OPTIONS:
                if rest.endswith("_" + pay):
                    plan_term = rest[: -len(pay) - 1]
                    plan, term = plan_term.rsplit("_", 1)
                    return OptionSpec(option, kind, plan, int(term.removesuffix("yr")), pay)
    return OptionSpec(option, cast(OptionKind, option))  # the other ids are their kind


_SPECS = {o: _spec(o) for o in OPTION_IDS}


def option_spec(option: str, field: str = "option") -> OptionSpec:
    """The :class:`OptionSpec` of an option id; InputError with close matches when unknown."""
    try:
        return _SPECS[option]
    except KeyError:
        raise unknown_name(field, option, OPTION_IDS, what="purchasing option") from None


def option_label(option: str) -> str:
    """The one label of an option id, as the CLI's verdict and every GUI page word it
    ("On-Demand", "Standard Reserved 3 yr All Upfront"); InputError when unknown."""
    return option_spec(option).label


# -- operating systems --------------------------------------------------------------------
# CLI/GUI slug -> the snapshot's operating_system label (see tools/build_snapshot.py).
OS_LABELS: dict[str, str] = {
    label.lower().replace(" ", "_"): label
    for label in (
        "Linux", "Windows", "Windows BYOL", "RHEL", "RHEL with HA", "SUSE", "Ubuntu Pro",
        "Linux with SQL Web", "Linux with SQL Std", "Linux with SQL Enterprise",
        "Windows with SQL Web", "Windows with SQL Std", "Windows with SQL Enterprise",
        "RHEL with SQL Web", "RHEL with SQL Std", "RHEL with SQL Enterprise",
        "RHEL with HA and SQL Std", "RHEL with HA and SQL Enterprise",
    )
}
OsSlug = Literal[
    "linux", "windows", "windows_byol", "rhel", "rhel_with_ha", "suse", "ubuntu_pro",
    "linux_with_sql_web", "linux_with_sql_std", "linux_with_sql_enterprise",
    "windows_with_sql_web", "windows_with_sql_std", "windows_with_sql_enterprise",
    "rhel_with_sql_web", "rhel_with_sql_std", "rhel_with_sql_enterprise",
    "rhel_with_ha_and_sql_std", "rhel_with_ha_and_sql_enterprise",
]


def os_label(os: str, field: str = "os") -> str:
    """The snapshot label of an OS slug ("windows_with_sql_web" -> "Windows with SQL Web")."""
    if os in OS_LABELS.values():
        return os
    try:
        return OS_LABELS[os.lower()]
    except KeyError:
        raise unknown_name(field, os, OS_LABELS, what="operating system") from None


# Operating systems AWS bills per second with a 60 s minimum (EC2-OD-BILLING, AWS today):
# Amazon Linux and other Linux (with or without SQL Server), Windows (incl. SQL Server and
# BYOL), every RHEL-based OS since 1 April 2024 (RHEL, RHEL with HA, RHEL with SQL Server, RHEL
# with HA and SQL Server) and Ubuntu Pro (re:Post knowledge center "ec2-instance-hour-billing";
# What's New 2024-04-01 "per-second billing for EC2 RHEL-based instances"). Plain Ubuntu has no
# separate charge: it is priced and billed as Linux. SUSE is billed per started hour.
PER_SECOND_OS_FAMILIES: dict[str, tuple[str, ...]] = {
    "aws_today": ("Linux", "Windows", "RHEL", "Ubuntu Pro"),
    # the notes (L359-363): Linux and Windows per second, every other OS per started hour
    "notes": ("Linux", "Windows"),
}


def bills_per_second(os: str, basis: Basis = "aws_today") -> bool:
    """True when On-Demand bills per second (after the first minute) for this OS.

    Notes
    -----
    Rule: EC2-OD-BILLING. AWS today: every OS of :data:`OS_LABELS` but SUSE is billed per
    second with a 60 s minimum (Linux, Windows, RHEL and its HA / SQL Server variants, Ubuntu
    Pro); SUSE per started hour. ``basis="notes"`` keeps the notes' rule (L359-363): only Linux
    and Windows (with SQL Server or BYOL) per second, RHEL, SUSE and Ubuntu Pro per hour.
    """
    label = os_label(os)
    return any(label == family or label.startswith(family + " ")
               for family in PER_SECOND_OS_FAMILIES[basis])


def spot_os(os: str) -> str | None:
    """The Spot Advisor / average-Spot OS key (Linux or Windows) or None for other OS."""
    label = os_label(os)
    if label == "Linux":
        return "Linux"
    if label == "Windows":
        return "Windows"
    return None


def require_option_kind(spec: OptionSpec, kinds: tuple[str, ...], field: str) -> None:
    if spec.kind not in kinds:
        raise InputError(field, spec.option, f"must be one of the {', '.join(kinds)} options")
