"""Write docs/rules.md, the page SARIF help URIs point at: `python scripts/rules_doc.py > docs/rules.md`.

The text comes from svcstd.explain, the same sections `svcstd explain` prints;
tests/test_cli.py fails when the committed page is out of date.
"""

from __future__ import annotations

from svcstd.catalogue import load_catalogue
from svcstd.explain import markdown_catalogue

if __name__ == "__main__":
    print(markdown_catalogue(load_catalogue()), end="")
