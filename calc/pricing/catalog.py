"""The price catalog: lazy, validated access to a dated price snapshot.

A :class:`Catalog` reads one snapshot folder (the bundled ``pricing_data`` package, or a
refreshed copy). Tables load on first use only, are checked against
:mod:`calc.pricing.schema`, and are cached. Every answer carries its ``as_of`` date and source.
A missing price raises :class:`~calc.pricing.errors.PriceNotFound`; nothing is guessed.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from calc.errors import unknown_name
from calc.pricing.errors import PriceNotFound, SnapshotError
from calc.pricing.schema import SCHEMAS, TableSchema

if TYPE_CHECKING:  # pandas loads with the first table, not at import (GUI start-up time)
    import pandas as pd

Basis = Literal["aws_today", "notes"]


@dataclass(frozen=True)
class Source:
    """Where a table's prices come from and the date they were published or fetched."""

    id: str
    title: str
    url: str
    as_of: str
    name: str = ""  # a short name for status lines ("Amazon EBS pricing page")

    @property
    def short(self) -> str:
        return self.name or self.title


class _Dated:
    """A price answer's date: the as-of date of its source."""

    source: Source

    @property
    def as_of(self) -> str:
        return self.source.as_of


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    continent: str


@dataclass(frozen=True)
class PriceRecord(_Dated):
    """One region's row of a flat price table (Lambda, EBS, EFS).

    ``values`` maps column name to USD (``None`` where the snapshot has no price).
    """

    table: str
    region: str
    values: Mapping[str, float | None]
    units: Mapping[str, str]
    source: Source

    def get(self, column: str) -> float | None:
        return self.values.get(column)

    def require(self, column: str, what: str | None = None) -> float:
        """The price in ``column``, or PriceNotFound naming it, the region and the date."""
        value = self.values.get(column)
        if value is None:
            raise PriceNotFound(what or column, region=self.region, as_of=self.as_of,
                                table=self.table)
        return value


@dataclass(frozen=True)
class Tier:
    """A volume tier: ``start`` <= quantity < ``end`` (``end`` None = no upper bound)."""

    start: float
    end: float | None
    usd_per_unit: float


@dataclass(frozen=True)
class TieredPrice(_Dated):
    """A price with volume tiers, with its unit, AWS meter name(s) and source."""

    what: str
    unit: str
    tiers: tuple[Tier, ...]
    meter: str
    source: Source

    @property
    def flat_usd_per_unit(self) -> float:
        """The price of the first tier (the whole price when there is one tier)."""
        return self.tiers[0].usd_per_unit


@dataclass(frozen=True)
class Ec2Rate(_Dated):
    """An EC2 hourly price for one instance type in one region."""

    region: str
    instance_type: str
    operating_system: str
    tenancy: str
    usd_per_hour: float
    source: Source


@dataclass(frozen=True)
class Ec2Term(_Dated):
    """A Reserved Instance term or a Savings Plan rate for one instance type.

    ``plan``: the offering class (standard | convertible) of a Reserved term, or the plan type
    (compute | ec2_instance) of a Savings Plan. ``upfront_usd`` [USD per instance per term]
    and ``usd_per_hour`` [USD per instance-hour] are 0 where the payment option has none.
    """

    operating_system: str
    tenancy: str
    plan: str
    term_years: int
    purchase_option: str  # no_upfront | partial_upfront | all_upfront
    upfront_usd: float
    usd_per_hour: float
    source: Source


@dataclass(frozen=True)
class SpotAdvice(_Dated):
    """A Spot Instance Advisor row: average saving off On-Demand and the interruption band."""

    region: str
    instance_type: str
    operating_system: str
    savings_pct_vs_ondemand: float
    interruption_frequency_band: str
    source: Source


@dataclass(frozen=True)
class Ec2Prices:
    """Every EC2 price the snapshot has for one instance type in one region."""

    region: str
    instance_type: str
    on_demand: Mapping[tuple[str, str], Ec2Rate]  # (operating system, tenancy)
    reserved: tuple[Ec2Term, ...]
    savings_plans: tuple[Ec2Term, ...]
    spot_average: Mapping[str, Ec2Rate]  # by operating system
    spot_advisor: Mapping[str, SpotAdvice]  # by operating system
    dedicated_host: Ec2Rate | None

    def on_demand_rate(self, os: str = "Linux", tenancy: str = "Shared") -> Ec2Rate | None:
        return self.on_demand.get((os, tenancy))

    def reserved_term(self, os: str, tenancy: str, offering_class: str, term_years: int,
                      purchase_option: str) -> Ec2Term | None:
        return _find_term(self.reserved, os, tenancy, offering_class, term_years,
                          purchase_option)

    def savings_plan_rate(self, os: str, tenancy: str, plan_type: str, term_years: int,
                          purchase_option: str) -> Ec2Term | None:
        return _find_term(self.savings_plans, os, tenancy, plan_type, term_years,
                          purchase_option)


def _find_term(terms: tuple[Ec2Term, ...], os: str, tenancy: str, plan: str, term_years: int,
               purchase_option: str) -> Ec2Term | None:
    for t in terms:
        if (t.operating_system, t.tenancy, t.plan, t.term_years, t.purchase_option) == (
                os, tenancy, plan, term_years, purchase_option):
            return t
    return None


def _plain(v: Any) -> Any:
    """numpy scalars to Python; NaN to None."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


@dataclass(frozen=True)
class Limit:
    """A figure from RULES.md: the notes' value, AWS's today, its unit and rule ID."""

    key: str
    rule_id: str
    value_notes: float | None
    value_today: float | None
    unit: str
    notes_line: str
    description: str

    @property
    def differs(self) -> bool:
        return self.value_notes is not None and self.value_notes != self.value_today

    def value(self, basis: Basis = "aws_today") -> float:
        """The figure under ``basis``; the notes fall back to today's where they are silent."""
        if basis == "notes" and self.value_notes is not None:
            return self.value_notes
        if self.value_today is None:
            if self.value_notes is not None:
                return self.value_notes
            raise LookupError(f"limit {self.key} has no value")
        return self.value_today

    def explain(self) -> str:
        """e.g. "gp3 maximum IOPS: notes 16,000, AWS today 80,000 [EBS-GP3]"."""
        def fmt(v: float | None) -> str:
            return "n/a" if v is None else f"{v:,.10g}"
        if self.differs:
            figures = f"notes {fmt(self.value_notes)}, AWS today {fmt(self.value_today)}"
        else:
            figures = fmt(self.value_today if self.value_today is not None else self.value_notes)
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.description}: {figures}{unit} [{self.rule_id}]"


class Limits:
    """The limits table as lookups by key."""

    def __init__(self, frame: pd.DataFrame, file: str) -> None:
        self._file = file
        self._by_key: dict[str, Limit] = {}
        for rec in frame.to_dict("records"):
            self._by_key[rec["key"]] = Limit(
                key=rec["key"], rule_id=rec["rule_id"],
                value_notes=_opt_float(rec["value_notes"]),
                value_today=_opt_float(rec["value_today"]),
                unit=rec["unit"], notes_line=rec["notes_line"], description=rec["description"])

    def __getitem__(self, key: str) -> Limit:
        try:
            return self._by_key[key]
        except KeyError:
            raise SnapshotError(self._file, f"no limit with key {key!r}", column="key") from None

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_key.values())

    def value(self, key: str, basis: Basis = "aws_today") -> float:
        return self[key].value(basis)

    def for_rule(self, rule_id: str) -> list[Limit]:
        return [lim for lim in self._by_key.values() if lim.rule_id == rule_id]


def _opt_float(v: Any) -> float | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return float(v)


class Catalog:
    """One price snapshot folder. Tables load lazily and are validated on first use."""

    def __init__(self, root: Traversable | Path, *, label: str = "bundled") -> None:
        self.root = root
        self.label = label
        self._tables: dict[str, pd.DataFrame] = {}

    # -- the snapshot as a whole ------------------------------------------------------------
    @cached_property
    def manifest(self) -> dict[str, Any]:
        path = self.root / "manifest.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SnapshotError("manifest.json", "file is missing") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise SnapshotError("manifest.json", f"not valid JSON ({e})") from None
        for key in ("sources", "tables"):
            if not isinstance(data.get(key), dict):
                raise SnapshotError("manifest.json", f"has no {key!r} object")
        return data

    def source(self, source_id: str) -> Source:
        s = self.manifest["sources"].get(source_id)
        if not isinstance(s, dict):
            raise SnapshotError("manifest.json", f"unknown source {source_id!r}")
        return Source(source_id, s.get("title", ""), s.get("url", ""), s.get("as_of", ""),
                      s.get("name", ""))

    def table_info(self, name: str) -> dict[str, Any]:
        info = self.manifest["tables"].get(name)
        if not isinstance(info, dict):
            raise SnapshotError("manifest.json", f"lists no table {name!r}")
        return info

    def table_sources(self, name: str) -> list[Source]:
        return [self.source(s) for s in self.table_info(name).get("sources", [])]

    def table_as_of(self, name: str) -> str:
        return str(self.table_info(name)["as_of"])

    @property
    def as_of_range(self) -> tuple[str, str]:
        """Oldest and newest price dates across the price tables (reference tables excluded)."""
        dates = [str(t["as_of"]) for n, t in self.manifest["tables"].items()
                 if n in SCHEMAS and SCHEMAS[n].prices]
        return min(dates), max(dates)

    # -- tables -----------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """The validated table ``name`` (loaded on first use, then cached)."""
        if name not in self._tables:
            self._tables[name] = self._load(SCHEMAS[name])
        return self._tables[name]

    def loaded_tables(self) -> list[str]:
        return list(self._tables)

    def _load(self, schema: TableSchema) -> pd.DataFrame:
        import pandas as pd
        file = schema.file
        expected_rows = self.table_info(schema.name).get("rows")
        try:
            raw = (self.root / file).read_bytes()
        except FileNotFoundError:
            raise SnapshotError(file, "file is missing") from None
        try:
            if file.endswith(".gz"):
                raw = gzip.decompress(raw)
            header = raw[: raw.find(b"\n")].decode("utf-8").strip().split(",")
        except (OSError, EOFError, UnicodeDecodeError) as e:
            raise SnapshotError(file, f"cannot be read ({e})") from None
        missing = [c for c in schema.column_names if c not in header]
        if missing:
            raise SnapshotError(file, "column is missing", column=missing[0])
        numeric = [c.name for c in schema.columns if c.kind != "str"]
        try:
            df = pd.read_csv(
                io.BytesIO(raw), usecols=schema.column_names,
                dtype={c.name: str for c in schema.columns if c.kind == "str"},
                keep_default_na=False, na_values={c: [""] for c in numeric},
            )
        except (ValueError, pd.errors.ParserError) as e:
            raise SnapshotError(file, f"cannot be parsed ({e})") from None
        for col in schema.columns:
            s = df[col.name]
            if col.kind == "str":
                if col.required:
                    empty = np.flatnonzero((s == "").to_numpy())
                    if len(empty):
                        raise SnapshotError(file, "empty cell", row=int(empty[0]) + 2,
                                            column=col.name)
                continue
            if not pd.api.types.is_numeric_dtype(s):
                num = pd.to_numeric(s, errors="coerce")
                bad = np.flatnonzero((num.isna() & s.notna()).to_numpy())
                if len(bad):
                    r = int(bad[0])
                    raise SnapshotError(file, f"{s.iloc[r]!r} is not a number", row=r + 2,
                                        column=col.name)
                s = num
            values = s.to_numpy(dtype=float, na_value=np.nan)
            if col.required and np.isnan(values).any():
                r = int(np.flatnonzero(np.isnan(values))[0])
                raise SnapshotError(file, "empty cell", row=r + 2, column=col.name)
            if col.unit.startswith("USD") or col.kind == "int":
                neg = np.flatnonzero(values < 0)
                if len(neg):
                    r = int(neg[0])
                    raise SnapshotError(file, f"negative value {values[r]}", row=r + 2,
                                        column=col.name)
            if col.kind == "int":
                df[col.name] = values.astype(np.int64) if col.required else values
            else:
                df[col.name] = values
        if expected_rows is not None and len(df) != expected_rows:
            raise SnapshotError(file, f"has {len(df)} rows but the manifest lists "
                                      f"{expected_rows} (incomplete snapshot)")
        if schema.key:
            dup = np.flatnonzero(df.duplicated(list(schema.key)).to_numpy())
            if len(dup):
                raise SnapshotError(file, f"duplicate row for {', '.join(schema.key)}",
                                    row=int(dup[0]) + 2, column=schema.key[0])
        return df

    # -- regions ----------------------------------------------------------------------------
    @cached_property
    def _regions(self) -> dict[str, Region]:
        # Read with the csv module: the GUI shows its region list before pandas is imported.
        file = SCHEMAS["regions"].file
        try:
            text = (self.root / file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SnapshotError(file, "file is missing") from None
        rows = list(csv.DictReader(io.StringIO(text)))
        header = text.split("\n", 1)[0].strip().split(",")
        out: dict[str, Region] = {}
        for col in SCHEMAS["regions"].column_names:
            if col not in header:
                raise SnapshotError(file, "column is missing", column=col)
        for n, r in enumerate(rows, start=2):
            for col in SCHEMAS["regions"].column_names:
                if not r.get(col):
                    raise SnapshotError(file, "empty cell", row=n, column=col)
            if r["region_code"] in out:
                raise SnapshotError(file, "duplicate row for region_code", row=n,
                                    column="region_code")
            out[r["region_code"]] = Region(r["region_code"], r["name"], r["continent"])
        expected = self.table_info("regions").get("rows")
        if expected is not None and len(out) != expected:
            raise SnapshotError(file, f"has {len(out)} rows but the manifest lists "
                                      f"{expected} (incomplete snapshot)")
        return out

    def regions(self) -> list[Region]:
        return sorted(self._regions.values(), key=lambda r: r.code)

    def region(self, code: str, field: str = "region") -> Region:
        try:
            return self._regions[code]
        except KeyError:
            raise unknown_name(field, code, self._regions, what="AWS Region") from None

    # -- flat per-region tables -------------------------------------------------------------
    def _record(self, table: str, region: str) -> PriceRecord:
        self.region(region)
        t = self.table(table)
        rows = t[t["region_code"] == region]
        schema = SCHEMAS[table]
        (source,) = self.table_sources(table)
        if rows.empty:
            values: dict[str, float | None] = {c: None for c in schema.units()}
        else:
            rec = rows.iloc[0]
            values = {c: _opt_float(rec[c]) for c in schema.units()}
        return PriceRecord(table, region, values, schema.units(), source)

    def lambda_prices(self, region: str) -> PriceRecord:
        return self._record("lambda_prices", region)

    def ebs_prices(self, region: str) -> PriceRecord:
        return self._record("ebs_prices", region)

    def efs_prices(self, region: str) -> PriceRecord:
        return self._record("efs_prices", region)

    def lambda_duration_tiers(self, architecture: str) -> list[Tier]:
        """Monthly GB-second tier bounds for ``architecture`` (x86_64 or arm64); prices are in
        :meth:`lambda_prices` under the tier's ``lambda_csv_column``."""
        t = self.table("lambda_duration_tiers")
        rows = t[t["architecture"] == architecture].sort_values("tier")
        if rows.empty:
            raise unknown_name("architecture", architecture, sorted(set(t["architecture"])),
                               what="architecture")
        return [Tier(float(r.tier_start_gb_seconds_per_month),
                     _opt_float(r.tier_end_gb_seconds_per_month), float("nan"))
                for r in rows.itertuples(index=False)]

    # -- S3 ---------------------------------------------------------------------------------
    def s3_prices(self, region: str) -> pd.DataFrame:
        """Every S3 price row of ``region`` (storage_class, component, tiers, unit, source)."""
        self.region(region)
        t = self.table("s3_prices")
        return t[t["region_code"] == region].reset_index(drop=True)

    def s3_price(self, region: str, storage_class: str, component: str) -> TieredPrice:
        """One S3 meter (e.g. STANDARD storage) with its tiers; PriceNotFound when absent."""
        rows = self.s3_prices(region)
        rows = rows[(rows["storage_class"] == storage_class) & (rows["component"] == component)]
        if rows.empty:
            raise PriceNotFound(f"S3 {storage_class} {component}", region=region,
                                as_of=self.table_as_of("s3_prices"), table="s3_prices")
        rows = rows.sort_values("tier_start_gb")
        tiers = tuple(Tier(float(r.tier_start_gb), _opt_float(r.tier_end_gb),
                           float(r.usd_per_unit)) for r in rows.itertuples(index=False))
        first = rows.iloc[0]
        return TieredPrice(f"S3 {storage_class} {component}", str(first["unit"]), tiers,
                           str(first["aws_meter_name"]), self.source(str(first["source"])))

    # -- EC2 --------------------------------------------------------------------------------
    @cached_property
    def _instance_names(self) -> frozenset[str]:
        return frozenset(self.table("ec2_instances")["instance_type"])

    def ec2_instances(self) -> pd.DataFrame:
        return self.table("ec2_instances")

    def ec2_instance(self, instance_type: str, field: str = "instance_type") -> dict[str, Any]:
        """The specs of ``instance_type``; an InputError with close matches when unknown."""
        if instance_type not in self._instance_names:
            raise unknown_name(field, instance_type, self._instance_names, what="instance type")
        t = self.table("ec2_instances")
        rec: dict[str, Any] = t[t["instance_type"] == instance_type].iloc[0].to_dict()
        return rec

    def ec2_on_demand(self, region: str, instance_type: str, os: str = "Linux",
                      tenancy: str = "Shared") -> Ec2Rate:
        self.region(region)
        self.ec2_instance(instance_type)
        t = self.table("ec2_on_demand")
        rows = t[(t["region_code"] == region) & (t["instance_type"] == instance_type)
                 & (t["operating_system"] == os) & (t["tenancy"] == tenancy)]
        if rows.empty:
            raise PriceNotFound(f"{instance_type} {os} {tenancy.lower()} On-Demand",
                                region=region, as_of=self.table_as_of("ec2_on_demand"),
                                table="ec2_on_demand")
        r = rows.iloc[0]
        return Ec2Rate(region, instance_type, os, tenancy, float(r["usd_per_hour"]),
                       self.source(str(r["source"])))

    def ec2_on_demand_table(self, region: str, os: str = "Linux",
                            tenancy: str = "Shared") -> pd.DataFrame:
        self.region(region)
        t = self.table("ec2_on_demand")
        return t[(t["region_code"] == region) & (t["operating_system"] == os)
                 & (t["tenancy"] == tenancy)].reset_index(drop=True)

    def ec2_reserved(self, region: str, instance_type: str, os: str = "Linux",
                     tenancy: str = "Shared") -> pd.DataFrame:
        """Every Reserved Instance offer in the snapshot for this type (may be empty)."""
        self.region(region)
        self.ec2_instance(instance_type)
        t = self.table("ec2_reserved")
        return t[(t["region_code"] == region) & (t["instance_type"] == instance_type)
                 & (t["operating_system"] == os) & (t["tenancy"] == tenancy)
                 ].reset_index(drop=True)

    def ec2_spot_advisor(self, region: str, instance_type: str,
                         os: str = "Linux") -> dict[str, Any] | None:
        t = self.table("ec2_spot_advisor")
        rows = t[(t["region_code"] == region) & (t["instance_type"] == instance_type)
                 & (t["operating_system"] == os)]
        return None if rows.empty else rows.iloc[0].to_dict()

    # -- EC2: every purchasing option (issue 3) ----------------------------------------------
    def _ec2_records(self, table: str, region: str, instance_type: str) -> list[dict[str, Any]]:
        """Rows of ``table`` for (region, instance type) as plain dicts, through an index
        built once per table (a few microseconds per lookup after that)."""
        cached = self._ec2_index.get(table)
        if cached is None:
            t = self.table(table)
            groups = t.groupby(["region_code", "instance_type"], sort=False).indices
            columns = {c: t[c].to_numpy(dtype=object) for c in t.columns}
            cached = ({k: list(v) for k, v in groups.items()}, columns)
            self._ec2_index[table] = cached
        positions, columns = cached
        return [{c: _plain(v[i]) for c, v in columns.items()}
                for i in positions.get((region, instance_type), ())]

    @cached_property
    def _ec2_index(self) -> dict[str, tuple[dict[tuple[str, str], list[int]],
                                            dict[str, np.ndarray]]]:
        return {}

    def ec2_prices(self, region: str, instance_type: str) -> Ec2Prices:
        """Every EC2 price the snapshot has for one instance type in one region: On-Demand
        per (OS, tenancy), Reserved terms (all payment options; newest source per term),
        Savings Plan rates, the average Spot price and Spot Advisor row per OS, and the
        Dedicated Host price. Unknown region or type: InputError with close matches.
        Rules: EC2-OD-BILLING, EC2-RI, EC2-SP, EC2-SPOT, EC2-DEDICATED-HOST."""
        key = (region, instance_type)
        hit = self._ec2_prices_cache.get(key)
        if hit is not None:
            return hit
        self.region(region)
        self.ec2_instance(instance_type)
        od = {(r["operating_system"], r["tenancy"]): Ec2Rate(
                  region, instance_type, r["operating_system"], r["tenancy"],
                  r["usd_per_hour"], self.source(r["source"]))
              for r in self._ec2_records("ec2_on_demand", region, instance_type)}
        terms: dict[tuple[str, ...], Ec2Term] = {}
        feed = [dict(r, source="ec2_ri_feed")
                for r in self._ec2_records("ec2_reserved", region, instance_type)]
        for r in feed + self._ec2_records("ec2_reserved_offers", region, instance_type):
            term = Ec2Term(r["operating_system"], r["tenancy"], r["offering_class"],
                           int(r["term_years"]), r["purchase_option"],
                           r["upfront_usd"] or 0.0, r["usd_per_hour"] or 0.0,
                           self.source(r["source"]))
            k = (term.operating_system, term.tenancy, term.plan, str(term.term_years),
                 term.purchase_option)
            if k not in terms or terms[k].as_of < term.as_of:
                terms[k] = term
        sp = tuple(Ec2Term(r["operating_system"], r["tenancy"], r["plan_type"],
                           int(r["term_years"]), r["purchase_option"], 0.0, r["usd_per_hour"],
                           self.source(r["source"]))
                   for r in self._ec2_records("ec2_savings_plans", region, instance_type))
        (spot_source,) = self.table_sources("ec2_spot_avg")
        spot = {r["operating_system"]: Ec2Rate(region, instance_type, r["operating_system"],
                                               "Shared", r["spot_avg_usd_per_hour"],
                                               spot_source)
                for r in self._ec2_records("ec2_spot_avg", region, instance_type)
                if r["spot_avg_usd_per_hour"] is not None}
        (advisor_source,) = self.table_sources("ec2_spot_advisor")
        advisor = {r["operating_system"]: SpotAdvice(
                       region, instance_type, r["operating_system"],
                       r["savings_pct_vs_ondemand"], r["interruption_frequency_band"],
                       advisor_source)
                   for r in self._ec2_records("ec2_spot_advisor", region, instance_type)}
        hosts = self._ec2_records("ec2_dedicated_hosts", region, instance_type)
        host = (Ec2Rate(region, instance_type, "Any", "Host", hosts[0]["usd_per_host_hour"],
                        self.source(hosts[0]["source"])) if hosts else None)
        out = Ec2Prices(region, instance_type, od,
                        tuple(terms[k] for k in sorted(terms)), sp, spot, advisor, host)
        self._ec2_prices_cache[key] = out
        return out

    @cached_property
    def _ec2_prices_cache(self) -> dict[tuple[str, str], Ec2Prices]:
        return {}

    def ec2_operating_systems(self, region: str, instance_type: str) -> list[str]:
        """The operating systems with an On-Demand price for this type in this region."""
        return sorted({os for os, _ in self.ec2_prices(region, instance_type).on_demand})

    def ec2_reserved_offers(self, region: str, instance_type: str, os: str = "Linux",
                            tenancy: str = "Shared") -> pd.DataFrame:
        """Every Reserved term the snapshot has for this type, all payment options.

        Merges the No Upfront feed (``ec2_reserved``) with the Price List samples
        (``ec2_reserved_offers``); where both have a term, the newer source wins. Columns:
        offering_class, term_years, purchase_option, upfront_usd [USD per instance per term],
        usd_per_hour [USD per instance-hour] (0 where the payment option has no such part),
        source, as_of. Empty when the snapshot has none. Rule: EC2-RI.
        """
        import pandas as pd  # lazy, as the rest of the catalog (GUI start-up time)

        terms = [t for t in self.ec2_prices(region, instance_type).reserved
                 if t.operating_system == os and t.tenancy == tenancy]
        return pd.DataFrame(
            {"offering_class": [t.plan for t in terms],
             "term_years": pd.Series([t.term_years for t in terms], dtype="int64"),
             "purchase_option": [t.purchase_option for t in terms],
             "upfront_usd": pd.Series([t.upfront_usd for t in terms], dtype=float),
             "usd_per_hour": pd.Series([t.usd_per_hour for t in terms], dtype=float),
             "source": [t.source.id for t in terms], "as_of": [t.as_of for t in terms]})

    def ec2_savings_plan_rates(self, region: str, instance_type: str, os: str = "Linux",
                               tenancy: str = "Shared") -> pd.DataFrame:
        """Savings Plan rates [USD per instance-hour] the snapshot has for this type.

        Columns plan_type (compute | ec2_instance), term_years, purchase_option, usd_per_hour,
        source, as_of. Empty when the snapshot has none (it holds only an ap-east-2 sample).
        Rule: EC2-SP.
        """
        import pandas as pd

        terms = [t for t in self.ec2_prices(region, instance_type).savings_plans
                 if t.operating_system == os and t.tenancy == tenancy]
        return pd.DataFrame(
            {"plan_type": [t.plan for t in terms],
             "term_years": pd.Series([t.term_years for t in terms], dtype="int64"),
             "purchase_option": [t.purchase_option for t in terms],
             "usd_per_hour": pd.Series([t.usd_per_hour for t in terms], dtype=float),
             "source": [t.source.id for t in terms], "as_of": [t.as_of for t in terms]})

    def ec2_dedicated_host(self, region: str, instance_type: str) -> Ec2Rate:
        """The On-Demand price of the Dedicated Host that matches ``instance_type``, per
        host-hour (``tenancy`` "Host"); PriceNotFound when the snapshot has none.
        Rule: EC2-DEDICATED-HOST."""
        host = self.ec2_prices(region, instance_type).dedicated_host
        if host is None:
            raise PriceNotFound(f"a Dedicated Host for {instance_type}", region=region,
                                as_of=self.table_as_of("ec2_dedicated_hosts"),
                                table="ec2_dedicated_hosts")
        return host

    def ec2_spot_average(self, region: str, instance_type: str, os: str = "Linux") -> Ec2Rate:
        """The average Spot price of the ``ec2_spot_avg`` export [USD per instance-hour];
        PriceNotFound when it has none. Rule: EC2-SPOT."""
        rate = self.ec2_prices(region, instance_type).spot_average.get(os)
        if rate is None:
            raise PriceNotFound(f"{instance_type} {os} average Spot price", region=region,
                                as_of=self.table_as_of("ec2_spot_avg"), table="ec2_spot_avg")
        return rate

    # -- limits -----------------------------------------------------------------------------
    @cached_property
    def limits(self) -> Limits:
        return Limits(self.table("limits"), SCHEMAS["limits"].file)


def bundled_root() -> Traversable:
    """The snapshot shipped with the package (``pricing_data``)."""
    return resources.files("pricing_data")


_active: Catalog | None = None
_fallback_reason: str | None = None

# -- refreshed snapshots in the user data directory (issue 8) -------------------------------
DATA_DIR_ENV = "COSTSIZER_DATA_DIR"  # overrides the platform's user data dir (tests set it)
SNAPSHOTS_DIR = "snapshots"


def user_data_dir(override: str | Path | None = None) -> Path:
    """Where refreshed snapshots live: ``override``, else $COSTSIZER_DATA_DIR, else the
    platform's user data directory (platformdirs; e.g. ~/.local/share/costsizer)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("costsizer", appauthor=False))


def schema_fingerprint() -> str:
    """A hash of every table's file, columns and key: a refreshed snapshot written under
    another schema is not used."""
    spec = [[s.name, s.file, [[c.name, c.kind, c.required, c.unit] for c in s.columns],
             list(s.key)] for s in SCHEMAS.values()]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()


def refreshed_snapshots(data_dir: str | Path | None = None) -> list[Path]:
    """Complete refreshed snapshot folders, newest first (names are UTC time stamps; a folder
    is complete once its manifest.json is written, which a refresh does last)."""
    root = user_data_dir(data_dir) / SNAPSHOTS_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir()
             if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def check_refreshed(path: Path) -> str | None:
    """Why the refreshed snapshot at ``path`` cannot be used, or None. Cheap checks only
    (manifest, schema, files and their sizes): the refresh validated every table with the
    full loader before it wrote the manifest."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return f"its manifest.json cannot be read ({e})"
    if not isinstance(manifest, dict) or manifest.get("snapshot") != "refreshed":
        return "its manifest.json is not a refreshed snapshot's"
    if manifest.get("schema_fingerprint") != schema_fingerprint():
        return "it was written for another table schema (another version of Costsizer)"
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        return "its manifest.json has no tables"
    try:
        bundled = json.loads((bundled_root() / "manifest.json").read_text(encoding="utf-8"))
        bundled_limits = bundled["tables"]["limits"]["sha256"]
    except (OSError, KeyError, TypeError, json.JSONDecodeError):
        bundled_limits = None
    for name, schema in SCHEMAS.items():
        info = tables.get(name)
        if not isinstance(info, dict) or info.get("file") != schema.file:
            return f"its manifest lists no {name} table"
    if bundled_limits is not None and tables["limits"].get("sha256") != bundled_limits:
        return ("the rule limits bundled with this version of Costsizer changed since the "
                "refresh; run `prices refresh` again")
    sizes = manifest.get("files")
    if not isinstance(sizes, dict):
        return "its manifest.json lists no file sizes"
    for file, size in sizes.items():
        try:
            actual = (path / file).stat().st_size
        except OSError:
            return f"{file} is missing"
        if actual != size:
            return f"{file} has {actual:,} bytes, the manifest says {size:,} (damaged file)"
    return None


def load_active(data_dir: str | Path | None = None) -> tuple[Catalog, str | None]:
    """The catalog to use and, when a refreshed snapshot exists but is not used, why.

    The newest refreshed snapshot that passes :func:`check_refreshed` wins; a newer one that
    fails is skipped (its reason is returned); with none usable, the bundled snapshot.
    """
    reason = None
    for path in refreshed_snapshots(data_dir):
        why = check_refreshed(path)
        if why is None:
            stamp = path.name
            label = f"refreshed {stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
            return Catalog(path, label=label), reason
        if reason is None:
            reason = f"refreshed snapshot {path} not used: {why}"
    return Catalog(bundled_root()), reason


def active_catalog() -> Catalog:
    """The catalog the app uses: the newest valid refreshed snapshot in the user data
    directory (labelled "refreshed <date>"), else the bundled one ("bundled"). Why a
    refreshed snapshot was passed over is in :func:`active_fallback_reason`."""
    global _active, _fallback_reason
    if _active is None:
        _active, _fallback_reason = load_active()
    return _active


def active_fallback_reason() -> str | None:
    """Why a refreshed snapshot on disk is not the active one (None when there is none or it
    is used)."""
    active_catalog()
    return _fallback_reason


def set_active_catalog(catalog: Catalog | None) -> None:
    """Use ``catalog`` from now on (None: choose again, as at start-up)."""
    global _active, _fallback_reason
    _active = catalog
    if catalog is None:
        _fallback_reason = None
