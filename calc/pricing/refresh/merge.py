"""Merge the parsed offer files into a copy of the base snapshot's tables.

A refreshed row replaces the row with the same key; whatever the bulk files cannot give (Spot
Advisor, instance specs, limits, data transfer, Dedicated Hosts, ...) is kept from the base
snapshot, and each table's ``transformation`` text says which is which. Problems found on the
way (a required price missing from an offer) are collected for :mod:`.validate`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from calc.pricing.catalog import Catalog, gunzip_capped
from calc.pricing.refresh import offers as off
from calc.pricing.refresh.fetch import Fetcher
from calc.pricing.schema import SCHEMAS

# Prices that must stay present (where the active snapshot had them) for a refreshed Region.
REQUIRED = {
    "lambda_prices": ("x86_usd_per_request", "x86_usd_per_gb_second_tier1",
                      "arm64_usd_per_request", "arm64_usd_per_gb_second_tier1"),
    "ebs_prices": ("gp2_usd_per_gb_month", "gp3_usd_per_gb_month",
                   "gp3_usd_per_provisioned_iops_month", "gp3_usd_per_provisioned_mibps_month",
                   "io1_usd_per_gb_month", "io1_usd_per_piops_month", "io2_usd_per_gb_month",
                   "io2_usd_per_piops_month_tier1", "st1_usd_per_gb_month",
                   "sc1_usd_per_gb_month", "snapshot_standard_usd_per_gb_month"),
    "efs_prices": ("standard_usd_per_gb_month",),
}
S3_REQUIRED = (("STANDARD", "storage"), ("STANDARD", "requests_put_copy_post_list"),
               ("STANDARD", "requests_get_select_other"))
# Tables the bulk files do not give: copied from the active snapshot.
KEPT_REASON = {
    "regions": "Region names and continents are not in the offer files",
    "lambda_duration_tiers": "the tier bounds (GB-seconds a month) come from the AWS Compute "
                             "Blog; the offer's beginRange values only order the tier prices",
    "ec2_dedicated_hosts": "Price List hosts are priced per family, this table per instance "
                           "type",
    "ec2_reserved_effective": "effective Reserved rates come from the pricing page; the Price "
                              "List's own terms (upfront and hourly) go to ec2_reserved_offers",
    "ec2_spot_advisor": "Spot Advisor is a separate feed, not a Price List offer",
    "ec2_spot_avg": "average Spot prices are not in the Price List",
    "ec2_instances": "instance specs come from DescribeInstanceTypes, not the Price List",
    "ec2_burst_credits": "CPU credit figures come from the EC2 User Guide",
    "ec2_cpu_credit_surplus": "the surplus credit price comes from the EC2 User Guide",
    "data_transfer_out": "AWSDataTransfer is not refreshed by this command",
    "limits": "rule limits are curated from RULES.md, not prices",
}


def raw_rows(catalog: Catalog, name: str) -> list[dict[str, str]]:
    """A table of ``catalog`` as the exact strings on disk."""
    data = (catalog.root / SCHEMAS[name].file).read_bytes()
    if SCHEMAS[name].file.endswith(".gz"):
        data = gunzip_capped(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@dataclass
class MergedTable:
    """One table of the new snapshot: its rows (or the base file, copied unchanged) and the
    manifest entry that says where they come from."""

    rows: list[dict[str, str]]
    sources: list[str]
    as_of: str
    transformation: str
    inputs: list[str]
    refreshed_rows: int = 0
    copied_from: str | None = None  # a table copied unchanged (file bytes kept)


@dataclass
class SnapshotMerge:
    """The tables of the new snapshot, built over ``base`` by :meth:`build`."""

    base: Catalog
    fetcher: Fetcher
    services: tuple[str, ...]
    regions: list[str]
    os_filter: tuple[str, ...] | None
    tables: dict[str, MergedTable] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # (table, key, column) -> new value, for the sanity check against the active snapshot
    new_values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    # sources -----------------------------------------------------------------------------
    def _source(self, code: str, parts: list[dict[str, Any]], what: str) -> tuple[str, str]:
        """One source id for the files of ``code`` read in this refresh (id, as_of)."""
        versions = sorted({p["version"] for p in parts if p["version"]})
        dates = sorted({p["publication_date"] for p in parts if p["publication_date"]})
        if not dates:
            raise off.OfferFormatError(parts[0]["url"], "no publication date")
        vtext = versions[0] if len(versions) == 1 else f"{versions[0]}_{versions[-1]}"
        sid = f"bulk_{code}_{vtext or dates[0]}"
        self.sources[sid] = {
            "name": f"AWS Price List {code} (refreshed)",
            "title": f"AWS Price List bulk API {code} offer{'s' if len(parts) > 1 else ''}, "
                     f"version {', '.join(versions) or 'n/a'} ({what}; {len(parts)} Region "
                     f"file{'s' if len(parts) > 1 else ''})",
            "url": self.fetcher.url(f"/offers/v1.0/aws/{code}/" if code != "AWSComputeSavingsPlan"
                                    else "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/"),
            "as_of": dates[0],
        }
        return sid, dates[0]

    def _copy(self, name: str, why: str) -> None:
        info = self.base.table_info(name)
        built = str(info.get("transformation", ""))
        text = built if built.startswith("Kept from the active snapshot") else (
            f"Kept from the active snapshot ({self.base.label}): {why}. Its build: {built}")
        self.tables[name] = MergedTable([], list(info.get("sources", [])), str(info["as_of"]), text,
                                   list(info.get("inputs", [])), copied_from=name)

    def _keep(self, name: str, service: str) -> None:
        self._copy(name, f"not refreshed (service {service} not selected)")

    # build -------------------------------------------------------------------------------
    def build(self, results: dict[str, list[Any]]) -> None:
        self.sources = dict(self.base.manifest["sources"])
        for name in SCHEMAS:
            if name in KEPT_REASON:
                self._copy(name, KEPT_REASON[name])
        for name, svc, kind, code in (("lambda_prices", "lambda", "lambda", "AWSLambda"),
                                      ("efs_prices", "efs", "efs", "AmazonEFS")):
            if svc in self.services and results.get(kind):
                self._flat(name, code, {p["region"]: p["values"] for p in results[kind]},
                           results[kind])
            else:
                self._keep(name, svc)
        ec2_parts = results.get("ec2", [])
        if "ebs" in self.services and ec2_parts:
            self._flat("ebs_prices", "AmazonEC2", {p["region"]: p["ebs"] for p in ec2_parts},
                       ec2_parts)
        else:
            self._keep("ebs_prices", "ebs")
        if "s3" in self.services and (results.get("s3") or results.get("s3gda")):
            self._s3(results.get("s3", []), results.get("s3gda", []))
        else:
            self._keep("s3_prices", "s3")
        if "ec2" in self.services and ec2_parts:
            self._ec2(ec2_parts, results.get("sp", []))
        else:
            for name in ("ec2_on_demand", "ec2_reserved", "ec2_reserved_offers",
                         "ec2_savings_plans"):
                self._keep(name, "ec2")
        for r in self.regions:
            for kind, svc in (("lambda", "lambda"), ("efs", "efs"), ("s3", "s3"),
                              ("ec2", "ec2"), ("ec2", "ebs")):
                if svc in self.services and r not in {p["region"] for p in results.get(kind,
                                                                                     [])}:
                    self.notes.append(f"{svc}: no offer file for {r} in the region index; its "
                                      "rows are kept from the active snapshot")

    def _flat(self, name: str, code: str, new: dict[str, dict[str, str]],
              parts: list[dict[str, Any]]) -> None:
        old_rows = raw_rows(self.base, name)
        (old_source,) = self.base.table_sources(name)
        sid, as_of = self._source(code, parts, name)
        cols = [c for c in SCHEMAS[name].column_names if c != "region_code"]
        by_region = {r["region_code"]: r for r in old_rows}
        kept: dict[str, list[str]] = {}
        for region, values in new.items():
            old = by_region.get(region, {})
            row = {"region_code": region}
            for c in cols:
                if c in values:
                    row[c] = values[c]
                    self.new_values[(name, region, c)] = values[c]
                else:
                    row[c] = old.get(c, "")
                    if row[c]:
                        kept.setdefault(c, []).append(region)
            for c in REQUIRED.get(name, ()):
                if old.get(c) and c not in values:
                    self.problems.append(f"{name} {region}: {c} is missing from the offer "
                                         "(the active snapshot has it)")
            by_region[region] = row
        rows = [by_region[r] for r in sorted(by_region)]
        mixed = sorted(set(by_region) - set(new))
        if mixed:
            as_of = min(as_of, old_source.as_of)
        text = (f"{len(new)} Region(s) from the {code} bulk offer ({sid}), mapped as in "
                f"calc/pricing/refresh/offers.py; units as in the bundled table.")
        if kept:
            text += " Columns the offer did not give, kept from the active snapshot (" + \
                f"{old_source.id}, as of {old_source.as_of}): " + "; ".join(
                    f"{c} ({len(rs)} Region(s))" for c, rs in sorted(kept.items())) + "."
        if mixed:
            text += (f" Regions not refreshed, kept from the active snapshot ({old_source.id}, "
                     f"as of {old_source.as_of}; as_of is the older date): "
                     f"{', '.join(mixed)}.")
        self.tables[name] = MergedTable(rows, [sid], as_of, text, [p["url"] for p in parts],
                                   refreshed_rows=len(new))

    def _s3(self, parts: list[dict[str, Any]], gda: list[dict[str, Any]]) -> None:
        name = "s3_prices"
        rows = raw_rows(self.base, name)
        new_rows: list[dict[str, str]] = []
        ids = []
        for group, code in ((parts, "AmazonS3"), (gda, "AmazonS3GlacierDeepArchive")):
            if not group:
                continue
            sid, _ = self._source(code, group, name)
            ids.append(sid)
            for p in group:
                new_rows += [dict(r, source=sid) for r in p["rows"]]
        replaced = {(r["region_code"], r["storage_class"], r["component"]) for r in new_rows}
        kept = [r for r in rows if (r["region_code"], r["storage_class"], r["component"])
                not in replaced]
        for r in new_rows:
            self.new_values[(name, f"{r['region_code']} {r['storage_class']} {r['component']} "
                                   f"{r['tier_start_gb']}", "usd_per_unit")] = r["usd_per_unit"]
        refreshed = {p["region"] for p in parts + gda}
        old_keys = {(r["region_code"], r["storage_class"], r["component"]) for r in rows}
        for region in refreshed:
            for cls, comp in S3_REQUIRED:
                if (region, cls, comp) in old_keys and (region, cls, comp) not in replaced:
                    self.problems.append(f"s3_prices {region}: {cls} {comp} is missing from "
                                         "the offer (the active snapshot has it)")
        kept_meters = sorted({f"{r['storage_class']} {r['component']}" for r in kept
                              if r["region_code"] in refreshed})
        out = sorted(kept + new_rows, key=lambda r: (r["region_code"], r["storage_class"],
                                                     r["component"], float(r["tier_start_gb"])))
        srcs = sorted({r["source"] for r in out})
        text = (f"Mapped usage types (calc/pricing/refresh/offers.py S3_USAGE) of {len(refreshed)} "
                "Region(s) from the AmazonS3 and AmazonS3GlacierDeepArchive bulk offers replace "
                "every tier of the same (Region, class, component); requests per 1,000 and "
                "Intelligent-Tiering monitoring per 1,000 objects (file: per request / per "
                "object); per-row source. Components the offers do not map, kept from the "
                "active snapshot with their own source: " + (", ".join(kept_meters) or "none")
                + ".")
        self.tables[name] = MergedTable(out, srcs, self._as_of_max(srcs), text,
                                   [p["url"] for p in parts + gda],
                                   refreshed_rows=len(new_rows))

    def _as_of_max(self, sids: Iterable[str]) -> str:
        return max(self.sources[s]["as_of"] for s in sids)

    def _ec2(self, parts: list[dict[str, Any]], sp_parts: list[dict[str, Any]]) -> None:
        sid, as_of = self._source("AmazonEC2", parts, "EC2 and EBS")
        results = [off.Ec2Result.from_json(p) for p in parts]
        refreshed = {r.region for r in results}
        counts: dict[str, int] = {}
        for r in results:
            for k, n in r.counts.items():
                counts[k] = counts.get(k, 0) + n
        os_text = ("every operating system" if self.os_filter is None
                   else "operating systems " + ", ".join(self.os_filter))
        # On-Demand: per-row source; a refreshed key replaces the active row
        od = {(r["region_code"], r["instance_type"], r["operating_system"], r["tenancy"]): r
              for r in raw_rows(self.base, "ec2_on_demand")}
        n_od = 0
        for res in results:
            if not res.on_demand and any(k[0] == res.region for k in od):
                self.problems.append(f"ec2_on_demand {res.region}: the offer has no On-Demand "
                                     "price of an instance in use")
            for (itype, label, tenancy), usd in res.on_demand.items():
                od_key = (res.region, itype, label, tenancy)
                od[od_key] = {"region_code": res.region, "instance_type": itype,
                              "operating_system": label, "tenancy": tenancy,
                              "usd_per_hour": usd, "source": sid}
                self.new_values[("ec2_on_demand", " ".join(od_key), "usd_per_hour")] = usd
                n_od += 1
        od_rows = [od[k] for k in sorted(od)]
        srcs = sorted({r["source"] for r in od_rows})
        dropped = "; ".join(f"{n:,} {k}" for k, n in sorted(counts.items())) or "none"
        self.tables["ec2_on_demand"] = MergedTable(
            od_rows, srcs, self._as_of_max(srcs),
            f"On-Demand rows of {len(refreshed)} Region(s) from the AmazonEC2 CSV offer "
            f"({sid}): instances in use (CapacityStatus Used), Shared or Dedicated tenancy, "
            f"{os_text}; OS label from Operating System + Pre Installed S/W + License Model "
            f"(calc/pricing/refresh/vocabulary.py); a refreshed (Region, type, OS, tenancy) "
            f"replaces the active row, other rows are kept with their own source. Rows not "
            f"taken: {dropped}.",
            [p["url"] for p in parts], refreshed_rows=n_od)
        # Reserved, every payment option
        offers_rows = {tuple(r[k] for k in SCHEMAS["ec2_reserved_offers"].key): r
                       for r in raw_rows(self.base, "ec2_reserved_offers")}
        feed_rows = {tuple(r[k] for k in SCHEMAS["ec2_reserved"].key): r
                     for r in raw_rows(self.base, "ec2_reserved")}
        n_ri = incomplete = 0
        feed_new = 0
        for res in results:
            rows, bad = off.reserved_rows(res, sid)
            incomplete += bad
            for row in rows:
                key = tuple(row[k] for k in SCHEMAS["ec2_reserved_offers"].key)
                offers_rows[key] = row
                for col in ("upfront_usd", "usd_per_hour"):
                    if row[col]:
                        self.new_values[("ec2_reserved_offers", " ".join(key), col)] = row[col]
                n_ri += 1
                if (row["operating_system"], row["tenancy"], row["purchase_option"]) == (
                        "Linux", "Shared", "no_upfront"):
                    feed_rows[key] = {k: row[k] for k in SCHEMAS["ec2_reserved"].column_names}
                    feed_rows[key]["upfront_usd"] = "0"
                    feed_new += 1
        ro = [offers_rows[k] for k in sorted(offers_rows)]
        srcs = sorted({r["source"] for r in ro})
        self.tables["ec2_reserved_offers"] = MergedTable(
            ro, srcs, self._as_of_max(srcs),
            f"Reserved terms of {len(refreshed)} Region(s) from the AmazonEC2 CSV offer "
            f"({sid}), every payment option, {os_text}, Shared or Dedicated: one row per term "
            "with its upfront fee (Unit Quantity) and hourly fee (Unit Hrs); No Upfront rows "
            "carry no upfront fee and All Upfront rows no hourly fee (empty cells, AWS lists "
            f"0). {incomplete} term(s) missing a dimension their option needs were dropped. "
            "Other rows kept from the active snapshot with their own source.",
            [p["url"] for p in parts], refreshed_rows=n_ri)
        fr = [feed_rows[k] for k in sorted(feed_rows)]
        regions_in_feed = {r["region_code"] for r in fr}
        feed_source = self.base.table_sources("ec2_reserved")
        mixed = sorted(regions_in_feed - refreshed)
        feed_as_of = min([as_of] + [s.as_of for s in feed_source]) if mixed else as_of
        self.tables["ec2_reserved"] = MergedTable(
            fr, [sid] + ([s.id for s in feed_source] if mixed else []), feed_as_of,
            f"Linux, Shared, No Upfront Reserved terms (as the bundled feed table) of "
            f"{len(refreshed)} Region(s) from the AmazonEC2 CSV offer ({sid}), upfront 0; the "
            "same terms with every payment option are in ec2_reserved_offers. "
            + (f"Regions not refreshed keep the active rows: {', '.join(mixed)} (as_of is the "
               "older date)." if mixed else ""),
            [p["url"] for p in parts], refreshed_rows=feed_new)
        # Savings Plans rates
        sp_rows = {tuple(r[k] for k in SCHEMAS["ec2_savings_plans"].key): r
                   for r in raw_rows(self.base, "ec2_savings_plans")}
        n_sp = 0
        sp_counts: dict[str, int] = {}
        if sp_parts:
            sp_sid, _ = self._source("AWSComputeSavingsPlan", sp_parts, "Savings Plans rates")
            for p in sp_parts:
                for k, n in p["counts"].items():
                    sp_counts[k] = sp_counts.get(k, 0) + n
                for row in p["rows"]:
                    row = dict(row, source=sp_sid)
                    key = tuple(row[k] for k in SCHEMAS["ec2_savings_plans"].key)
                    sp_rows[key] = row
                    self.new_values[("ec2_savings_plans", " ".join(key), "usd_per_hour")] = \
                        row["usd_per_hour"]
                    n_sp += 1
        spr = [sp_rows[k] for k in sorted(sp_rows)]
        srcs = sorted({r["source"] for r in spr})
        self.tables["ec2_savings_plans"] = MergedTable(
            spr, srcs, self._as_of_max(srcs),
            f"DiscountedRate rows of the AWSComputeSavingsPlan CSV offers of {len(sp_parts)} "
            "Region(s) for EC2 instances in use (usage BoxUsage = Shared, DedicatedUsage = "
            f"Dedicated), {os_text}; OS from the operation code as the AmazonEC2 offers of "
            "this refresh pair it with each OS. Rows not taken: "
            + ("; ".join(f"{n:,} {k}" for k, n in sorted(sp_counts.items())) or "none")
            + ". Other rows kept from the active snapshot with their own source.",
            [p["url"] for p in sp_parts], refreshed_rows=n_sp)

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Rows and refreshed rows per table (the refresh command's table)."""
        return {n: {"rows": len(t.rows) if t.copied_from is None else
                    int(self.base.table_info(n).get("rows", 0)),
                    "refreshed_rows": t.refreshed_rows} for n, t in self.tables.items()}

