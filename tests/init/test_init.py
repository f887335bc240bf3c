"""`svcstd init`: a first charter from a few answers, through the installed command.

The interactive session is played through a pseudo-terminal (pexpect), as a
department head would type it, mistakes included: each answer is checked as
it is typed and asked again when it does not read. The charter it writes
must pass the format, and init never overwrites a file.
"""

from __future__ import annotations

import pexpect
import pytest
import yaml

from conftest import AS_OF, SVCSTD


def _format_status(run, path) -> tuple[str, list[str]]:
    result = run("check", str(path), "--as-of", AS_OF, "-f", "json")
    assert result.code in (0, 1), result.stderr
    standards = result.json()["files"][0]["standards"]
    status = next(s["status"] for s in standards if s["id"] == "FORMAT")
    return status, [s["id"] for s in standards if s["status"] == "not evidenced"]


def test_an_interactive_session_writes_a_charter_that_passes_the_format(run, tmp_path):
    session = pexpect.spawn(str(SVCSTD), ["init"], cwd=str(tmp_path), encoding="utf-8", timeout=30)
    answers = [
        ("Department name", "Small Unit of Belmopan"),
        (r"Ministry \(if any\)", ""),
        (r"Country \(two-letter code\) \[BZ\]", ""),
        ("Address of the main office", "Market Square, Belmopan"),
        ("Public telephone number", "call us"),  # not a number: asked again
        ("write a telephone number with its digits", None),
        ("Public telephone number", "+501 822-3300"),
        ("Public email address", "unit at gov.bz"),
        ("write an email address", None),
        ("Public email address", "unit@gov.bz"),
        (r"Opening hours \[mon-fri 08:00-16:30\]", "mon-fri 8-12 13-17"),
        ("is not an opening time", None),
        ("Opening hours", "mon-fri 08:00-12:00 13:00-17:00"),
        (r"Closed on public holidays\? \(yes/no\) \[yes\]", ""),
        # the policy's own words are shown where the promise is asked
        (r'The policy asks: "All mailed correspondences are to be replied to within \(5\) five working days\."', None),
        (r"Working days to reply to letters and emails \[5\]", "10"),
        ("Service 1 name", "Business licence"),
        ("Working days to deliver Business licence", "3"),
        ("Service 2 name", ""),
        (r"Who answers for this charter \(name\)", "Ana Flores"),
        ("Their job title", "Head of Unit"),
        ("Their email address", ""),
        (r"Languages the charter is published in \[en\]", "en, es"),
    ]
    for prompt, answer in answers:
        session.expect(prompt)
        if answer is not None:
            session.sendline(answer)
    session.expect("wrote small-unit-of-belmopan.charter.yaml")
    session.expect(pexpect.EOF)
    session.close()
    assert session.exitstatus == 0
    charter = tmp_path / "small-unit-of-belmopan.charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert data["opening_hours"]["weekly"]["monday"] == [
        {"opens": "08:00", "closes": "12:00"},
        {"opens": "13:00", "closes": "17:00"},
    ]
    assert "saturday" not in data["opening_hours"]["weekly"]
    assert data["contact"] == {
        "address": "Market Square, Belmopan",
        "telephone": ["+501 822-3300"],
        "email": "unit@gov.bz",
    }
    assert data["correspondence"] == {"reply_within_working_days": 10}
    assert data["services"] == [
        {"id": "business-licence", "name": "Business licence", "standard": {"within_working_days": 3}}
    ]
    assert data["charter"]["languages"] == ["en", "es"] and data["opening_hours"]["timezone"] == "America/Belize"
    status, missing = _format_status(run, charter)
    assert status == "met"
    # what init could not ask is left out, not invented: check reports it as missing, never as met
    assert {"BZ-D1", "BZ-D3", "BZ-B", "BZ-D9"} <= set(missing)
    # and a second init over it is refused, the file untouched
    again = run("init", str(charter), "--no-input", "--name", "Other")
    assert again.code == 2 and "exists; svcstd init never overwrites a file" in again.stderr
    assert charter.read_text(encoding="utf-8") == text


def test_no_input_takes_flags_and_an_answers_file(run, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "name: Lands Unit\nministry: Ministry of Natural Resources\nhours: mon-thu 08:00-17:00; fri 08:00-16:00\n"
        "services: [Title search=2, Survey plan]\nofficial: {name: Jo Tun, email: jo@lands.gov.bz}\n"
        "languages: [en, es]\n"
    )
    target = tmp_path / "lands.charter.yaml"
    result = run("init", str(target), "--answers", str(answers), "--reply-days", "4", "--telephone", "8221234")
    assert result.code == 0, result.stderr
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["organisation"]["ministry"] == "Ministry of Natural Resources"
    assert data["organisation"]["accountable_official"] == {"name": "Jo Tun", "email": "jo@lands.gov.bz"}
    assert data["opening_hours"]["weekly"]["friday"] == [{"opens": "08:00", "closes": "16:00"}]
    assert data["correspondence"]["reply_within_working_days"] == 4
    assert data["contact"]["telephone"] == ["8221234"]  # quoted: the digits stay text
    assert [s.get("standard") for s in data["services"]] == [{"within_working_days": 2}, None]
    assert data["charter"]["languages"] == ["en", "es"]
    assert _format_status(run, target)[0] == "met"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--no-input"], "--no-input: name is required"),
        (["--no-input", "--name", "X", "--hours", "mon-fri 9-5"], "--no-input: hours: '9-5' is not an opening time"),
        (["--no-input", "--name", "X", "--email", "nobody"], "--no-input: email: write an email address"),
        (["--no-input", "--name", "X", "--reply-days", "0"], "--no-input: reply_within_working_days: write a whole"),
        (["--no-input", "--name", "X", "--service", "Licence=soon"], "--no-input: services: 'Licence=soon'"),
    ],
)
def test_a_bad_answer_without_a_terminal_is_one_line_and_nothing_is_written(run, tmp_path, args, message):
    result = run("init", str(tmp_path / "c.charter.yaml"), *args)
    assert result.code == 2
    assert result.stderr.startswith(f"svcstd: error: {message}") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_without_a_terminal_init_asks_for_no_input_instead_of_hanging(run, tmp_path):
    result = run("init", str(tmp_path / "c.charter.yaml"), stdin="")
    assert result.code == 2 and "use --no-input with flags, or --answers FILE" in result.stderr
