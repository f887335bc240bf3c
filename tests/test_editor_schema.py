"""The charter schema as an editor uses it: compiled by Ajv in strict mode, and served by yaml-language-server.

Both are the real tools, from tests/browser (npm ci --prefix tests/browser, as
README's test command runs); the language server is driven over stdio with
the Language Server Protocol, as VS Code's YAML extension drives it. These
tests never skip: a missing tool fails them.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

TOOLS = ROOT / "tests" / "browser"
SERVER = TOOLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SCHEMA = ROOT / "schemas" / "charter.schema.json"
HINT = "install the test tools as README's test command does (npm ci --prefix tests/browser)"


def test_every_schema_compiles_under_ajv_strict():
    schemas = sorted((ROOT / "schemas").glob("*.schema.json"))  # every schema svcstd ships, so none is left out
    assert SCHEMA in schemas and ROOT / "schemas/standards-pack.schema.json" in schemas
    assert (TOOLS / "node_modules" / "ajv").is_dir(), HINT
    result = subprocess.run(
        ["node", str(TOOLS / "ajv-strict.mjs"), *map(str, schemas)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"ok {path}" for path in schemas]


def test_every_closed_vocabulary_is_an_enum_and_the_editor_hints_are_in_the_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    assert defs["channel"]["enum"] and defs["published_on"]["items"]["enum"] and defs["frequency"]["enum"]
    assert list(defs["weekly"]["properties"]) == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    for name in ("time", "date", "telephone", "email", "url", "percent", "working_days", "words", "interval"):
        assert defs[name]["examples"], name
    assert schema["properties"]["kpis"]["items"]["properties"]["higher_is_better"]["default"] is True
    assert schema["$id"] == "https://svcstd.example/schemas/charter.schema.json"
    entry = json.loads((ROOT / "docs/schemastore-catalog.json").read_text(encoding="utf-8"))["schemas"][0]
    assert entry["fileMatch"] == ["*.charter.yaml", "*.charter.yml"] and entry["url"].endswith(
        "/schemas/charter.schema.json"
    )


class LanguageServer:
    """yaml-language-server over stdio: JSON-RPC messages framed by Content-Length headers."""

    def __init__(self, settings: dict[str, Any]):
        assert SERVER.is_file(), HINT
        self.settings = settings
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline().decode("ascii").strip()) or not headers:
                if not line and not headers:
                    if self.process.poll() is not None:
                        return
                    continue
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            self.inbox.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        while True:
            message = self.inbox.get(timeout=60)
            if message.get("id") == wanted and "method" not in message:
                return message.get("result")
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        if message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif "id" in message and "method" in message:  # the server asks: its settings, or anything else (no answer)
            items = message.get("params", {}).get("items", [])
            answer = [self.settings["yaml"] for _ in items] if message["method"] == "workspace/configuration" else None
            self.send({"id": message["id"], "result": answer})

    def diagnostics_of(self, uri: str) -> list[dict[str, Any]]:
        deadline = time.monotonic() + 60
        while uri not in self.diagnostics and time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                self._handle(self.inbox.get(timeout=1))
        return self.diagnostics[uri]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def server():
    # the schema associated by the documented file-name convention, as the SchemaStore entry in docs/ does
    settings = {
        "yaml": {
            "validate": True,
            "completion": True,
            "schemas": {SCHEMA.as_uri(): ["*.charter.yaml"]},
            "schemaStore": {"enable": False},
        }
    }
    lsp = LanguageServer(settings)
    lsp.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": None,
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {"completion": {}}},
        },
    )
    lsp.notify("initialized", {})
    lsp.notify("workspace/didChangeConfiguration", {"settings": settings})
    yield lsp
    lsp.close()


DRAFT = """\
format_version: 1
organisation:
  nmae: Small Unit
complaints:
  channels: [carrier_pigeon]
services:
  - id: licence
    name: {en: Licence, es: Licencia}
    channels:
      - \x20
"""


def _open(server: LanguageServer, tmp_path: Path, name: str, text: str) -> str:
    uri = (tmp_path / name).as_uri()
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )
    return uri


def test_the_language_server_diagnoses_a_misspelt_key_and_a_value_outside_its_vocabulary(server, tmp_path):
    uri = _open(server, tmp_path, "unit.charter.yaml", DRAFT)
    found = {(d["range"]["start"]["line"], d["message"]) for d in server.diagnostics_of(uri)}
    assert (2, "Property nmae is not allowed.") in found
    assert any(line == 4 and "Valid values:" in message and '"in_person"' in message for line, message in found)
    # text given per language is well-formed for the editor too
    assert not [message for line, message in found if line == 7]


def test_the_language_server_completes_a_channel_with_the_allowed_values(server, tmp_path):
    uri = _open(server, tmp_path, "completion.charter.yaml", DRAFT)
    server.diagnostics_of(uri)
    result = server.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 9, "character": 8}}
    )
    items = result["items"] if isinstance(result, dict) else result
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert [item["label"] for item in items] == schema["$defs"]["channel"]["enum"]


def test_the_bundled_examples_are_clean_for_the_language_server_through_their_schema_line(server):
    # opened where they are, so each file's own `# yaml-language-server: $schema=../schemas/...` line finds the schema
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        uri = path.as_uri()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text("utf-8")}},
        )
        found = [d["message"] for d in server.diagnostics_of(uri)]
        if path.stem == "small-unit":  # misspells opening_hours on purpose, as svcstd check says too
            assert found == ["Property opening_hour is not allowed."], found
        else:
            assert found == [], path.name
