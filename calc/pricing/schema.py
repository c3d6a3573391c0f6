"""The schema of every snapshot table: file, columns, kinds and units.

The loader checks each table against this on first use, so a corrupt or incomplete snapshot
fails with the file, row and column named, never later inside a formula.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["str", "float", "int"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "str"
    required: bool = True  # an empty cell is an error when True
    unit: str = ""  # a price or quantity unit; "" for labels


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row (checked unique)
    prices: bool = True  # False for reference tables (regions, specs, limits)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def units(self) -> dict[str, str]:
        return {c.name: c.unit for c in self.columns if c.unit}


def _s(name: str, required: bool = True) -> Column:
    return Column(name, "str", required)


def _usd(name: str, unit: str, required: bool = False) -> Column:
    return Column(name, "float", required, unit)


_REGION = _s("region_code")

_LAMBDA_PRICE_COLUMNS = tuple(
    _usd(f"{arch}_{what}", unit)
    for arch in ("x86", "arm64")
    for what, unit in (
        ("usd_per_request", "USD per request"),
        ("usd_per_gb_second_tier1", "USD per GB-second"),
        ("usd_per_gb_second_tier2", "USD per GB-second"),
        ("usd_per_gb_second_tier3", "USD per GB-second"),
        ("ephemeral_storage_usd_per_gb_second", "USD per GB-second"),
        ("provisioned_concurrency_usd_per_gb_second", "USD per GB-second"),
        ("provisioned_duration_usd_per_gb_second", "USD per GB-second"),
    )
)

SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in (
        TableSchema("regions", "regions.csv",
                    (_REGION, _s("name"), _s("continent")), ("region_code",), prices=False),
        TableSchema("lambda_prices", "lambda_prices.csv",
                    (_REGION, *_LAMBDA_PRICE_COLUMNS,
                     _usd("edge_usd_per_request", "USD per request"),
                     _usd("edge_duration_usd_per_gb_second", "USD per GB-second")),
                    ("region_code",)),
        TableSchema("lambda_duration_tiers", "lambda_duration_tiers.csv",
                    (_s("architecture"), Column("tier", "int"),
                     Column("tier_start_gb_seconds_per_month", "float", True, "GB-second"),
                     Column("tier_end_gb_seconds_per_month", "float", False, "GB-second"),
                     _s("lambda_csv_column")),
                    ("architecture", "tier")),
        TableSchema("ebs_prices", "ebs_prices.csv",
                    (_REGION,
                     _usd("gp2_usd_per_gb_month", "USD per GB-month"),
                     _usd("gp3_usd_per_gb_month", "USD per GB-month"),
                     _usd("gp3_usd_per_provisioned_iops_month", "USD per IOPS-month"),
                     _usd("gp3_usd_per_provisioned_mibps_month", "USD per MiB/s-month"),
                     _usd("io1_usd_per_gb_month", "USD per GB-month"),
                     _usd("io1_usd_per_piops_month", "USD per IOPS-month"),
                     _usd("io2_usd_per_gb_month", "USD per GB-month"),
                     _usd("io2_usd_per_piops_month_tier1", "USD per IOPS-month"),
                     _usd("io2_usd_per_piops_month_tier2", "USD per IOPS-month"),
                     _usd("io2_usd_per_piops_month_tier3", "USD per IOPS-month"),
                     _usd("st1_usd_per_gb_month", "USD per GB-month"),
                     _usd("sc1_usd_per_gb_month", "USD per GB-month"),
                     _usd("standard_magnetic_usd_per_gb_month", "USD per GB-month"),
                     _usd("standard_magnetic_usd_per_million_io_requests",
                          "USD per million I/O requests"),
                     _usd("snapshot_standard_usd_per_gb_month", "USD per GB-month"),
                     _usd("snapshot_archive_usd_per_gb_month", "USD per GB-month"),
                     _usd("snapshot_archive_retrieval_usd_per_gb", "USD per GB"),
                     _usd("snapshot_archive_early_delete_usd_per_gb_month", "USD per GB-month"),
                     _usd("fast_snapshot_restore_usd_per_hour", "USD per DSU-hour")),
                    ("region_code",)),
        TableSchema("efs_prices", "efs_prices.csv",
                    (_REGION,
                     _usd("standard_usd_per_gb_month", "USD per GB-month"),
                     _usd("infrequent_access_usd_per_gb_month", "USD per GB-month"),
                     _usd("infrequent_access_et_usd_per_gb_month", "USD per GB-month"),
                     _usd("archive_usd_per_gb_month", "USD per GB-month"),
                     _usd("one_zone_usd_per_gb_month", "USD per GB-month"),
                     _usd("one_zone_ia_usd_per_gb_month", "USD per GB-month"),
                     _usd("ia_read_usd_per_gb", "USD per GB"),
                     _usd("ia_write_usd_per_gb", "USD per GB"),
                     _usd("archive_read_usd_per_gb", "USD per GB"),
                     _usd("archive_write_usd_per_gb", "USD per GB"),
                     _usd("elastic_throughput_read_usd_per_gb", "USD per GB"),
                     _usd("elastic_throughput_write_usd_per_gb", "USD per GB"),
                     _usd("provisioned_throughput_usd_per_mbps_month", "USD per MB/s-month")),
                    ("region_code",)),
        TableSchema("s3_prices", "s3_prices.csv",
                    (_REGION, _s("storage_class"), _s("component"),
                     Column("tier_start_gb", "float", True, "GB"),
                     Column("tier_end_gb", "float", False, "GB"),
                     _s("unit"), _usd("usd_per_unit", "USD per unit (see unit)", True),
                     _s("aws_meter_name"), _s("source")),
                    ("region_code", "storage_class", "component", "tier_start_gb")),
        TableSchema("ec2_on_demand", "ec2_on_demand.csv.gz",
                    (_REGION, _s("instance_type"), _s("operating_system"), _s("tenancy"),
                     _usd("usd_per_hour", "USD per instance-hour", True), _s("source")),
                    ("region_code", "instance_type", "operating_system", "tenancy")),
        TableSchema("ec2_reserved", "ec2_reserved.csv.gz",
                    (_REGION, _s("instance_type"), _s("operating_system"), _s("tenancy"),
                     _s("offering_class"), Column("term_years", "int"), _s("purchase_option"),
                     _usd("upfront_usd", "USD per instance", True),
                     _usd("usd_per_hour", "USD per instance-hour", True)),
                    ("region_code", "instance_type", "operating_system", "tenancy",
                     "offering_class", "term_years", "purchase_option")),
        # Reserved offers from Price List samples, every payment option (tools/build_snapshot.py).
        # A payment the option does not have is empty: No Upfront has no upfront fee,
        # All Upfront no hourly fee (AWS lists it as 0.0; the build checks that).
        TableSchema("ec2_reserved_offers", "ec2_reserved_offers.csv",
                    (_REGION, _s("instance_type"), _s("operating_system"), _s("tenancy"),
                     _s("offering_class"), Column("term_years", "int"), _s("purchase_option"),
                     _usd("upfront_usd", "USD per instance per term"),
                     _usd("usd_per_hour", "USD per instance-hour"), _s("source")),
                    ("region_code", "instance_type", "operating_system", "tenancy",
                     "offering_class", "term_years", "purchase_option")),
        # Reserved effective hourly rates (hourly fee + upfront / term hours, 6 significant
        # digits) from the pricing page; the upfront/hourly split is not in this source.
        TableSchema("ec2_reserved_effective", "ec2_reserved_effective.csv",
                    (_REGION, _s("instance_type"), _s("operating_system"), _s("tenancy"),
                     _s("offering_class"), Column("term_years", "int"), _s("purchase_option"),
                     _usd("effective_usd_per_hour",
                          "USD per instance-hour (hourly fee + upfront / term hours)", True),
                     _s("source")),
                    ("region_code", "instance_type", "operating_system", "tenancy",
                     "offering_class", "term_years", "purchase_option")),
        TableSchema("ec2_savings_plans", "ec2_savings_plans.csv",
                    (_REGION, _s("instance_type"), _s("operating_system"), _s("tenancy"),
                     _s("plan_type"), Column("term_years", "int"), _s("purchase_option"),
                     _usd("usd_per_hour", "USD per instance-hour (Savings Plan rate)", True),
                     _s("source")),
                    ("region_code", "instance_type", "operating_system", "tenancy",
                     "plan_type", "term_years", "purchase_option")),
        TableSchema("ec2_dedicated_hosts", "ec2_dedicated_hosts.csv",
                    (_REGION, _s("instance_type"),
                     _usd("usd_per_host_hour", "USD per host-hour", True), _s("source")),
                    ("region_code", "instance_type")),
        TableSchema("ec2_spot_advisor", "ec2_spot_advisor.csv.gz",
                    (_REGION, _s("operating_system"), _s("instance_type"),
                     Column("savings_pct_vs_ondemand", "float", True, "pct"),
                     _s("interruption_frequency_band")),
                    ("region_code", "operating_system", "instance_type")),
        TableSchema("ec2_spot_avg", "ec2_spot_avg.csv.gz",
                    (_REGION, _s("instance_type"), _s("operating_system"),
                     _usd("spot_avg_usd_per_hour", "USD per instance-hour"),
                     _usd("ondemand_usd_per_hour", "USD per instance-hour")),
                    ("region_code", "instance_type", "operating_system")),
        TableSchema("ec2_instances", "ec2_instances.csv",
                    (_s("instance_type"), _s("family"), _s("instance_family_category", False),
                     Column("vcpu", "int"), Column("memory_gib", "float", True, "GiB"),
                     _s("architectures"), _s("processor_manufacturer", False),
                     _s("burstable"),
                     Column("burst_baseline_pct_per_vcpu", "float", False, "pct"),
                     Column("burst_cpu_credits_earned_per_hour", "float", False, "credits/hour"),
                     Column("burst_max_accrued_credits", "float", False, "credits"),
                     _s("network_performance", False),
                     Column("network_baseline_bandwidth_gbps", "float", False, "Gbps"),
                     Column("gpu_count", "float", False, "count"),
                     Column("instance_storage_total_gb", "float", False, "GB"),
                     _s("current_generation"), _s("bare_metal"), _s("hypervisor", False),
                     _s("supported_usage_classes", False)),
                    ("instance_type",), prices=False),
        TableSchema("ec2_burst_credits", "ec2_burst_credits.csv",
                    (_s("instance_type"),
                     Column("cpu_credits_earned_per_hour", "float", True, "credits/hour"),
                     Column("max_earned_credits_accrued", "float", True, "credits"),
                     Column("vcpu", "int"),
                     Column("baseline_utilization_pct_per_vcpu", "float", True, "pct")),
                    ("instance_type",), prices=False),
        TableSchema("ec2_cpu_credit_surplus", "ec2_cpu_credit_surplus.csv",
                    (_REGION, _s("operating_system"),
                     _usd("usd_per_surplus_vcpu_hour", "USD per vCPU-hour", True),
                     _s("applies_to")),
                    ("region_code", "operating_system")),
        TableSchema("data_transfer_out", "data_transfer_out.csv",
                    (_REGION, Column("tier_start_gb", "float", True, "GB"),
                     Column("tier_end_gb", "float", False, "GB"), _s("tier"),
                     _usd("usd_per_gb", "USD per GB", True)),
                    ("region_code", "tier_start_gb")),
        TableSchema("limits", "limits.csv",
                    (_s("key"), _s("rule_id"), Column("value_notes", "float", False),
                     Column("value_today", "float", False), _s("unit", False),
                     _s("notes_line", False), _s("description", False)),
                    ("key",), prices=False),
    )
}


def schema_fingerprint() -> str:
    """A hash of every table's file, columns and key: a refreshed snapshot written under
    another schema is not used."""
    spec = [[s.name, s.file, [[c.name, c.kind, c.required, c.unit] for c in s.columns],
             list(s.key)] for s in SCHEMAS.values()]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()


def optional_float(v: Any) -> float | None:
    """A number cell as float; an empty cell (None or NaN) as None."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)
