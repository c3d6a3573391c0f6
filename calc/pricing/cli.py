"""``prices`` commands: the regions, the prices the calculators use, and the active snapshot."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from calc.cli import PROG
from calc.cliargs import cli_float, cli_int, http_url
from calc.errors import InputError
from calc.pricing.catalog import Catalog
from calc.pricing.schema import SCHEMAS, optional_float
from calc.pricing.snapshots import (
    activate_snapshot,
    active_fallback_reason,
    check_refreshed,
    clear_active,
    fall_back,
    load_active,
    refreshed_snapshots,
    user_data_dir,
)
from calc.report import Output

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
    st = ps.add_parser("status", parents=[common],
                       help="which snapshot is active, where it came from, its dates")
    st.add_argument("--data-dir", type=Path, help="user data directory to look in (default: "
                    "$COSTSIZER_DATA_DIR, else the platform's user data directory)")
    st.set_defaults(handler=status_command)
    rf = ps.add_parser("refresh", parents=[common],
                       help="refresh prices from the AWS Price List bulk API (a new snapshot "
                            "in the user data directory; the bundled one is never changed)")
    rf.add_argument("--services", default="lambda,ebs,s3,efs,ec2",
                    help="comma-separated, some of lambda,ebs,s3,efs,ec2 (default: all)")
    rf.add_argument("--regions", help="comma-separated Region codes (default: every Region "
                                      "of the active snapshot)")
    rf.add_argument("--source", default=None, type=http_url,
                    help="base URL of the bulk API or a mirror "
                         "(default: https://pricing.us-east-1.amazonaws.com)")
    rf.add_argument("--operating-systems", default="Linux,Windows,RHEL,SUSE",
                    help="EC2 operating systems to keep, comma-separated labels as in the "
                         "snapshot, or 'all' (default: Linux,Windows,RHEL,SUSE)")
    rf.add_argument("--allow-large-moves", action="store_true",
                    help="take prices that moved more than 10x against the active snapshot "
                         "(they are listed either way)")
    rf.add_argument("--retries", type=cli_int, default=3,
                    help="extra attempts per file after a transient network error, 0 to 10 "
                         "(default: 3)")
    rf.add_argument("--max-minutes", type=cli_float, default=60.0,
                    help="time limit of the whole refresh, more than 0 and at most 1440; "
                         "files read before it are kept for the next run (default: 60)")
    rf.add_argument("--data-dir", type=Path, help="user data directory (default: "
                    "$COSTSIZER_DATA_DIR, else the platform's user data directory)")
    rf.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    rf.set_defaults(handler=refresh_command)
    rs = ps.add_parser("reset", parents=[common],
                       help="delete refreshed snapshots: use the bundled one again")
    rs.add_argument("--data-dir", type=Path, help="user data directory (default: "
                    "$COSTSIZER_DATA_DIR, else the platform's user data directory)")
    rs.set_defaults(handler=reset_command)


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
    catalog: Catalog = args.catalog
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
            end_gb = optional_float(r.tier_end_gb)
            end = "" if end_gb is None else f"{end_gb:,.0f}"
            rows.append({"price": f"{r.storage_class} {r.component}",
                         "tier_gb": f"{r.tier_start_gb:,.0f} - {end}",
                         "usd": r.usd_per_unit, "unit": f"USD per {r.unit}",
                         "available": True,
                         "as_of": catalog.source(str(r.source)).as_of, "source": r.source})
    elif service == "ec2":
        table = catalog.ec2_on_demand_table(region)
        if instance_type:
            catalog.ec2_instance(instance_type, field="instance_type")
            table = table[table["instance_type"] == instance_type]
        for r in table.itertuples(index=False):
            rows.append({"price": f"{r.instance_type} {r.operating_system} On-Demand",
                         "usd": r.usd_per_hour, "unit": "USD per instance-hour",
                         "available": True, "as_of": catalog.source(str(r.source)).as_of,
                         "source": r.source})
        if instance_type:
            for r in catalog.ec2_reserved(region, instance_type).itertuples(index=False):
                rows.append({"price": f"{r.instance_type} {r.operating_system} Reserved "
                                      f"{r.offering_class} {r.term_years}yr {r.purchase_option}",
                             "usd": r.usd_per_hour, "unit": "USD per instance-hour",
                             "upfront_usd": r.upfront_usd, "available": True,
                             "as_of": catalog.table_as_of("ec2_reserved"),
                             "source": catalog.table_sources("ec2_reserved")[0].id})
    else:  # data_transfer
        t = catalog.table("data_transfer_out")
        for r in t[t["region_code"] == region].itertuples(index=False):
            rows.append({"price": f"data transfer out to internet {r.tier}",
                         "usd": r.usd_per_gb, "unit": "USD per GB", "available": True,
                         "as_of": catalog.table_as_of("data_transfer_out"),
                         "source": "data_transfer"})
    return pd.DataFrame(rows)


def show_command(args: argparse.Namespace) -> Output:
    catalog: Catalog = args.catalog
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


def snapshot_origin(catalog: Catalog) -> str:
    """Where the snapshot came from, in one line."""
    m = catalog.manifest
    if m.get("snapshot") == "refreshed":
        return (f"refreshed {m.get('refreshed_at', '?')} from {m.get('refreshed_from', '?')} "
                f"(services {', '.join(m.get('services', []))}; "
                f"{len(m.get('regions', []))} Region(s)) over the {m.get('base_snapshot', '?')} "
                "snapshot")
    return f"bundled with Costsizer ({m.get('built_from', 'pricing_data')})"


def _recheck(catalog: Catalog) -> str | None:
    """Why a refreshed ``catalog`` is damaged, every digest hashed again; None if sound."""
    if not catalog.label.startswith("refreshed") or not isinstance(catalog.root, Path):
        return None
    return check_refreshed(catalog.root, recheck=True)


def status_catalog(args: argparse.Namespace) -> tuple[Catalog, str | None]:
    """The snapshot ``prices status`` reports and why a refreshed one is passed over. It
    hashes every table of a refreshed snapshot again (a damaged one is never called active:
    the newest valid one, else the bundled one, is reported with the reason)."""
    if getattr(args, "data_dir", None):
        damaged: dict[Path, str] = {}
        while True:
            catalog, reason = load_active(args.data_dir, skip=damaged)
            why = _recheck(catalog)
            if why is None:
                return catalog, reason
            damaged[Path(str(catalog.root))] = why
    why = _recheck(args.catalog)
    if why is not None:
        args.catalog = fall_back(why)
    return args.catalog, active_fallback_reason()


def status_command(args: argparse.Namespace) -> Output:
    catalog, reason = status_catalog(args)
    oldest, newest = catalog.as_of_range
    table = status_table(catalog)
    data_dir = user_data_dir(getattr(args, "data_dir", None))
    available = [str(p) for p in refreshed_snapshots(data_dir)]
    origin = snapshot_origin(catalog)
    data = {"snapshot": catalog.label, "location": str(catalog.root), "origin": origin,
            "data_dir": str(data_dir), "refreshed_snapshots": available,
            "fallback_reason": reason, "as_of_oldest": oldest, "as_of_newest": newest,
            "tables": table}
    notes = [f"active snapshot: {catalog.label} ({catalog.root})", f"origin: {origin}",
             f"prices as of {oldest} to {newest}"]
    if reason:
        notes.append(f"note: {reason}; using the {catalog.label} snapshot")
    return Output(data, table, notes)


class _ProgressLines:
    """One progress line on stderr per file (the CLI's progress display)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.current = quiet, ""

    def __call__(self, p: Any) -> None:
        if self.quiet:
            return
        key = f"{p.stage}|{p.current}|{p.message}"
        if key == self.current:
            return
        self.current = key
        what = p.message or p.current
        sys.stderr.write(f"[{p.files_done}/{p.files_total} files, "
                         f"{p.bytes_done / 1e6:,.1f} MB] {p.stage}: {what}\n")
        sys.stderr.flush()


def refresh_command(args: argparse.Namespace) -> Output:
    from calc.pricing.refresh import DEFAULT_SOURCE, RefreshError, refresh

    systems = [s.strip() for s in args.operating_systems.split(",") if s.strip()]
    minutes = args.max_minutes
    if not (math.isfinite(minutes) and 0 < minutes <= 1440):
        raise InputError("max_minutes", minutes, "must be more than 0 and at most 1440 "
                                                 "(one day)")
    try:
        result = refresh(
            base=args.catalog, services=args.services.split(","),
            regions=args.regions.split(",") if args.regions else None,
            source=args.source or DEFAULT_SOURCE, data_dir=args.data_dir,
            operating_systems=None if systems == ["all"] else systems,
            allow_large_moves=args.allow_large_moves, retries=args.retries,
            deadline_s=minutes * 60, progress=_ProgressLines(args.quiet))
    except RefreshError as e:
        sys.stderr.write(f"{PROG}: error: {e}\n")
        moves = pd.DataFrame([m.__dict__ | {"factor": m.factor} for m in e.large_moves])
        status = pd.DataFrame({"status": ["refresh failed; the active snapshot is unchanged"]})
        return Output({"ok": False, "error": str(e), "cancelled": e.cancelled,
                       "large_moves": moves}, moves if len(moves) else status,
                      ["refresh failed; the active snapshot is unchanged"], exit_code=1)
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: error: refresh interrupted; the active snapshot is "
                         "unchanged (run it again to continue)\n")
        return Output({"ok": False, "error": "interrupted"}, None, [], exit_code=130)
    catalog = activate_snapshot(result.path, result.label)
    rows = [{"table": n, "rows": t["rows"], "refreshed_rows": t["refreshed_rows"],
             "as_of": catalog.table_as_of(n),
             "sources": ", ".join(catalog.table_info(n).get("sources", []))}
            for n, t in result.tables.items()]
    table = pd.DataFrame(rows)
    notes = [f"new snapshot: {result.label} ({result.path})",
             f"read {result.files} files, {result.bytes / 1e6:,.1f} MB from {result.source}"]
    notes += [f"large move taken: {m.describe()}" for m in result.large_moves]
    notes += result.notes
    return Output({"ok": True, "snapshot": result.label, "location": str(result.path),
                   "source": result.source, "files": result.files, "bytes": result.bytes,
                   "as_of_oldest": catalog.as_of_range[0],
                   "as_of_newest": catalog.as_of_range[1], "tables": table,
                   "large_moves_taken": [m.describe() for m in result.large_moves],
                   "notes": result.notes}, table, notes)


def reset_command(args: argparse.Namespace) -> Output:
    from calc.pricing.refresh import RefreshError, reset

    try:
        removed = reset(args.data_dir)
    except RefreshError as e:
        sys.stderr.write(f"{PROG}: error: {e}\n")
        return Output({"ok": False, "error": str(e)}, None, [], exit_code=1)
    clear_active()
    table = pd.DataFrame({"removed": [str(p) for p in removed]})
    note = (f"removed {len(removed)} refreshed snapshot folder(s); the bundled snapshot is "
            "active" if removed else "no refreshed snapshot; the bundled snapshot is active")
    return Output({"ok": True, "removed": [str(p) for p in removed], "snapshot": "bundled"},
                  table, [note])
