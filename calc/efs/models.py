"""The input of the EFS calculator: a file system's size, class mix, access and throughput."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calc.errors import InputError
from calc.fields import Basis, basis_field
from calc.units import PCT

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
ThroughputMode = Literal["bursting", "provisioned", "elastic"]
THROUGHPUT_MODES: tuple[ThroughputMode, ...] = ("bursting", "provisioned", "elastic")


class EfsCostInput(BaseModel):
    """An EFS file system: size, class mix, access and throughput needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field("us-east-1", description="AWS Region code")
    storage_gb: NonNegative = Field(description="data stored [GB-month]")
    ia_percent: Percent = Field(0, description="share in Infrequent Access, by lifecycle "
                                               "policy [%] (rule EFS-IA)")
    archive_percent: Percent = Field(0, description="share in Archive [%]")
    one_zone: bool = Field(False, description="One Zone file system (rule EFS-ONE-ZONE)")
    ia_read_gb: NonNegative = Field(0, description="GB read from IA a month")
    ia_write_gb: NonNegative = Field(0, description="GB written to IA a month (tiering included)")
    archive_read_gb: NonNegative = Field(0, description="GB read from Archive a month")
    archive_write_gb: NonNegative = Field(0, description="GB written to Archive a month")
    throughput_mode: ThroughputMode = Field("bursting", description="bursting, provisioned or "
                                                                    "elastic (rule EFS-BURST)")
    required_mibps: NonNegative = Field(0, description="sustained throughput needed [MiB/s]")
    provisioned_mibps: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="provisioned throughput [MiB/s]; default the required throughput")
    elastic_read_gb: NonNegative = Field(0, description="elastic mode: GB read a month")
    elastic_write_gb: NonNegative = Field(0, description="elastic mode: GB written a month")
    basis: Basis = basis_field()

    @model_validator(mode="after")
    def _shares(self) -> EfsCostInput:
        if self.ia_percent + self.archive_percent > PCT:
            raise InputError("ia_percent", self.ia_percent,
                             f"IA and Archive shares add up to at most 100% "
                             f"(archive_percent={self.archive_percent:g})", rule_id="EFS-IA")
        return self
