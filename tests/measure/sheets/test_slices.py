"""The worker threads that read slices (src/svcstd/measure/sheets/slices.py)."""

from __future__ import annotations

import threading
import time

from sheet_files import STRINGS, cut_small, forbid_whole, log_rows, package

from svcstd.measure.sheets import open_sheet


def test_leaving_a_sheet_half_read_stops_its_workers(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    sheet = open_sheet("log.xlsx", package(log_rows(200), STRINGS), None)
    next(sheet.rows)
    sheet.rows.close()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while any(t.name.startswith("svcstd-sheet") for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name.startswith("svcstd-sheet") for t in threading.enumerate())
