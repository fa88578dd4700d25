"""Ingest: article files on disk -> ``Source`` (decoded text, metadata, body spans).

What is page furniture (related news, comment forms, captions, counters) is decided by
the ``furniture`` section of the loaded rule packs (``rules/generic/furniture.yml``);
this module only knows the *kinds* of furniture, never the words.

Offsets in ``Source.body`` and ``Source.furniture`` point into ``Source.text``, which is
the file's decoded text, verbatim.  Matching happens on a canonical copy (see
``checker.textnorm``) so NFC and NFD files are treated alike.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from checker import safeyaml
from checker.discover import ARTICLE_SUFFIXES, NOT_AN_ARTICLE, SIDECAR, discover
from checker.errors import FactcheckError, FactcheckErrors
from checker.files import read_bytes, read_text
from checker.htmlmap import ignore_comments, position_map
from checker.knowledge import Knowledge
from checker.model import PositionMap, Source, Span
from checker.prefilter import Gated, Probe, fold_page
from checker.pubdate import Vocabulary as DateVocabulary
from checker.pubdate import find_publication
from checker.pubdate import vocabulary as date_vocabulary
from checker.textnorm import canonical, canonical_page, canonical_with_map, squash

HTML_SUFFIXES = (".html", ".htm")
SIDECAR_KEYS = ("title", "outlet", "url", "published", "note")

# ---------------------------------------------------------------------------------------
# discovery (checker.discover; re-exported here, where callers have always found it)


def display_path(path: str | Path) -> str:
    """The path shown to users: relative to the working directory when the file is below
    it, else as given; always with forward slashes.  A byte of the name that is not
    UTF-8 is shown as ``\\xNN`` (it cannot be written to a UTF-8 report as it is)."""
    given = Path(path)
    cwd = Path.cwd()
    try:
        shown = Path(os.path.abspath(given)).relative_to(cwd).as_posix()
    except ValueError:
        shown = given.as_posix()
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:  # surrogate-escaped bytes of a non-UTF-8 file name
        return os.fsencode(shown).decode("utf-8", "backslashreplace")
    return shown


# ---------------------------------------------------------------------------------------
# reading


def load_sources(paths: Sequence[str | Path], knowledge: Knowledge) -> Iterator[Source]:
    """Discover the article files under ``paths`` and read them one at a time.

    Discovery errors are raised at once; reading errors when the file is reached.
    Only one file's text is held at a time, so memory stays bounded on large corpora.
    """
    files = discover(paths)
    rules = _rules(knowledge)

    def stream() -> Iterator[Source]:
        for path in files:
            yield _read(path, rules, display_path(path))

    return stream()


def read_source(path: Path, knowledge: Knowledge, display: str | None = None) -> Source:
    """Read one article file into a ``Source``.

    ``display`` is the path shown in reports (default: ``display_path(path)``).  For HTML
    files, ``Source.text`` is the text trafilatura extracts from the page (headline first);
    ``Source.positions`` maps it back to the file, so that claims carry the file's lines
    and columns, and ``Source.ignore_comments`` keeps the page's ignore comments.
    """
    return _read(Path(path), _rules(knowledge), display or display_path(path))


def _read(path: Path, rules: _Rules, display: str) -> Source:
    raw = read_bytes(path, display)  # regular files only, size capped, never blocks
    positions: PositionMap | None = None
    comments: tuple[tuple[int, int, str], ...] = ()
    if path.suffix.lower() in HTML_SUFFIXES:
        text, encoding, meta, (positions, comments) = _read_html(raw, display)
        first_line = 0
    else:
        text, encoding = decode(raw, display)
        meta, first_line = _front_matter(text, display)
    side = _sidecar_entry(path)
    # The record that states the date, if one does (checker.pubdate.STATED_BASES).
    basis = "sidecar" if side.published else None
    if meta.published:
        basis = "page-metadata" if positions is not None else "front-matter"
    meta = meta.fill(side)
    page = _classify(text, first_line, rules)
    # A date line is furniture (page.furniture); what dates the page is checker.pubdate's.
    publication = find_publication(
        text.split("\n"),
        stated=meta.published,
        basis=basis,
        first_line=first_line,
        end_line=_tail_line(text, page),
        vocab=rules.pubdate,
    )
    meta = meta.fill(_Meta(title=page.headline))
    return Source(
        path=display,
        text=text,
        encoding=encoding,
        body=tuple(page.body),
        title=meta.title,
        outlet=meta.outlet,
        url=meta.url,
        published=publication.date,
        published_basis=publication.source_basis,
        published_evidence=publication.evidence_text(_file_line(text, positions)),
        published_confidence=publication.confidence,
        furniture=tuple(page.furniture),
        positions=positions,
        ignore_comments=comments,
    )


def _tail_line(text: str, page: _Page) -> int | None:
    """The line where related news or comments begin (their dates are other pages')."""
    tails = [span.start for span, marker in page.furniture if marker.startswith("tail: ")]
    return text.count("\n", 0, min(tails)) if tails else None


def _file_line(text: str, positions: PositionMap | None) -> Callable[[int], int] | None:
    """For an HTML page: a line of the extracted text -> its line in the file."""
    if positions is None:
        return None

    def line_of(line: int) -> int:
        start = 0
        for _ in range(line - 1):  # evidence stands near the top: a few lines to skip
            start = text.index("\n", start) + 1
        return positions.locate(start)[0]

    return line_of


# ---------------------------------------------------------------------------------------
# decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(raw: bytes, display: str) -> tuple[str, str]:
    """Decode file bytes; return ``(text, encoding)`` with any BOM dropped.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded strictly.  Bytes that
    are not UTF-8 are tried as Windows-1258 (legacy Vietnamese) and accepted only when
    the result reads as Vietnamese.  Anything else raises ``FactcheckError``: text is
    never silently mangled.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec.removesuffix("-sig"))
            except UnicodeDecodeError as err:
                prefix = raw[len(bom) : len(bom) + err.start].decode(codec.removesuffix("-sig"))
                raise _decode_error(
                    raw, err.start + len(bom), f"not valid {codec}", display, prefix.count("\n")
                ) from err
            return _no_nul(text, display), codec
    try:
        return _no_nul(raw.decode("utf-8"), display), "utf-8"
    except UnicodeDecodeError as err:
        bad_byte = err.start
    legacy = _try_cp1258(raw)
    if legacy is not None:
        return _no_nul(legacy, display), "cp1258"
    raise _decode_error(
        raw,
        bad_byte,
        "cannot decode: not UTF-8, and not recognisable as Windows-1258 Vietnamese",
        display,
    )


def _decode_error(
    raw: bytes, offset: int, message: str, display: str, newlines: int | None = None
) -> FactcheckError:
    """``newlines`` before the bad byte; counted in the bytes when not given (UTF-8)."""
    if newlines is None:
        newlines = raw.count(b"\n", 0, offset)
    return FactcheckError(
        f"{message} (first bad byte at offset {offset})",
        path=display,
        line=newlines + 1,
        hint="save the file as UTF-8",
    )


def _no_nul(text: str, display: str) -> str:
    where = text.find("\x00")
    if where >= 0:
        raise FactcheckError(
            "contains NUL characters: a binary file, or UTF-16 without a byte order mark",
            path=display,
            line=text.count("\n", 0, where) + 1,
            hint="save the file as UTF-8",
        )
    return text


@lru_cache(maxsize=1)
def _vietnamese_letters() -> tuple[frozenset[str], frozenset[str]]:
    """(all non-ASCII Vietnamese letters, those that Latin-1 lacks), both cases, NFC."""
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {"đ", "Đ"}
    for base in "aăâeêioôơuưy":
        for tone in tones:
            for ch in (base, base.upper()):
                letters.add(unicodedata.normalize("NFC", ch + tone))
    letters = {ch for ch in letters if not ch.isascii()}
    latin1 = {ch for ch in letters if ord(ch) < 256}
    return frozenset(letters), frozenset(letters - latin1)


def _try_cp1258(raw: bytes) -> str | None:
    """Decode as Windows-1258 if the result plainly reads as Vietnamese, else None.

    Windows-1258 maps almost every byte, so decoding alone proves nothing: we require
    letters only Vietnamese uses (ă, ơ, ư, đ, ạ, ...), that nearly all non-ASCII letters
    are Vietnamese, that they are a fair share of all letters, and that every tone mark
    composed onto a vowel (a stray combining mark means the bytes were something else).
    """
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        return None
    nfc = unicodedata.normalize("NFC", text)
    viet, strong = _vietnamese_letters()
    letters = non_ascii = vietnamese = specific = stray = 0
    for ch in nfc:
        if unicodedata.combining(ch):
            stray += 1
        elif ch.isalpha():
            letters += 1
            if not ch.isascii():
                non_ascii += 1
                vietnamese += ch in viet
                specific += ch in strong
    if specific == 0 or vietnamese < 0.9 * non_ascii or vietnamese < 0.05 * letters:
        return None
    return text if stray <= 0.01 * letters else None


# ---------------------------------------------------------------------------------------
# metadata


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None

    def fill(self, other: _Meta) -> _Meta:
        """Keep our values; take ``other``'s where ours are missing."""
        return _Meta(
            title=self.title or other.title,
            outlet=self.outlet or other.outlet,
            url=self.url or other.url,
            published=self.published or other.published,
        )


def _parse_date(value: Any) -> date | None:
    """A date from YAML: a date, a datetime, or text like 2022-01-27 or 27/01/2022."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if not match:
            raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)")
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as err:  # 2019-02-31
        raise ValueError(f"impossible date {text!r}: {err}") from None


def _meta_from(fields: dict[str, Any]) -> _Meta:
    def text(key: str) -> str | None:
        value = fields.get(key)
        return None if value is None else str(value).strip() or None

    return _Meta(
        title=text("title"),
        outlet=text("outlet"),
        url=text("url"),
        published=_parse_date(fields.get("published")),
    )


# The keys front matter is read for; any other key is left to the other tools that share it.
_FRONT_MATTER_KEYS = ("title", "outlet", "url", "published")
_FRONT_MATTER_MAX_LINES = 200
_FRONT_MATTER_MAX_CHARS = 100_000  # 200 lines of 500 characters
_FENCE = re.compile(r"---[ \t]*\r?$")
_FENCE_END = re.compile(r"(?:---|\.\.\.)[ \t]*\r?$")


def _front_matter(text: str, display: str) -> tuple[_Meta, int]:
    """YAML front matter at the top of a text file: ``(metadata, first body line)``.

    Unknown keys are ignored: front matter is often shared with other tools.  The YAML
    is read by ``checker.safeyaml`` (bounded, located errors) and only composed: the
    values read are scalars taken as written.
    """
    # Only the first lines are split off: the rest of a large file is not copied.
    head = text.split("\n", _FRONT_MATTER_MAX_LINES)
    if not _FENCE.fullmatch(head[0]):
        return _Meta(), 0
    for end in range(1, min(len(head), _FRONT_MATTER_MAX_LINES)):
        if _FENCE_END.fullmatch(head[end]):
            break
    else:
        return _Meta(), 0  # an opening rule with no closing fence is text, not metadata
    yaml_text = "\n".join(head[1:end])
    root = safeyaml.compose(yaml_text, display, first_line=2, max_chars=_FRONT_MATTER_MAX_CHARS)
    if root is None:
        return _Meta(), end + 1
    errors: list[FactcheckError] = []
    if not isinstance(root, yaml.MappingNode):
        errors.append(
            safeyaml.located(root, display, "front matter must be a mapping of keys", first_line=2)
        )
        meta = _Meta()
    else:
        meta = _read_meta(root, display, errors, keys=_FRONT_MATTER_KEYS, first_line=2)
    _raise_all(errors)
    return meta, end + 1


def _raise_all(errors: list[FactcheckError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FactcheckErrors(errors)


def _read_meta(
    node: yaml.MappingNode,
    shown: str,
    errors: list[FactcheckError],
    *,
    keys: Sequence[str],
    first_line: int = 1,
    strict: bool = False,
) -> _Meta:
    """Metadata from a mapping node; problems are appended to ``errors``, located.

    Only ``keys`` are read, each a single value; with ``strict``, any other key is an
    error (a sidecar is factcheck's own file), else it is ignored (front matter).
    """

    def fail(at: yaml.Node, message: str, hint: str | None = None) -> None:
        errors.append(safeyaml.located(at, shown, message, hint, first_line=first_line))

    fields: dict[str, str | None] = {}
    where: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
        if name is None or name not in keys:
            if strict and name is None:
                fail(key, f"expected a key, got {safeyaml.describe(key)}")
            elif strict:
                close = _closest(name or "", keys)
                fail(key, f"unknown key {name!r}", f"did you mean {close!r}?" if close else None)
            continue
        if name in where:
            line = where[name].start_mark.line + first_line
            fail(key, f"duplicate key {name!r}", f"first given at line {line}")
        elif not isinstance(value, yaml.ScalarNode):
            fail(value, f"{name!r} must be a single value, got {safeyaml.describe(value)}")
        else:
            fields[name] = None if value.tag == safeyaml.NULL else str(value.value)
        where[name] = value
    try:
        return _meta_from(fields)
    except ValueError as err:  # the only value that is parsed: the publication date
        fail(where["published"], f"published: {err}")
        return _Meta()


def _sidecar_entry(path: Path) -> _Meta:
    """The metadata ``sources.yml`` in the file's folder gives for this file, if any."""
    sidecar = path.parent / SIDECAR
    try:
        stat = os.stat(sidecar)
    except FileNotFoundError:
        return _Meta()
    except OSError as err:  # a link loop, no permission: say so rather than ignore it
        reason = (err.strerror or str(err)).lower()
        raise FactcheckError(
            f"cannot read metadata file: {reason}", path=display_path(sidecar)
        ) from err
    entries = _load_sidecar(str(sidecar), stat.st_mtime_ns, stat.st_size)
    return entries.get(path.name, _Meta())


@lru_cache(maxsize=64)
def _load_sidecar(sidecar: str, mtime_ns: int, size: int) -> dict[str, _Meta]:
    """Parse and validate a sidecar; every problem is reported at once, located.

    Read as every input is (``checker.files``: a regular file, size-capped) and through
    ``checker.safeyaml``.
    """
    shown = display_path(sidecar)
    root = safeyaml.compose(read_text(sidecar, shown), shown)
    if root is None:
        return {}
    errors: list[FactcheckError] = []
    if not isinstance(root, yaml.MappingNode):
        errors.append(safeyaml.located(root, shown, "expected a mapping of file names to metadata"))
        _raise_all(errors)
    entries: dict[str, _Meta] = {}
    for name_node, value_node in root.value:
        if not isinstance(name_node, yaml.ScalarNode) or name_node.tag == safeyaml.NULL:
            got = safeyaml.describe(name_node)
            errors.append(safeyaml.located(name_node, shown, f"expected a file name, got {got}"))
            continue
        name = str(name_node.value)
        if not isinstance(value_node, yaml.MappingNode):
            message = f"metadata for {name!r} must be a mapping"
            errors.append(safeyaml.located(value_node, shown, message))
            continue
        entries[name] = _read_meta(value_node, shown, errors, keys=SIDECAR_KEYS, strict=True)
    _raise_all(errors)
    return entries


def _closest(word: str, choices: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1)
    return found[0] if found else None


# ---------------------------------------------------------------------------------------
# HTML


_HtmlPlaces = tuple[PositionMap, tuple[tuple[int, int, str], ...]]


def _read_html(raw: bytes, display: str) -> tuple[str, str, _Meta, _HtmlPlaces]:
    """Main text and metadata of an HTML page via trafilatura (the ``html`` extra), with
    where that text lies in the file and the page's ignore comments (checker.htmlmap)."""
    try:
        import trafilatura
    except ImportError as err:
        raise FactcheckError(
            "reading HTML needs trafilatura", path=display, hint="pip install factcheck[html]"
        ) from err
    markup, encoding = _decode_html(raw, display)
    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Only dates the markup states, not ones guessed from the text or the URL.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    data = (doc if isinstance(doc, dict) else doc.as_dict()) if doc is not None else {}
    body = (data.get("text") or "").strip()
    if not body:
        raise FactcheckError("no article text found in this page", path=display)
    title = (data.get("title") or "").strip() or None
    if title and squash(body.split("\n", 1)[0]) != squash(title):
        body = f"{title}\n\n{body}"
    published: date | None
    try:
        published = _parse_date(data.get("date"))
    except ValueError:
        published = None
    meta = _Meta(title=title, outlet=data.get("sitename"), url=data.get("url"), published=published)
    text = body + "\n"
    return text, encoding, meta, (position_map(markup, text), ignore_comments(markup))


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.I
)


def _decode_html(raw: bytes, display: str) -> tuple[str, str]:
    try:
        return decode(raw, display)
    except FactcheckError:
        declared = _META_CHARSET.search(raw[:4096])
        if not declared:
            raise
        codec = declared.group(1).decode("ascii").lower()
        try:
            return raw.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
        raise


# ---------------------------------------------------------------------------------------
# furniture rules (compiled from knowledge.furniture)


@dataclass(frozen=True)
class _Rules:
    tail_markers: frozenset[str]
    tail_patterns: tuple[re.Pattern[str], ...]
    line_patterns: tuple[re.Pattern[str], ...]
    # Gated (checker.prefilter): they run only on the lines that hold their needles.
    inline_patterns: tuple[Gated, ...]
    caption_patterns: tuple[re.Pattern[str], ...]
    caption_credit_lines: tuple[re.Pattern[str], ...]
    caption_max_chars: int
    teaser_endings: tuple[str, ...]
    lead_patterns: tuple[re.Pattern[str], ...]
    lead_label_max_words: int
    date_lines: tuple[re.Pattern[str], ...]
    date_line_max_chars: int
    headline_max_chars: int
    pubdate: DateVocabulary | None = None  # the packs' pubdate section (checker.pubdate)


def _rules(knowledge: Knowledge) -> _Rules:
    frozen = tuple(
        (key, tuple(value) if isinstance(value, list) else value)
        for key, value in sorted(knowledge.furniture.items())
    )
    return replace(_compile_rules(frozen), pubdate=date_vocabulary(knowledge))


def _marker_key(canon: str) -> str:
    """How a tail marker or a repeated line is compared: any case, squashed, no final ":".

    ``canon`` must already be canonical text.
    """
    return squash(canon).casefold().rstrip(":").rstrip()


@lru_cache(maxsize=8)
def _compile_rules(frozen: tuple[tuple[str, Any], ...]) -> _Rules:
    spec = dict(frozen)

    def patterns(key: str, groups: tuple[str, ...] = ()) -> tuple[re.Pattern[str], ...]:
        out = []
        for i, source in enumerate(spec.get(key, ())):
            try:
                pattern = re.compile(canonical(str(source)), re.IGNORECASE)
            except re.error as err:
                raise FactcheckError(
                    f"furniture.{key}[{i}]: bad regex {source!r}: {err}",
                    hint="fix the furniture section of the rule pack",
                ) from err
            missing = [g for g in groups if g not in pattern.groupindex]
            if missing:
                raise FactcheckError(
                    f"furniture.{key}[{i}]: the regex needs the named groups {missing}",
                    hint="fix the furniture section of the rule pack",
                )
            out.append(pattern)
        return tuple(out)

    def number(key: str, default: int) -> int:
        value = spec.get(key, default)
        if isinstance(value, tuple) or not str(value).isdigit():
            raise FactcheckError(f"furniture.{key}: expected a whole number, got {value!r}")
        return int(value)

    return _Rules(
        tail_markers=frozenset(
            _marker_key(canonical(str(m))) for m in spec.get("tail_markers", ())
        ),
        tail_patterns=patterns("tail_patterns"),
        line_patterns=patterns("line_patterns"),
        inline_patterns=tuple(Gated.of(p) for p in patterns("inline_patterns")),
        caption_patterns=patterns("caption_patterns"),
        caption_credit_lines=patterns("caption_credit_lines"),
        caption_max_chars=number("caption_max_chars", 300),
        teaser_endings=tuple(
            _marker_key(canonical(str(e))) for e in spec.get("teaser_endings", ())
        ),
        lead_patterns=patterns("lead_patterns"),
        lead_label_max_words=number("lead_label_max_words", 0),
        date_lines=patterns("date_lines", ("day", "month", "year")),
        date_line_max_chars=number("date_line_max_chars", 120),
        headline_max_chars=number("headline_max_chars", 200),
    )


# ---------------------------------------------------------------------------------------
# furniture detection

BODY = ""  # the marker of a body line
_SENTENCE_END = ".!?…:;,"  # a line ending with one of these does not look like a heading
_HEADLINE_END = ".…:;,"  # headlines may end in "?" or "!"
_LOOKAHEAD_LINES = 50  # how far a truncated teaser's full text is looked for


@dataclass(slots=True)
class _Line:
    """One line of the file: trimmed offsets in the text and its canonical content."""

    number: int  # 0-based
    start: int
    end: int
    pos: int  # where the untrimmed line starts in the text
    raw_end: int  # where the untrimmed line ends (before "\n")
    clead: int  # offset of the trimmed canonical content in the canonical line
    canon: str
    key: str  # squashed, case-folded canonical content, inline furniture removed
    cuts: list[tuple[int, int, str]]  # inline furniture in ``canon``: (start, end, marker)
    marker: str | None = None  # None: undecided; BODY; else why it is furniture


@dataclass
class _Page:
    body: list[Span] = field(default_factory=list)
    furniture: list[tuple[Span, str]] = field(default_factory=list)
    stated_date: date | None = None
    headline: str | None = None


def _split_lines(text: str, rules: _Rules) -> list[_Line]:
    """The lines of ``text`` with their canonical content.

    The text is canonicalised in one pass; NFC and the tone fix never touch "\n", so
    canonical lines match the original ones, and offsets are mapped back only where a
    line needs cutting.
    """
    raw_lines = text.split("\n")
    # Extraction canonicalises and folds the same page next: both are cached.
    canon = canonical_page(text)[0]
    canon_lines = canon.split("\n")
    stripped = [line.strip() for line in canon_lines]
    page = Probe(canon, fold_page(canon))
    # Inline patterns run only on the lines that hold one of their needles.
    starts = list(accumulate((len(line) + 1 for line in canon_lines[:-1]), initial=0))
    inline = [(g, g.segments(page, starts)) for g in rules.inline_patterns]
    lines: list[_Line] = []
    pos = 0
    for number, (raw, craw) in enumerate(zip(raw_lines, canon_lines, strict=True)):
        content = raw.strip()
        ccontent = stripped[number]
        start = pos + (len(raw) - len(raw.lstrip()))
        here = [g for g, where in inline if where is None or number in where]
        cuts = _inline_cuts(ccontent, here) if here else []
        key = ccontent
        for cut_start, cut_end, _ in reversed(cuts):
            key = key[:cut_start] + " " + key[cut_end:]
        lines.append(
            _Line(
                number=number,
                start=start,
                end=start + len(content),
                pos=pos,
                raw_end=pos + len(raw),
                clead=len(craw) - len(craw.lstrip()),
                canon=ccontent,
                key=_marker_key(key),
                cuts=cuts,
            )
        )
        pos += len(raw) + 1
    return lines


def _inline_cuts(canon: str, patterns: list[Gated]) -> list[tuple[int, int, str]]:
    """Non-overlapping inline furniture matches in a line, in order."""
    found = [
        (m.start(), m.end(), f"inline: {gated.pattern.pattern}")
        for gated in patterns
        for m in gated.pattern.finditer(canon)
        if m.end() > m.start()
    ]
    found.sort()
    cuts: list[tuple[int, int, str]] = []
    for cut in found:
        if not cuts or cut[0] >= cuts[-1][1]:
            cuts.append(cut)
    return cuts


def _classify(text: str, first_line: int, rules: _Rules) -> _Page:
    """Decide, line by line, what is article body and what is furniture."""
    lines = _split_lines(text, rules)
    page = _Page()
    for line in lines[:first_line]:
        if line.canon:
            line.marker = "front matter"
    content = [line for line in lines[first_line:] if line.canon]
    in_lead = True  # no body line yet: breadcrumbs and section labels are possible
    for i, line in enumerate(content):
        if _is_tail(line, rules):
            if in_lead:  # before any article text it is a menu entry, not the page's end
                line.marker = f"lead: {line.canon}"
                continue
            _mark_tail(content[i:], line.canon)
            break
        line.marker = _line_marker(line, i, content, rules, page, in_lead)
        in_lead = in_lead and line.marker != BODY
    _mark_captions(content, rules)
    _collect(page, lines, text, rules)
    page.headline = _headline(content, text, rules)
    return page


def _is_tail(line: _Line, rules: _Rules) -> bool:
    return line.key in rules.tail_markers or any(p.search(line.key) for p in rules.tail_patterns)


def _mark_tail(rest: list[_Line], marker: str) -> None:
    for line in rest:
        line.marker = f"tail: {marker}"


# A caption is a sentence or two; a longer paragraph that ends with a photo credit (an
# HTML extractor may join the article into one line) is article text with a credit.
_SENTENCE_BREAK = re.compile(r"[.!?…](?=\s+[^\W\d_])")
_CAPTION_MAX_SENTENCES = 2


def _line_marker(
    line: _Line, i: int, content: list[_Line], rules: _Rules, page: _Page, in_lead: bool
) -> str:
    """The marker of one line considered on its own and against its neighbours."""
    canon = line.canon
    if len(canon) <= rules.date_line_max_chars:
        for pattern in rules.date_lines:
            found = pattern.search(canon)
            if found and (stated := _date_of(found)) is not None:
                page.stated_date = page.stated_date or stated
                return "date line"
    if any(p.search(canon) for p in rules.caption_credit_lines):
        return "caption credit"
    for pattern in rules.line_patterns:
        if pattern.search(canon):
            return f"line pattern: {pattern.pattern}"
    if in_lead and (marker := _lead_marker(i, content, rules)):
        return marker
    if (
        len(canon) <= rules.caption_max_chars
        and len(_SENTENCE_BREAK.findall(canon)) <= _CAPTION_MAX_SENTENCES
        and any(p.search(canon) for p in rules.caption_patterns)
    ):
        return "caption"
    if i and line.key and line.key == content[i - 1].key:
        return "repeated line"
    if _is_teaser(line, content[i + 1 : i + 1 + _LOOKAHEAD_LINES], rules):
        return "truncated teaser"
    return BODY


def _date_of(found: re.Match[str]) -> date | None:
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return None


def _lead_marker(i: int, content: list[_Line], rules: _Rules) -> str | None:
    canon = content[i].canon
    for pattern in rules.lead_patterns:
        if pattern.search(canon):
            return f"lead pattern: {pattern.pattern}"
    # A short line in capitals followed by a headline is a section label.
    words = [w for w in canon.split() if any(ch.isalpha() for ch in w)]
    is_label = 0 < len(words) <= rules.lead_label_max_words and canon == canon.upper()
    following = content[i + 1] if i + 1 < len(content) else None
    if is_label and following and _looks_like_headline(following.canon, rules):
        return "section label"
    return None


def _looks_like_headline(canon: str, rules: _Rules) -> bool:
    """Short, at least two words, and not ending like a sentence ("?" and "!" may)."""
    return (
        len(canon) <= rules.headline_max_chars
        and not canon.endswith(tuple(_HEADLINE_END))
        and len(canon.split()) >= 2
    )


def _is_teaser(line: _Line, later: list[_Line], rules: _Rules) -> bool:
    for ending in rules.teaser_endings:
        if ending and line.key.endswith(ending):
            prefix = line.key[: -len(ending)].rstrip()
            return bool(prefix) and any(
                other.key.startswith(prefix) and len(other.key) > len(prefix) for other in later
            )
    return False


def _mark_captions(content: list[_Line], rules: _Rules) -> None:
    """Extend captions upwards: the line a lone credit belongs to, and the first lines of
    a caption broken over several lines (short, adjacent, no full stop at the end)."""
    for i, line in enumerate(content):
        if line.marker not in ("caption", "caption credit"):
            continue
        j = i - 1
        first_hop = line.marker == "caption credit"
        while j >= 0 and _adjacent(content[j], content[j + 1]) and content[j].marker == BODY:
            above = content[j]
            if len(above.canon) > rules.caption_max_chars:
                break
            if not first_hop and above.canon.endswith(tuple(_SENTENCE_END)):
                break
            above.marker = "caption"
            first_hop = False
            j -= 1


def _adjacent(upper: _Line, lower: _Line) -> bool:
    return lower.number == upper.number + 1


def _collect(page: _Page, lines: list[_Line], text: str, rules: _Rules) -> None:
    """Turn line markers into body and furniture spans (a tail is one furniture span)."""
    tail: _Line | None = None
    last = None
    for line in lines:
        if not line.canon or line.marker is None:
            continue
        if line.marker.startswith("tail: "):
            tail = tail or line
            last = line
            continue
        if line.marker == BODY:
            _body_spans(page, line, text, rules)
        else:
            page.furniture.append((Span(line.start, line.end), line.marker))
    if tail is not None and last is not None:
        page.furniture.append((Span(tail.start, last.end), tail.marker or ""))
    page.furniture.sort(key=lambda item: (item[0].start, item[0].end))


def _body_spans(page: _Page, line: _Line, text: str, rules: _Rules) -> None:
    """A body line is one span, less any inline furniture cut out of it."""
    if not line.cuts:
        page.body.append(Span(line.start, line.end))
        return

    # Map offsets in the canonical content back to the text (identity for NFC lines).
    _, cmap = canonical_with_map(text[line.pos : line.raw_end])

    def original(offset: int) -> int:
        at = line.clead + offset
        return line.pos + (cmap[at] if cmap is not None else at)

    pos = 0
    pieces: list[tuple[int, int]] = []
    for start, end, marker in line.cuts:
        pieces.append((pos, start))
        page.furniture.append((Span(original(start), original(end)), marker))
        pos = end
    pieces.append((pos, len(line.canon)))
    for start, end in pieces:
        piece = line.canon[start:end]
        if not any(ch.isalnum() for ch in piece):
            continue  # a separator left between two cuts
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        page.body.append(Span(original(start + lead), original(end - trail)))


def _headline(content: list[_Line], text: str, rules: _Rules) -> str | None:
    """The first body line, if it looks like a headline: short, not ending like a sentence."""
    first = next((line for line in content if line.marker == BODY), None)
    if first is None or not _looks_like_headline(first.canon, rules):
        return None
    return text[first.start : first.end]


__all__ = [
    "ARTICLE_SUFFIXES",
    "NOT_AN_ARTICLE",
    "SIDECAR",
    "decode",
    "discover",
    "display_path",
    "load_sources",
    "read_source",
]
