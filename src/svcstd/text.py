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
  can become markup, raw HTML, a link or an autolink.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
"""C0 and C1 controls, DEL, bidirectional controls, line/paragraph separators and lone surrogates."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
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


def ascii_slug(name: str) -> str:
    """A file-name part from a name as written: accents dropped (Peñón: penon), then lower-case letters, digits and
    hyphens only."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "site"
