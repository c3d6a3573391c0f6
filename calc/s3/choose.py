"""The cheapest S3 class for an access pattern, with why each other class loses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from calc.pricing.catalog import Catalog
from calc.report import PriceUsed
from calc.s3 import charges as f
from calc.s3.classes import ARCHIVE_RETRIEVAL, CLASS_IDS, LABELS, class_info, retrieval_max_s
from calc.s3.cost import s3_cost
from calc.s3.models import S3ChooseInput, S3CostInput
from calc.s3.prices import dedupe
from calc.units import DAYS_PER_MONTH, PCT, SECONDS_PER_HOUR, SECONDS_PER_MINUTE

# breakdown component -> the group a loser is explained by
GROUPS = ("storage", "requests", "retrieval", "monitoring", "minimum_duration")
GROUP_LABELS = {"storage": "storage", "requests": "requests", "retrieval": "retrieval",
                "monitoring": "monitoring", "minimum_duration": "minimum duration"}


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


@dataclass(frozen=True)
class S3ChooseResult:
    """The classes ranked for an access pattern; ``winner`` is the cheapest eligible one."""

    ranking: pd.DataFrame  # one row per class, cheapest eligible first
    winner: str | None
    as_of: list[str]
    notes: list[str]
    prices_used: list[PriceUsed] = field(default_factory=list)

    @property
    def winner_label(self) -> str | None:
        return LABELS[self.winner] if self.winner is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {"winner": self.winner, "ranking": self.ranking, "as_of": self.as_of,
                "notes": self.notes}


def choose_class(inp: S3ChooseInput, *, catalog: Catalog) -> S3ChooseResult:
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
    cat = catalog
    lim = cat.limits
    wait_s = inp.max_wait_hours * SECONDS_PER_HOUR
    objects = inp.object_count
    rows: list[dict[str, Any]] = []
    dates: set[str] = set()
    used: list[PriceUsed] = []
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
            kwargs["it_archive_instant_pct"] = (1.0 - read_share) * PCT
        elif cid == "express_onezone":
            kwargs["upload_gb"] = inp.put_requests * inp.object_kb / f.KB_PER_GB
        if (inp.min_availability_pct is not None
                and info.availability_pct < inp.min_availability_pct):
            row.update(eligible=False, reason=f"designed for {info.availability_pct:g}% "
                       f"availability; you need {inp.min_availability_pct:g}% [S3-AVAILABILITY]")
            continue
        res = s3_cost(S3CostInput(**kwargs), catalog=cat)
        dates.update(res.as_of)
        used += res.prices_used
        groups = dict.fromkeys(GROUPS, 0.0)
        b = res.breakdown
        for component, priced, usd in zip(b["component"].tolist(),
                                          b["price_available"].tolist(),
                                          b["usd_per_month"].tolist(), strict=True):
            if priced:
                groups[_group(str(component))] += float(usd)
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

    ok = sorted((r for r in rows if r["eligible"]), key=lambda r: float(r["usd_per_month"]))
    ordered = [*ok, *(r for r in rows if not r["eligible"])]
    winner = str(ok[0]["storage_class"]) if ok else None
    if ok:
        best = ok[0]
        best["reason"] = "cheapest"
        for other in ok[1:]:
            diffs = {g: float(other[f"{g}_usd"]) - float(best[f"{g}_usd"]) for g in GROUPS}
            worst = max(diffs, key=lambda g: diffs[g])
            more = float(other["usd_per_month"]) - float(best["usd_per_month"])
            other["reason"] = (
                f"${more:,.2f} a month more than {best['label']}, mostly {GROUP_LABELS[worst]}"
                f" (${float(other[f'{worst}_usd']):,.2f} vs "
                f"${float(best[f'{worst}_usd']):,.2f})")
    table = pd.DataFrame(ordered)
    ranks = pd.Series([i + 1 if r["eligible"] else None for i, r in enumerate(ordered)],
                      dtype="Int64")
    table.insert(0, "rank", ranks)
    notes = [
        f"{objects:,.0f} objects, {inp.object_kb:,.1f} KB on average",
        "Intelligent-Tiering in steady state: data read each month stays in Frequent Access, "
        "the rest sits in Archive Instant Access after 90 days without access [S3-INTELLIGENT]",
    ]
    return S3ChooseResult(table, winner, sorted(dates), notes, dedupe(used))
