"""AWS's published EBS prices for US East (N. Virginia), as literals, for the formula tests.

Source: the Amazon EBS pricing page (https://aws.amazon.com/ebs/pricing/), US East (N. Virginia):
gp3 $0.08/GB-month, $0.005/provisioned IOPS-month above 3,000, $0.04/provisioned MB/s-month
above 125 (rule EBS-GP3); gp2 $0.10/GB-month (EBS-GP2-IOPS); io1 $0.125/GB-month and
$0.065/provisioned IOPS-month (EBS-IO1-IO2); io2 $0.125/GB-month and $0.065 / $0.0455 / $0.03185
per IOPS-month up to 32,000 / 32,001-64,000 / above 64,000 (EBS-IO2-BX); st1 $0.045 (EBS-ST1);
sc1 $0.015 (EBS-SC1); magnetic $0.05/GB-month and $0.05 per million I/O requests
(previous-generation volumes); snapshots $0.05/GB-month standard, $0.0125/GB-month archive
(75% less) and $0.03/GB restored (EBS-SNAPSHOT-ARCHIVE).

The formula tests price with this record, so a refreshed snapshot cannot break them; that the
bundled snapshot carries these figures (and their date) is checked once, in
``test_snapshot_prices.py``.
"""

from __future__ import annotations

from dataclasses import replace

from calc.pricing import PriceRecord, Source

US_EAST_1_USD: dict[str, float | None] = {
    "gp2_usd_per_gb_month": 0.10,
    "gp3_usd_per_gb_month": 0.08,
    "gp3_usd_per_provisioned_iops_month": 0.005,
    "gp3_usd_per_provisioned_mibps_month": 0.04,
    "io1_usd_per_gb_month": 0.125,
    "io1_usd_per_piops_month": 0.065,
    "io2_usd_per_gb_month": 0.125,
    "io2_usd_per_piops_month_tier1": 0.065,
    "io2_usd_per_piops_month_tier2": 0.0455,
    "io2_usd_per_piops_month_tier3": 0.03185,
    "st1_usd_per_gb_month": 0.045,
    "sc1_usd_per_gb_month": 0.015,
    "standard_magnetic_usd_per_gb_month": 0.05,
    "standard_magnetic_usd_per_million_io_requests": 0.05,
    "snapshot_standard_usd_per_gb_month": 0.05,
    "snapshot_archive_usd_per_gb_month": 0.0125,
    "snapshot_archive_retrieval_usd_per_gb": 0.03,
}

_UNITS = {c: ("USD per GB" if c.endswith("_per_gb") else
              "USD per million I/O requests" if c.endswith("_io_requests") else
              "USD per IOPS-month" if "iops" in c else
              "USD per MiB/s-month" if "mibps" in c else "USD per GB-month")
          for c in US_EAST_1_USD}

PUBLISHED = Source(id="aws_ebs_pricing_page", title="Amazon EBS pricing page, US East",
                   url="https://aws.amazon.com/ebs/pricing/", as_of="published",
                   name="Amazon EBS pricing page")

US_EAST_1 = PriceRecord(table="ebs_prices", region="us-east-1", values=US_EAST_1_USD,
                        units=_UNITS, source=PUBLISHED)

# A Region whose record has no io2 prices (as af-south-1 in the bundled snapshot): a missing
# price must keep its row and say so, never be guessed.
WITHOUT_IO2 = replace(US_EAST_1, region="af-south-1", values={
    c: (None if c.startswith("io2_") else v) for c, v in US_EAST_1_USD.items()})
