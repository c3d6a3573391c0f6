"""SSM Parameter Store (calc.checks.ssm_parameters): the Advanced-tier charge."""

from __future__ import annotations

import numpy as np
import pytest

from calc.checks import ssm_parameters as ssm

# AWS Systems Manager pricing page, Parameter Store (read 2026-11-26): Advanced parameters
# $0.05 per parameter per month; the notes give the same figure (L969).
ADVANCED_USD_PER_PARAMETER_MONTH = 0.05


def test_ssm_advanced_cost() -> None:
    # rule: SSM-PARAMETER-TIERS. Notes L969: $0.05 per advanced parameter per month: 2,000
    # parameters cost $100 a month.
    usd = ADVANCED_USD_PER_PARAMETER_MONTH
    assert ssm.ssm_advanced_usd_per_month(parameters=2000, usd_per_parameter_month=usd) == \
        pytest.approx(100)
    vec = ssm.ssm_advanced_usd_per_month(parameters=np.array([0, 1, 2000]),
                                         usd_per_parameter_month=usd)
    assert vec.tolist() == pytest.approx([0, 0.05, 100])
