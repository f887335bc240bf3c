"""Generate a year of realistic delivery logs for two example departments (fixed seed, so the files never change).

    python scripts/generate_logs.py        # writes examples/logs/*.csv (or give another directory)

The vital statistics registry mostly keeps its promises; the lands
department replies in its own 10 working days but lets title searches slip
and resolves complaints slowly. Letters arrive on working days (emails on
any day), replies are made on working days of the department's own calendar
(Belize public holidays, its closures), the year ends with items still open,
and the lands log has the two kinds of mistake real logs have: a mistyped
date and a reply dated before its receipt.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from svcstd.loader import load_path
from svcstd.measure.logs import COMPLAINT_COLUMNS, CORRESPONDENCE_COLUMNS
from svcstd.measure.working_days import WorkingCalendar

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
SEED = 2025


def working_days_later(calendar: WorkingCalendar, start: date, days: int) -> date:
    return calendar.nth_working_day(start, days)


def turnaround(rng: random.Random, typical: float, slow_share: float, slow: float) -> int:
    """Mostly quick, with a tail of slow cases, as case-handling times are."""
    mean = slow if rng.random() < slow_share else typical
    return max(0, int(rng.expovariate(1 / mean) + 0.5))


def arrivals(rng: random.Random, calendar: WorkingCalendar, per_day: float, any_day: bool):
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        if any_day or calendar.is_working_day(day):
            for _ in range(
                rng.choices(
                    range(6),
                    weights=[max(0.0, 1 - per_day), per_day, per_day / 2, per_day / 5, per_day / 10, per_day / 20],
                )[0]
            ):
                yield day
        day += timedelta(days=1)


def correspondence(name: str, profile: dict, rng: random.Random) -> list[list[str]]:
    data = load_path(str(ROOT / "examples" / f"{name}.yaml")).data
    calendar = WorkingCalendar.from_charter(data)
    services = [s["id"] for s in data["services"] if "within_working_days" in s.get("standard", {})]
    rows = []
    for channel, any_day in (("post", False), ("email", True)):
        for received in arrivals(rng, calendar, profile["letters_per_day"], any_day):
            service = rng.choice(services) if rng.random() < 0.6 else ""
            typical, slow_share, slow = profile["services"].get(service, profile["letters"])
            replied = working_days_later(calendar, received, turnaround(rng, typical, slow_share, slow))
            rows.append(
                [
                    received.isoformat(),
                    replied.isoformat() if replied <= date(YEAR, 12, 31) else "",
                    channel,
                    service,
                    f"L-{len(rows) + 1:05d}",
                ]
            )
    rows.sort(key=lambda row: (row[0], row[4]))
    return rows


def complaints(name: str, profile: dict, rng: random.Random) -> list[list[str]]:
    data = load_path(str(ROOT / "examples" / f"{name}.yaml")).data
    calendar = WorkingCalendar.from_charter(data)
    services = [s["id"] for s in data["services"]]
    rows = []
    for received in arrivals(rng, calendar, profile["complaints_per_day"], False):
        kind = "compliment" if rng.random() < 0.15 else "complaint"
        acknowledged = working_days_later(calendar, received, turnaround(rng, *profile["acknowledge"]))
        resolved = working_days_later(calendar, acknowledged, turnaround(rng, *profile["resolve"]))
        end = date(YEAR, 12, 31)
        rows.append(
            [
                received.isoformat(),
                kind,
                rng.choice(["counter", "phone", "online", "other"]),
                rng.choice([*services, ""]),
                ""
                if kind == "compliment"
                else rng.choice(["A quicker decision", "An apology", "A corrected record", "A refund"]),
                rng.choice(["yes", "no"]),
                acknowledged.isoformat() if acknowledged <= end and kind == "complaint" else "",
                resolved.isoformat() if resolved <= end and kind == "complaint" else "",
                f"C-{len(rows) + 1:04d}",
            ]
        )
    return rows


PROFILES = {
    "vital-statistics-registry": {
        "letters_per_day": 0.9,
        "letters": (1.5, 0.05, 6),
        "complaints_per_day": 0.12,
        "services": {"birth-certificate": (1.0, 0.03, 5), "marriage-certificate": (2.0, 0.05, 8)},
        "acknowledge": (0.6, 0.05, 3),
        "resolve": (6, 0.05, 20),
    },
    "lands-department": {
        "letters_per_day": 0.7,
        "letters": (4, 0.15, 12),
        "complaints_per_day": 0.1,
        "services": {"land-title-search": (1.6, 0.25, 6), "lease-application": (30, 0.2, 70)},
        "acknowledge": (1.5, 0.1, 6),
        "resolve": (12, 0.3, 35),
    },
}


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    import sys

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "logs"
    out.mkdir(parents=True, exist_ok=True)
    for name, profile in PROFILES.items():
        rng = random.Random(f"{SEED}-{name}")
        letters = correspondence(name, profile, rng)
        cases = complaints(name, profile, rng)
        if name == "lands-department":  # the mistakes real logs have, to show how they are reported
            letters[40][0] = "2025-02-30"
            letters[90][1] = (date.fromisoformat(letters[90][0]) - timedelta(days=3)).isoformat()
        write(out / f"{name}.correspondence.csv", list(CORRESPONDENCE_COLUMNS), letters)
        write(out / f"{name}.complaints.csv", list(COMPLAINT_COLUMNS), cases)
        print(f"{name}: {len(letters)} letters and emails, {len(cases)} complaints and compliments")


if __name__ == "__main__":
    main()
