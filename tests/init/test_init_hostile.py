"""`svcstd init --answers` under hostile input: wrong shapes, files that are not files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from made_in_process import _one_line_error, _write


@pytest.mark.parametrize(
    "content",
    [
        "[1]\n",
        "just some text\n",
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*d, *d, *d, *d, *d, *d]\n",
        "name: " + "[" * 500 + "]" * 500 + "\n",
        "name: X\nservices: licence\n",
        "name: X\nofficial: [a]\n",
        "name: X\nservices: [[1]]\n",
        "name: X\nunknown: 1\n",
    ],
)
def test_init_refuses_any_answers_file_of_the_wrong_shape_in_one_line(run, tmp_path, content):
    answers = _write(tmp_path, "answers.yaml", content)
    result = run("init", "--answers", str(answers), str(tmp_path / "c.yaml"))
    _one_line_error(result)
    assert not (tmp_path / "c.yaml").exists()


def test_init_refuses_answers_that_are_not_a_regular_file(run, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (tmp_path / "missing.yaml", Path("/dev/zero"), fifo, tmp_path):
        _one_line_error(run("init", "--answers", str(path), str(tmp_path / "c.yaml"), timeout=20))


def test_init_takes_a_service_written_as_a_mapping(run, tmp_path):
    answers = _write(
        tmp_path,
        "a.yaml",
        "name: Lands\nservices:\n  - {name: Land title search, within_working_days: 10}\n  - Lease\n",
    )
    charter = tmp_path / "c.yaml"
    assert run("init", "--answers", str(answers), str(charter)).code == 0
    text = charter.read_text()
    assert "{" not in text.split("services:")[1].split("\n\n")[0]  # no Python repr of the mapping
    report = run("check", str(charter), "-f", "json").json()
    services = [s for f in report["files"] for s in f["standards"] if s["id"] == "FORMAT"]
    assert services[0]["status"] == "met"
    assert 'name: "Land title search"' in text and "within_working_days: 10" in text and 'id: "lease"' in text
