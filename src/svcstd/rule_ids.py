"""The ids of svcstd's own rules (standards/format.yaml), which code raises by name rather than by pack.

The engine raises the FMT rules from the charter schema, waivers.py the WVR
rules; both, and the reporters, use these names so a renamed id fails at
import instead of silently reporting under a rule that does not exist.
"""

from __future__ import annotations

FORMAT_PACK = "format"
FORMAT_STANDARD = "FORMAT"
WAIVERS_STANDARD = "WAIVERS"

UNKNOWN_KEY = "FMT-01"
WRONG_VALUE = "FMT-02"
MISSING_KEY = "FMT-03"

WAIVER_EXPIRED = "WVR-01"
WAIVER_INCOMPLETE = "WVR-02"
WAIVER_UNUSED = "WVR-03"

FORMAT_RULES = (UNKNOWN_KEY, WRONG_VALUE, MISSING_KEY)
WAIVER_RULES = (WAIVER_EXPIRED, WAIVER_INCOMPLETE, WAIVER_UNUSED)
