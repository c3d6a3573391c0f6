"""EC2 purchasing options (issue 3): every option as a row, break-even, burstable credits,
Savings Plan commitment sizing, region comparison and instance search.

Entry points for other calculators and the GUI:

- :func:`effective_usd_per_hour` / :func:`option_rate`: an option's effective USD per
  instance-hour for (region, instance type, option id), with as-of and source.
"""

from __future__ import annotations

from calc.ec2.options import OPTION_IDS, OS_LABELS, OptionSpec, option_spec, os_label
from calc.ec2.rates import OptionRate, UserRate, effective_usd_per_hour, option_rate

__all__ = [
    "OPTION_IDS", "OS_LABELS", "OptionRate", "OptionSpec", "UserRate",
    "effective_usd_per_hour", "option_rate", "option_spec", "os_label",
]
