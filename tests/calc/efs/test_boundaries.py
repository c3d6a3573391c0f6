"""EFS storage classes at their boundaries (issue 13, docs/accuracy.md): the IA and Archive
shares from 0 to 100%, One Zone against Regional. Bursting throughput (EFS-BURST) is the EFS
helper's work, tested in its files. No snapshot price is pinned here: the cases compare lines of
one result with each other.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calc.efs import api
from calc.efs.costs import efs_storage_usd
from calc.efs.models import EfsCostInput
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()


def _lines(**kw: object) -> dict[str, float]:
    res = api.cost(EfsCostInput.model_validate({"storage_gb": 1_000, **kw}), catalog=CAT)
    return {str(r["component"]): float(r["quantity"]) for _, r in res.breakdown.iterrows()}


# -- EFS-IA ----------------------------------------------------------------------------------
# AWS EFS User Guide, "Storage classes" and "Lifecycle management": data moves to IA (and
# Archive) by lifecycle policy; EFS pricing page: IA storage per GB-month plus a per-GB access
# charge; the worked example 177 GB-months x $0.30 = $53.10 (Standard, us-east-1).
def test_pricing_page_example_all_standard() -> None:
    # rule: EFS-IA. Zero IA and Archive share: everything at the Standard price.
    usd = efs_storage_usd(storage_gb=177, ia_share=0, archive_share=0,
                          standard_usd_per_gb_month=0.30, ia_usd_per_gb_month=0.0,
                          archive_usd_per_gb_month=0.0)  # IA, Archive: no share here
    assert usd == pytest.approx(53.10)


@pytest.mark.parametrize(("ia", "archive", "ok"), [
    (0, 0, True), (100, 0, True), (0, 100, True), (60, 40, True), (60, 40.01, False),
    (100.01, 0, False)])
def test_ia_and_archive_shares_up_to_100_pct(ia: float, archive: float, ok: bool) -> None:
    # rule: EFS-IA
    data = {"storage_gb": 1, "ia_percent": ia, "archive_percent": archive}
    if ok:
        EfsCostInput.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            EfsCostInput.model_validate(data)


def test_zero_ia_share_bills_no_ia_line() -> None:
    # rule: EFS-IA
    lines = _lines()
    assert lines["standard_storage"] == 1_000 and "ia_storage" not in lines


def test_all_in_ia_leaves_no_standard_storage() -> None:
    # rule: EFS-IA. 100% in IA: 0 GB-months of Standard, 1,000 of IA.
    lines = _lines(ia_percent=100)
    assert lines["standard_storage"] == 0 and lines["ia_storage"] == 1_000


# -- EFS-ONE-ZONE ----------------------------------------------------------------------------
# EFS pricing page: One Zone storage classes cost less than the Regional ones.
def test_one_zone_storage_is_cheaper_than_regional() -> None:
    # rule: EFS-ONE-ZONE. The same 1,000 GB in both.
    regional = api.cost(EfsCostInput(storage_gb=1_000), catalog=CAT).usd_per_month
    one_zone = api.cost(EfsCostInput(storage_gb=1_000, one_zone=True),
                        catalog=CAT).usd_per_month
    assert regional is not None and one_zone is not None and one_zone < regional


def test_zero_storage_costs_nothing() -> None:
    # rule: EFS-IA. Zero use.
    assert api.cost(EfsCostInput(storage_gb=0), catalog=CAT).usd_per_month == 0
