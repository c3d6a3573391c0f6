"""The cheapest S3 class for an access pattern, with why each other class loses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.errors import InputError
from calc.pricing.catalog import Basis, Catalog, active_catalog
from calc.s3 import formulas as f
from calc.s3.classes import ARCHIVE_RETRIEVAL, CLASS_IDS, LABELS, class_info, retrieval_max_s
from calc.s3.cost import NonNegative, S3CostInput, s3_cost
from calc.units import DAYS_PER_MONTH, SECONDS_PER_HOUR, SECONDS_PER_MINUTE

# breakdown component -> the group a loser is explained by
GROUPS = ("storage", "requests", "retrieval", "monitoring", "minimum_duration")


def _group(component: str) -> str:
    if component.startswith("storage"):
        return "storage"
    if component.startswith("requests") or component.startswith("retrieval_requests"):
        return "requests"
    if component.startswith("retrieval") or component == "upload":
        return "retrieval"
    if component.startswith("monitoring"):
        return "monitoring"
    return "minimum_duration"


def _duration(seconds: float) -> str:
    if seconds < SECONDS_PER_HOUR:
        return f"{seconds / SECONDS_PER_MINUTE:g} min"
    return f"{seconds / SECONDS_PER_HOUR:g} h"


class S3ChooseInput(BaseModel):
    """An access pattern: how much is stored, how often it is read, how long one can wait."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    storage_gb: NonNegative = Field(description="data stored [GB, 1 TB = 1,024 GB]")
    objects: NonNegative | None = Field(None, description="objects stored [count]")
    avg_object_kb: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        None, description="average object size [KB] (instead of the object count)")
    put_requests: NonNegative = Field(0, description="PUT/COPY/POST/LIST requests a month")
    get_requests: NonNegative = Field(0, description="reads (GET requests) a month; each read "
                                                     "of an archive class is also a restore")
    retrieval_gb: NonNegative = Field(0, description="data read back a month [GB]")
    max_wait_hours: NonNegative = Field(
        0, description="the longest wait for the first byte one accepts [h]; 0 = milliseconds "
                       "only (rule S3-RETRIEVAL)")
    retention_days: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        None, description="how long each object is kept [days]; shorter than a class minimum "
                          "adds its minimum-duration charge (rule S3-MIN-DURATION)")
    min_availability_pct: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None, description="lowest acceptable designed availability [%] (rule S3-AVAILABILITY)")
    basis: Basis = Field("aws_today", description="limits as AWS states them today or the notes")

    @model_validator(mode="after")
    def _objects_given(self) -> S3ChooseInput:
        if self.objects is None and self.avg_object_kb is None:
            raise InputError("objects", None, "give the object count or the average object size "
                             "(minimum object sizes and monitoring fees depend on it)",
                             rule_id="S3-MIN-DURATION")
        return self

    @property
    def object_count(self) -> float:
        if self.objects is not None:
            return self.objects
        assert self.avg_object_kb is not None
        return self.storage_gb * f.KB_PER_GB / self.avg_object_kb

    @property
    def object_kb(self) -> float:
        if self.avg_object_kb is not None:
            return self.avg_object_kb
        return self.storage_gb * f.KB_PER_GB / self.objects if self.objects else 0.0


@dataclass(frozen=True)
class S3ChooseResult:
    ranking: pd.DataFrame  # one row per class, cheapest eligible first
    winner: str | None
    as_of: list[str]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"winner": self.winner, "ranking": self.ranking, "as_of": self.as_of,
                "notes": self.notes}


def choose_class(inp: S3ChooseInput, catalog: Catalog | None = None) -> S3ChooseResult:
    """Rank every class by monthly cost for an access pattern; explain each loser.

    Archive classes restore with the cheapest tier whose slowest time fits ``max_wait_hours``
    and pay one restore request per read. Intelligent-Tiering is taken in steady state: the
    share of data read each month stays in Frequent Access, the rest has gone 90 days without
    access and sits in Archive Instant Access.

    Notes
    -----
    Rules: S3-CLASSES, S3-RETRIEVAL, S3-MIN-DURATION, S3-INTELLIGENT, S3-AVAILABILITY,
    S3-DURABILITY.
    """
    cat = catalog or active_catalog()
    cat.region(inp.region)
    lim = cat.limits
    wait_s = inp.max_wait_hours * SECONDS_PER_HOUR
    objects = inp.object_count
    rows: list[dict[str, Any]] = []
    dates: set[str] = set()
    for cid in CLASS_IDS:
        info = class_info(cid, lim, inp.basis)
        row: dict[str, Any] = {"storage_class": cid, "label": LABELS[cid], "eligible": True,
                               "usd_per_month": None, **{f"{g}_usd": 0.0 for g in GROUPS},
                               "complete": True, "reason": "", "retrieval_tier": None,
                               "first_byte": info.first_byte,
                               "availability_pct": info.availability_pct,
                               "durability_pct": info.durability_pct,
                               "min_duration_days": info.min_duration_days}
        rows.append(row)
        kwargs: dict[str, Any] = dict(region=inp.region, storage_class=cid,
                                      storage_gb=inp.storage_gb, objects=objects,
                                      put_requests=inp.put_requests,
                                      get_requests=inp.get_requests,
                                      retrieval_gb=inp.retrieval_gb, basis=inp.basis)
        if cid in ARCHIVE_RETRIEVAL:
            fits = [t for t, _, _ in ARCHIVE_RETRIEVAL[cid]
                    if retrieval_max_s(cid, t, lim, inp.basis) <= wait_s]
            if not fits:
                row.update(eligible=False, reason="restores take up to "
                           f"{_duration(info.first_byte_max_s)} even with the fastest tier; you "
                           f"accept {_duration(wait_s)} [S3-RETRIEVAL]")
                continue
            tier = fits[0]
            row["retrieval_tier"] = tier
            kwargs.update(retrieval_tier=tier, retrieval_requests=inp.get_requests)
        elif cid == "intelligent_tiering":
            read_share = min(1.0, inp.retrieval_gb / inp.storage_gb) if inp.storage_gb else 1.0
            kwargs["it_archive_instant_pct"] = (1.0 - read_share) * 100.0
        elif cid == "express_onezone":
            kwargs["upload_gb"] = inp.put_requests * inp.object_kb / f.KB_PER_GB
        if (inp.min_availability_pct is not None
                and info.availability_pct < inp.min_availability_pct):
            row.update(eligible=False, reason=f"designed for {info.availability_pct:g}% "
                       f"availability; you need {inp.min_availability_pct:g}% [S3-AVAILABILITY]")
            continue
        res = s3_cost(S3CostInput(**kwargs), cat)
        dates.update(res.as_of)
        groups = dict.fromkeys(GROUPS, 0.0)
        for r in res.breakdown.itertuples(index=False):
            if r.price_available:
                groups[_group(str(r.component))] += float(r.usd_per_month)
        storage_month = groups["storage"]
        if inp.retention_days is not None and info.min_duration_days > inp.retention_days:
            # each object is replaced every retention_days but billed for the minimum
            groups["minimum_duration"] = f.early_delete_usd(
                usd_per_month=storage_month, days_stored=inp.retention_days,
                min_duration_days=info.min_duration_days) * DAYS_PER_MONTH / inp.retention_days
        row.update({f"{g}_usd": v for g, v in groups.items()})
        row["usd_per_month"] = sum(groups.values())
        if not res.complete:
            row.update(complete=False, eligible=False,
                       reason="cannot be ranked: " + "; ".join(res.missing))

    table = pd.DataFrame(rows)
    ok = table[table["eligible"]].sort_values("usd_per_month", kind="stable")
    rest = table[~table["eligible"]]
    table = pd.concat([ok, rest], ignore_index=True)
    table.insert(0, "rank", pd.array([i + 1 if e else None
                                      for i, e in enumerate(table["eligible"])], dtype="Int64"))
    winner = str(ok.iloc[0]["storage_class"]) if len(ok) else None
    if winner is not None:
        best = table.iloc[0]
        for i in range(len(table)):
            r = table.iloc[i]
            if not r["eligible"]:
                continue
            if i == 0:
                table.loc[i, "reason"] = "cheapest"
                continue
            diffs = {g: float(r[f"{g}_usd"]) - float(best[f"{g}_usd"]) for g in GROUPS}
            worst = max(diffs, key=lambda g: diffs[g])
            more = float(r["usd_per_month"]) - float(best["usd_per_month"])
            table.loc[i, "reason"] = (
                f"${more:,.2f} a month more than {best['label']}, mostly {worst.replace('_', ' ')}"
                f" (${float(r[f'{worst}_usd']):,.2f} vs ${float(best[f'{worst}_usd']):,.2f})")
    notes = [
        f"{objects:,.0f} objects, {inp.object_kb:,.1f} KB on average",
        "Intelligent-Tiering in steady state: data read each month stays in Frequent Access, "
        "the rest sits in Archive Instant Access after 90 days without access [S3-INTELLIGENT]",
    ]
    return S3ChooseResult(table, winner, sorted(dates), notes)
