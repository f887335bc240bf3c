"""A charter's own words in several languages (`promise: {en: ..., es: ...}`), through the installed command.

The format accepts text given once or per language and says plainly what is
wrong with a per-language mapping; `check` warns (ISO 11367 7.3.2.3) where a
language the charter lists lacks a text the public page shows; every other
reader (measure, diff) reads the first language's text, never a mapping's
Python form. Pages are tested in test_render.py.
"""

from __future__ import annotations

import json

import pytest

from conftest import AS_OF, EXAMPLES

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
RULE = "ISO-7.3.2.3-02"


def _findings(report: dict) -> list[dict]:
    return [f for s in report["files"][0]["standards"] for f in s["findings"]]


def _check(run, tmp_path, text: str, *args: str):
    charter = tmp_path / "charter.yaml"
    charter.write_text(text, encoding="utf-8")
    return run("check", str(charter), "--as-of", AS_OF, "-f", "json", *args)


def test_the_bilingual_examples_give_every_public_text_in_both_languages(run):
    for name in ("vital-statistics-registry", "immigration-department"):
        result = run("check", str(EXAMPLES / f"{name}.yaml"), "--as-of", AS_OF, "-f", "json")
        assert not [f for f in _findings(result.json()) if f["rule"] == RULE], name


def test_a_text_missing_a_listed_language_is_one_warning_at_its_line(run, tmp_path):
    text = REGISTRY.replace(
        "  greeting_standard:\n    en: You will be greeted as soon as you arrive, or as soon as a member of staff is free.\n"
        "    es: Le saludamos en cuanto llega, o en cuanto un miembro del personal queda libre.\n",
        "  greeting_standard: You will be greeted as soon as you arrive, or as soon as a member of staff is free.\n",
    ).replace("    - {en: Accuracy, es: Exactitud}\n", "    - {es: Exactitud}\n")
    result = _check(run, tmp_path, text)
    assert result.code == 0, result.stderr  # a warning: the gate stays open at --fail-on error
    found = [(f["path"], f["line"], f["severity"], f["detail"]) for f in _findings(result.json()) if f["rule"] == RULE]
    lines = text.splitlines()
    greeting = next(i for i, line in enumerate(lines, 1) if line.startswith("  greeting_standard:"))
    accuracy = next(i for i, line in enumerate(lines, 1) if "{es: Exactitud}" in line)
    assert found == [
        (
            "organisation.values[2]",
            accuracy,
            "warning",
            "organisation.values[2] has no text in en (charter.languages lists en, es)",
        ),
        (
            "reception.greeting_standard",
            greeting,
            "warning",
            "reception.greeting_standard has no text in es (charter.languages lists en, es)",
        ),
    ]
    assert not [f for f in _findings(result.json()) if f["rule"] == "BZ-D5-04"]  # neither is an hour or a standard
    assert run("check", str(tmp_path / "charter.yaml"), "--as-of", AS_OF, "--fail-on", "warning").code == 1


def test_a_service_standard_missing_a_language_is_not_publicised_in_it_under_both_sources(run, tmp_path):
    text = REGISTRY.replace("        es: Expedimos su certificado en un plazo de 3 días hábiles.\n", "").replace(
        "    name: {en: Registering a birth, es: Inscripción de un nacimiento}", "    name: Registering a birth"
    )
    result = _check(run, tmp_path, text)
    found = sorted(
        (f["rule"], f["path"], f["severity"]) for f in _findings(result.json()) if "languages" in f["detail"]
    )
    assert found == [  # the policy's "are to publicize" is an obligation (error), ISO's "should" a recommendation
        ("BZ-D5-04", "services[0].name", "error"),
        ("BZ-D5-04", "services[1].standard.promise", "error"),
        ("ISO-7.3.2.3-02", "services[0].name", "warning"),
        ("ISO-7.3.2.3-02", "services[1].standard.promise", "warning"),
    ]
    statuses = {s["id"]: s["status"] for s in result.json()["files"][0]["standards"]}
    assert statuses["BZ-D5"] == statuses["ISO-7.3.2.3"] == "not met" and result.code == 1


def test_languages_are_matched_by_their_primary_subtag_and_web_addresses_need_no_translation(run, tmp_path):
    # es-419 (Latin American Spanish) is served by text under es; the policy's address reads the same in any language
    text = REGISTRY.replace("  languages: [en, es]", "  languages: [en, es-419]")
    assert "data_protection_policy: https://www.vsu.gov.bz/privacy" in text
    result = _check(run, tmp_path, text)
    assert not [f for f in _findings(result.json()) if f["rule"] == RULE]


def test_a_charter_in_one_language_is_never_asked_for_another(run, tmp_path):
    text = REGISTRY.replace("  languages: [en, es]", "  languages: [en]")
    result = _check(run, tmp_path, text)
    statuses = {s["id"]: s["status"] for s in result.json()["files"][0]["standards"]}
    assert statuses["ISO-7.3.2.3"] == "met" and result.code == 0


@pytest.mark.parametrize(
    ("value", "rule", "detail"),
    [
        (
            "{english: We reply.}",
            "FMT-01",
            "reception.greeting_standard.english: 'english' is not a language code; "
            "give text per language as en: ..., es: ...",
        ),
        ("{}", "FMT-02", "reception.greeting_standard is an empty mapping"),
        (
            "42",
            "FMT-02",
            "reception.greeting_standard is 42; expected text, or text per language (en: ..., es: ...)",
        ),
        ("{en: [a, b]}", "FMT-02", "reception.greeting_standard.en is a list; expected text"),
    ],
)
def test_a_malformed_text_per_language_is_named_in_one_line(run, tmp_path, value, rule, detail):
    start = REGISTRY.index("  greeting_standard:\n")
    end = REGISTRY.index("  staffed_hours:", start)
    text = REGISTRY[:start] + f"  greeting_standard: {value}\n" + REGISTRY[end:]
    result = _check(run, tmp_path, text)
    assert result.code == 1
    found = [(f["rule"], f["detail"]) for f in _findings(result.json()) if f["rule"].startswith("FMT")]
    assert (rule, detail) in found, found
    # the rules that read the greeting are never "met" on a value the format cannot read
    statuses = {s["id"]: s["status"] for s in result.json()["files"][0]["standards"]}
    assert statuses["ISO-7.3.2.3"] != "met"


def test_measure_and_diff_read_the_first_languages_text(run, tmp_path):
    measured = run(
        "measure",
        str(EXAMPLES / "vital-statistics-registry.yaml"),
        "--correspondence",
        str(EXAMPLES / "logs/vital-statistics-registry.correspondence.csv"),
        "--period",
        "2025",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert measured.code in (0, 1), measured.stderr
    text = json.dumps(measured.json(), ensure_ascii=False)
    assert "Certified copy of a birth certificate" in text and "{'en'" not in text and "Copia certificada" not in text

    # a promise given per language is the same promise as the English text it started as; a changes: log entry
    # written per language still records a weakening
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    before_log = REGISTRY[: REGISTRY.index("# What the department changed")]
    old.write_text(
        before_log.replace(
            "  promise:\n    en: What you tell us is used only to register your event and issue your certificates.\n"
            "    es: Lo que usted nos dice se usa solo para inscribir su hecho vital y expedir sus certificados.\n",
            "  promise: What you tell us is used only to register your event and issue your certificates.\n",
        ).replace(
            "within_working_days: 5\n      target_percent: 90", "within_working_days: 4\n      target_percent: 90"
        ),
        encoding="utf-8",
    )
    new.write_text(REGISTRY, encoding="utf-8")
    diffed = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "json")
    assert diffed.code == 0, diffed.stdout + diffed.stderr
    [compared] = diffed.json()["files"]
    facts = {change["fact"]: change for change in compared["changes"]}
    assert "confidentiality.promise" not in facts
    weaker = facts["services[marriage-certificate].standard.within_working_days"]
    assert weaker["kind"] == "weaker" and weaker["recorded"], weaker
    assert compared["unrecorded"] == 0


def test_a_spanish_site_index_names_each_service_in_spanish_across_workers(run, tmp_path):
    # the index keeps a summary of each charter, made in a worker process: each name keeps its language
    site = tmp_path / "site"
    result = run("render", str(EXAMPLES), "-o", str(site), "--lang", "es", "--jobs", "2", "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<li>Renovación de pasaporte</li>" in index and "<li>Inscripción de un nacimiento</li>" in index
    assert "<li>Búsqueda de título de propiedad</li>" in index  # the lands charter now gives its Spanish too
    # the small unit lists no languages: its English names are marked English on the Spanish index (WCAG 3.1.2)
    assert '<li><span lang="en">Registering a cooperative</span></li>' in index
    assert '<span lang="en">Cooperatives Registry Unit</span>' in index


def test_a_malformed_text_outside_the_hours_and_standards_leaves_d5_judged(run, tmp_path):
    # BZ-D5-04 reads only what D.5 names; the vision is ISO-7.3.2.3's to read, so a bad vision leaves BZ-D5 met
    start = REGISTRY.index("  vision:\n")
    end = REGISTRY.index("  mission:", start)
    result = _check(run, tmp_path, REGISTRY[:start] + "  vision: 42\n" + REGISTRY[end:])
    statuses = {s["id"]: s["status"] for s in result.json()["files"][0]["standards"]}
    assert statuses["BZ-D5"] == "met" and statuses["ISO-7.3.2.3"] == "not met" and statuses["FORMAT"] == "not met"
