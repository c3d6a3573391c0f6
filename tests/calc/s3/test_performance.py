"""S3 request-rate sizing: prefixes, SSE-KMS quota, multipart, pre-signed URL expiry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.errors import InputError
from calc.s3 import api
from calc.s3.models import S3PrefixInput
from calc.s3.performance import check_presigned_expiry, multipart_advice, prefixes_needed
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does
LIM = CAT.limits


@pytest.mark.parametrize(("put", "get", "n"), [
    # rule: S3-PERFORMANCE (notes L2857: 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD per
    # second per prefix)
    (0, 0, 1),  # no load: one prefix
    (3_500, 0, 1),  # exactly the PUT rate of one prefix
    (3_501, 0, 2),  # one past
    (0, 5_500, 1),
    (0, 5_501, 2),
    (7_000, 5_500, 2),
    (10_000, 30_000, 6),  # 10,000 / 3,500 -> 3; 30,000 / 5,500 -> 6
])
def test_prefixes_needed(put: float, get: float, n: int) -> None:
    res = api.prefixes(S3PrefixInput(put_per_second=put, get_per_second=get), catalog=CAT)
    assert res.prefixes_needed == n
    assert (res.put_per_prefix, res.get_per_prefix) == (3_500, 5_500)


@settings(max_examples=80)
@given(st.lists(st.tuples(st.floats(0, 1e7), st.floats(0, 1e7)), min_size=1, max_size=20))
def test_prefixes_scalar_equals_vector_and_covers_the_rate(rates: list) -> None:
    puts = np.array([r[0] for r in rates])
    gets = np.array([r[1] for r in rates])
    vec = prefixes_needed(put_per_second=puts, get_per_second=gets, put_per_prefix=3_500,
                          get_per_prefix=5_500)
    for i, (p, g) in enumerate(rates):
        n = prefixes_needed(put_per_second=p, get_per_second=g, put_per_prefix=3_500,
                            get_per_prefix=5_500)
        assert n == vec[i] and n >= 1
        assert n * 3_500 >= p and n * 5_500 >= g  # enough
        assert n == 1 or (n - 1) * 3_500 < p or (n - 1) * 5_500 < g  # and not one too many


@pytest.mark.parametrize(("put", "get", "exceeds"), [
    # rule: S3-KMS-QUOTA (notes L2966-2969: GenerateDataKey on upload, Decrypt on download,
    # 5,500 / 10,000 / 30,000 requests per second by Region)
    (2_500, 3_000, [False, False, False]),  # exactly 5,500: at the lowest quota, not over
    (2_500, 3_001, [True, False, False]),
    (10_000, 20_000, [True, True, False]),
    (10_000, 20_001, [True, True, True]),
])
def test_sse_kms_against_each_regional_quota(put: float, get: float, exceeds: list) -> None:
    res = api.prefixes(S3PrefixInput(put_per_second=put, get_per_second=get), catalog=CAT)
    assert res.kms_requests_per_second == put + get
    assert list(res.kms["kms_quota_requests_per_second"]) == [5_500, 10_000, 30_000]
    assert list(res.kms["exceeds"]) == exceeds


def test_without_sse_kms_no_kms_calls() -> None:
    res = api.prefixes(S3PrefixInput(put_per_second=50_000, sse_kms=False), catalog=CAT)
    assert res.kms_requests_per_second == 0 and not res.kms["exceeds"].any()


@pytest.mark.parametrize(("mb", "advice"), [
    # rule: S3-MULTIPART (notes L2858-2861: recommended above 100 MB, required above 5 GB)
    (100, "single_put"),  # exactly 100 MB
    (100.001, "multipart_recommended"),
    (5 * 1_024, "multipart_recommended"),  # exactly 5 GiB: a single PUT still works
    (5 * 1_024 + 0.001, "multipart_required"),
    (5 * 1_024 * 1_024, "multipart_required"),  # exactly 5 TiB: the notes' largest object
])
def test_multipart_advice(mb: float, advice: str) -> None:
    assert multipart_advice(object_size_mb=mb, limits=LIM).advice == advice


def test_object_larger_than_5_tb_is_rejected() -> None:
    # rule: S3-MULTIPART (notes L2715: objects at most 5 TB; AWS today 50 TB:
    # tests/calc/s3/test_boundaries.py)
    with pytest.raises(InputError, match="at most") as e:
        multipart_advice(object_size_mb=5 * 1_024 * 1_024 + 1, limits=LIM, basis="notes")
    assert e.value.rule_id == "S3-MULTIPART" and e.value.field == "object_size_mb"


@pytest.mark.parametrize(("seconds", "via", "ok"), [
    # rule: S3-PRESIGNED (notes L3022-3023: console 1-720 minutes; CLI at most 604,800 s)
    (60, "console", True), (59, "console", False), (720 * 60, "console", True),
    (720 * 60 + 1, "console", False), (3_600, "cli", True), (604_800, "cli", True),
    (604_801, "cli", False), (0, "cli", False),
])
def test_presigned_url_expiry(seconds: float, via: str, ok: bool) -> None:
    if ok:
        assert check_presigned_expiry(expires_s=seconds, via=via, limits=LIM) == seconds  # type: ignore[arg-type]
    else:
        with pytest.raises(InputError, match="S3-PRESIGNED"):
            check_presigned_expiry(expires_s=seconds, via=via, limits=LIM)  # type: ignore[arg-type]


def test_cli_default_expiry_is_within_range() -> None:
    # rule: S3-PRESIGNED (CLI --expires-in default 3,600 s)
    check_presigned_expiry(expires_s=LIM.value("s3.presigned.cli_default_s"), via="cli",
                           limits=LIM)
