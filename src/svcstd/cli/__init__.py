"""The `svcstd` command: a thin shell that parses options, calls the library and maps the result to an exit code.

One module per command (`cli/check.py` is `svcstd check`), sharing `cli/common.py`; every exit code is
`svcstd.exit_codes.ExitCode`. No judgement lives here: commands build their judge with `svcstd.judge`.
"""

from __future__ import annotations

import os
import sys

from svcstd.cli import (  # noqa: F401 (each module registers its command on the app)
    calendar,
    check,
    config,
    diff,
    edit,
    explain,
    export,
    fix,
    init,
    measure,
    render,
    report,
    schema,
    standards,
)
from svcstd.cli.common import app, error_line
from svcstd.errors import UsageError
from svcstd.exit_codes import ExitCode


def main() -> None:
    """Entry point: no traceback ever reaches a user; usage errors exit 2, bugs exit 3."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a symbol gets a '?', never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        app(standalone_mode=True)
    except UsageError as error:
        error_line(str(error))
        sys.exit(ExitCode.INPUT_ERROR)
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader of standard output went away (`svcstd check ... | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.BROKEN_PIPE)
    except SystemExit as done:
        # click turns a closed standard output (EPIPE) into exit 1, our "not compliant": give the shell's code
        # (click's PacifyFlushWrapper, which typer vendors under a private name in newer releases: matched by name)
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(ExitCode.BROKEN_PIPE)
        raise
    except Exception as error:  # a bug; say so in one line rather than dump a traceback on a user
        from svcstd.text import visible

        print(f"svcstd: internal error: {type(error).__name__}: {visible(error)} (please report this)", file=sys.stderr)
        sys.exit(ExitCode.INTERNAL_ERROR)
