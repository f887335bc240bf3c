"""Time zone names checked against the IANA database, with a did-you-mean.

Opening hours are local times, so a charter's `timezone` must name one the
tz database knows (`America/Belize`, not `Belize` or `CST`): calendars,
pages and exports read it. The database is the system's, or the `tzdata`
package where the system has none (zoneinfo looks in both).
"""

from __future__ import annotations

import difflib
from functools import cache


@cache
def known_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def is_known(name: str) -> bool:
    """Whether the tz database has this zone: one file lookup (listing every zone is kept for did-you-mean)."""
    import zoneinfo

    if not name or name != name.strip() or "\x00" in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # unknown, a path, a directory such as "America"
        return False
    return True


def suggestion(name: str) -> str | None:
    """The zone meant by a near miss: `Belize` is America/Belize, `america/belize` too, `Amerca/Belize` as well."""
    zones = known_zones()
    folded = name.strip().replace(" ", "_").casefold()
    by_fold = {zone.casefold(): zone for zone in zones}
    if folded in by_fold:
        return by_fold[folded]
    by_city = [zone for zone in zones if zone.rsplit("/", 1)[-1].casefold() == folded]
    if len(by_city) == 1:
        return by_city[0]
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.8)
    return by_fold[close[0]] if close else None
