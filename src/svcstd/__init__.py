"""svcstd: check public service charters against service standards."""

__version__ = "0.1.0"
