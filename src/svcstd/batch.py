"""Check many charters: the library functions behind `svcstd check`.

Results come out in input order, one at a time, whether the charters are
checked here or across worker processes (`--jobs`), so every report is the
same either way and nothing about a charter is kept once it is reported.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from svcstd.engine import Engine
from svcstd.errors import InputError
from svcstd.exit_codes import ExitCode
from svcstd.findings import FileResult
from svcstd.inputs import Input
from svcstd.loader import load_path

EXIT_OK = ExitCode.OK
EXIT_NONCOMPLIANT = ExitCode.FAILED
EXIT_INPUT_ERROR = ExitCode.INPUT_ERROR

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

CHUNK = 32
"""Charters per task sent to a worker: enough to make the round trip cheap, few enough to keep cores busy."""
AHEAD = 4
"""Tasks in flight per worker: keeps workers fed while bounding results waiting to be reported."""


def check_one(item: Input, engine: Engine) -> FileResult:
    """One charter's verdict; a file that cannot be read gives an error result, never an exception."""
    if item.error is not None:
        return FileResult(item.path, error=item.error)
    try:
        document = load_path(item.path)
    except InputError as error:
        return FileResult(item.path, error=error)
    try:
        return engine.check(document)
    except InputError as error:  # a file the judging reads besides the charter (its log) cannot be read: named
        return FileResult(item.path, error=error)
    except Exception as error:
        return FileResult(item.path, error=judging_error(item.path, error))


def judging_error(path: str, error: Exception) -> InputError:
    """An exception raised while judging one file, as that file's error (exit 2), never the run's end."""
    return InputError(
        path,
        f"svcstd could not judge this file: {type(error).__name__}: {error} "
        "(a value svcstd cannot handle, or a bug in svcstd: please report it)",
    )


def check_inputs(inputs: Iterable[Input], engine: Engine) -> Iterator[FileResult]:
    """One FileResult per input, in order; a bad input gives an error result and the rest go on."""
    for item in inputs:
        yield check_one(item, engine)


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_jobs(count: int) -> int:
    """All usable cores once there are at least two tasks for each; one process for small runs."""
    return max(1, min(usable_cpus(), count // (2 * CHUNK)))


_worker_engine: Engine | None = None


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool, and no worker prints a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_worker(extra_packs: list[str], options: Any) -> None:
    global _worker_engine
    from svcstd.catalogue import load_catalogue

    _ignore_interrupts()
    _worker_engine = Engine(load_catalogue(extra_packs), options)


def _check_chunk(items: list[Input]) -> list[FileResult]:
    assert _worker_engine is not None
    return [check_one(item, _worker_engine) for item in items]


def check_parallel(inputs: Sequence[Input], engine: Engine, jobs: int, extra_packs: list[str]) -> Iterator[FileResult]:
    """Like check_inputs, across `jobs` processes; results still come in input order.

    Workers are forked with the parent's compiled engine where the platform
    allows, and otherwise build their own from the same packs and options.
    The pool starts here, before the caller shows a progress bar (whose
    thread must not be forked). Only a bounded window of tasks is in flight,
    so results never pile up in memory ahead of the reporters.
    """
    if jobs <= 1 or len(inputs) <= CHUNK or any(item.path == "-" for item in inputs):
        return check_inputs(inputs, engine)
    import multiprocessing

    global _worker_engine
    context: Any
    initializer: Callable[..., None]
    initargs: tuple[Any, ...]
    if "fork" in multiprocessing.get_all_start_methods():
        _worker_engine = engine
        context, initializer, initargs = multiprocessing.get_context("fork"), _ignore_interrupts, ()
    else:
        context, initializer, initargs = (
            multiprocessing.get_context("spawn"),
            _init_worker,
            (extra_packs, engine.options),
        )
    pool = context.Pool(jobs, initializer=initializer, initargs=initargs)
    chunks = (list(inputs[start : start + CHUNK]) for start in range(0, len(inputs), CHUNK))
    return _in_order(pool, chunks, jobs * AHEAD)


def _in_order(pool: Any, chunks: Iterator[list[Input]], ahead: int) -> Iterator[FileResult]:
    with pool:  # ends the workers however the caller stops reading (finished, error, Ctrl-C)
        window = deque(pool.apply_async(_check_chunk, (chunk,)) for chunk in islice(chunks, ahead))
        while window:
            done = window.popleft().get()
            for chunk in islice(chunks, 1):
                window.append(pool.apply_async(_check_chunk, (chunk,)))
            yield from done


_shared: Any = None


def _run_chunk(task: tuple[Callable[[Any, Any], Any], list[Any]]) -> list[Any]:
    function, items = task
    return [function(_shared, item) for item in items]


def map_in_order(
    function: Callable[[S, T], R], shared: S, items: Sequence[T], jobs: int, chunk: int = CHUNK
) -> Iterator[R]:
    """function(shared, item) for each item, in input order: here, or across `jobs` forked workers that inherit
    `shared` (an engine, a renderer) instead of receiving it. A worker's exception is raised here, in input order.

    `function` must be a module-level function (workers are told its name). Without fork (Windows, macOS spawn)
    or for a small run, everything runs in this process: the output is the same either way.
    """
    import multiprocessing

    if jobs <= 1 or len(items) <= chunk or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield function(shared, item)
        return
    global _shared
    _shared = shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts) as pool:
            chunks = ((function, list(items[start : start + chunk])) for start in range(0, len(items), chunk))
            for done in pool.imap(_run_chunk, chunks):
                yield from done
    finally:
        _shared = None


def outcome(result: FileResult, fail_on: str = "error") -> int:
    """One charter's exit code: input error 2, a finding at or above `fail_on` 1, else 0."""
    if result.error is not None:
        return EXIT_INPUT_ERROR
    return EXIT_OK if result.passes(fail_on) else EXIT_NONCOMPLIANT


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """The worst outcome over all files: input error (2) over non-compliance (1) over compliant (0)."""
    return max((outcome(result, fail_on) for result in results), default=EXIT_OK)


class RunSummary:
    """The counts behind a run's one-line summary and its exit code, kept as results stream past."""

    def __init__(self, fail_on: str = "error"):
        self.fail_on = fail_on
        self.files = self.passing = self.failing = self.errors = self.findings = 0
        self.exit_code: int = EXIT_OK
        self.by_rule: dict[str, int] = {}
        """Open findings per rule, for --statistics."""

    def add(self, result: FileResult) -> None:
        self.files += 1
        code = outcome(result, self.fail_on)
        self.exit_code = max(self.exit_code, code)
        open_findings = result.open_findings
        self.findings += len(open_findings)
        for finding in open_findings:
            self.by_rule[finding.rule_id] = self.by_rule.get(finding.rule_id, 0) + 1
        if code == EXIT_INPUT_ERROR:
            self.errors += 1
        elif code == EXIT_NONCOMPLIANT:
            self.failing += 1
        else:
            self.passing += 1

    def line(self) -> str:
        parts = [f"{self.passing} compliant", f"{self.failing} not compliant"]
        if self.errors:
            parts.append(f"{self.errors} could not be read")
        plural = "s" if self.files != 1 else ""
        return (
            f"svcstd: {self.files} file{plural} checked: {', '.join(parts)}; {self.findings} open finding"
            f"{'s' if self.findings != 1 else ''} (exit {self.exit_code})"
        )
