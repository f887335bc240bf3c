"""Untrusted text made safe for where it is shown: terminals, CI logs, XML, JSON and Markdown.

Every string svcstd prints may come from a charter, a pack, a log, a file
name or a message file, and any of them may hold escape sequences that would
retitle a terminal window, clear the screen, hide text, reorder it (bidi
controls) or forge a CI workflow command. Each output passes such text
through one function here, so the protection is the same in every format:

* `visible` shows control characters as escapes (`\\x1b`, `\\n`, `\\u202e`)
  and undecodable file-name bytes as `\\xff`, for terminals, logs and XML
  (whose illegal characters, U+FFFE and U+FFFF included, are among them);
* `json_text` keeps JSON exact (the data round-trips) while writing the same
  characters as `\\u` escapes, so the raw bytes of a report carry none;
* `markdown_inline` is the project's one Markdown escaper: nothing in a value
  can become markup, raw HTML, a link or an autolink;
* `dump_json` and `csv_text` are the only writers of JSON and CSV files, so
  no report, export or diff can leave out the escaping the others do;
* `one_line` is for formats whose values are single lines (iCalendar names).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
"""C0 and C1 controls, DEL, bidirectional controls, line/paragraph separators and lone surrogates."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""What json.dumps leaves raw (it escapes C0 controls itself)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a file-name byte that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object) -> str:
    """`text` with every control character shown as an escape, never interpreted; one line always."""
    string = str(text)
    return _UNSAFE.sub(_escape, string) if _UNSAFE.search(string) else string


def excerpt(value: object, limit: int = 60, quote: bool = True) -> str:
    """A short, visible quotation of a value for an error line: never a whole file echoed back."""
    shown = visible(repr(value) if quote and isinstance(value, str) else value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def printable(text: str) -> str:
    """`text` for a public page: control characters become spaces (a citizen should see neither them nor escapes)."""
    return _UNSAFE.sub(" ", text) if _UNSAFE.search(text) else text


def json_text(encoded: str) -> str:
    """JSON text (from json.dumps(ensure_ascii=False)) with DEL, C1 and bidi controls written as \\u escapes."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def dump_json(value: object, *, indent: int | None = 2, compact: bool = False) -> str:
    """A JSON file's text, as every svcstd writer of JSON writes it: UTF-8 kept readable, controls escaped, no NaN.

    One writer, so a new command cannot forget what the others escape (a
    diff's JSON once left U+202E raw while check's escaped it).
    """
    import json

    separators = (",", ":") if compact else None
    text = json.dumps(
        value, indent=None if compact else indent, ensure_ascii=False, allow_nan=False, separators=separators
    )
    return json_text(text) + ("" if compact else "\n")


_CSV_SPECIAL = re.compile('[,"\r\n]')
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
"""What makes a spreadsheet read a cell as a formula, full-width forms included (Excel reads ＝ as =)."""
_SPREADSHEET_SKIPS = re.compile("^[\\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*")
"""What a spreadsheet passes over before the first character it reads: spaces, controls, invisible marks."""


def spreadsheet_cell(value: object) -> str:
    """A CSV cell a spreadsheet reads as text: one that would start a formula after what it skips gains a leading '.

    A number stays a number (-6 is a time-zone offset, not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    rest = _SPREADSHEET_SKIPS.sub("", text, count=1)
    if rest[:1] in _FORMULA_START and (rest != text or not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(columns: list[str] | tuple[str, ...], rows: list[dict[str, object]]) -> str:
    """RFC 4180 CSV with a header: a field holding a comma, quote, CR or LF is quoted, so a record never splits
    (Python's csv module leaves a bare CR unquoted when lines end in LF), and every cell is a `spreadsheet_cell`."""
    lines = [",".join(_csv_field(column) for column in columns)]
    lines += [",".join(_csv_field(spreadsheet_cell(row.get(column))) for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _CSV_SPECIAL.search(text) else text


def one_line(value: object) -> str:
    """Text for a value that must stay one line (an iCalendar name or summary): every control character and line
    break a space, runs of white space one space."""
    return _WHITESPACE.sub(" ", printable(str(value))).strip()


def json_string(value: object) -> str:
    """A string value for JSON: exact where it can be, and a lone surrogate (an undecodable file name byte) shown as \\xNN."""
    string = str(value)
    return _SURROGATE.sub(_escape, string) if _SURROGATE.search(string) else string


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~!])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file|javascript|data|tel)(:)|(@)|\b(www)(\.)")
"""What GitHub's Markdown (GFM) would turn into a link by itself: a URL scheme's colon, `www.`, an email's `@`."""


def _defuse(match: re.Match[str]) -> str:
    return "".join(("\\" + part) if part in (":", "@", ".") else part for part in match.groups() if part)


_MARKDOWN_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")
_MARKDOWN_BLOCK_MARK = re.compile(r"^(\s*)([-+=])")
_WHITESPACE = re.compile(r"\s+")


def markdown_inline(value: object, block: bool = False) -> str:
    """Literal text in Markdown: no emphasis, link, autolink, table cell break, heading, list or raw HTML can come out of it.

    Newlines become spaces (a value stays on its line or table row). With
    `block`, a value that starts like a block ("# ", "- ", "1. ") has that mark
    escaped too, since a template may put it at a line start.
    """
    plain = visible(
        _WHITESPACE.sub(" ", str(value))
    )  # one line; a space at either end is kept (it may join two pieces)
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain = _MARKDOWN_PUNCTUATION.sub(r"\\\1", plain)
    plain = _AUTOLINK.sub(_defuse, plain)
    if not block:
        return plain
    plain = _MARKDOWN_LIST_NUMBER.sub(r"\1\\\2", plain)
    return _MARKDOWN_BLOCK_MARK.sub(r"\1\\\2", plain)


SLUG_LIMIT = 60
"""The longest file-name part made from a name: a file name must stay under the file system's 255 bytes, with the
charter's own part, a separator and an extension beside it."""


def ascii_slug(name: str, limit: int = SLUG_LIMIT) -> str:
    """A file-name part from a name as written: accents dropped (Peñón: penon), then lower-case letters, digits and
    hyphens only. Two names must never share a part: a name that loses letters on the way (東京 and 大阪 would both
    be empty) or is cut to `limit` ends with a short hash of the whole name."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    kept = sum(char.isalnum() for char in plain)
    lost = sum(char.isalnum() for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)) > kept
    return bounded_slug(slug or "site", name, limit, always_hash=lost)


def bounded_slug(slug: str, name: str, limit: int, *, always_hash: bool = False) -> str:
    """`slug` at most `limit` characters: cut, with a short hash of `name` so that cut names stay apart."""
    if len(slug) <= limit and not always_hash:
        return slug
    import hashlib

    tag = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug[: limit - len(tag) - 1].rstrip('-')}-{tag}"
