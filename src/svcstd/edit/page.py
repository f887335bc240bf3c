"""The editor's pages: the form with its findings beside the fields, and the public page's preview.

Written with the render command's Jinja environment and message catalogues,
so the editor's own words are translated where the pages are, and its pages
share their accessible style. The form works as plain HTML (every button
posts it and the answer is the page re-judged); editor.js only makes the
judging live.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from svcstd.edit.form import Field, Form

if TYPE_CHECKING:
    from jinja2 import Environment

    from svcstd.catalogue import Catalogue
    from svcstd.edit.session import Verdict
    from svcstd.findings import Finding

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
LANGUAGES = ("en", "es")
"""The editor's own languages: those whose catalogues hold its words."""


@dataclass
class Shown:
    """What one editor page shows besides the form: a message, and the findings placed at their fields."""

    notice: str = ""
    problem: str = ""
    by_field: dict[str, list[Finding]] = field(default_factory=dict)
    by_section: dict[str, int] = field(default_factory=dict)


def place(fields: list[Field], findings: list[Finding]) -> Shown:
    """Each finding at the deepest field its path leads to (a missing key's finding at the group that lacks it)."""
    by_path = {f.path: f for top in fields for f in top.walk()}
    shown = Shown()
    for finding in findings:
        path = tuple(finding.path)
        while path and path not in by_path:
            path = path[:-1]
        target = by_path.get(path)
        ident = target.ident if target is not None else "f-document"
        shown.by_field.setdefault(ident, []).append(finding)
        if path:
            section = str(path[0])
            shown.by_section[section] = shown.by_section.get(section, 0) + 1
    return shown


class Pages:
    """The editor's pages in one language."""

    def __init__(self, language: str, catalogue: Catalogue) -> None:
        from svcstd.render.environment import make_environment
        from svcstd.render.localise import Localiser

        self.language = language if language in LANGUAGES else "en"
        self.localiser = Localiser(self.language)
        self.env: Environment = make_environment("html", self.localiser, own_templates=TEMPLATES)
        self.catalogue = catalogue
        self.form = Form(self.language)

    def editor(
        self,
        data: dict[str, Any],
        verdict: Verdict,
        *,
        token: str,
        file: str | None,
        unsaved: bool,
        notice: str = "",
        problem: str = "",
        languages: list[str] | None = None,
    ) -> str:
        fields = self.form.fields(data)
        shown = place(fields, verdict.findings)
        shown.notice, shown.problem = notice, problem or (verdict.problem or "")
        unknown = [str(k) for k in data if k not in self.form.schema["properties"]]
        return self.env.get_template("editor.html.j2").render(
            fields=fields,
            shown=shown,
            verdict=verdict,
            token=token,
            file=file,
            unsaved=unsaved,
            state=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            unknown=unknown,
            rules=self.catalogue.rules,
            language=self.language,
            languages=LANGUAGES,
            preview_languages=languages or ["en"],
            language_name=self.localiser.language_name,
            section_title=self.section_title,
        )

    def status(self, data: dict[str, Any], verdict: Verdict) -> dict[str, Any]:
        """The live-judging answer: the findings count, the status block, and each field's findings."""
        fields = self.form.fields(data)
        shown = place(fields, verdict.findings)
        module = self.env.get_template("editor_parts.html.j2").make_module(
            {"fields": fields, "shown": shown, "verdict": verdict, "rules": self.catalogue.rules}
        )
        every = [f for top in fields for f in top.walk()]
        return {
            "count": len(verdict.findings),
            "count_text": str(getattr(module, "count_text")()),  # noqa: B009 (a macro: mypy cannot see it)
            "detail": str(getattr(module, "status_detail")()),  # noqa: B009
            "fields": {
                f.ident + "-errors": str(getattr(module, "field_errors")(f))  # noqa: B009
                for f in every
                if f.ident in shown.by_field
            },
            "sections": shown.by_section,
        }

    def section_title(self, field: Field) -> Markup:
        """A section's name in the editor's language; a section the catalogues do not name yet keeps the schema's
        English title, marked as English."""
        try:
            return Markup(self.say("edit.section." + field.name))
        except KeyError:
            return Markup('<span lang="en">{}</span>').format(field.title)

    def say(self, key: str, count: int | None = None, **values: Any) -> str:
        """A sentence of the editor in its language (the catalogues' `edit.` keys)."""
        say: Callable[..., Any] = self.env.globals["t"]  # type: ignore[assignment]
        return str(say(key, count, **values))

    def preview(self, data: dict[str, Any], language: str) -> str:
        """The public page as `svcstd render --lang` writes it for this charter."""
        from svcstd.render.pages import Renderer
        from svcstd.render.view import read_charter

        renderer = Renderer("html", type(self.localiser)(language if language in LANGUAGES else "en"))
        charter = read_charter(data, "preview", renderer.language)
        return renderer.page(charter).text


def static_file(name: str) -> tuple[bytes, str] | None:
    """The editor's style and script (the pages' own style first), by name; nothing else is served from disk."""
    if name == "editor.css":
        from svcstd.render.environment import TEMPLATES as PAGE_TEMPLATES

        text = (PAGE_TEMPLATES / "style.css").read_text(encoding="utf-8") + (STATIC / "editor.css").read_text(
            encoding="utf-8"
        )
        return text.encode("utf-8"), "text/css; charset=utf-8"
    if name == "editor.js":
        return (STATIC / "editor.js").read_bytes(), "text/javascript; charset=utf-8"
    return None
