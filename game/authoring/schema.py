"""A JSON Schema for scenario files, for editors (YAML language servers use it too)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from game.model.scenario import Chapter, Scenario


def scenario_schema() -> dict[str, Any]:
    schema = TypeAdapter(Scenario | Chapter).json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negotiator scenario file"
    schema["description"] = (
        "scenario.yaml (metadata, variables, leaders, roles...) or a chapter file "
        "(scenes, events, endings). See docs/authoring.md."
    )
    return schema
