"""EC2 purchasing options (issue 3): every option as a row, break-even, burstable credits,
Savings Plan commitment sizing, region comparison and instance search.

:mod:`calc.ec2.api` is the chain the CLI (:mod:`calc.ec2.cli`) and the GUI call: validated
input (:mod:`calc.ec2.models`, built with ``calc.context.validate(..., catalog=...)``) ->
prices and rules (:mod:`calc.ec2.rates`) -> formulas -> a result with its verdicts and the
prices it used. Every function takes the price catalog as the keyword ``catalog``.

Entry points for other calculators:

- :func:`effective_usd_per_hour` / :func:`option_rate`: an option's effective USD per
  instance-hour for (region, instance type, option id), with as-of and source;
- :func:`compare_options` (an :class:`Ec2Workload` in, one row per option out) and
  :func:`cumulative_cost_by_month`: the month-by-month cumulative cost per option (DataFrame);
- :func:`burst_analysis` / :func:`credit_balance`: the burstable credit-balance series;
- :func:`savings_plan_cost_curve` / :func:`size_commitment`: Savings Plan cost versus
  commitment;
- :func:`compare_regions`, :func:`find_instances`, :func:`compare_all_instance_types`,
  :func:`spot_fleet` (Spot Fleet allocation strategies).
"""

from __future__ import annotations

from calc.ec2.burst import BurstInput, BurstResult, burst_analysis, credit_balance
from calc.ec2.compare import (
    COLUMNS,
    Ec2Comparison,
    compare_all_instance_types,
    compare_options,
    cumulative_cost_by_month,
)
from calc.ec2.models import Ec2Workload
from calc.ec2.options import (
    OPTION_IDS,
    OS_LABELS,
    OptionSpec,
    option_label,
    option_spec,
    os_label,
)
from calc.ec2.rates import OptionRate, UserRate, effective_usd_per_hour, option_rate
from calc.ec2.regions import compare_regions
from calc.ec2.savings_plan import CommitmentSizing, savings_plan_cost_curve, size_commitment
from calc.ec2.search import InstanceSearch, find_instances
from calc.ec2.spot_fleet import allocate_spot_fleet, spot_fleet

__all__ = [
    "COLUMNS", "OPTION_IDS", "OS_LABELS", "BurstInput", "BurstResult", "CommitmentSizing",
    "Ec2Comparison", "Ec2Workload", "InstanceSearch", "OptionRate", "OptionSpec", "UserRate",
    "burst_analysis", "compare_all_instance_types", "compare_options", "compare_regions",
    "credit_balance", "cumulative_cost_by_month", "effective_usd_per_hour", "find_instances",
    "option_label", "option_rate", "option_spec", "os_label", "savings_plan_cost_curve",
    "size_commitment",
    "allocate_spot_fleet", "spot_fleet",
]
