"""Benchmark svcstd: start-up, one charter, thousands of charters checked, rendered and reported, a million-row
log measured, peak memory, and the floors: libyaml parsing alone and check-jsonschema.

    python bench/bench.py                      # 1,000 and 10,000 charters, seed 2026
    python bench/bench.py --sizes 200 --runs 3 # a quick look

Generates realistic, varied charters (bench/charters.py) with a fixed seed,
runs the installed `svcstd` (and `check-jsonschema`, from `pip install -e
'.[bench]'`) as separate processes, and prints a Markdown table for docs/performance.md.
Wall time is the best of --runs; peak memory is the largest resident set of
the command and any worker it started (wait4's ru_maxrss, which covers
waited-for children too).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = "2025-11-01"


# As a user runs it: bytecode caches written and used (some CI images set PYTHONDONTWRITEBYTECODE,
# which makes every run compile svcstd's source again).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], runs: int) -> tuple[float, float, int]:
    """(best wall seconds, peak RSS in MB, exit code) of `command` over `runs` runs, after one warm-up run."""
    subprocess.run([*command[:2], "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
    best, peak, code = float("inf"), 0.0, 0
    for _ in range(runs):
        start = time.perf_counter()
        with tempfile.TemporaryFile() as errors:  # a pipe would block a command that warns more than it holds
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
        code = process.returncode
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command[:3])} ... failed with exit {code}: {stderr[-500:]}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak, code


def digest(path: Path) -> str:
    """A report's SHA-256, read in blocks: holding a 10,000-charter report here would inflate the peak memory
    measured for the next command (a child starts as a copy of this process)."""
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def write_big_charter(path: Path, services: int, days: int, log_entries: int = 0) -> int:
    """The lands example with `services` one-line services (and a `changes:` log recording the first
    `log_entries` of their standards): the largest charters `svcstd diff` is given. Returns the size in bytes."""
    base = (ROOT / "examples" / "lands-department.yaml").read_text(encoding="utf-8")
    head, _, rest = base.partition("\nservices:\n")
    tail = rest[rest.index("\nkpis:") :]
    listed = "\n".join(
        f"  - {{id: s{n}, name: Service {n}, standard: {{within_working_days: {days}}}}}" for n in range(services)
    )
    log = "".join(
        f'\n  - {{date: "2025-10-01", fact: "services[s{n}].standard.within_working_days", what: Longer, why: Staff, '
        "approved_by: Head}"
        for n in range(log_entries)
    )
    text = f"{head}\nservices:\n{listed}{tail}" + (f"\nchanges:{log}\n" if log_entries else "")
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def write_big_log(path: Path, rows: int) -> None:
    """The lands example's year of correspondence, repeated to `rows` rows (its two faulty rows included)."""
    lines = (
        (ROOT / "examples" / "logs" / "lands-department.correspondence.csv").read_text(encoding="utf-8").splitlines()
    )
    header, body = lines[0], lines[1:]
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        for number in range(rows):
            handle.write(body[number % len(body)] + "\n")


def _lands_log() -> tuple[list[str], list[list[object]]]:
    """The lands example's correspondence log: its header, and its rows with each date a date (the example's
    faulty rows stay the text a person typed)."""
    from datetime import date

    lines = (
        (ROOT / "examples" / "logs" / "lands-department.correspondence.csv").read_text(encoding="utf-8").splitlines()
    )
    header = lines[0].split(",")

    def cell(name: str, value: str) -> object:
        if name in ("received", "replied") and value:
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        return value

    return header, [
        [cell(name, value) for name, value in zip(header, line.split(","), strict=False)] for line in lines[1:]
    ]


def write_big_workbook(path: Path, rows: int) -> None:
    """The same log as an .xlsx workbook, its dates as date cells, its texts inline (as openpyxl writes them)."""
    from openpyxl import Workbook

    header, body = _lands_log()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Log")
    sheet.append(header)
    for number in range(rows):
        sheet.append(body[number % len(body)])
    book.save(path)


def write_excel_workbook(path: Path, rows: int) -> None:
    """The same log as Excel writes it: every text in the shared-string table, each letter's reference its own
    (`L-00332-17`), so the table holds a million strings, as a real year's log does."""
    import xlsxwriter

    header, body = _lands_log()
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Log")
        dated = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, header)
        for number in range(rows):
            for column, value in enumerate(body[number % len(body)]):
                if not isinstance(value, str):
                    sheet.write_datetime(number + 1, column, value, dated)
                elif value:
                    reference = header[column] == "reference"
                    sheet.write_string(number + 1, column, f"{value}-{number}" if reference else value)


def write_ods_workbook(path: Path, rows: int) -> None:
    """The same log as LibreOffice Calc saves it (.ods): each cell with its style, its value type and its text as
    shown, so a million rows unpack to about 700 MiB of XML. Written by hand, row by row: odfpy would take minutes."""
    from datetime import date
    from xml.sax.saxutils import escape

    header, body = _lands_log()

    def cell(value: object) -> str:
        if isinstance(value, date):
            shown = value.strftime("%m/%d/%y")
            return (
                f'<table:table-cell table:style-name="ce1" office:value-type="date" '
                f'office:date-value="{value.isoformat()}" calcext:value-type="date"><text:p>{shown}</text:p>'
                "</table:table-cell>"
            )
        if not value:
            return "<table:table-cell/>"
        return (
            f'<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    lines = ["".join(cell(value) for value in row) for row in body]
    namespaces = " ".join(
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{uri}"'
        for prefix, uri in (
            ("office", "office:1.0"),
            ("table", "table:1.0"),
            ("text", "text:1.0"),
            ("style", "style:1.0"),
        )
    )
    namespaces += ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        with archive.open("content.xml", "w", force_zip64=True) as content:
            content.write(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {namespaces} office:version="1.2">'
                '<office:body><office:spreadsheet><table:table table:name="Log" table:style-name="ta1">'
                '<table:table-column table:style-name="co1" table:number-columns-repeated="5" '
                'table:default-cell-style-name="Default"/>'.encode()
            )
            row = '<table:table-row table:style-name="ro1">'
            content.write((row + "".join(cell(name) for name in header) + "</table:table-row>").encode())
            for number in range(rows):
                content.write((row + lines[number % len(lines)] + "</table:table-row>").encode())
            content.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")


def in_child(writer: str, path: Path, rows: int) -> None:
    """Write a log in a child process: a measured command is forked from this one, and a fork starts with (and
    ru_maxrss counts) the parent's memory, which xlsxwriter's 800 MB would inflate."""
    code = f"import bench; bench.{writer}(__import__('pathlib').Path({str(path)!r}), {rows})"
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent, check=True)


def write_portfolio_logs(folder: Path, charters: list[Path]) -> Path:
    """A small year of logs for every charter (the lands example's first 100 letters and 29 complaints, without
    their service column), hard-linked so ten thousand departments' logs take the room of one."""
    folder.mkdir(parents=True, exist_ok=True)
    source = ROOT / "examples" / "logs" / "lands-department"
    letters = folder / ".letters.csv"
    lines = Path(f"{source}.correspondence.csv").read_text(encoding="utf-8").splitlines()[:101]
    letters.write_text(
        "\n".join(",".join(line.split(",")[i] for i in (0, 1, 2, 4)) for line in lines) + "\n", encoding="utf-8"
    )
    complaints = folder / ".complaints.csv"
    rows = Path(f"{source}.complaints.csv").read_text(encoding="utf-8").splitlines()[:30]
    complaints.write_text(  # without the service column too: the generated charters offer other services
        "\n".join(",".join(cell for i, cell in enumerate(row.split(",")) if i != 3) for row in rows) + "\n",
        encoding="utf-8",
    )
    for charter in charters:
        for kind, log in (("correspondence", letters), ("complaints", complaints)):
            target = folder / f"{charter.stem}.{kind}.csv"
            if not target.exists():
                os.link(log, target)
    return folder


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores{', ' + model if model else ''}; Python {platform.python_version()}; {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of charters to check")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per svcstd measurement; the best is kept (check-jsonschema runs once)"
    )
    parser.add_argument("--jobs", type=int, default=0, help="--jobs for the parallel runs (0: every core)")
    parser.add_argument("--keep", type=Path, help="generate the charters here and keep them")
    parser.add_argument("--log-rows", type=int, default=1_000_000, help="rows of the log `svcstd measure` reads")
    args = parser.parse_args()

    svcstd = str(BIN / "svcstd")
    check_jsonschema = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="svcstd-bench-"))
    # generated in a child process: a measured command is forked from this one, and a fork starts with (and
    # ru_maxrss counts) the parent's memory, which generating thousands of charters here would inflate
    subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent / "charters.py"),
            str(max(args.sizes)),
            str(workdir),
            "--seed",
            str(args.seed),
        ],
        check=True,
    )
    paths = sorted(workdir.glob("*/*.yaml"))
    one = str(paths[0])
    rows: list[tuple[str, float, float, str]] = []

    def row(label: str, command: list[str], note: str = "", runs: int = args.runs) -> float:
        seconds, memory, _ = measure(command, runs)
        rows.append((label, seconds, memory, note))
        print(f"  {label}: {seconds:.2f} s, {memory:.0f} MB", file=sys.stderr)
        return seconds

    row("`svcstd --version`", [svcstd, "--version"], runs=max(args.runs, 10))
    row("`svcstd check` one charter", [svcstd, "check", one, "--as-of", AS_OF], runs=max(args.runs, 10))
    for size in args.sizes:
        files = [str(p) for p in paths[:size]]
        # svcstd is given the ministry folders, as a user would; check-jsonschema takes files only (the same ones)
        folders = sorted({str(p.parent) for p in paths[:size]})
        assert sum(1 for folder in folders for _ in Path(folder).glob("*.yaml")) == size, (
            "sizes must be multiples of 100"
        )
        out = workdir / "report.json"
        serial = row(
            f"`svcstd check` {size:,} charters, `--jobs 1`",
            [svcstd, "check", *folders, "--as-of", AS_OF, "--jobs", "1", "-f", "json", "-o", str(out)],
        )
        serial_report = digest(out)
        parallel = row(
            f"`svcstd check` {size:,} charters, `--jobs {args.jobs or 'all'}`",
            [svcstd, "check", *folders, "--as-of", AS_OF, "--jobs", str(args.jobs), "-f", "json", "-o", str(out)],
        )
        if digest(out) != serial_report:
            raise SystemExit("the report with --jobs differs from the serial one")
        rows[-1] = (*rows[-1][:3], f"{serial / parallel:.1f}x the serial run; same report byte for byte")
        row(
            f"`svcstd check` {size:,} charters, table to a file",
            [svcstd, "check", *folders, "--as-of", AS_OF, "-f", "table", "-o", str(workdir / "report.txt")],
        )
        floor = row(
            f"parsing {size:,} charters with libyaml alone (the floor)",
            [sys.executable, str(Path(__file__).parent / "parse_only.py"), *folders],
        )
        rows[-1] = (
            *rows[-1][:3],
            f"`check --jobs 1` with every rule takes {serial / floor:.1f}x the time of parsing alone",
        )
        site = workdir / f"site-{size}"
        row(
            f"`svcstd render` {size:,} charters, `--jobs {args.jobs or 'all'}`",
            [svcstd, "render", *folders, "--as-of", AS_OF, "--jobs", str(args.jobs), "-o", str(site)],
            "target for 10,000: under 20 s and 100 MB",
            runs=1,
        )
        rows[-1] = (*rows[-1][:3], rows[-1][3] + f"; {sum(1 for _ in site.iterdir())} files written")
        shutil.rmtree(site, ignore_errors=True)
        report_dir = workdir / f"report-{size}"
        row(
            f"`svcstd report` {size:,} charters, `--jobs {args.jobs or 'all'}`",
            [svcstd, "report", *folders, "--as-of", AS_OF, "--jobs", str(args.jobs), "-o", str(report_dir)],
            "target for 10,000: under 20 s",
            runs=1,
        )
        largest = max(path.stat().st_size for path in report_dir.glob("*.html"))
        rows[-1] = (*rows[-1][:3], rows[-1][3] + f"; largest HTML page {largest / 1e6:.1f} MB")
        shutil.rmtree(report_dir, ignore_errors=True)
        logs = write_portfolio_logs(
            workdir / f"logs-{size}", [p for folder in folders for p in Path(folder).glob("*.yaml")]
        )
        row(
            f"`svcstd report` {size:,} charters with their logs (100 letters, 29 complaints each), by quarter",
            [
                svcstd, "report", *folders, "--as-of", "2026-01-15", "--jobs", str(args.jobs), "-o", str(report_dir),
                "--measurements", str(logs), "--period", "2025",
            ],
            "target for 10,000: under 200 MB",
            runs=1,
        )  # fmt: skip
        shutil.rmtree(report_dir, ignore_errors=True)
        shutil.rmtree(logs, ignore_errors=True)
        if check_jsonschema:
            ours = parallel
            theirs = row(
                f"check-jsonschema {size:,} charters (structure only)",
                [check_jsonschema, "--schemafile", str(ROOT / "schemas" / "charter.schema.json"), *files],
                runs=1,
            )
            rows[-1] = (*rows[-1][:3], f"svcstd with every rule takes {ours / theirs:.2f}x its time")
    log = workdir / "lands.correspondence.csv"
    write_big_log(log, args.log_rows)
    workbook, excel = workdir / "lands.correspondence.xlsx", workdir / "excel" / "lands.correspondence.xlsx"
    calc = workdir / "lands.correspondence.ods"
    excel.parent.mkdir()
    in_child("write_big_workbook", workbook, args.log_rows)
    in_child("write_excel_workbook", excel, args.log_rows)
    in_child("write_ods_workbook", calc, args.log_rows)
    for label, path, note in (
        (f"`svcstd measure`, a log of {args.log_rows:,} rows", log, "target: under 5 s and 200 MB"),
        (
            f"`svcstd measure`, the same log as an .xlsx workbook ({workbook.stat().st_size / 2**20:.0f} MiB)",
            workbook,
            "target: under 5 s and 200 MB; read in 2 MiB slices on two threads",
        ),
        (
            f"`svcstd measure`, the same log as Excel writes it, a reference per letter ({excel.stat().st_size / 2**20:.0f} MiB)",
            excel,
            "target: under 5 s and 200 MB; a million shared strings, looked up only when read",
        ),
        (
            f"`svcstd measure`, the same log as LibreOffice saves it, .ods ({calc.stat().st_size / 2**20:.0f} MiB, "
            "700 MiB of XML)",
            calc,
            "target: under 5 s and 200 MB; read in 2 MiB slices on two threads (before: 790 MB)",
        ),
    ):
        measure_command = [svcstd, "measure", str(ROOT / "examples" / "lands-department.yaml"), "--correspondence"]
        row(
            label,
            [*measure_command, str(path), "--period", "2025", "--as-of", "2026-01-31", "-f", "json", "-o", os.devnull],
            note,
        )
    big, few, weaker = workdir / "big.yaml", workdir / "few.yaml", workdir / "weaker.yaml"
    size = write_big_charter(big, 13_500, 10)
    row(
        f"`svcstd diff`, a charter with no services against one of 13,500 ({size / 2**20:.2f} MiB)",
        [svcstd, "diff", str(ROOT / "examples" / "lands-department.yaml"), str(big), "-f", "json", "-o", "/dev/null"],
        "target: any charter within the 1 MiB limit in seconds",
    )
    write_big_charter(few, 5_000, 10)
    size = write_big_charter(weaker, 5_000, 12, log_entries=5_000)
    row(
        f"`svcstd diff`, 5,000 weakenings against a 5,000-entry log ({size / 2**20:.2f} MiB)",
        [svcstd, "diff", str(few), str(weaker), "-f", "json", "-o", "/dev/null"],
        "target: in seconds",
    )
    from edit_latency import judge_latency

    median, p95 = judge_latency()
    rows.append(
        (
            "`svcstd edit`: the example re-judged after a change (the live /judge round trip, median of 50; "
            f"95th percentile {p95 * 1000:.0f} ms)",
            median,
            float("nan"),
            "target: under 100 ms",
        )
    )
    print(f"Machine: {machine()}. Seed {args.seed}; best of {args.runs} runs (render and report: one run).\n")
    print("| measurement | wall time | peak memory | note |\n|---|---|---|---|")
    for label, seconds, memory, note in rows:
        shown = "–" if memory != memory else f"{memory:.0f} MB"  # NaN: a round trip, not a process
        print(
            f"| {label} | {seconds:.3f} s | {shown} | {note} |"
            if seconds < 1
            else f"| {label} | {seconds:.2f} s | {shown} | {note} |"
        )
    if not check_jsonschema:
        print("\ncheck-jsonschema is not installed: pip install -e '.[bench]' to compare.")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
