"""Instance specs looked up fast: one dict per catalog, built on first use."""

from __future__ import annotations

import weakref
from typing import Any, cast

from calc.pricing import Catalog

_SPECS: weakref.WeakKeyDictionary[Catalog, dict[str, dict[str, Any]]] = (
    weakref.WeakKeyDictionary())
_METAL: weakref.WeakKeyDictionary[Catalog, dict[str, int]] = weakref.WeakKeyDictionary()


def instance_specs(cat: Catalog) -> dict[str, dict[str, Any]]:
    """instance type -> its row of ``ec2_instances`` (vcpu, memory_gib, family, ...)."""
    specs = _SPECS.get(cat)
    if specs is None:
        t = cat.ec2_instances()
        specs = {str(r["instance_type"]): cast(dict[str, Any], r)
                 for r in t.to_dict("records")}
        _SPECS[cat] = specs
    return specs


def instance_spec(cat: Catalog, instance_type: str, field: str = "instance_type") -> dict[str, Any]:
    """The specs of one type; InputError with close matches when unknown."""
    spec = instance_specs(cat).get(instance_type)
    if spec is None:
        cat.ec2_instance(instance_type, field=field)  # raises with close matches
        raise AssertionError(instance_type)  # pragma: no cover - the catalog raised
    return spec


def family_metal_vcpu(cat: Catalog) -> dict[str, int]:
    """family -> vCPUs of its largest bare-metal size (the whole Dedicated Host)."""
    metal = _METAL.get(cat)
    if metal is None:
        metal = {}
        for spec in instance_specs(cat).values():
            if spec["bare_metal"] == "yes":
                fam = str(spec["family"])
                metal[fam] = max(metal.get(fam, 0), int(spec["vcpu"]))
        _METAL[cat] = metal
    return metal
