"""The price catalog: lazy, validated access to a dated price snapshot.

A :class:`Catalog` reads one snapshot folder (the bundled ``pricing_data`` package, or a
refreshed copy). Tables load on first use only, are checked against
:mod:`calc.pricing.schema`, and are cached. Every answer carries its ``as_of`` date and source.
A missing price raises :class:`~calc.pricing.errors.PriceNotFound`; nothing is guessed.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from calc.pricing.errors import PriceNotFound, SnapshotError, unknown_name
from calc.pricing.schema import SCHEMAS, TableSchema

Basis = Literal["aws_today", "notes"]


@dataclass(frozen=True)
class Source:
    """Where a table's prices come from and the date they were published or fetched."""

    id: str
    title: str
    url: str
    as_of: str


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    continent: str


@dataclass(frozen=True)
class PriceRecord:
    """One region's row of a flat price table (Lambda, EBS, EFS).

    ``values`` maps column name to USD (``None`` where the snapshot has no price).
    """

    table: str
    region: str
    values: Mapping[str, float | None]
    units: Mapping[str, str]
    source: Source

    @property
    def as_of(self) -> str:
        return self.source.as_of

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
class TieredPrice:
    """A price with volume tiers, with its unit, AWS meter name(s) and source."""

    what: str
    unit: str
    tiers: tuple[Tier, ...]
    meter: str
    source: Source

    @property
    def as_of(self) -> str:
        return self.source.as_of

    @property
    def flat_usd_per_unit(self) -> float:
        """The price of the first tier (the whole price when there is one tier)."""
        return self.tiers[0].usd_per_unit


@dataclass(frozen=True)
class Ec2Rate:
    """An EC2 hourly price for one instance type in one region."""

    region: str
    instance_type: str
    operating_system: str
    tenancy: str
    usd_per_hour: float
    source: Source

    @property
    def as_of(self) -> str:
        return self.source.as_of


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
        return Source(source_id, s.get("title", ""), s.get("url", ""), s.get("as_of", ""))

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
        t = self.table("regions")
        return {r.region_code: Region(r.region_code, r.name, r.continent)
                for r in t.itertuples(index=False)}

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

    # -- limits -----------------------------------------------------------------------------
    @cached_property
    def limits(self) -> Limits:
        return Limits(self.table("limits"), SCHEMAS["limits"].file)


def bundled_root() -> Traversable:
    """The snapshot shipped with the package (``pricing_data``)."""
    return resources.files("pricing_data")


_active: Catalog | None = None


def active_catalog() -> Catalog:
    """The catalog the app uses (the bundled snapshot unless another was activated)."""
    global _active
    if _active is None:
        _active = Catalog(bundled_root())
    return _active


def set_active_catalog(catalog: Catalog | None) -> None:
    """Use ``catalog`` from now on (None: back to the bundled snapshot)."""
    global _active
    _active = catalog
