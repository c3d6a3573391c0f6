"""S3 request-rate sizing: prefixes for a request rate, the SSE-KMS quota, multipart advice
and pre-signed URL expiry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from calc.errors import InputError
from calc.pricing import Basis, Limits
from calc.report import PriceUsed
from calc.s3.models import S3PrefixInput
from calc.units import GIB_PER_TIB, MIB_PER_GIB, PCT, SECONDS_PER_MINUTE

KMS_QUOTA_KEYS = ("kms.quota.requests_per_second_low", "kms.quota.requests_per_second_mid",
                  "kms.quota.requests_per_second_high")


def prefixes_needed(*, put_per_second: Any, get_per_second: Any, put_per_prefix: Any,
                    get_per_prefix: Any) -> Any:
    """Prefixes needed to sustain a PUT and a GET rate.

    Parameters
    ----------
    put_per_second, get_per_second : float or array
        Target PUT/COPY/POST/DELETE and GET/HEAD rates [requests/s].
    put_per_prefix, get_per_prefix : float or array
        What one prefix sustains at least [requests/s].

    Returns
    -------
    int or array
        ``max(ceil(put / put_per_prefix), ceil(get / get_per_prefix), 1)`` [prefixes].

    Notes
    -----
    Rule: S3-PERFORMANCE (at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests
    per second per prefix, notes L2857; no limit to the number of prefixes).
    """
    put = np.ceil(np.asarray(put_per_second, float) / np.asarray(put_per_prefix, float))
    get = np.ceil(np.asarray(get_per_second, float) / np.asarray(get_per_prefix, float))
    out = np.maximum(np.maximum(put, get), 1).astype(np.int64)
    if all(np.ndim(x) == 0 for x in (put_per_second, get_per_second)):
        return int(out)
    return out


def kms_requests_per_second(*, put_per_second: Any, get_per_second: Any) -> Any:
    """KMS calls SSE-KMS makes: one GenerateDataKey per upload, one Decrypt per download.

    Notes
    -----
    Rule: S3-KMS-QUOTA (notes L2966-2969). S3 Bucket Keys reduce these calls; not modelled.
    """
    total = np.asarray(put_per_second, float) + np.asarray(get_per_second, float)
    return float(total) if total.ndim == 0 else total


MultipartAdvice = Literal["single_put", "multipart_recommended", "multipart_required"]


@dataclass(frozen=True)
class Multipart:
    advice: MultipartAdvice
    reason: str


def multipart_advice(*, object_size_mb: float, limits: Limits, basis: Basis = "aws_today"
                     ) -> Multipart:
    """Single PUT, multipart recommended or multipart required for an object size.

    Sizes in MiB; the notes' "100 MB", "5 GB" and "5 TB" are read as MiB, GiB and TiB (the
    AWS quota table gives 5 GiB; the largest object is 5 TiB in the notes, 50,000 GiB today).
    Above the maximum object size: InputError.

    Notes
    -----
    Rule: S3-MULTIPART (recommended above 100 MB, required above 5 GB, at most 5 TB; notes
    L2715-2716, L2858-2861). AWS today (S3 User Guide, "Amazon S3 objects overview"): at most
    50 TB, bounded in fact by 10,000 parts x 5 GiB = 50,000 GiB (51,200,000 MiB).
    """
    rec_mb = limits.value("s3.multipart.recommended_above_mb", basis)
    req_mb = limits.value("s3.multipart.required_above_gb", basis) * MIB_PER_GIB
    max_tb = limits.value("s3.object.max_size_tb", basis)
    parts = limits.value("s3.multipart.max_parts", basis)
    part_gib = limits.value("s3.multipart.max_part_size_gib", basis)
    # the stated maximum, and what 10,000 parts of 5 GiB can hold (AWS: "50 TB" is in fact
    # 50,000 GiB); the notes' 5 TB is below both
    max_mb = min(max_tb * GIB_PER_TIB * MIB_PER_GIB, parts * part_gib * MIB_PER_GIB)
    if object_size_mb > max_mb:
        raise InputError("object_size_mb", object_size_mb,
                         f"an S3 object is at most {max_mb:,.0f} MB "
                         f"({max_tb:g} TB; {parts:,.0f} parts of at most {part_gib:g} GiB)",
                         rule_id="S3-MULTIPART")
    if object_size_mb > req_mb:
        return Multipart("multipart_required",
                         f"above {req_mb:,.0f} MB a single PUT is not accepted")
    if object_size_mb > rec_mb:
        return Multipart("multipart_recommended",
                         f"above {rec_mb:,.0f} MB multipart upload is recommended "
                         "(parallel parts, retry one part)")
    return Multipart("single_put", f"at most {rec_mb:,.0f} MB: a single PUT is fine")


@dataclass(frozen=True)
class S3PrefixResult:
    prefixes_needed: int
    put_per_prefix: float
    get_per_prefix: float
    kms_requests_per_second: float
    kms: pd.DataFrame  # one row per regional KMS quota
    multipart: Multipart | None
    prices_used: list[PriceUsed] = field(default_factory=list)  # none: limits only

    @property
    def kms_exceeds_any(self) -> bool:
        """Verdict: the SSE-KMS calls exceed at least the lowest regional KMS quota."""
        return bool(self.kms["exceeds"].any())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "prefixes_needed": self.prefixes_needed, "put_per_prefix": self.put_per_prefix,
            "get_per_prefix": self.get_per_prefix,
            "kms_requests_per_second": self.kms_requests_per_second, "kms": self.kms}
        if self.multipart is not None:
            out["multipart"] = self.multipart.__dict__
        return out


def size_prefixes(inp: S3PrefixInput, *, limits: Limits) -> S3PrefixResult:
    """Prefixes for a request rate, SSE-KMS against each regional quota, multipart advice.

    Notes
    -----
    Rules: S3-PERFORMANCE, S3-KMS-QUOTA (5,500, 10,000 or 30,000 requests/s depending on the
    Region; the snapshot has no Region-to-quota map, so all three are shown), S3-MULTIPART.
    """
    lim = limits
    put_pp = lim.value("s3.prefix.put_per_second", inp.basis)
    get_pp = lim.value("s3.prefix.get_per_second", inp.basis)
    n = prefixes_needed(put_per_second=inp.put_per_second, get_per_second=inp.get_per_second,
                        put_per_prefix=put_pp, get_per_prefix=get_pp)
    kms_rps = kms_requests_per_second(put_per_second=inp.put_per_second,
                                      get_per_second=inp.get_per_second) if inp.sse_kms else 0.0
    rows = []
    for key in KMS_QUOTA_KEYS:
        quota = lim.value(key, inp.basis)
        rows.append({"kms_quota_requests_per_second": quota,
                     "kms_requests_per_second": kms_rps,
                     "exceeds": kms_rps > quota,
                     "utilisation_pct": kms_rps / quota * PCT,
                     "rule_id": lim[key].rule_id})
    mp = (multipart_advice(object_size_mb=inp.object_size_mb, limits=lim, basis=inp.basis)
          if inp.object_size_mb is not None else None)
    return S3PrefixResult(n, put_pp, get_pp, kms_rps, pd.DataFrame(rows), mp)


def check_presigned_expiry(*, expires_s: float, via: Literal["console", "cli"],
                           limits: Limits, basis: Basis = "aws_today") -> float:
    """``expires_s`` if a pre-signed URL may last that long via ``via``, else InputError.

    Notes
    -----
    Rule: S3-PRESIGNED (console 1-720 min; CLI ``--expires-in`` default 3,600 s, at most
    604,800 s, notes L3022-3023).
    """
    lim = limits
    if via == "console":
        lo = lim.value("s3.presigned.console_min_minutes", basis) * SECONDS_PER_MINUTE
        hi = lim.value("s3.presigned.console_max_minutes", basis) * SECONDS_PER_MINUTE
        ok = lo <= expires_s <= hi
        allowed = f"a console pre-signed URL lasts {lo:g} to {hi:g} s"
    else:
        hi = lim.value("s3.presigned.cli_max_s", basis)
        ok = 0 < expires_s <= hi
        allowed = f"a CLI pre-signed URL lasts more than 0 and at most {hi:g} s"
    if not ok:
        raise InputError("expires_s", expires_s, allowed, rule_id="S3-PRESIGNED")
    return expires_s
