"""Instance search: filter the instance types by family, vCPU, memory and architecture, with
the On-Demand price of a Region when one is given."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from calc.context import catalog_from
from calc.ec2.costs import round_significant
from calc.ec2.options import OsSlug, os_label
from calc.errors import InputError, unknown_name
from calc.fields import bound_models
from calc.pricing import Catalog
from calc.units import HOURS_PER_MONTH

SEARCH_COLUMNS = [
    "instance_type", "family", "instance_family_category", "vcpu", "memory_gib",
    "architectures", "burstable", "current_generation", "bare_metal", "gpu_count",
    "network_performance", "on_demand_usd_per_hour", "on_demand_usd_per_month", "as_of",
]


class InstanceSearch(BaseModel):
    """Filters for ``ec2 find``; every filter is optional. Validated with the catalog in the
    context (:func:`calc.context.validate`): the Region and the family are checked in it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    family: str | None = Field(None, description="Instance family, e.g. m5 or t4g.")
    min_vcpu: int | None = Field(None, description="At least this many vCPUs.")
    max_vcpu: int | None = Field(None, description="At most this many vCPUs.")
    min_memory_gib: float | None = Field(None, description="At least this memory [GiB].")
    max_memory_gib: float | None = Field(None, description="At most this memory [GiB].")
    architecture: Literal["x86_64", "arm64"] | None = Field(None, description="CPU "
                                                                              "architecture.")
    burstable: bool | None = Field(None, description="Only burstable (T) or only not.")
    current_generation: bool | None = Field(True, description="Only current generation "
                                                              "(None: all).")
    region: str | None = Field(None, description="Show On-Demand prices of this Region and "
                                                 "keep only types priced there.")
    os: OsSlug = Field("linux", description="Operating system for the prices.")
    max_usd_per_hour: float | None = Field(None, description="At most this On-Demand rate "
                                                             "[USD/hour] (needs a region).")
    sort: Literal["price", "vcpu", "memory", "name"] = Field("price", description="Sort order "
                                                             "(price needs a region).")
    limit: int = Field(50, description="Rows to show at most, 1-5000.")

    @field_validator("min_vcpu", "max_vcpu")
    @classmethod
    def _vcpu(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise InputError("vcpu", v, "must be at least 1")
        return v

    @field_validator("min_memory_gib", "max_memory_gib", "max_usd_per_hour")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and v < 0:
            raise InputError("filter", v, "must be 0 or more")
        return v

    @field_validator("limit")
    @classmethod
    def _limit(cls, v: int) -> int:
        if not 1 <= v <= 5000:
            raise InputError("limit", v, "must be 1 to 5000 rows")
        return v

    @field_validator("region")
    @classmethod
    def _region(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is not None:
            catalog_from(info).region(v)
        return v

    @model_validator(mode="after")
    def _cross(self, info: ValidationInfo) -> InstanceSearch:
        if self.min_vcpu and self.max_vcpu and self.min_vcpu > self.max_vcpu:
            raise InputError("max_vcpu", self.max_vcpu, f"must be at least min_vcpu "
                                                        f"{self.min_vcpu}")
        if (self.min_memory_gib is not None and self.max_memory_gib is not None
                and self.min_memory_gib > self.max_memory_gib):
            raise InputError("max_memory_gib", self.max_memory_gib,
                             f"must be at least min_memory_gib {self.min_memory_gib:g}")
        if self.region is None and (self.max_usd_per_hour is not None or self.sort == "price"
                                    and "sort" in self.model_fields_set):
            raise InputError("region", None, "needed to filter or sort by price")
        if self.family is not None:
            families = set(catalog_from(info).ec2_instances()["family"])
            if self.family not in families:
                raise unknown_name("family", self.family, families, what="instance family")
        return self


def find_instances(search: InstanceSearch, *, catalog: Catalog) -> pd.DataFrame:
    """The instance types that pass every filter of ``search`` (columns SEARCH_COLUMNS)."""
    cat = catalog
    t = cat.ec2_instances()
    keep = np.ones(len(t), dtype=bool)
    s = search
    if s.family is not None:
        keep &= (t["family"] == s.family).to_numpy()
    if s.min_vcpu is not None:
        keep &= (t["vcpu"] >= s.min_vcpu).to_numpy()
    if s.max_vcpu is not None:
        keep &= (t["vcpu"] <= s.max_vcpu).to_numpy()
    if s.min_memory_gib is not None:
        keep &= (t["memory_gib"] >= s.min_memory_gib).to_numpy()
    if s.max_memory_gib is not None:
        keep &= (t["memory_gib"] <= s.max_memory_gib).to_numpy()
    if s.architecture is not None:
        keep &= t["architectures"].str.split(";").map(lambda a: s.architecture in a).to_numpy(
            dtype=bool)
    if s.burstable is not None:
        keep &= ((t["burstable"] == "yes") == s.burstable).to_numpy()
    if s.current_generation is not None:
        keep &= ((t["current_generation"] == "yes") == s.current_generation).to_numpy()
    out = t[keep].copy()
    if s.region is not None:
        od = cat.table("ec2_on_demand")
        od = od[(od["region_code"] == s.region) & (od["operating_system"] == os_label(s.os))
                & (od["tenancy"] == "Shared")]
        out = out.merge(od[["instance_type", "usd_per_hour", "source"]], on="instance_type")
        out = out.rename(columns={"usd_per_hour": "on_demand_usd_per_hour"})
        out["on_demand_usd_per_month"] = round_significant(
            out["on_demand_usd_per_hour"].to_numpy() * HOURS_PER_MONTH)
        out["as_of"] = [cat.source(src).as_of for src in out["source"]]
        if s.max_usd_per_hour is not None:
            out = out[out["on_demand_usd_per_hour"] <= s.max_usd_per_hour]
    else:
        out["on_demand_usd_per_hour"] = np.nan
        out["on_demand_usd_per_month"] = np.nan
        out["as_of"] = None
    order = {"price": ["on_demand_usd_per_hour", "instance_type"],
             "vcpu": ["vcpu", "memory_gib", "instance_type"],
             "memory": ["memory_gib", "vcpu", "instance_type"],
             "name": ["instance_type"]}[s.sort if s.region is not None or s.sort != "price"
                                        else "name"]
    out = out.sort_values(order, kind="stable").head(s.limit)
    return out[SEARCH_COLUMNS].reset_index(drop=True)


# Every numeric field bounded, finite only (issue 15, items 4 and 7).
bound_models(globals())
