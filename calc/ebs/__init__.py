"""EBS: the volume-type rules, the cost of any configuration, the cheapest volume for a need.

Layers (as in the rest of :mod:`calc`):

- :mod:`calc.ebs.specs` - volume types and their limits, read from ``limits.csv`` under
  "aws_today" (default) or "notes";
- :mod:`calc.ebs.performance`, :mod:`calc.ebs.costs`, :mod:`calc.ebs.sizing`,
  :mod:`calc.ebs.burst` - vectorised formula functions (prices and limits passed in);
- :mod:`calc.ebs.models` - pydantic inputs; :mod:`calc.ebs.feasibility` - range checks with
  rule IDs;
- :mod:`calc.ebs.results` - DataFrames and results with the prices they used;
- :mod:`calc.ebs.api` - the chain (input -> catalog -> formulas -> result -> report), every
  entry point handed the catalog; :mod:`calc.ebs.cli` only parses and calls it.

Rules: EBS-GP3, EBS-GP2-IOPS, EBS-GP2-BURST, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1, EBS-BOOT,
EBS-MULTI-ATTACH, EBS-SNAPSHOT-ARCHIVE, EBS-RESIZE.
"""

from calc.ebs.burst import gp2_credit_balance, io_profile
from calc.ebs.costs import (
    gp3_iops_usd_per_month,
    gp3_throughput_usd_per_month,
    io2_iops_usd_per_month,
    prorate,
    snapshot_archive_gib_months,
    snapshot_standard_gib,
    storage_usd_per_month,
    volume_components,
    volume_usd_per_month,
)
from calc.ebs.feasibility import check_resize, check_volume
from calc.ebs.models import (
    Gp2Query,
    MigrationInput,
    SizingRequirement,
    SnapshotPlan,
    VolumeConfig,
    specs_for,
)
from calc.ebs.performance import (
    config_valid,
    gp2_baseline_iops,
    gp2_burst,
    gp2_burst_seconds,
    performance,
)
from calc.ebs.results import (
    CostResult,
    MigrationResult,
    cost_grid,
    cost_vs_iops_curves,
    gp2_report,
    gp2_table,
    migrate_gp2_to_gp3,
    size_options,
    volume_cost,
)
from calc.ebs.sizing import cheapest_config, cheapest_usd_per_month
from calc.ebs.specs import (
    VOLUME_TYPE_NAMES,
    VOLUME_TYPES,
    VolumeSpec,
    snapshot_rules,
    specs_table,
    volume_specs,
)

__all__ = [
    "VOLUME_TYPES", "VOLUME_TYPE_NAMES", "CostResult", "Gp2Query", "MigrationInput",
    "MigrationResult",
    "SizingRequirement", "SnapshotPlan", "VolumeConfig", "VolumeSpec", "check_resize",
    "check_volume", "cheapest_config", "cheapest_usd_per_month", "config_valid", "cost_grid",
    "cost_vs_iops_curves", "gp2_baseline_iops", "gp2_burst",
    "gp2_burst_seconds", "gp2_credit_balance", "gp2_report", "gp2_table", "gp3_iops_usd_per_month",
    "gp3_throughput_usd_per_month", "io2_iops_usd_per_month", "io_profile",
    "migrate_gp2_to_gp3", "performance", "prorate", "size_options", "snapshot_archive_gib_months",
    "snapshot_rules", "snapshot_standard_gib", "specs_for", "specs_table",
    "storage_usd_per_month", "volume_components", "volume_cost", "volume_usd_per_month",
    "volume_specs",
]
