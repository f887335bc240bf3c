"""`svcstd report`: the clearing-house report over a portfolio of charters (Markdown, HTML, JSON)."""
