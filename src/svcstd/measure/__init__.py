"""`svcstd measure`: delivery against the charter's service standards, from delivery logs, in working days."""
