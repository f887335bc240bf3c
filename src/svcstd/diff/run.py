"""What `svcstd diff` does, from its arguments to the report: the command line only parses and exits."""

from __future__ import annotations

from svcstd.diff.compare import attach_breaks, promise_changes
from svcstd.diff.output import FileDiff, exit_code, summary
from svcstd.diff.versions import check_revision, from_git, read_version, split_spec
from svcstd.errors import InputError, UsageError
from svcstd.findings import refuse_repeated_keys

__all__ = ["compare", "exit_code", "summary", "write"]


def compare(
    paths: list[str],
    base: str | None,
    exclude: list[str],
    config: str | None,
    as_of: str | None,
    standards: list[str] | None = None,
) -> list[FileDiff]:
    from svcstd.config import parse_as_of
    from svcstd.inputs import expand
    from svcstd.judge import build_judge

    engine = build_judge(config, parse_as_of(as_of), exclude=exclude, standards=standards).engine
    pairs: list[tuple[str, str]] = []
    if base is None:
        if len(paths) != 2:
            raise UsageError("give OLD and NEW (files, - or REV:path), or --base REV and the charters to compare")
        pairs.append((paths[0], paths[1]))
    else:
        check_revision(base)
        for item in expand(paths, exclude):
            if item.error is not None:
                raise item.error
            if item.path == "-":
                raise UsageError("--base compares charters in a git repository; standard input has no old version")
            pairs.append((f"{base}:{item.path}", item.path))
    diffs = []
    for old_spec, new_spec in pairs:
        try:
            new = read_version(new_spec)
            if base is not None:
                old = from_git(base, new_spec)
                if old is None:
                    diffs.append(
                        FileDiff(old_spec, new_spec, new, note=f"new since {base}: no earlier version to compare")
                    )
                    continue
            else:
                old = read_version(old_spec)
        except InputError as error:
            raise UsageError(str(error)) from None
        refuse_repeated_keys(new, new_spec, "versions can be compared")
        changes = promise_changes(old, new)
        attach_breaks(changes, engine.check(new).findings)
        diffs.append(FileDiff(old_spec, new_spec, new, changes))
    return diffs


def write(diffs: list[FileDiff], fmt: str, output: str | None) -> None:
    from svcstd import formats

    compared = [spec for d in diffs for spec in (d.old, d.new) if split_spec(spec) is None]  # files, not REV:path
    formats.emit("diff", fmt, diffs, output, compared)
