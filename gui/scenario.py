"""Saved scenarios: every page's inputs and the region, as one versioned JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from calc.errors import field_errors
from calc.fileio import ReadError, read_json, write_atomic

FORMAT_VERSION: Literal[1] = 1

Raw = str | bool | int | float | None


class Scenario(BaseModel):
    """The file format (version 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    app: Literal["costsizer"] = "costsizer"
    version: Literal[1] = FORMAT_VERSION
    region: str = Field(description="AWS Region code")
    pages: dict[str, dict[str, Raw]] = Field(default_factory=dict,
                                             description="page key -> raw form values")

    @field_validator("version", mode="before")
    @classmethod
    def _not_a_flag(cls, value: Any) -> Any:
        if isinstance(value, bool):  # True == 1 in Python: Literal[1] alone would take it
            raise ValueError(f"the format version is the number {FORMAT_VERSION}, not {value}")
        return value


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message says what is wrong."""


def save(path: Path, scenario: Scenario) -> None:
    write_atomic(path, json.dumps(scenario.model_dump(), indent=2) + "\n")


def load(path: Path) -> Scenario:
    """The scenario in ``path``, read with :func:`calc.fileio.read_json` (a regular UTF-8 file of
    at most 10 MiB, standard JSON, not nested deeply) and validated strictly (``"version": true``
    is not version 1); any problem is a :class:`ScenarioError` naming the file."""
    try:
        data: Any = read_json(path)
    except ReadError as e:
        raise ScenarioError(f"{path.name}: {e.reason}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path.name}: not a Costsizer scenario (expected a JSON object)")
    try:
        return Scenario.model_validate(data, strict=True)
    except ValidationError as e:
        first = next(iter(field_errors(e).values()))
        raise ScenarioError(f"{path.name}: {first}") from None
