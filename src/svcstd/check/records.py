"""The department's delivery records, for the rules that judge a charter against them (`check --measurements`).

The engine knows nothing of logs: the check command gives it a `Records`
reader, and the rule's check compares. The logs are found and read exactly as
`svcstd measure`, `render --measurements` and `report --measurements` find and
read them (`<charter name>.correspondence.csv` or a workbook, in the folder),
and each KPI is measured over its own stated period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from svcstd.checks import Recorded
from svcstd.loader import Document


@dataclass(frozen=True)
class LogRecords:
    """The logs in `folder` (a workbook's `sheet`, or its first), measured as of `as_of`; picklable, so workers
    (`--jobs`) read each charter's logs where they judge it."""

    folder: str
    sheet: str | None
    as_of: date

    def __call__(self, document: Document) -> list[Recorded]:
        from svcstd.measure.compute import stated_against_records
        from svcstd.measure.logs import log_paths, read_logs

        paths = log_paths(self.folder, document.path)
        if not paths or not isinstance(document.data, dict):
            return []
        data = document.data
        return [*stated_against_records(data, document.path, read_logs(paths, data, self.sheet), self.as_of)]
