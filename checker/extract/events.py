"""Numbered events: "ASIAD 19", "lần thứ 5", "IPU-132", "Đại hội XIII".

An event's identity is its acronym when its name has one ("Đại hội Thể thao châu Á ASIAD
lần thứ 19" and "ASIAD 19" are both ``asiad#19``), else its folded name after aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extract.lexicon import Lexicon
from checker.extract.spans import Occupied
from checker.numbers import NUMBER_WORDS, roman_to_int
from checker.prefilter import fold_case
from checker.textnorm import fold

_ORDINAL_WORDS = {k: v for k, v in NUMBER_WORDS.items() if v <= 10 and k != "một"}
_ROMAN = r"[IVXLC]+"
# "lần thứ 5", "lần thứ XIII", "lần hai", "lần thứ tư".
# Patterns start with a literal or a class and test the character before it after it
# ("l(?<!\w.)"): re then scans for the first letter in C (see lexicon._word_pattern).
_LAN = re.compile(
    rf"l(?<!\w.)ần\s+(?:thứ\s+)?(\d{{1,3}}|{_ROMAN}|{'|'.join(_ORDINAL_WORDS)})(?!\w)"
)
# An acronym followed by a number: "ASIAD 19", "IPU-132", "Asian Games 19", "WEF 2019".
_ACRONYM_NUM = re.compile(
    r"([A-ZĐ](?<![\w-].)[A-ZĐ]+[a-z]*(?:\s[A-Z][a-z]+)?)\s?[-–]?\s?(\d{1,4})(?![\w.,/]\d|\w)"
)
# "Đại hội XIII", "Khóa XI": an event word followed by a Roman numeral.
# "Đại hội XIII", "kỳ họp thứ 18": an event word, then a Roman numeral or "thứ N".
_ROMAN_AFTER = re.compile(rf"\s+(?:thứ\s+)?({_ROMAN})(?!\w)|\s+thứ\s+(\d{{1,3}})(?![\w.,/]\d|\w)")
# An acronym in parentheses right after a name: "(IPU-132)", "(ASIAD)".
_PAREN_ACRONYM = re.compile(r"\s*\(\s*([A-ZĐ]{2,}[a-z]*(?:\s[A-Z][a-z]+)?)(?:\s?[-–]?\s?\d+)?\s*\)")
_DIGIT = re.compile(r"\d")
# "gấp 3,4 lần năm 2022": a multiplier against a year, not the fifth ("năm") edition of
# anything; a number right before "lần" or a year right after its word says so.
_NUMBER_AT_END = re.compile(r"\d(?:[.,]\d+)?\s*$")
_YEAR_AFTER = re.compile(r"\s+\d{4}(?!\d)")


def _multiplier_before(text: str, at: int) -> bool:
    return _NUMBER_AT_END.search(text, max(0, at - 16), at) is not None

# "WEF (2019)": an acronym named with a year in parentheses.
_ACRONYM_YEAR = re.compile(r"([A-ZĐ](?<![\w-].)[A-ZĐ]+[a-z]*)\s*\(\s*(?:năm\s+)?(\d{4})\s*\)")
_ROMAN_TOKEN = re.compile(r"[IVXLC](?<!\w.)[IVXLC]*(?!\w)")
_ACRONYM_TOKEN = re.compile(r"(?<!\w)([A-ZĐ]{2,}[a-z]*(?:\s[A-Z][a-z]+)?)(?!\w)")


@dataclass(frozen=True, slots=True)
class EventMention:
    """A numbered (or year-named) event inside one sentence."""

    start: int
    end: int
    identity: str  # "asem#5"; for a year-named event "apec@2006"
    name: str  # the name as written (canonical text)
    ordinal: int | None
    year: int | None = None  # a year that is part of the name ("WEF 2019")


def _is_roman_only(token: str) -> bool:
    return roman_to_int(token) is not None


def _acronym_in(name: str) -> str | None:
    for m in _ACRONYM_TOKEN.finditer(name):
        token = m.group(1)
        if not _is_roman_only(token.split()[0]):
            return token
    return None


def identity_key(name: str, lex: Lexicon) -> str:
    """Folded identity of an event name: its acronym if it has one, else the name."""
    acronym = _acronym_in(name)
    if acronym:
        return fold(acronym).replace(" ", "")
    words = [w for w in re.findall(r"\w+", name.lower()) if w not in lex.stopwords_lower]
    return lex.apply_aliases(fold(" ".join(words)))


def _name_before(text: str, end: int, lex: Lexicon) -> tuple[int, str]:
    """The event name ending at ``end``: from the last event word (or acronym) before it."""
    window_start = max(0, end - 90)
    clause = re.split(r"[;:.!?]", text[window_start:end])[-1]
    base = end - len(clause)
    starts = [m.start() for m in lex.event_word_re.finditer(fold_case(clause))]
    acr = [
        m.start()
        for m in _ACRONYM_TOKEN.finditer(clause)
        if not _is_roman_only(m.group(1).split()[0])
    ]
    if starts:
        s = starts[-1]
        # Prefer the earlier event word when the name has two ("Hội nghị cấp cao Á - Âu").
        return base + s, clause[s:].strip()
    if acr:
        return base + acr[-1], clause[acr[-1] :].strip()
    words = list(re.finditer(r"\S+", clause))[-4:]
    s = words[0].start() if words else len(clause)
    return base + s, clause[s:].strip()


def _ordinal(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    low = token.lower()
    if low in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[low]
    return roman_to_int(token)


def has_ordinal_cue(text: str) -> bool:
    """Whether ``text`` holds what an event word needs after it to name a numbered event
    without digits: "thứ" ("kỳ họp thứ tư") or a Roman numeral ("Đại hội XIII")."""
    return "thứ" in text or (
        any(ch in text for ch in "IVXLC") and _ROMAN_TOKEN.search(text) is not None
    )


def find_events(text: str, lex: Lexicon, folded: str | None = None) -> list[EventMention]:
    """Numbered events in one sentence (canonical text), not overlapping, in order."""
    found: list[EventMention] = []
    taken = Occupied(len(text))

    def add(ev: EventMention) -> None:
        if taken.free(ev.start, ev.end):
            found.append(ev)
            taken.take(ev.start, ev.end)

    # Cheap tests first: most sentences have no "lần", no digit, no "thứ"/Roman numeral.
    has_digit = _DIGIT.search(text) is not None
    paren_year = has_digit and "(" in text  # "WEF (2019)", "Hội nghị ... (năm 2019)"
    for m in _LAN.finditer(text) if "lần" in text else ():
        n = _ordinal(m.group(1))
        if not n or _multiplier_before(text, m.start()) or _YEAR_AFTER.match(text, m.end()):
            continue
        start, name = _name_before(text, m.start(), lex)
        end = m.end()
        paren = _PAREN_ACRONYM.match(text, end)
        if paren:  # "... lần thứ 132 (IPU-132)": the acronym names the event
            name, end = paren.group(1), paren.end()
        if not name:
            continue
        add(EventMention(start, end, f"{identity_key(name, lex)}#{n}", name, n))
    for m in _ACRONYM_YEAR.finditer(text) if paren_year else ():
        year = int(m.group(2))
        # "5 tỷ USD (năm 2022)": a currency, not an event named by its year.
        currency = m.group(1) in lex.currencies
        if 1900 <= year <= 2100 and not _is_roman_only(m.group(1)) and not currency:
            ident = fold(m.group(1))
            add(EventMention(m.start(), m.end(), f"{ident}@{year}", m.group(1), None, year=year))
    for m in _ACRONYM_NUM.finditer(text) if has_digit else ():
        acronym, num = m.group(1), int(m.group(2))
        if _is_roman_only(acronym.split()[0]):
            continue
        ident = fold(acronym).replace(" ", "")
        if 1900 <= num <= 2100:
            add(EventMention(m.start(), m.end(), f"{ident}@{num}", acronym, None, year=num))
        elif num < 1000:
            add(EventMention(m.start(), m.end(), f"{ident}#{num}", acronym, num))
    if folded is None:  # same offsets; the word patterns are built for it
        folded = fold_case(text)
    for m in lex.event_word_re.finditer(folded) if has_ordinal_cue(text) else ():
        r = _ROMAN_AFTER.match(text, m.end())
        if not r:
            continue
        n = roman_to_int(r.group(1)) if r.group(1) else int(r.group(2))
        if n:
            name = text[m.start() : m.end()]
            add(EventMention(m.start(), r.end(), f"{identity_key(name, lex)}#{n}", name, n))
    # Last and weakest: a named event with its year in parentheses, no number
    # ("Hội nghị Thượng đỉnh Mỹ - Triều (năm 2019)").
    for m in lex.named_year_re.finditer(folded) if paren_year else ():
        name, year = text[m.start(1) : m.end(1)].strip(), int(m.group(2))
        if 1900 <= year <= 2100:
            ident = f"{identity_key(name, lex)}@{year}"
            add(EventMention(m.start(), m.end(), ident, name, None, year=year))
    # Last: an unnumbered event named by a capitalised head ("Lễ hội Đền Hùng năm 2023").
    for m in lex.named_event_re.finditer(folded):
        ev = _named_event(text, m.start(), m.end(), lex) if text[m.start()].isupper() else None
        if ev is not None:
            add(ev)
    found.sort(key=lambda e: e.start)
    return found


# The next word of a name, after a space, a dash or a comma ("Văn hóa, Thể thao và Du lịch").
_NAME_NEXT = re.compile(r"(\s*[,–-]\s*|\s+)(\d{4}(?![\w.,/]\d|\w)|[^\W\d_]+)")
# Words that end an event's name: the verbs that date it ("diễn ra", "được tổ chức").
_NAME_END = re.compile(
    r"(?:diễn ra|được tổ chức|tổ chức|khai mạc|bế mạc|kéo dài|chính thức|kết thúc|bắt đầu"
    r"|sẽ|đã|vừa|đang|lần|năm nay)(?!\w)"
)
_MAX_NAME_WORDS = 14
_YEAR_NEXT = re.compile(r"\s*(?:năm\s+)?(\d{4})(?![\w.,/]\d|\w)")


def _named_event(text: str, start: int, head_end: int, lex: Lexicon) -> EventMention | None:
    """An unnumbered event named by a capitalised head and its name: with the year the
    name states ("Lễ hội Đền Hùng năm 2023": ``lehoidenhung@2023``), or ending at a verb
    that dates it ("Festival Huế diễn ra từ ..."; identity ``festivalhue@``, to be
    completed by the year of the dates bound to it).  None when the name has no
    capitalised word after its head: a common noun names no one event."""
    pos, capitalised = head_end, False
    for _ in range(_MAX_NAME_WORDS):
        m = _NAME_NEXT.match(text, pos)
        if m is None:
            break
        sep, word = m.group(1), m.group(2)
        if word.isdigit() or word.lower() == "năm":
            year_m = m if word.isdigit() else _NAME_NEXT.match(text, m.end())
            if year_m is None or "," in sep or not year_m.group(2).isdigit():
                return None
            year = int(year_m.group(2))
            if not (1900 <= year <= 2100) or not capitalised:
                return None
            name = text[start:pos]
            ident = f"{identity_key(name, lex)}@{year}"
            return EventMention(start, year_m.end(), ident, name, None, year=year)
        if _NAME_END.match(text, m.start(2)) or ("," in sep and not word[0].isupper()):
            break
        capitalised = capitalised or word[0].isupper()
        pos = m.end()
    paren = _PAREN_ACRONYM.match(text, pos) if capitalised else None
    year_m = _YEAR_NEXT.match(text, paren.end()) if paren else None
    if paren and year_m and 1900 <= int(year_m.group(1)) <= 2100:
        # "Lễ hội pháo hoa quốc tế Đà Nẵng (DIFF) 2024": the acronym names it, as "DIFF 2024".
        year = int(year_m.group(1))
        ident = f"{fold(paren.group(1)).replace(' ', '')}@{year}"
        return EventMention(start, year_m.end(), ident, paren.group(1), None, year=year)
    if not capitalised or _NAME_END.match(text, _skip_space(text, pos)) is None:
        return None
    name = text[start:pos]
    return EventMention(start, pos, f"{identity_key(name, lex)}@", name, None)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " ,":
        pos += 1
    return pos
