"""The catalogue commands, version, schema, usage errors and exit codes, as a user calls them."""

from __future__ import annotations

import json

from made_in_process import run_root


def test_version(run):
    result = run("--version")
    assert result.code == 0 and result.stdout.startswith("svcstd 0.")


def test_schema_prints_the_charter_schema(run):
    result = run("schema")
    schema = json.loads(result.stdout)
    assert result.code == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "correspondence" in schema["properties"]


def test_bad_as_of_and_unknown_option_are_usage_errors(run):
    result = run("check", "examples/small-unit.yaml", "--as-of", "01/11/2025")
    assert result.code == 2 and "--as-of '01/11/2025' is not a date" in result.stderr
    result = run("check", "examples/small-unit.yaml", "--no-such-option")
    assert result.code == 2 and "Traceback" not in result.stderr
    result = run("check")
    assert result.code == 2


def test_every_schema_property_has_title_and_description():
    schema = json.loads((run_root() / "schemas/charter.schema.json").read_text())
    assert schema["$id"] and schema["$schema"].endswith("2020-12/schema")
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not (prop.get("title") and prop.get("description")):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schema, "$")
    assert missing == []
