"""checker.safeyaml: the one YAML reader is bounded, and every failure is located.

Each hostile document is read with libyaml's parser and with the pure-Python one (the
fallback when PyYAML lacks libyaml): both must give the same located error.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import safeyaml
from checker.errors import FactcheckError

ROOT = Path(__file__).resolve().parent.parent

LOADERS = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.insert(0, yaml.CSafeLoader)


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    monkeypatch.setattr(safeyaml, "_LOADER", request.param)
    return request.param  # type: ignore[no-any-return]


def _bomb(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" document: a few hundred bytes, width**levels values expanded."""
    lines = ['a0: &a0 ["' + '", "'.join("lol" for _ in range(width)) + '"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join(f"*a{i - 1}" for _ in range(width)) + "]")
    return "\n".join(lines) + "\n"


def _error(text: str, **kwargs: object) -> FactcheckError:
    with pytest.raises(FactcheckError) as caught:
        safeyaml.load(text, "f.yml", **kwargs)  # type: ignore[arg-type]
    err = caught.value
    assert "\n" not in str(err), str(err)
    assert str(err).startswith("f.yml:") or str(err).startswith("f.yml: "), str(err)
    return err


HOSTILE = [
    # (name, document, (line, column) or None when there is no better place, words)
    ("impossible date", "a: 1\npublished: 2019-02-31\n", (2, 12), "impossible date '2019-02-31'"),
    ("month 13", "published: 2019-13-01\n", (1, 12), "impossible date"),
    ("year zero", "published: 0000-01-01\n", (1, 12), "impossible date"),
    ("bad timestamp time", "t: 2019-01-01 25:61:00\n", (1, 4), "impossible date"),
    ("tagged int", "n: !!int abc\n", (1, 4), "impossible integer 'abc'"),
    ("tagged float", "n: !!float zz\n", (1, 4), "impossible number 'zz'"),
    ("tagged bool", "b: !!bool maybe\n", (1, 4), "impossible boolean 'maybe'"),
    ("tagged timestamp", "t: !!timestamp soon\n", (1, 4), "impossible date 'soon'"),
    ("4,301-digit integer", "n: " + "7" * 4301 + "\n", (1, 4), "integer too long"),
    ("long binary integer", "n: 0b" + "1" * 200 + "\n", (1, 4), "integer too long"),
    ("python tag", "x: !!python/object/apply:os.system [echo]\n", (1, 4), "is not allowed"),
    ("python name", "x: !!python/name:os.system ''\n", (1, 4), "is not allowed"),
    ("binary", "x: !!binary aGk=\n", (1, 4), "is not allowed"),
    ("local tag", "x: !secret value\n", (1, 4), "is not allowed"),
    ("tagged mapping", "x: !!python/object:os.Foo {a: 1}\n", (1, 4), "is not allowed"),
    ("set", "x: !!set {a, b}\n", (1, 4), "is not allowed"),
    ("NUL", "title: a\x00b\n", (1, 9), "control characters"),
    ("bell", "a: 1\ntitle: x\x07\n", (2, 9), "control characters"),
    ("alias bomb", _bomb(), None, "alias bomb"),
    ("recursive alias", "a: &a [1, *a]\n", (1, 11), "recursive alias '*a'"),
    ("recursive mapping alias", "a: &a {b: *a}\n", (1, 11), "recursive alias"),
    ("unknown alias", "a: *nowhere\n", (1, 4), "unknown alias '*nowhere'"),
    ("duplicate anchor", "a: &x 1\nb: &x 2\n", (2, 4), "duplicate anchor '&x'"),
    ("second document", "a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
    ("deep block nesting", "".join(" " * i + "k:\n" for i in range(200)), None, "nested"),
    ("deep flow nesting", "[" * 100_000, None, "nest"),
    ("deep flow mapping", "{a: " * 5_000, None, "nest"),
    ("unclosed flow", "a: [b, c\nd: e\n", (2, 2), "YAML syntax error"),
    ("tab indentation", "a:\n\t- b\n", (2, 1), "YAML syntax error"),
    ("unhashable key", "? [a, b]\n: 1\n", None, "unhashable key"),
]


@pytest.mark.parametrize(("name", "text", "where", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_is_one_located_error(
    loader: type, name: str, text: str, where: tuple[int, int] | None, words: str
) -> None:
    start = time.perf_counter()
    err = _error(text)
    assert time.perf_counter() - start < 5, "a hostile document must fail fast"
    assert words in str(err), str(err)
    assert err.line is not None  # every one of them has a line to point at
    if where is not None:
        assert (err.line, err.column) == where, str(err)


def test_alias_limits_count_expansion_not_text(loader: type) -> None:
    # Four levels of nine are 6,561 values: fine.  Six levels are 531,441: refused, at
    # the alias that crosses the limit, without building anything.
    assert len(safeyaml.load(_bomb(levels=4), "f.yml")["a3"]) == 9
    err = _error(_bomb(levels=6))
    assert err.line == 6
    few_aliases = "a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(safeyaml.MAX_ALIASES))
    assert len(safeyaml.load(few_aliases, "f.yml")) == safeyaml.MAX_ALIASES + 1
    assert "aliases" in str(_error(few_aliases + "last: *a\n"))


def test_nesting_limit(loader: type) -> None:
    ok = "[" * (safeyaml.MAX_DEPTH - 1) + "]" * (safeyaml.MAX_DEPTH - 1)
    assert safeyaml.load(ok, "f.yml") is not None
    deep = "[" * (safeyaml.MAX_DEPTH + 1) + "]" * (safeyaml.MAX_DEPTH + 1)
    err = _error(deep)
    assert (err.line, err.column) == (1, safeyaml.MAX_DEPTH + 1)


def test_size_limit() -> None:
    err = _error("a: " + "x" * 200 + "\n", max_chars=100)
    assert "too large" in str(err) and err.line is None


def test_first_line_shifts_every_line(loader: type) -> None:
    err = _error("title: x\npublished: 2019-02-31\n", first_line=2)
    assert (err.line, err.column) == (3, 12)
    err = _error("title: [x\n", first_line=2)
    assert err.line is not None and err.line >= 3


def test_quoted_dates_and_numbers_are_text(loader: type) -> None:
    data = safeyaml.load('a: "2019-02-31"\nb: "' + "9" * 5000 + '"\nc: !!str 12\n', "f.yml")
    assert data == {"a": "2019-02-31", "b": "9" * 5000, "c": "12"}


def test_empty_documents(loader: type) -> None:
    assert safeyaml.load("", "f.yml") is None
    assert safeyaml.load("# only a comment\n", "f.yml") is None
    assert safeyaml.compose("", "f.yml") is None


def test_merge_keys_and_plain_aliases_still_work(loader: type) -> None:
    text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: &l [1, 2]\nagain: *l\n"
    assert safeyaml.load(text, "f.yml") == yaml.safe_load(text)


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*/*.yml")), ids=lambda p: p.name)
def test_composes_the_shipped_packs_like_pyyaml(loader: type, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ours = safeyaml.compose(text, path.name)
    theirs = yaml.compose(text, Loader=loader)
    assert yaml.serialize(ours) == yaml.serialize(theirs)
    # Marks are what packs report errors with.
    assert _marks(ours) == _marks(theirs)


def _marks(node: yaml.Node | None) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    stack = [node] if node is not None else []
    while stack:
        item = stack.pop()
        start, end = item.start_mark, item.end_mark
        out.append((start.line, start.column, end.line, end.column))
        if isinstance(item, yaml.MappingNode):
            stack.extend(x for pair in item.value for x in pair)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
    return out


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(min_value=dt.date(1, 1, 1))
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=_DATA, flow=st.sampled_from([None, True, False]))
def test_reads_what_pyyaml_reads(data: object, flow: bool | None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert safeyaml.load(text, "f.yml") == yaml.safe_load(text)
