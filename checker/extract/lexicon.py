"""Compiled patterns built once from the loaded Knowledge.

Everything a pattern knows about words comes from the packs; this module only turns
word lists into regular expressions and lookup tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from checker.knowledge import Hedge, Knowledge
from checker.prefilter import Gated, fold_case
from checker.textnorm import canonical, fold, squash

if TYPE_CHECKING:
    from checker.extract.frame import FrameReader


def _alternation(words: list[str] | set[str]) -> str:
    """A regex alternation, longest first so "trên dưới" wins over "trên"."""
    forms = {canonical(w) for w in words if w}
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=len, reverse=True)
    )


# The longest token a context keeps as a word (a German compound is 40 letters or so; a
# Vietnamese syllable is at most seven).
MAX_WORD_CHARS = 40


def _word_pattern(words: list[str] | set[str], after: str = r"(?!\w)") -> re.Pattern[str]:
    """Whole words from ``words``, for text lowered with ``fold_case`` (same offsets).

    Built for the speed of ``re``, as these patterns run on every sentence: the words
    form a trie ("h(?:àng năm|ằng năm)"), so each position is tested against a few first
    letters, not against every word; each top-level branch starts with a literal letter,
    so the engine scans for those letters in C; and the word-boundary test comes right
    after that letter ("(?<!\\w.)": the character before the word).  A boundary first,
    and case folded by the engine, made the pattern tried at every position and cost
    two to three times more.  A space in a word matches any run of white space.
    """
    forms = {fold_case(canonical(w)) for w in words if w}
    if not forms:  # a pack without these words (a topic pack alone): match nothing
        return re.compile(r"(?!)")
    return re.compile(_trie(forms) + after)


def _trie(forms: set[str], not_before: str = r"\w") -> str:
    """A regex for the strings ``forms``, as a trie, none preceded by ``not_before``."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here
    return _trie_regex(trie, f"(?<!{not_before}.)")


def _trie_regex(node: dict[str, dict], boundary: str = "") -> str:  # type: ignore[type-arg]
    """The regex of a trie node; ``boundary`` goes after the first letter (top level)."""
    top = bool(boundary)
    alternatives = [
        (r"\s+" if ch == " " else re.escape(ch)) + boundary + _trie_regex(sub)
        for ch, sub in sorted(node.items())
        if ch
    ]
    if not alternatives:
        return ""
    if "" in node:  # a word ends here and may also go on: the longer is tried first
        return f"(?:{'|'.join(alternatives)})?"
    if len(alternatives) == 1 and not top:
        return alternatives[0]
    return f"(?:{'|'.join(alternatives)})"


@dataclass
class Lexicon:
    """Patterns and tables derived from one Knowledge; build with ``Lexicon.build``."""

    know: Knowledge

    @classmethod
    def build(cls, know: Knowledge) -> Lexicon:
        lex = cls(know)
        # Touch the cached properties so compile errors surface at load time.
        _ = (
            lex.hedge_tail,
            lex.not_quantity,
            lex.time_words_re,
            lex.scale_re,
            lex.currency_re,
        )
        return lex

    @cached_property
    def event_date_glue(self) -> frozenset[str]:
        """Folded words that may stand between an event and its dates."""
        return frozenset(fold(w) for w in self.know.event_date_glue)

    @cached_property
    def frames(self) -> FrameReader:
        """The fact-frame reader of these packs (frames.yml, places.yml)."""
        from checker.extract.frame import FrameReader  # it builds on this module

        return FrameReader.build(self.know)

    @cached_property
    def hedges_by_word(self) -> dict[str, Hedge]:
        return {canonical(w).lower(): h for h in self.know.hedges for w in h.words}

    @cached_property
    def hedge_tail(self) -> re.Pattern[str]:
        """Matches one hedge phrase at the very end of a text (before a number)."""
        return re.compile(
            rf"(?:^|(?<=[\s(“\"'‘,;:]))({_alternation(set(self.hedges_by_word))})\s+$", re.I
        )

    @cached_property
    def not_quantity(self) -> tuple[Gated, ...]:
        """The not-a-quantity patterns, each gated by the words its matches contain:
        most sentences hold none of them, and are then not scanned at all."""
        return tuple(Gated.fast(p) for p in self.know.not_quantity)

    @cached_property
    def not_quantity_phrases(self) -> re.Pattern[str] | None:
        """Phrases whose number word is no quantity ("hai bên"), on folded text."""
        words = self.know.not_quantity_phrases
        return _word_pattern(words) if words else None

    @cached_property
    def scales(self) -> dict[str, Decimal]:
        return {canonical(k).lower(): v for k, v in self.know.scales.items()}

    @cached_property
    def scale_re(self) -> re.Pattern[str]:
        """One or more scale words after a number: "nghìn tỷ", "triệu"."""
        alt = _alternation(set(self.scales))
        return re.compile(rf"\s*((?:{alt})(?!\w)(?:\s+(?:{alt})(?!\w))*)", re.I)

    @cached_property
    def currencies(self) -> dict[str, str]:
        return {canonical(k): v for k, v in self.know.currencies.items()}

    @cached_property
    def currency_re(self) -> re.Pattern[str]:
        alt = _alternation(set(self.currencies))
        return re.compile(rf"\s*({alt})(?!\w)")

    @cached_property
    def number_words(self) -> dict[str, int]:
        return {fold_case(canonical(k)): v for k, v in self.know.number_words.items()}

    @cached_property
    def number_word_re(self) -> re.Pattern[str]:
        """A number word before another word, on folded text; the lexicon key is
        ``squash(m.group(0))``."""
        # Followed by a letter: a number word before digits ("năm 2019") counts nothing.
        return _word_pattern(set(self.number_words), after=r"(?=\s+[^\W\d_])")

    @cached_property
    def time_words_re(self) -> re.Pattern[str] | None:
        """All relative time words, on folded text; ``time_word_kinds`` gives the kind."""
        kinds = self.time_word_kinds
        return _word_pattern(set(kinds)) if kinds else None

    @cached_property
    def time_word_kinds(self) -> dict[str, str]:
        """Folded time word -> its kind (asof, yearly, last_year, ...)."""
        return {
            squash(fold_case(canonical(w))): kind
            for kind, words in self.know.time_words.items()
            for w in words
            if w
        }

    @cached_property
    def comparison_re(self) -> re.Pattern[str] | None:
        """Comparison words right before a time: "so với (năm) 2022"."""
        words = self.know.comparison_words
        if not words:
            return None
        return re.compile(rf"(?<!\w)(?:{_alternation(words)})\s*(?:với\s*)?$", re.I)

    @cached_property
    def comparative_re(self) -> re.Pattern[str] | None:
        """A comparative right before a figure: "thấp hơn 3,4%" (see language.yml)."""
        words = self.know.comparative_phrases
        if not words:
            return None
        return re.compile(rf"(?<!\w)(?:{_alternation(words)})\s*$", re.I)

    @cached_property
    def compared_after_re(self) -> re.Pattern[str] | None:
        """A comparison word later in the figure's clause: "... so với cùng kỳ"."""
        words = self.know.comparison_words
        if not words or not self.know.comparative_phrases:
            return None
        return re.compile(rf"[^,.;:!?()\n]{{0,60}}?(?<!\w)(?:{_alternation(words)})(?!\w)", re.I)

    @cached_property
    def forward_re(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{_alternation(self.know.forward_words)})(?!\w)", re.I)

    @cached_property
    def event_word_re(self) -> re.Pattern[str]:
        """An event word ("hội nghị", "đại hội"), on folded text."""
        return _word_pattern(self.know.event_words)

    @cached_property
    def named_event_re(self) -> re.Pattern[str]:
        """A head that names an unnumbered event ("lễ hội", "tuần lễ"), on folded text."""
        return _word_pattern(self.know.named_event_words)

    @cached_property
    def event_role_words(self) -> dict[str, frozenset[str]]:
        """Folded words that make a date an event's opening or closing day, by role."""
        return {
            role: frozenset(fold(w) for w in words)
            for role, words in self.know.event_roles.items()
        }

    @cached_property
    def named_year_re(self) -> re.Pattern[str]:
        """An event word, a short name, then "(năm YYYY)" or "(YYYY)", on folded text."""
        words = _word_pattern(self.know.event_words).pattern
        return re.compile(rf"({words}[^;:,.()]{{0,70}}?)\s*\(\s*(?:năm\s+)?(\d{{4}})\s*\)")

    @cached_property
    def stopwords_lower(self) -> frozenset[str]:
        """Stop words in canonical lower case (folding first would confuse "đô"/"do")."""
        words: set[str] = set()
        for w in self.know.stopwords:
            words.update(canonical(w).lower().split())
        return frozenset(words)

    @cached_property
    def unit_stop_lower(self) -> frozenset[str]:
        return frozenset(canonical(w).lower() for w in self.know.unit_stop)

    @cached_property
    def unit_capitalised(self) -> frozenset[str]:
        """First words of capitalised common nouns ("Đảng", "Nhà nước")."""
        return frozenset(canonical(w).split()[0] for w in self.know.unit_capitalised)

    @cached_property
    def unit_ignore_lower(self) -> frozenset[str]:
        return frozenset(canonical(w).lower() for w in self.know.unit_ignore)

    @cached_property
    def unit_vocabulary(self) -> frozenset[str]:
        """Known counted nouns, whole ("vùng lãnh thổ", "thành phố"), lower case with
        their diacritics, that a comma or "và" may continue into ("thủ đô, thành phố").
        Whole phrases, not first words: "tổng" (of "tổng sản phẩm") let "116 HCĐ, tổng
        cộng" and "doanh" (of "doanh nghiệp") "18,5 triệu lượt du khách, doanh thu"
        swallow the next clause; folded, "vận" (động viên) would also be "văn" (phòng)."""
        words: set[str] = set()
        for entries in self.know.unit_families.values():
            for e in entries:
                words.add(canonical(e).lower())
        for full in self.know.abbreviations.values():
            words.add(canonical(full).lower())
        return frozenset(words)

    @cached_property
    def unit_vocabulary_words(self) -> int:
        """The most words a known counted noun has (how far a continuation is read)."""
        return max((len(w.split()) for w in self.unit_vocabulary), default=1)

    @cached_property
    def bare_units(self) -> frozenset[str]:
        """Measure words that name nothing counted ("lượt"), canonical lower case."""
        return frozenset(canonical(w).lower() for w in self.know.align.get("bare_units", []))

    @cached_property
    def counted_before_re(self) -> re.Pattern[str] | None:
        """Counted nouns that may stand before a figure, longest first, on canonical
        lower-case text (diacritics kept: folded, "khách" would also be "khác")."""
        words = sorted(
            {canonical(w).lower() for w in self.know.align.get("counted_before", [])},
            key=len,
            reverse=True,
        )
        if not words:
            return None
        return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)")

    @cached_property
    def clause_opener_re(self) -> re.Pattern[str] | None:
        """Verbs that open a clause after its subject ("khách nội địa đạt ..."), on
        canonical lower-case text, longest first (see language.yml align.clause_openers)."""
        words = sorted(
            {canonical(w).lower() for w in self.know.align.get("clause_openers", [])},
            key=len,
            reverse=True,
        )
        if not words:
            return None
        return re.compile(rf"(?:{'|'.join(re.escape(w) for w in words)})(?!\w)")

    @cached_property
    def unit_families(self) -> list[tuple[str, str]]:
        """(folded unit prefix, family) pairs, longest prefix first."""
        pairs = [
            (fold(e), fam) for fam, entries in self.know.unit_families.items() for e in entries
        ]
        return sorted(pairs, key=lambda p: len(p[0]), reverse=True)

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        return {canonical(k): canonical(v) for k, v in self.know.abbreviations.items()}

    @cached_property
    def _abbreviation_alt(self) -> str:
        """Known abbreviations as a regex alternation, longest first ("T.Ư" before "T")."""
        return "|".join(re.escape(k) for k in sorted(self.abbreviations, key=len, reverse=True))

    @cached_property
    def abbreviation_re(self) -> re.Pattern[str] | None:
        if not self.abbreviations:
            return None
        return re.compile(rf"(?<![\w.])(?:{self._abbreviation_alt})(?!\w)")

    @cached_property
    def dotted_abbreviations(self) -> tuple[str, ...]:
        """Abbreviations with other characters than letters and digits ("T.Ư", "TP.")."""
        return tuple(sorted(k for k in self.abbreviations if not re.fullmatch(r"[^\W_]+", k)))

    @cached_property
    def dotted_needles(self) -> tuple[str, ...]:
        """What a text must contain for ``word_re`` to read a dotted abbreviation: the
        first piece of each (``word_re`` takes any white space where the key has one)."""
        return tuple(sorted({k.split()[0] for k in self.dotted_abbreviations if k.split()}))

    @cached_property
    def plain_word_re(self) -> re.Pattern[str]:
        """A run of letters and digits: ``word_re`` on text without a dotted abbreviation."""
        return re.compile(r"[^\W_]+")

    @cached_property
    def word_re(self) -> re.Pattern[str]:
        """A known abbreviation ("T.Ư", "TP") or a run of letters and digits.

        Only abbreviations with other characters than letters and digits ("T.Ư", "TP.")
        need their own branch: the run of letters reads "TP" the same way.  They form a
        trie with literal first letters (see ``_word_pattern``): this runs on every
        sentence with a claim."""
        dotted = set(self.dotted_abbreviations)
        if not dotted:
            return self.plain_word_re
        abbreviation = _trie(dotted, not_before=r"[\w.]")
        return re.compile(rf"{abbreviation}(?!\w)|[^\W_]+")

    @cached_property
    def content_forms_memo(self) -> dict[str, tuple[str, ...]]:
        """Token -> its content forms, filled by ``content_forms``."""
        return {}

    def content_forms(self, token: str) -> tuple[str, ...]:
        """A token's folded content words: the abbreviation expanded, stop words and
        numbers dropped, and words longer than ``MAX_WORD_CHARS`` (no word that says what
        is measured is that long).  Memoised: news repeats its words."""
        if len(token) > MAX_WORD_CHARS:
            # "1111...1abc": a million characters in a context made the fuzzy scores of
            # alignment (edit distances) take minutes.  Not memoised: it would stay.
            return ()
        forms = self.content_forms_memo.get(token)
        if forms is None:
            expanded = self.abbreviations.get(token, token).lower().split()
            forms = tuple(
                fold(w) for w in expanded if not w.isdigit() and w not in self.stopwords_lower
            )
            if len(self.content_forms_memo) < 200_000:
                self.content_forms_memo[token] = forms
        return forms

    def expand_abbreviations(self, text: str) -> str:
        """Replace known abbreviations (case-sensitive: "TP" but not "tp" in a word)."""
        pattern = self.abbreviation_re
        if pattern is None:
            return text
        return pattern.sub(lambda m: self.abbreviations[m.group(0)], text)

    @cached_property
    def edition_dated(self) -> frozenset[str]:
        """Unit families dated by the numbered event named near them (medal tallies)."""
        return frozenset(self.know.align.get("edition_dated", []))

    @cached_property
    def edition_final_re(self) -> re.Pattern[str] | None:
        """Words saying a tally is final ("chung cuộc"), on folded-case text."""
        words = self.know.align.get("edition_final", [])
        if not words:
            return None
        return re.compile(rf"(?<!\w)(?:{_alternation({fold_case(w) for w in words})})(?!\w)")

    def unit_family(self, unit_key: str) -> str | None:
        """The family of comparable units a folded unit key belongs to, if any."""
        head = self.unit_head(unit_key)
        return head[1] if head else None

    def unit_head(self, unit_key: str) -> tuple[str, str] | None:
        """(the folded head the unit key starts with, its family), longest head first."""
        first = unit_key.split(",")[0].strip()
        for prefix, fam in self.unit_families:
            if first == prefix or first.startswith(prefix + " "):
                return prefix, fam
        return None

    @cached_property
    def unit_fillers(self) -> frozenset[str]:
        """Folded words that add nothing to what a counted noun counts ("mắc" of "ca mắc
        sốt xuất huyết", "liên quan" of "trường hợp tử vong liên quan")."""
        return frozenset(
            w for f in self.know.align.get("unit_fillers", []) for w in fold(f).split()
        )

    def unit_qualifier(self, unit_key: str) -> frozenset[str] | None:
        """The words a counted noun adds to its family's head ("tấn lúa" -> {"lua"}),
        fillers dropped; empty for a bare head; None when the unit has no family (then
        the whole unit key already keeps units apart)."""
        folded = fold(unit_key)
        head = self.unit_head(folded)
        if head is None:
            return None
        rest = folded.split(",")[0].strip()[len(head[0]) :].split()
        return frozenset(w for w in rest if w not in self.unit_fillers)

    @cached_property
    def qualifier_families(self) -> list[tuple[str, ...]]:
        """Folded qualifiers that say one thing ("bình quân", "trung bình")."""
        groups = self.know.align.get("qualifier_families", {}) or {}
        return [tuple(fold(w) for w in words) for words in groups.values()]

    @cached_property
    def alias_map(self) -> list[tuple[re.Pattern[str], str]]:
        """Folded alias patterns -> folded canonical name, longest variant first."""
        pairs = []
        for canon_name, variants in self.know.aliases.items():
            target = fold(canon_name)
            for v in variants:
                pairs.append((fold(v), target))
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        return [(re.compile(rf"(?<!\w){re.escape(v)}(?!\w)"), t) for v, t in pairs]

    def apply_aliases(self, folded: str) -> str:
        for pattern, target in self.alias_map:
            folded = pattern.sub(target, folded)
        return folded
