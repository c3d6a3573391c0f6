"""The price catalog: lazy, validated access to one dated price snapshot.

A :class:`Catalog` reads one snapshot folder (the bundled ``pricing_data`` package, or a
refreshed copy; finding and choosing one is :mod:`calc.pricing.snapshots`). Tables load on
first use only, are checked against :mod:`calc.pricing.schema`, and are cached. Every answer
carries its ``as_of`` date and source (:mod:`calc.pricing.records`). A missing price raises
:class:`~calc.pricing.errors.PriceNotFound`; nothing is guessed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import threading
import zlib
from functools import cached_property
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from calc.errors import unknown_name
from calc.pricing.errors import PriceNotFound, SnapshotError
from calc.pricing.limits import Limits
from calc.pricing.records import (
    Ec2Prices,
    Ec2Rate,
    Ec2Term,
    PriceRecord,
    Region,
    Source,
    SpotAdvice,
    Tier,
    TieredPrice,
    effective_term,
)
from calc.pricing.schema import SCHEMAS, TableSchema, optional_float

if TYPE_CHECKING:  # pandas loads with the first table, not at import (GUI start-up time)
    import pandas as pd

# Records and limits are imported from calc.pricing; which catalog is active is
# calc.pricing.snapshots' business.
__all__ = ["Catalog"]


def _plain(v: Any) -> Any:
    """numpy scalars to Python; NaN to None."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


_SHA256 = re.compile(r"[0-9a-f]{64}")


def one_line(e: BaseException) -> str:
    """An exception's text, cut to one short line (a 5000-digit integer's message is long)."""
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _type_name(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(v), type(v).__name__)


def check_manifest(data: Any) -> dict[str, Any]:
    """``data`` (a parsed manifest.json) with every field the app reads of the right type, or
    a :class:`SnapshotError` naming the first field that is not (never a TypeError later):
    ``sources`` an object of objects with string fields, ``tables`` an object listing every
    table of :data:`~calc.pricing.schema.SCHEMAS` with its ``file`` (the schema's), ``rows``
    (a count), ``sha256`` (64 hex digits), ``sources`` (known source ids) and ``as_of``."""
    def bad(where: str, want: str, value: Any) -> SnapshotError:
        return SnapshotError("manifest.json", f"{where} must be {want}, not {_type_name(value)}")

    if not isinstance(data, dict):
        raise bad("the manifest", "an object", data)
    for key in ("sources", "tables"):
        if not isinstance(data.get(key), dict):
            raise bad(f"{key!r}", "an object", data.get(key))
    for sid, src in data["sources"].items():
        if not isinstance(src, dict):
            raise bad(f"source {sid!r}", "an object", src)
        for k in ("name", "title", "url", "as_of"):
            if k in src and not isinstance(src[k], str):
                raise bad(f"source {sid!r} {k!r}", "a string", src[k])
    for name, schema in SCHEMAS.items():
        info = data["tables"].get(name)
        if not isinstance(info, dict):
            raise SnapshotError("manifest.json", f"lists no table {name!r}")
        if info.get("file") != schema.file:
            raise SnapshotError("manifest.json", f"table {name!r} 'file' must be "
                                                 f"{schema.file!r}")
        rows = info.get("rows")
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            raise bad(f"table {name!r} 'rows'", "a row count", rows)
        sha = info.get("sha256")
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            raise bad(f"table {name!r} 'sha256'", "64 hexadecimal digits", sha)
        if not isinstance(info.get("as_of"), str):
            raise bad(f"table {name!r} 'as_of'", "a date string", info.get("as_of"))
        sources = info.get("sources")
        if not isinstance(sources, list) or not all(isinstance(x, str) for x in sources):
            raise bad(f"table {name!r} 'sources'", "a list of source ids", sources)
        unknown = [x for x in sources if x not in data["sources"]]
        if unknown:
            raise SnapshotError("manifest.json", f"table {name!r} names unknown source "
                                                 f"{unknown[0]!r}")
    return data


# The most one table may hold once decompressed. The largest table today (every Region's
# Reserved offers) is about 4 MB; a refresh of every operating system stays well below this.
# A hostile or damaged ``.gz`` (a 3 MB file can expand to gigabytes) is refused at this size,
# before it fills the memory (issue 15, item 8).
MAX_TABLE_BYTES = 256 * 2**20


def gunzip_capped(raw: bytes, limit: int | None = None) -> bytes:
    """The decompressed bytes of a gzip file (every member), never more than ``limit``
    (default :data:`MAX_TABLE_BYTES`): a larger result raises ``ValueError`` having produced
    at most ``limit + 1`` bytes."""
    if limit is None:
        limit = MAX_TABLE_BYTES
    out: list[bytes] = []
    size = 0
    data = raw
    while data:
        d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # a gzip header and trailer
        chunk = d.decompress(data, limit + 1 - size)
        size += len(chunk)
        out.append(chunk)
        if size > limit or d.unconsumed_tail:
            raise ValueError(f"it decompresses to more than {limit // 2**20} MiB")
        if not d.eof:
            raise EOFError("compressed file ended before the end-of-stream marker")
        data = d.unused_data.lstrip(b"\0")  # gzip allows members back to back (and padding)
    return b"".join(out)


class Catalog:
    """One price snapshot folder. Tables load lazily and are validated on first use."""

    def __init__(self, root: Traversable | Path, *, label: str = "bundled") -> None:
        self.root = root
        self.label = label
        self._tables: dict[str, pd.DataFrame] = {}
        # one lock per table: loaded once even when two threads ask for it (the EC2 page's
        # every-Region comparison runs in a worker thread)
        self._table_locks: dict[str, threading.Lock] = {}

    # -- the snapshot as a whole ------------------------------------------------------------
    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The snapshot's manifest.json, its types checked (:func:`check_manifest`)."""
        path = self.root / "manifest.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SnapshotError("manifest.json", "file is missing") from None
        except (ValueError, UnicodeDecodeError, RecursionError) as e:  # JSONDecodeError too
            raise SnapshotError("manifest.json", f"not valid JSON ({one_line(e)})") from None
        except OSError as e:
            raise SnapshotError("manifest.json", f"cannot be read ({e.strerror or e})") from None
        return check_manifest(data)

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
        table = self._tables.get(name)
        if table is None:
            with self._table_locks.setdefault(name, threading.Lock()):
                table = self._tables.get(name)
                if table is None:
                    table = self._tables[name] = self._load(SCHEMAS[name])
        return table

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
                raw = gunzip_capped(raw)
            header = raw[: raw.find(b"\n")].decode("utf-8").strip().split(",")
        except (OSError, EOFError, ValueError, zlib.error) as e:  # ValueError: decode, cap
            raise SnapshotError(file, f"cannot be read ({e})") from None
        digest = hashlib.sha256(raw).hexdigest()  # compared last: the checks below name a cell
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
            # an empty cell is NaN ("nan" written out is refused above as not a number);
            # "inf", "-inf" or "1e999" parse as infinite and are no price or quantity
            inf = np.flatnonzero(np.isinf(values))
            if len(inf):
                r = int(inf[0])
                raise SnapshotError(file, f"{str(df[col.name].iloc[r])!r} is not a finite "
                                          "number", row=r + 2, column=col.name)
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
        self._check_digest(schema.name, file, digest)
        return df

    def _check_digest(self, name: str, file: str, digest: str) -> None:
        """The table's text must hash to the manifest's sha256: a price edited in place, a
        flipped bit or a renamed column keeps the size and the format but not the digest."""
        if digest != self.table_info(name)["sha256"]:
            raise SnapshotError(file, "its sha256 is not the one in manifest.json (the file "
                                      "was changed or damaged after the snapshot was written)")

    # -- regions ----------------------------------------------------------------------------
    @cached_property
    def _regions(self) -> dict[str, Region]:
        # Read with the csv module: the GUI shows its region list before pandas is imported.
        file = SCHEMAS["regions"].file
        try:
            data = (self.root / file).read_bytes()
            text = data.decode("utf-8")
        except FileNotFoundError:
            raise SnapshotError(file, "file is missing") from None
        except UnicodeDecodeError as e:
            raise SnapshotError(file, f"cannot be read ({e})") from None
        digest = hashlib.sha256(data).hexdigest()  # compared last, as in _load
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
        self._check_digest("regions", file, digest)
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
            values = {c: optional_float(rec[c]) for c in schema.units()}
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
        return [Tier(float(start), optional_float(end), float("nan"))
                for start, end in zip(rows["tier_start_gb_seconds_per_month"].tolist(),
                                      rows["tier_end_gb_seconds_per_month"].tolist(),
                                      strict=True)]

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
        tiers = tuple(Tier(float(start), optional_float(end), float(usd))
                      for start, end, usd in zip(rows["tier_start_gb"].tolist(),
                                                 rows["tier_end_gb"].tolist(),
                                                 rows["usd_per_unit"].tolist(), strict=True))
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
        row = t[t["instance_type"] == instance_type].iloc[0]
        return {str(k): v for k, v in row.items()}

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

    # -- EC2: every purchasing option (issue 3) ----------------------------------------------
    def _ec2_records(self, table: str, region: str, instance_type: str) -> list[dict[str, Any]]:
        """Rows of ``table`` for (region, instance type) as plain dicts, in the table's order.

        Found through a per-region index built on the region's first lookup (one pass over the
        region column, then one over that region's instance types): the first answer of the
        GUI needs one region of each table, not an index of every (region, type) pair."""
        cached = self._ec2_index.get(table)
        if cached is None:
            t = self.table(table)
            cached = ({c: t[c].to_numpy(dtype=object) for c in t.columns}, {})
            self._ec2_index[table] = cached
        columns, by_region = cached
        found = by_region.get(region)
        if found is None:  # (positions, their instance types): one object, thread-safe
            rows = np.flatnonzero(columns["region_code"] == region)
            found = by_region[region] = (rows, columns["instance_type"][rows])
        rows, types = found
        return [{c: _plain(v[i]) for c, v in columns.items()}
                for i in rows[np.flatnonzero(types == instance_type)]]

    @cached_property
    def _ec2_index(self) -> dict[str, tuple[dict[str, np.ndarray],
                                            dict[str, tuple[np.ndarray, np.ndarray]]]]:
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
        for r in self._ec2_records("ec2_reserved_effective", region, instance_type):
            k = (r["operating_system"], r["tenancy"], r["offering_class"],
                 str(int(r["term_years"])), r["purchase_option"])
            eff = effective_term(r, self.source(r["source"]), terms.get(k))
            if eff is not None:
                terms[k] = eff
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

    # -- limits -----------------------------------------------------------------------------
    @cached_property
    def limits(self) -> Limits:
        return Limits(self.table("limits"), SCHEMAS["limits"].file)
