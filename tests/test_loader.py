"""What the loader records of a charter as it reads it (loader.py)."""

from __future__ import annotations

from made_in_process import ENGINE
from svcstd.loader import load_text


def test_a_loaded_charter_says_whether_it_has_odd_keys_so_no_rule_walks_it_again(monkeypatch):
    """The loader notes "" and "007"-like keys as every key passes; the validators trust that note instead of walking
    the whole charter once per rule (a walk per rule cost two thirds of `render`'s time)."""
    from conftest import ROOT
    from svcstd import validation
    from svcstd.loader import load_path

    def walked(instance):
        raise AssertionError("walked the charter for odd keys")

    monkeypatch.setattr(validation, "has_unplaceable_key", walked)
    for path in sorted((ROOT / "examples").glob("*.yaml")):  # small-unit fails many rules, and the format
        document = load_path(str(path))
        assert document.odd_keys is False
        ENGINE.check(document)
    odd = load_text('format_version: 1\norganisation: {name: X}\nsites: [{"": 1, "007": 2}]\n', "odd.yaml")
    assert odd.odd_keys is True
    assert [f.path for f in ENGINE.check(odd).findings if f.rule_id == "FMT-01"] == [
        ("sites", 0, ""),
        ("sites", 0, "007"),
    ]
