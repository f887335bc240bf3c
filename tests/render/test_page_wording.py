"""The public pages as a citizen reads them, in Spanish and in English: svcstd's own wording, heard by language.

Each example is rendered in both languages; the text a reader hears in the
page's language (test_render.TextNodes: outside any span marked with another
language) must hold none of the phrasings a native reader stumbled on and the
ones that replaced them. Markdown pages are read as text.
"""

from __future__ import annotations

import html
import re

import pytest

from conftest import AS_OF, EXAMPLES, svcstd
from consumers import TextNodes

EXAMPLE_NAMES = ["vital-statistics-registry", "immigration-department", "lands-department", "small-unit"]
OLD = {
    "es": [
        "timbrazo",  # 1: an unusual word, and "antes de 3" means fewer than three
        "Lo completamos",  # 2: "lo" refers to nothing
        "en menos de",  # 3: strictly less than; the promise is at most
        "Atención al público",  # 4: the heading already means opening hours
        "Horario en hora local",  # 5
        "Su próxima revisión",  # 5: read as the reader's own review
        "nunca por",  # 6: "never" promises; the minimum is a floor
        "T3 2025",  # 7: jargon
        "(aprobado por",  # 8: punctuation after the reason's own full stop
        "ante Office",  # 8: an English name without its article
        "Tratamos su información conforme a",  # 8: a name or a bare address used as a noun
        "Protegemos sus datos personales conforme a",
        "Quién responde",  # 9: ambiguous
        "Publicamos lo que aprendemos",  # 9: a calque
        "Servicio prioritario",  # 10: an internal category read as a fast track
    ],
    "en": [
        "02 June",  # 12: no leading zero
        "01 February",
        "take your complaint to:",  # 13: no colon after a preposition
        "in line with:",
        "under:",
        "(approved by",  # 14
        "(never below",  # 14
        "Reception staffed",  # 14
        "Priority service",  # 10
    ],
}


def _heard(page: str, language: str) -> str:
    nodes = TextNodes(language)
    nodes.feed(page)
    return html.unescape(" ".join(nodes.found))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("language", ["es", "en"])
def test_no_page_says_what_a_native_reader_stumbled_on(name, language):
    for fmt in ("html", "markdown"):
        page = svcstd("render", str(EXAMPLES / f"{name}.yaml"), "--lang", language, "-f", fmt, "--as-of", AS_OF)
        assert page.code == 0, page.stderr
        heard = _heard(page.stdout, language) if fmt == "html" else page.stdout
        found = [phrase for phrase in OLD[language] if phrase in heard]
        assert not found, (name, fmt, found)
        assert not re.search(r"\b0\d (January|February|March|April|May|June|July|August|September|October)", heard)


def test_the_spanish_pages_say_it_as_a_person_would():
    registry = _heard(svcstd("render", str(EXAMPLES / "vital-statistics-registry.yaml"), "--lang", "es").stdout, "es")
    for sentence in (
        "Contestamos el teléfono en un máximo de 3 timbres.",
        "Oficina abierta",
        "Recepción atendida",
        "Todas las horas son en hora de Belice.",
        "(mínimo aceptable: 85%)",
        "(julio a septiembre de 2025)",
        "Aprobado por: la Registradora General.",
        "puede acudir a un organismo independiente: la Oficina del Ombudsman.",
        "Responsable de esta carta",
        "Publicamos los resultados",
        "Lea la política que protege sus datos personales",
        "Esta carta se revisará a más tardar el",
        "de 8:00 a.m. a",  # Belize's notices write the 12-hour clock
    ):
        assert sentence in registry, sentence
    lands = _heard(svcstd("render", str(EXAMPLES / "lands-department.yaml"), "--lang", "es").stdout, "es")
    assert "Búsqueda de título de propiedad" in lands and "Le saludamos al llegar" in lands


def test_a_standard_without_spanish_words_states_its_term(tmp_path):
    registry = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    charter = tmp_path / "c.yaml"
    charter.write_text(
        registry.replace("        es: Expedimos su certificado en un plazo de 5 días hábiles.\n", "").replace(
            "    latest: {period: 2024, value: 88}\n", ""
        ),
        encoding="utf-8",
    )
    spanish = _heard(svcstd("render", str(charter), "--lang", "es", "--as-of", AS_OF).stdout, "es")
    assert "Plazo: 5 días hábiles como máximo." in spanish and "Aún sin datos" in spanish
    english = _heard(svcstd("render", str(charter), "--as-of", AS_OF).stdout, "en")
    assert "No results yet" in english


def test_the_mission_is_said_once_and_a_policy_address_is_a_link_with_words():
    page = svcstd("render", str(EXAMPLES / "vital-statistics-registry.yaml")).stdout
    mission = re.search(r'<p class="lead">([^<]+)</p>', page)
    assert mission and f"<dd>{mission[1]}</dd>" not in page  # said under the heading, not again under "Our mission"
    assert "Our mission" not in page
    assert '<a href="https://www.vsu.gov.bz/privacy">Read the policy that protects your personal data</a>' in page
    assert ">https://www.vsu.gov.bz/privacy<" not in page
