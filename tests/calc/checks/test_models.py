"""The plan model: loadable from JSON, every field described, clear errors for a bad plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from calc.checks.api import example_plan, run_checks
from calc.checks.models import (
    SECTIONS,
    PlacementGroupPlan,
    Plan,
    PlanError,
    load_plan,
    plan_from_dict,
)
from calc.errors import InputError
from tests.calc.checks.support import CATALOG


def _models() -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = [Plan]
    for name in SECTIONS:
        ann = Plan.model_fields[name].annotation
        out += [a for a in getattr(ann, "__args__", ()) if isinstance(a, type)
                and issubclass(a, BaseModel)]
    return out


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    # The GUI page shows each description as the field's tooltip.
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no description"
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"


def test_every_section_is_a_plan_field_and_checked() -> None:
    assert len(SECTIONS) == 16 and "name" not in SECTIONS


def test_example_plan_loads_and_checks() -> None:
    plan = example_plan()
    assert plan.name and all(getattr(plan, s) is not None for s in SECTIONS)
    rep = run_checks(plan, catalog=CATALOG)
    failing = set(rep.table.loc[rep.table["status"] == "fail", "rule_id"])
    # the example shows the cases: 9 per AZ in a spread group, an r5.8xlarge
    # hibernating, an 8-day CLI URL, 40 days of backups, a 3-week-old metric, 12,000
    # standard parameters
    assert {"EC2-PLACEMENT", "EC2-HIBERNATE", "S3-PRESIGNED", "RDS-BACKUP",
            "CW-CUSTOM-METRICS", "SSM-PARAMETER-TIERS"} <= failing


def test_plan_round_trips_through_json(tmp_path: Path) -> None:
    plan = example_plan()
    path = tmp_path / "p.json"
    path.write_text(plan.model_dump_json(exclude_none=True), encoding="utf-8")
    assert load_plan(path) == plan


def test_plan_is_frozen() -> None:
    plan = Plan(placement_group=PlacementGroupPlan(strategy="spread", instances_per_az=3))
    with pytest.raises(ValidationError):
        plan.placement_group.instances_per_az = 9  # type: ignore[union-attr,misc]


def _error(tmp_path: Path, text: str) -> PlanError:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    err = info.value
    assert isinstance(err, InputError)  # the CLI turns it into exit code 2
    assert str(err).startswith(f"plan {path}: ")
    assert "\n" not in str(err)
    return err


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"nope\.json: file not found"):
        load_plan(tmp_path / "nope.json")


def test_not_json_names_line_and_column(tmp_path: Path) -> None:
    err = _error(tmp_path, '{"rds": \n  {"engine": "mysql",}\n}')
    assert "not valid JSON" in str(err) and "line 2" in str(err)


def test_not_an_object(tmp_path: Path) -> None:
    err = _error(tmp_path, "[1, 2]")
    assert "must be a JSON object with sections (placement_group" in str(err)


@pytest.mark.parametrize(("plan", "field", "reason"), [
    ({"rds": {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 120}},
     "rds.free_storage_pct", "less than or equal to 100"),
    ({"elb": {"deregistration_delay_s": "soon"}}, "elb.deregistration_delay_s",
     "valid number"),
    ({"asg": {"goal": "cheap", "load": 1, "capacity_per_instance": 1}}, "asg.goal",
     "'availability', 'balance' or 'cost'"),
    ({"placement_group": {"strategy": "spread"}}, "placement_group.instances_per_az",
     "required field is missing"),
    ({"ssm": {"tier": "standard", "parameters": -1, "largest_value_kb": 1}},
     "ssm.parameters", "greater than or equal to 0"),
    ({"cloudwatch": {"data_point_offsets_h": []}}, "cloudwatch.data_point_offsets_h",
     "at least 1 item"),
])
def test_invalid_field_names_field_and_reason(tmp_path: Path, plan: dict[str, Any], field: str,
                                              reason: str) -> None:
    err = _error(tmp_path, json.dumps(plan))
    assert err.field == field
    assert field in str(err) and reason in str(err)


def test_misspelt_field_lists_the_allowed_ones(tmp_path: Path) -> None:
    # a typo makes the real field "missing" too: the typo is what is reported
    err = _error(tmp_path, json.dumps({"rds": {"engnie": "mysql", "allocated_storage_gib": 1,
                                               "free_storage_pct": 5}}))
    assert err.field == "rds.engnie"
    assert "unknown field; allowed: engine, backup_retention_days" in str(err)
    assert "(and 1 more error)" in str(err)


def test_unknown_section_lists_the_sections(tmp_path: Path) -> None:
    err = _error(tmp_path, json.dumps({"lambda": {}}))
    assert "lambda: unknown field; allowed: name, placement_group" in str(err)


@pytest.mark.parametrize(("plan", "message"), [
    ({"placement_group": {"strategy": "spread", "instances_per_az": 3, "partitions_per_az": 2}},
     "placement_group.partitions_per_az=2: only a partition placement group has partitions "
     "[EC2-PLACEMENT]"),
    ({"rds": {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50}},
     "rds.max_storage_gib=None: storage autoscaling needs a maximum storage threshold "
     "[RDS-AUTOSCALING]"),
    ({"rds": {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50,
              "max_storage_gib": 50}},
     "rds.max_storage_gib=50.0: must be at least allocated_storage_gib (100) [RDS-AUTOSCALING]"),
    ({"rds": {"engine": "mysql", "allocated_storage_gib": 100, "free_storage_pct": 50,
              "storage_autoscaling": False, "read_replicas": 1, "cross_region_replicas": 2}},
     "rds.cross_region_replicas=2: at most read_replicas (1) [RDS-REPLICAS]"),
    ({"hibernation": {"root_volume_type": "gp3", "root_volume_size_gib": 10,
                      "root_volume_encrypted": True, "days_hibernated": 1}},
     "hibernation.ram_gib=None: give instance_type or ram_gib"),
])
def test_cross_field_rules(plan: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict(plan, source="p.json")
    assert message in str(info.value)


def test_empty_plan_is_valid() -> None:
    assert plan_from_dict({}) == Plan()
