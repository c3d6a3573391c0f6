"""The input of the transfer calculator: data to move and the network link it would use."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from calc.errors import InputError
from calc.fields import Basis, bound_models


class TransferInput(BaseModel):
    """Data to move and the network link it would use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_tb: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="data to move [TB, decimal]")
    bandwidth_mbps: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        description="network link [Mbit/s]")
    utilization: float = Field(0.8, description="share of the link the transfer gets, in "
                                                "(0, 1] (rule SNOW-RULE)")
    basis: Basis = Field("aws_today", description="the one-week rule as AWS today or the notes")

    @field_validator("utilization")
    @classmethod
    def _in_range(cls, v: float) -> float:
        if not (0 < v <= 1):
            raise InputError("utilization", v, "must be in (0, 1]: the share of the link the "
                             "transfer gets", rule_id="SNOW-RULE")
        return v


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
