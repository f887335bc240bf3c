"""Every output format of every command, declared once: its name, what it is for, and each command's writer.

A command never lists its own formats. It asks the registry which it has
(`names`, `help_text`), checks the one asked for (`choose`: the one "is not one
of" message), and hands its result to `emit`, which is the only place that
decides between standard output and a file (written atomically by
`files.open_output`, never over one of the command's inputs). `check` streams
its reports through the same writers (`writer("check", name)` is a reporter
class); the folder `report` writes holds one page per format it declares.

Writers are named as "module:attribute" and imported only when used, so
`svcstd --help` stays fast.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TextIO

from svcstd.errors import one_of


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    writers: Mapping[str, str]
    """Command -> its writer, "module:attribute"."""
    extensions: tuple[str, ...] = ()
    """File extensions that say a file holds this format (`-f junit -o x.sarif` is then a mistake)."""
    for_people: bool = False
    """Read by people or CI logs: written in the terminal's encoding. The rest are UTF-8 documents."""


FORMATS: tuple[Format, ...] = (
    Format(
        "table",
        "a table for people, in colour on a terminal",
        {
            "check": "svcstd.check.reporters.table:TableReporter",
            "measure": "svcstd.measure.output:write_table",
            "diff": "svcstd.diff.output:write_table",
            "calendar": "svcstd.public_holidays:write_table",
            "standards": "svcstd.explain:write_list",
        },
        for_people=True,
    ),
    Format(
        "json",
        "one JSON document, for scripts",
        {
            "check": "svcstd.check.reporters.json_report:JsonReporter",
            "measure": "svcstd.measure.output:render_json",
            "diff": "svcstd.diff.output:json_text",
            "calendar": "svcstd.public_holidays:json_text",
            "standards": "svcstd.explain:json_catalogue",
            "report": "svcstd.report.pages:json_pages",
        },
        extensions=(".json",),
    ),
    Format(
        "sarif",
        "SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps)",
        {"check": "svcstd.check.reporters.sarif:SarifReporter", "diff": "svcstd.diff.output:sarif_text"},
        extensions=(".sarif", ".json"),
    ),
    Format(
        "junit",
        "JUnit XML, one test case per standard, for CI test reports",
        {"check": "svcstd.check.reporters.junit:JunitReporter"},
        extensions=(".xml",),
    ),
    Format(
        "github",
        "GitHub Actions workflow commands: annotations on the changed lines",
        {"check": "svcstd.check.reporters.github:GithubReporter", "diff": "svcstd.diff.output:github"},
        for_people=True,
    ),
    Format(
        "gitlab",
        "GitLab Code Quality JSON",
        {"check": "svcstd.check.reporters.gitlab:GitlabReporter"},
        extensions=(".json",),
    ),
    Format(
        "markdown",
        "Markdown, for pull-request comments and job summaries",
        {
            "check": "svcstd.check.reporters.markdown:MarkdownReporter",
            "measure": "svcstd.measure.output:render_markdown",
            "diff": "svcstd.diff.output:markdown",
            "standards": "svcstd.explain:markdown_catalogue",
            "report": "svcstd.report.pages:markdown_pages",
        },
        extensions=(".md", ".markdown"),
    ),
    Format(
        "html",
        "an accessible HTML page",
        {"report": "svcstd.report.pages:html_pages"},
        extensions=(".html", ".htm"),
    ),
)

BY_NAME = {f.name: f for f in FORMATS}


def names(command: str) -> tuple[str, ...]:
    """The formats `command` writes, in the registry's order (its first is its default)."""
    return tuple(f.name for f in FORMATS if command in f.writers)


def help_text(command: str) -> str:
    """The --format option's help: "table (default), json or markdown."."""
    first, *rest = names(command)
    listed = [f"{first} (default)", *rest]
    return (", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 1 else listed[0]) + "."


def choose(command: str, value: str, option: str = "--format") -> Format:
    """The format asked for, or the usage error naming the ones `command` has."""
    return BY_NAME[one_of(option, value, names(command))]


def writer(command: str, name: str) -> Any:
    """`command`'s writer for format `name`, imported now."""
    module, _, attribute = BY_NAME[name].writers[command].partition(":")
    return getattr(import_module(module), attribute)


def extension_formats(command: str) -> dict[str, set[str]]:
    """Extension -> the formats of `command` a file with it may hold."""
    found: dict[str, set[str]] = {}
    for name in names(command):
        for extension in BY_NAME[name].extensions:
            found.setdefault(extension, set()).add(name)
    return found


@contextmanager
def stdout_stream(name: str) -> Iterator[TextIO]:
    """Standard output for a format: documents are UTF-8 whatever the locale; text degrades symbols it cannot encode."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    if BY_NAME[name].for_people or encoding == "utf8" or not hasattr(stream, "buffer"):
        yield stream
        return
    stream.flush()
    wrapper = io.TextIOWrapper(stream.buffer, encoding="utf-8", newline="\n")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()  # hand the buffer back: closing the wrapper would close standard output


def text_of(command: str, name: str, payload: Any) -> str:
    """`payload` in format `name` as text; a table is drawn without colour at the width of a file or CI log."""
    write = writer(command, name)
    if name != "table":
        return str(write(payload))
    from svcstd.console import plain_console

    buffer = io.StringIO()
    write(payload, plain_console(buffer))
    return buffer.getvalue()


def emit(command: str, name: str, payload: Any, output: str | None, inputs: Iterable[str] = ()) -> None:
    """Write `payload` in format `name` to standard output (`output` None or "-") or to the file `output`.

    The file is checked first: never one of `inputs`, never a directory, and
    written whole or not at all.
    """
    from svcstd.files import check_output, write_text

    if output is not None and output != "-":
        check_output(output, list(inputs))
        write_text(output, text_of(command, name, payload))
        return
    if name == "table":
        from svcstd.console import make_console

        writer(command, name)(payload, make_console())
        return
    with stdout_stream(name) as stream:
        stream.write(text_of(command, name, payload))
