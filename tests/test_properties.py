"""Property tests: random and mutated YAML never crashes the loader or the command."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, svcstd
from made_in_process import replace_subtree
from svcstd.catalogue import load_catalogue
from svcstd.engine import Engine, Options
from svcstd.errors import InputError
from svcstd.loader import load_bytes

ENGINE = Engine(load_catalogue(), Options(as_of=__import__("datetime").date(2025, 11, 1)))


SEED = (EXAMPLES / "lands-department.yaml").read_bytes()


TOKENS = [
    b":",
    b"-",
    b" ",
    b"\n",
    b"  ",
    b"\t",
    b"&a",
    b"*a",
    b"!!",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"'",
    b'"',
    b"#",
    b"<<",
    b"---",
    b"? ",
    b"|",
    b">",
    b"%YAML 1.1\n",
    b"\xff",
    b"\x00",
    b"16:30",
    b"no",
    b"~",
    b"0800",
]


def mutate(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(SEED)
    for _ in range(count):
        position = rng.randrange(len(data) + 1)
        action = rng.random()
        if action < 0.4:
            data[position:position] = rng.choice(TOKENS)
        elif action < 0.7:
            del data[position : position + rng.randrange(1, 40)]
        else:
            start = rng.randrange(len(data) + 1)
            data[position:position] = data[start : start + rng.randrange(1, 80)]
    return bytes(data)


def loads_or_input_error(raw: bytes) -> None:
    try:
        document = load_bytes(raw, "fuzz.yaml")
    except InputError as error:
        assert str(error).startswith("fuzz.yaml")
        assert "\n" not in str(error)
        return
    ENGINE.check(document)  # must not raise on any structure the loader accepts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(raw):
    loads_or_input_error(raw)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=12))
def test_mutated_charters_never_crash(seed, count):
    loads_or_input_error(mutate(seed, count))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "organisation",
                "opening_hours",
                "reception",
                "services",
                "kpis",
                "sites",
                "complaints",
                "charter",
                "website",
                "staffing",
                "x",
            ]
        ),
        yaml_values,
        max_size=6,
    )
)
def test_any_structure_under_known_keys_is_checked_without_crashing(data):
    import yaml

    loads_or_input_error(yaml.safe_dump(data).encode())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=12))
def test_command_always_exits_0_1_or_2(tmp_path_factory, seed, count):
    path = tmp_path_factory.mktemp("fuzz") / "c.yaml"
    path.write_bytes(mutate(seed, count))
    result = svcstd("check", str(path), "--as-of", "2025-11-01", timeout=30)
    assert result.code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr


def renders(data) -> None:
    from svcstd.loader import Document
    from svcstd.render.localise import Localiser
    from svcstd.render.pages import render_pages

    for fmt in ("html", "markdown"):
        for lang in ("en", "es"):
            pages = render_pages([Document("fuzz.yaml", data)], fmt, Localiser(lang))
            assert pages[0].text.strip()


@settings(max_examples=250, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), yaml_values)
def test_render_never_crashes_on_a_malformed_charter(seed, value):
    from svcstd.loader import load_bytes as load

    renders(replace_subtree(load(SEED, "seed.yaml").data, random.Random(seed), value))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=12))
def test_render_never_crashes_on_mutated_yaml(seed, count):
    try:
        document = load_bytes(mutate(seed, count), "fuzz.yaml")
    except InputError:
        return
    renders(document.data)
