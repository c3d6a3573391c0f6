"""The AWS Price List's own words and the snapshot's labels for them.

One copy, used by the refresh (:mod:`calc.pricing.refresh.offers`) and by the bundled snapshot's
build (``tools/build_snapshot.py``): attribute values of the AmazonEC2 and Savings Plans
offers ("Operating System", "Pre Installed S/W", "License Model", "PurchaseOption",
"LeaseContractLength", "Product Family") mapped to the labels the calculators use
(see calc/ec2/options.py).
"""

from __future__ import annotations

import re

# "Operating System" -> the snapshot's OS label; "Pre Installed S/W" -> the SQL edition.
OFFER_OS = {"Linux": "Linux", "Windows": "Windows", "RHEL": "RHEL", "SUSE": "SUSE",
            "Red Hat Enterprise Linux with HA": "RHEL with HA", "Ubuntu Pro": "Ubuntu Pro"}
OFFER_SQL = {"NA": "", "SQL Web": "SQL Web", "SQL Std": "SQL Std", "SQL Ent": "SQL Enterprise"}
BYOL = "Bring your own license"  # "License Model" of a BYOL row
PURCHASE = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront",
            "All Upfront": "all_upfront"}
TERM_YEARS = {"1yr": "1", "3yr": "3", "1 yr": "1", "3 yr": "3"}
PLAN_TYPES = {"EC2InstanceSavingsPlans": "ec2_instance", "ComputeSavingsPlans": "compute"}
COMPUTE_FAMILIES = ("Compute Instance", "Compute Instance (bare metal)")

# A billing-region prefix of a usage type ("APN1-", "EU-", "UGW1-"); us-east-1 has none.
_USAGE_PREFIX = re.compile(r"^[A-Z]{2,4}\d{0,2}-")


def strip_usage_prefix(usage_type: str) -> str:
    """"APN1-EBS:VolumeUsage.gp3" -> "EBS:VolumeUsage.gp3" (us-east-1 carries no prefix)."""
    return _USAGE_PREFIX.sub("", usage_type, count=1)


def os_label(operating_system: str, software: str, license_model: str) -> str | None:
    """The snapshot's OS label ("Windows" + "SQL Web" -> "Windows with SQL Web"; BYOL licences
    say so), or None for an OS the calculators do not know."""
    base = OFFER_OS.get(operating_system)
    sql = OFFER_SQL.get(software)
    if base is None or sql is None:
        return None
    if license_model == BYOL:
        base += " BYOL"
    if not sql:
        return base
    return f"{base} and {sql}" if " with " in base else f"{base} with {sql}"
