"""Excel's shared strings, handed to calamine as marks and looked up when read, read as calamine reads the table
(src/svcstd/measure/sheets/shared_strings.py)."""

from __future__ import annotations

import pytest
from sheet_files import STRINGS, c, cut_small, forbid_whole, log_rows, package, row, sliced, whole

from svcstd.errors import InputError
from svcstd.measure.sheets import MARK, open_sheet


def test_shared_strings_reach_calamine_as_marks_and_are_looked_up_only_when_read(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    sheet = open_sheet("log.xlsx", package(log_rows(10), STRINGS), None)
    cells = [cells for _, cells in sheet.rows]
    assert {cell[1] for cell in cells} == {MARK + "3", MARK + "4"}, "calamine was handed the table after all"
    assert sheet.strings is not None and sheet.strings.starts is None  # nothing looked up while counting rows
    assert sheet.text(cells[0][1], "service") in ("land-title-search", "lease-application")
    assert [sheet.text(name, "") for name in sheet.header] == ["received", "service", "reference"]


@pytest.mark.parametrize(
    ("table", "reads"),
    [
        ("<si><t>plain</t></si>", "plain"),
        ("<si><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r></si>", "rich"),
        ('<si><t>base</t><rPh sb="0" eb="1"><t>PHON</t></rPh><phoneticPr fontId="1"/></si>', "base"),
        ("<si><t>a_x000D_b_x005F_x0041_</t></si>", "a\rb_x0041_"),
        ("<si><t>[_x00e9_|_x00FF_|_x0100_|_xD800_|_X0041_|__x0041_]</t></si>", "[é|ÿ|_x0100_|_xD800_|_X0041_|_A]"),
        ("<si><t>&amp;&lt;&#x41;&#66;&quot;</t></si>", '&<AB"'),
        ('<si><t xml:space="preserve">  spaced  </t></si>', "  spaced  "),
        ("<si/>", ""),
        ("<si><t/></si>", ""),
        ("<si><t>line\r\nnext</t></si>", "line\nnext"),
        (f"<si><t>{MARK}7</t></si>", f"{MARK}7"),
    ],
)
def test_each_kind_of_shared_string_reads_as_calamine_reads_it(monkeypatch, table, reads):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = package(row(1, c("A1", "0", "s")) + row(2, c("A2", "1", "s")), "<si><t>received</t></si>" + table)
    assert sliced(raw) == whole(raw) == ([(1, ["received"]), (2, [reads])] if reads else [(1, ["received"])])


@pytest.mark.parametrize(
    "odd",
    [
        c("B30", "1", "s").replace(' t="s"', " t='s'"),  # single quotes
        '<c t="s" r="B30"><v>1</v></c>',  # the type before the position
        '<c r="B30" t="s"><f>"x"</f><v>1</v></c>',  # a formula before the value
        c("B30", "<![CDATA[R-1]]>", "inlineStr"),  # CDATA: the slice's text cannot be searched safely
        c("B30", f"{MARK}4", "inlineStr"),  # a text of the cell's own that begins with the mark
        c("B30", "&#xE000;4", "inlineStr"),  # the same, written as a character reference
        c("B30", "&#57344;4", "inlineStr"),
    ],
)
def test_a_slice_laid_out_otherwise_is_read_with_the_table_and_reads_the_same(monkeypatch, odd):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = package(log_rows(20) + row(30, c("A30", "45700", style="1"), odd), STRINGS)
    assert sliced(raw) == whole(raw)


@pytest.mark.parametrize(
    "index",
    ["3", "03", "00000000000000000000000003", " 3", "3 ", "+3", "3.0", "-1", "x", "\u0663", "", "18446744073709551616"],
)
def test_a_shared_string_index_reads_as_calamine_reads_it(monkeypatch, index):
    """calamine reads ASCII digits within 64 bits as the index and anything else as entry 0."""
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = package(row(1, c("A1", "0", "s")) + row(2, f'<c r="A2" t="s"><v>{index}</v></c>'), STRINGS)
    assert sliced(raw) == whole(raw)


def test_a_table_that_cannot_be_searched_is_handed_to_calamine_with_every_slice(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    strings = "".join(f"<si><t>{s}</t></si>" for s in STRINGS) + "<!-- <si><t>not an entry</t></si> -->"
    raw = package(log_rows(20) + row(30, c("A30", "5", "s")), strings + "<si><t>after the comment</t></si>")
    assert sliced(raw) == whole(raw)
    assert sliced(raw)[-1] == (30, ["after the comment"])


def test_a_shared_string_index_past_the_table_is_an_error_naming_the_file(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    sheet = open_sheet("log.xlsx", package(log_rows(3) + row(9, c("A9", "99", "s")), STRINGS), None)
    *_, (_, last) = sheet.rows
    with pytest.raises(InputError, match="shared string 99 is not in its table"):
        sheet.text(last[0], "service")
