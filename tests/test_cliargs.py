"""calc.cliargs: CLI options generated from model fields (issue 12, item 4)."""

from __future__ import annotations

import argparse
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field

from calc.cliargs import add_model_arguments, model_data, option_name
from calc.fields import BASIS_LABELS, Basis, basis_field, basis_label, bounded


class _Input(BaseModel):
    size_gib: int = bounded(description="Provisioned size", unit="GiB", ge=1, le=65_536)
    hours: float = bounded(730.0, description="Hours a month", ge=0, le=730)
    volume_type: Literal["gp2", "gp3"] = Field("gp3", description="EBS volume type.")
    boot: bool = Field(False, description="Used as a boot volume.")
    note: str | None = Field(None, description="Free text.")
    burst_iops: Annotated[int, Field(gt=0)] | None = Field(None, description="Burst IOPS.")
    basis: Basis = basis_field()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(exit_on_error=False)
    add_model_arguments(p, _Input, aliases={"basis": ["--limits"]})
    return p


def test_options_follow_the_fields() -> None:
    args = _parser().parse_args(["--size-gib", "100", "--boot", "--limits", "notes"])
    assert model_data(args, _Input) == {"size_gib": 100, "boot": True, "basis": "notes"}
    # what was not given is left out: the model's default applies
    m = _Input(**model_data(args, _Input))
    assert (m.hours, m.volume_type, m.basis) == (730.0, "gp3", "notes")


def test_required_field_is_a_required_option() -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args([])


def test_help_from_description_with_default_and_choices() -> None:
    text = _parser().format_help()
    assert "provisioned size [GiB]" in text
    assert "(default: 730)" in text
    assert "{gp2,gp3}" in text and "--no-boot" in text
    assert "--burst-iops N" in text  # an optional constrained field is an option too


def test_names_and_labels() -> None:
    assert option_name("size_gib") == "--size-gib"
    assert option_name("limits", {"limits": "basis"}) == "--basis"
    assert basis_label("notes") == "as in the notes" == BASIS_LABELS["notes"]


def test_bounded_field_refuses_outside_its_range() -> None:
    with pytest.raises(ValueError, match="size_gib"):
        _Input(size_gib=0)
