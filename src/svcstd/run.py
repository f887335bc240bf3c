"""Check many charters: the library function behind `svcstd check`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from svcstd.engine import Engine
from svcstd.errors import InputError
from svcstd.findings import FileResult
from svcstd.inputs import Input
from svcstd.loader import load_path

EXIT_OK = 0
EXIT_NONCOMPLIANT = 1
EXIT_INPUT_ERROR = 2

SEVERITY_RANK = {"warning": 1, "error": 2}


def check_inputs(inputs: Iterable[Input], engine: Engine) -> Iterator[FileResult]:
    """One FileResult per input, in order; a bad input gives an error result and the rest go on."""
    for item in inputs:
        if item.error is not None:
            yield FileResult(item.path, error=item.error)
            continue
        try:
            document = load_path(item.path)
        except InputError as error:
            yield FileResult(item.path, error=error)
            continue
        yield engine.check(document)


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """The worst outcome over all files: input error (2) over non-compliance (1) over compliant (0)."""
    threshold = SEVERITY_RANK[fail_on]
    worst = EXIT_OK
    for result in results:
        if result.error is not None:
            return EXIT_INPUT_ERROR
        if any(SEVERITY_RANK[f.severity] >= threshold for f in result.open_findings):
            worst = EXIT_NONCOMPLIANT
    return worst
