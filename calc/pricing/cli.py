"""``prices`` commands: the regions, the prices the calculators use, and the active snapshot."""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from calc.cli import Output
from calc.pricing.catalog import Catalog, active_catalog
from calc.pricing.errors import InputError
from calc.pricing.schema import SCHEMAS

# service -> the flat per-region table behind it, or a special handler below
_FLAT = {"lambda": "lambda_prices", "ebs": "ebs_prices", "efs": "efs_prices"}
SERVICES = ("lambda", "ebs", "efs", "s3", "ec2", "data_transfer")
# Which table answers "does this region have prices for X" in ``prices regions``
_COVERAGE = {"ec2": "ec2_on_demand", "lambda": "lambda_prices", "ebs": "ebs_prices",
             "s3": "s3_prices", "efs": "efs_prices"}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("prices", help="the bundled price snapshot")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True
    r = ps.add_parser("regions", parents=[common], help="AWS Regions and which prices they have")
    r.set_defaults(handler=regions_command)
    s = ps.add_parser("show", parents=[common],
                      help="the prices a calculator uses in a region, with as_of and source")
    s.add_argument("service", metavar="SERVICE", help=f"one of {', '.join(SERVICES)}")
    s.add_argument("--region", required=True, help="AWS Region code, e.g. us-east-1")
    s.add_argument("--instance-type", help="ec2 only: one instance type")
    s.set_defaults(handler=show_command)
    st = ps.add_parser("status", parents=[common], help="which snapshot is active, its dates")
    st.set_defaults(handler=status_command)


def regions_table(catalog: Catalog) -> pd.DataFrame:
    rows = []
    covered = {svc: set(catalog.table(t)["region_code"]) for svc, t in _COVERAGE.items()}
    for reg in catalog.regions():
        row: dict[str, Any] = {"region_code": reg.code, "name": reg.name,
                               "continent": reg.continent}
        for svc in _COVERAGE:
            row[f"{svc}_prices"] = reg.code in covered[svc]
        rows.append(row)
    return pd.DataFrame(rows)


def regions_command(args: argparse.Namespace) -> Output:
    catalog = active_catalog()
    table = regions_table(catalog)
    return Output({"as_of": catalog.table_as_of("regions"), "regions": table}, table)


def show_table(catalog: Catalog, service: str, region: str,
               instance_type: str | None = None) -> pd.DataFrame:
    """Every price row a calculator for ``service`` would use in ``region``."""
    if service not in SERVICES:
        raise InputError("service", service, f"must be one of {', '.join(SERVICES)}")
    catalog.region(region)
    rows: list[dict[str, Any]] = []
    if service in _FLAT:
        rec = getattr(catalog, f"{service}_prices")(region)
        for col, unit in rec.units.items():
            rows.append({"price": col, "usd": rec.values[col], "unit": unit,
                         "available": rec.values[col] is not None,
                         "as_of": rec.as_of, "source": rec.source.id})
        if service == "lambda":
            for arch in ("x86_64", "arm64"):
                for i, tier in enumerate(catalog.lambda_duration_tiers(arch), start=1):
                    end = "" if tier.end is None else f"{tier.end:,.0f}"
                    rows.append({"price": f"{arch} duration tier {i} bounds (GB-s per month)",
                                 "usd": None, "unit": f"{tier.start:,.0f} - {end}",
                                 "available": True,
                                 "as_of": catalog.table_as_of("lambda_duration_tiers"),
                                 "source": "lambda_tiers_blog"})
    elif service == "s3":
        for r in catalog.s3_prices(region).itertuples(index=False):
            end = "" if pd.isna(r.tier_end_gb) else f"{r.tier_end_gb:,.0f}"
            rows.append({"price": f"{r.storage_class} {r.component}",
                         "tier_gb": f"{r.tier_start_gb:,.0f} - {end}",
                         "usd": r.usd_per_unit, "unit": f"USD per {r.unit}",
                         "available": True,
                         "as_of": catalog.source(r.source).as_of, "source": r.source})
    elif service == "ec2":
        table = catalog.ec2_on_demand_table(region)
        if instance_type:
            catalog.ec2_instance(instance_type, field="instance_type")
            table = table[table["instance_type"] == instance_type]
        for r in table.itertuples(index=False):
            rows.append({"price": f"{r.instance_type} {r.operating_system} On-Demand",
                         "usd": r.usd_per_hour, "unit": "USD per instance-hour",
                         "available": True, "as_of": catalog.source(r.source).as_of,
                         "source": r.source})
        if instance_type:
            for r in catalog.ec2_reserved(region, instance_type).itertuples(index=False):
                rows.append({"price": f"{r.instance_type} {r.operating_system} Reserved "
                                      f"{r.offering_class} {r.term_years}yr {r.purchase_option}",
                             "usd": r.usd_per_hour, "unit": "USD per instance-hour",
                             "upfront_usd": r.upfront_usd, "available": True,
                             "as_of": catalog.table_as_of("ec2_reserved"),
                             "source": "ec2_ri_feed"})
    else:  # data_transfer
        t = catalog.table("data_transfer_out")
        for r in t[t["region_code"] == region].itertuples(index=False):
            rows.append({"price": f"data transfer out to internet {r.tier}",
                         "usd": r.usd_per_gb, "unit": "USD per GB", "available": True,
                         "as_of": catalog.table_as_of("data_transfer_out"),
                         "source": "data_transfer"})
    return pd.DataFrame(rows)


def show_command(args: argparse.Namespace) -> Output:
    catalog = active_catalog()
    table = show_table(catalog, args.service, args.region, args.instance_type)
    notes = [f"{args.service} prices in {args.region} ({catalog.region(args.region).name})"]
    if table.empty:
        notes.append(f"the snapshot has no {args.service} prices for {args.region}")
    return Output({"service": args.service, "region": args.region,
                   "as_of": sorted(set(table["as_of"])) if len(table) else [],
                   "sources": {s: catalog.source(s).__dict__ for s in
                               sorted(set(table["source"]))} if len(table) else {},
                   "prices": table}, table, notes)


def status_table(catalog: Catalog) -> pd.DataFrame:
    rows = []
    for name, info in catalog.manifest["tables"].items():
        if name not in SCHEMAS:
            continue
        rows.append({"table": name, "file": info["file"], "rows": info["rows"],
                     "as_of": info["as_of"], "sources": ", ".join(info["sources"]),
                     "loaded": name in catalog.loaded_tables()})
    return pd.DataFrame(rows)


def status_command(args: argparse.Namespace) -> Output:
    catalog = active_catalog()
    oldest, newest = catalog.as_of_range
    table = status_table(catalog)
    data = {"snapshot": catalog.label, "location": str(catalog.root),
            "as_of_oldest": oldest, "as_of_newest": newest, "tables": table}
    notes = [f"active snapshot: {catalog.label} ({catalog.root})",
             f"prices as of {oldest} to {newest}"]
    return Output(data, table, notes)
