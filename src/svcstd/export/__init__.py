"""Charters as open data (`svcstd export`): opening hours as iCalendar, service standards as a table."""
