"""The worker threads that read slices (src/svcstd/measure/sheets/slices.py)."""

from __future__ import annotations

import threading
import time

from sheet_files import STRINGS, cut_small, forbid_whole, log_rows, package, run_child

from svcstd.measure.sheets import open_sheet, slices


def test_leaving_a_sheet_half_read_stops_its_workers(monkeypatch):
    """A reader that stops (an error in a row, a command that ends) reads no further slice, and the threads it
    started end with the slices they held."""
    cuts = cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    before = set(threading.enumerate())
    sheet = open_sheet("log.xlsx", package(log_rows(200), STRINGS), None)
    next(sheet.rows)
    sheet.rows.close()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while any(t.name == "svcstd-sheet" for t in set(threading.enumerate()) - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t for t in set(threading.enumerate()) - before if t.name == "svcstd-sheet"]
    assert len(cuts) <= slices.IN_FLIGHT + 1, "slices were read after the reader stopped"


def test_a_hostile_sheet_is_read_or_refused_in_one_error_naming_its_file():
    """XML fragments that break a sheet where slices are cut, dropped anywhere into a valid log: svcstd reads rows,
    or says in one InputError naming the file what is wrong; never another exception, never a hang. Run in a child
    process (hostile_sheets.py): calamine loops for ever on some of these, and the thread it leaves behind would
    spin for the rest of this test run."""
    child = run_child("hostile_sheets.py")
    assert child.returncode == 0, child.stdout + child.stderr
    assert int(child.stdout.rsplit("examples: ", 1)[1]) >= 100
