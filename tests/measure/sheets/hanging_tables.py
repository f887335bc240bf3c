"""Tables calamine never finishes reading, read by svcstd in this process, which test_ods.py runs as a child: the
thread calamine loops on spins until this process exits, not for the rest of the test run.

    cut-short  an .ods whose table (and file) ends before `</table:table>`: prints svcstd's error and its time
    garbage    garbage that makes one slice a table cut short: prints "the same" when svcstd reads what calamine
               reads from the whole table
"""

from __future__ import annotations

import io
import sys
import time
import zipfile

from sheet_files import ods, ods_log, sliced, whole

from svcstd.errors import InputError
from svcstd.measure import sheets
from svcstd.measure.sheets import slices


def cut_short() -> None:
    sheets.WHOLE_SECONDS, sheets.WHOLE_BYTES_PER_SECOND = 1.0, float("inf")
    with zipfile.ZipFile(io.BytesIO(ods({"Log": ods_log(3)}))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].split(b"</table:table>")[0]
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    started = time.monotonic()
    try:
        sliced(raw.getvalue())
    except InputError as error:
        print(f"{error} after {time.monotonic() - started:.1f}")


def garbage() -> None:
    slices.SLICE_BYTES, slices.READ_BYTES, slices.SLICE_SECONDS = 300, 128, 1.0
    rows = ods_log(30)
    raw = ods({"Log": rows[:13] + "<table:table-<table:table-row><![CDATA[x]]>" + rows[13:]})
    print("the same" if sliced(raw) == whole(raw) else f"differs: {sliced(raw)} {whole(raw)}")


if __name__ == "__main__":
    {"cut-short": cut_short, "garbage": garbage}[sys.argv[1]]()
