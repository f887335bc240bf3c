"""export, diff, fix and init under hostile input, each class of the probe through the installed command.

Each test names the class it guards (issue 29's numbering) and failed before the
fix at its root: the one JSON and CSV writer, one-line iCalendar names, bounded
file names, the output folder that never writes through a link, and so on."""

from __future__ import annotations

import time

import pytest

from conftest import AS_OF, EXAMPLES
from made_in_process import _write


def test_a_secret_named_as_a_standards_pack_is_never_echoed(run, tmp_path):
    for content in ("TOKEN=s3cr3t-value\n", "s3cr3t-value: {a: 1}\n", "- s3cr3t-value\n", "k: s3cr3t-value\nk: 2\n"):
        _write(tmp_path, "secret.env", content)
        _write(tmp_path, "svcstd.toml", f'standards = ["{tmp_path / "secret.env"}"]\n')
        result = run("check", str(EXAMPLES / "lands-department.yaml"), cwd=tmp_path)
        assert result.code == 2 and "secret.env" in result.stderr and "s3cr3t" not in result.stderr, result.stderr


VALID = b"format_version: 1\norganisation:\n  name: Test Unit\n"


HOSTILE = {
    "empty.yaml": (b"", "empty file"),
    "comments.yaml": (b"# only a comment\n", "empty file"),
    "list.yaml": (b"- a\n- b\n", "the top level is a list"),
    "scalar.yaml": (b"hello\n", "the top level is the value 'hello'"),
    "syntax.yaml": (b"organisation:\n  name: [unclosed\nformat_version: 1\n", "YAML syntax error"),
    "tabs.yaml": (b"organisation:\n\tname: X\n", "a tab: indent YAML with spaces"),
    "bomb.yaml": (
        b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
        "alias bomb",
    ),
    "recursive.yaml": (b"a: &a [1, *a]\n", "recursive alias"),
    "deep.yaml": (b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested more than 64 levels"),
    "deep-block.yaml": (
        b"".join(b"  " * i + b"k:\n" for i in range(200)) + b"  " * 200 + b"v: 1\n",
        "nested more than 64 levels",
    ),
    "binary.yaml": (bytes(range(256)) * 4, "binary content"),
    "latin1.yaml": ("organisation:\n  name: Oficina de Inmigración\n".encode("latin-1"), "not valid UTF-8"),
    "multi.yaml": (VALID + b"---\n" + VALID, "several YAML documents"),
    "python-tag.yaml": (
        b"organisation: !!python/object/apply:os.system ['touch /tmp/svcstd-pwned']\n",
        "unsupported tag !!python/object/apply:os.system",
    ),
    "custom-tag.yaml": (b"organisation: !include other.yaml\n", "unsupported tag !include"),
    "duplicate.yaml": (
        b"format_version: 1\norganisation:\n  name: A\n  ministry: B\n  name: C\n",
        "duplicate key 'name' (first at line 3)",
    ),
    "duplicate-top.yaml": (VALID + b"format_version: 1\n", "duplicate key 'format_version' (first at line 1)"),
    "huge.yaml": (
        b"format_version: 1\n" + b"# padding padding padding padding padding padding padding padding\n" * 400_000,
        "larger than 1 MiB",
    ),
    "complex-key.yaml": (b"? [a, b]\n: 1\n", "used as a key"),
}


LINES = {
    "syntax.yaml": 3,
    "tabs.yaml": 2,
    "duplicate.yaml": 5,
    "duplicate-top.yaml": 4,
    "multi.yaml": 4,
    "python-tag.yaml": 1,
    "recursive.yaml": 1,
    "latin1.yaml": 2,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_one_line_error_exit_2(run, tmp_path, name):
    content, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content)
    started = time.monotonic()
    result = run("check", str(path), "--as-of", AS_OF)
    assert time.monotonic() - started < 20
    assert result.code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("svcstd: error: ")]
    assert len(error_lines) == 1 and str(path) in error_lines[0]
    assert message in error_lines[0]
    if name in LINES:
        assert f"{path}:{LINES[name]}" in error_lines[0]


def test_python_tag_is_never_constructed(run, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"organisation: !!python/object/apply:os.system ['touch {marker}']\n")
    assert run("check", str(path)).code == 2
    assert not marker.exists()


def test_json_output_carries_input_errors_with_line(run, tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_bytes(HOSTILE["duplicate.yaml"][0])
    result = run("check", str(path), "-f", "json")
    assert result.code == 2
    error = result.json()["files"][0]["error"]
    assert error["line"] == 5 and "duplicate key" in error["message"]


def test_bom_is_accepted(run, tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID)
    result = run("check", str(path), "--as-of", AS_OF, "-f", "json")
    assert result.code == 1 and result.json()["files"][0]["error"] is None


def test_missing_path_and_empty_directory(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", str(tmp_path / "nope.yaml"), str(tmp_path / "empty"))
    assert result.code == 2
    assert f"svcstd: error: {tmp_path / 'nope.yaml'}: no such file or directory" in result.stderr
    assert "directory holds no *.yaml or *.yml charters" in result.stderr


def test_one_bad_file_does_not_stop_the_others_and_worst_exit_wins(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n")
    result = run(
        "check",
        "examples/vital-statistics-registry.yaml",
        str(bad),
        "examples/lands-department.yaml",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert result.code == 2
    files = result.json()["files"]
    assert [f["error"] is not None for f in files] == [False, True, False]
    assert files[0]["compliant"] and not files[2]["compliant"]


def test_stdin(run):
    result = run("check", "-", "--as-of", AS_OF, "-f", "json", stdin=VALID)
    assert result.code == 1
    assert result.json()["files"][0]["file"] == "-"
