"""`svcstd edit` judges as `svcstd check` does under the ministry's svcstd.toml and its own pack: the same findings,
in the same number, for the charter being edited."""

from __future__ import annotations

from editor_client import start

from conftest import AS_OF
from test_judge import _ministry


def test_the_editor_counts_what_check_finds_under_one_configuration(run, tmp_path):
    charters, failing, passing = _ministry(tmp_path)  # svcstd.toml: a ministry pack (MIN-1-01) and ISO binding
    report = run("check", str(charters), "--as-of", AS_OF, "-f", "json", cwd=tmp_path).json()
    found = {
        result["file"].rsplit("/", 1)[-1]: [f["rule"] for s in result["standards"] for f in s["findings"]]
        for result in report["files"]
    }
    assert "MIN-1-01" in found[failing.name] and "MIN-1-01" not in found[passing.name]
    for charter in (failing, passing):
        editor = start(
            tmp_path, str(charter.relative_to(tmp_path)), "--as-of", AS_OF
        )  # svcstd.toml found as check finds it
        try:
            page = editor.open()
        finally:
            editor.stop()
        form = page.page.get_element_by_id("charter-form")
        assert int(form.get("data-findings")) == len(found[charter.name]), charter.name
        listed = [span.text for span in page.page.find_class("rule-id")]
        assert sorted(listed) == sorted(found[charter.name])
