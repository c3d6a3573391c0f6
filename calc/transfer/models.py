"""The input of the transfer calculator: data to move and the network link it would use."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from calc.errors import InputError
from calc.fields import Basis, bound_models

MIN_BANDWIDTH_MBPS = 0.001  # 1 kbit/s
MIN_UTILIZATION = 0.01  # 1 % of the link


class TransferInput(BaseModel):
    """Data to move and the network link it would use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_tb: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="data to move [TB, decimal]")
    bandwidth_mbps: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="network link [Mbit/s], at least 0.001 (1 kbit/s)")
    utilization: float = Field(0.8, description="share of the link the transfer gets, from "
                                                "0.01 to 1 (rule SNOW-RULE)")
    basis: Basis = Field("aws_today", description="the one-week rule as AWS today or the notes")

    # The lower bounds keep the model's range sane: below 1 kbit/s or 1 % of a link no
    # transfer plan is meant, and a bandwidth of 1e-187 x a share of 1e-187 underflows to a
    # link of zero (a division by zero the fuzz found, issue 15).
    @field_validator("bandwidth_mbps")
    @classmethod
    def _link_floor(cls, v: float) -> float:
        if v < MIN_BANDWIDTH_MBPS:
            raise InputError("bandwidth_mbps", v, f"must be at least {MIN_BANDWIDTH_MBPS} "
                             "Mbit/s (1 kbit/s)", rule_id="SNOW-RULE")
        return v

    @field_validator("utilization")
    @classmethod
    def _in_range(cls, v: float) -> float:
        if not (MIN_UTILIZATION <= v <= 1):
            raise InputError("utilization", v, f"must be from {MIN_UTILIZATION} to 1: the "
                             "share of the link the transfer gets", rule_id="SNOW-RULE")
        return v


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
