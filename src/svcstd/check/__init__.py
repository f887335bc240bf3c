"""`svcstd check`: where each requested format goes (`destinations`) and the formats themselves (`reporters/`).

Judging is the core's (`judge.py`, `engine.py`, `batch.py` for many charters at once); this package only
turns results into reports.
"""
