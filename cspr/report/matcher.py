"""The anonymisation scan: the case record's identifiers and the general patterns, over every unit of text.

Pure Python over ``docxtext.Unit``s and ``Identifier``s (``cspr.report.identifiers`` builds them from
the record), so the command line, the pages, the tests and the bench run the same code.

Names, aliases, streets and schools are matched as token sequences, case-insensitively, with
possessives ("Jane's"), hyphens and line breaks between parts; a surname or first name alone; a
title and surname ("Mr Sample"); initials ("J.S.", "J. S.", "J S"); and one typo (a letter added,
dropped, changed or two swapped) in any name part of six letters or more. A name part that is an
ordinary English word (``common_words``: the words the toolkit's own text uses in lower case, plus
a few) is never matched alone, only inside a longer name or after a title. General patterns: NHS
numbers whose mod-11 check digit holds, UK postcodes, UK phone numbers, email addresses and full
dates; a pattern hit that is a value of the record is reported as that identifier.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cspr.report.docxtext import Unit

NAME, ALIAS, INITIALS, ADDRESS, POSTCODE, DOB, NHS, SCHOOL, PHONE, EMAIL, DATE = (
    "name",
    "alias",
    "initials",
    "address",
    "postcode",
    "date of birth",
    "NHS number",
    "school",
    "phone number",
    "email",
    "full date",
)
KINDS = (NAME, ALIAS, INITIALS, ADDRESS, POSTCODE, DOB, NHS, SCHOOL, PHONE, EMAIL, DATE)
# Two-letter capitals that reports use as abbreviations, never taken for a person's initials alone.
ACRONYMS = frozenset(
    [
        "GP",
        "HV",
        "SW",
        "CP",
        "LA",
        "UK",
        "ED",
        "AE",
        "DV",
        "DA",
        "SP",
        "NP",
        "RR",
        "IT",
        "TV",
        "OK",
        "ID",
        "PE",
        "RE",
        "DT",
        "MP",
        "QC",
        "CC",
        "PC",
        "DS",
        "DI",
        "DC",
        "SG",
        "FE",
        "HE",
        "EY",
        "CA",
        "CE",
        "IP",
        "OT",
        "SI",
    ]
)
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "master")
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
GAP_OK = re.compile(r"^(?:[\s\-‐‑–]{1,3}|\.\s?)$")
FUZZY_MIN = 6
CONTEXT = 40
EXTRA_COMMON = {
    "mother", "father", "brother", "sister", "child", "baby", "family", "partner", "example", "sample", "demo",
    "stepfather", "stepmother", "grandmother", "grandfather", "aunt", "uncle", "cousin", "road", "street",
    "close", "lane", "avenue", "school", "primary", "academy", "nursery", "house", "court", "park", "green",
}  # fmt: skip


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words the project's own toolkit text uses in lower case: never a name when they stand alone."""
    folder = Path(__file__).resolve().parent.parent / "documents" / "content"
    words = set(EXTRA_COMMON)
    for path in folder.glob("*.txt"):
        words.update(w for w in TOKEN.findall(path.read_text(encoding="utf-8")) if w.islower())
    return frozenset(words)


@dataclass(frozen=True)
class Identifier:
    """One identifying value held in the case record. ``owner`` keys the glossary row that replaces it."""

    kind: str
    value: str
    owner: str  # "person:12", "surname:dummyfamily", "household:3", "agency:4"
    label: str  # what it is, without the value: "Mother's name", "Child's date of birth"


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # as written in the draft
    where: str
    part: str
    label: str  # "Paragraph 12", "Footnote 2"...
    number: int
    start: int
    end: int
    context: str
    about: str  # the record's label ("Mother's name") or the pattern ("Looks like a UK postcode")
    owner: str  # glossary row ("" for a general pattern)
    how: str  # "exact", "typo", "initials", "pattern"
    unit: int = 0  # the unit's place in its part (``docxtext.Unit.index``)

    @property
    def key(self) -> str:
        """Accepting a finding holds for the same text of the same kind in later drafts."""
        return finding_key(self.kind, self.text)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def finding_key(kind: str, text: str) -> str:
    return f"{kind}|{normal(text)}"


def normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _norm_token(token: str) -> str:
    t = token.lower().replace("’", "'")
    if not t.isascii():  # "Zoë" and "Zoe" are the same name to a reader
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return t[:-2] if t.endswith("'s") else t


def nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _damerau1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return b[i + 1 :] == a[i:]


MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")]
    )
    for m in names
}  # fmt: skip
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_M})\.?,?\s+(\d{{4}})\b", re.I)
DATE_MDY = re.compile(rf"\b({_M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DATE_NUM = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-]*\d)")
DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Ten digits, grouped any way with single spaces or hyphens ("943 476 5919", "943-4765-919").
NHS_RE = re.compile(r"(?<![\d\-])\d(?:[ \-]?\d){9}(?![\d\-])")
POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s\-()]{7,14}\d(?!\d)")
HAS_DIGIT = re.compile(r"\d")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def _date(y: int, m: int, d: int) -> dt.date | None:
    if y < 100:
        y += 2000 if y < 50 else 1900
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dates_in(text: str) -> Iterable[tuple[int, int, dt.date]]:
    for m in DATE_DMY.finditer(text):
        if (d := _date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))) is not None:
            yield m.start(), m.end(), d
    for m in DATE_MDY.finditer(text):
        if (d := _date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))) is not None:
            yield m.start(), m.end(), d
    for m in DATE_NUM.finditer(text):
        if (d := _date(int(m[4]), int(m[3]), int(m[1]))) is not None:
            yield m.start(), m.end(), d
    for m in DATE_ISO.finditer(text):
        if (d := _date(int(m[1]), int(m[2]), int(m[3]))) is not None:
            yield m.start(), m.end(), d


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def phone_key(text: str) -> str:
    d = digits(text)
    return "0" + d[2:].lstrip("0") if d.startswith("44") and len(d) >= 11 else d


def postcode_key(text: str) -> str:
    return text.replace(" ", "").upper()


@dataclass(frozen=True)
class _Pattern:
    tokens: tuple[str, ...]
    identifier: Identifier


class Scanner:
    """Built once per case (its identifiers); ``scan(units)`` gives the findings in document order."""

    def __init__(self, identifiers: Iterable[Identifier]) -> None:
        self.common = common_words()
        self.patterns: dict[str, list[_Pattern]] = {}
        self.vocabulary: set[str] = set()
        self.fuzzy_index: dict[str, set[str]] = {}
        self.initials: list[tuple[re.Pattern[str], Identifier]] = []
        self.dates: dict[dt.date, Identifier] = {}
        self.numbers: dict[str, Identifier] = {}  # NHS and phone numbers by digits
        self.postcodes: dict[str, Identifier] = {}
        self.emails: dict[str, Identifier] = {}
        for ident in identifiers:
            self._add(ident)
        for plist in self.patterns.values():
            plist.sort(key=lambda p: -len(p.tokens))
        # A postcode of the record written in lower case is still found.
        self.postcode_res = tuple(
            re.compile(rf"(?<!\w){re.escape(k[:-3])} ?{re.escape(k[-3:])}(?!\w)", re.I) for k in self.postcodes
        )

    def _add_tokens(self, tokens: tuple[str, ...], ident: Identifier) -> None:
        if not tokens:
            return
        if len(tokens) == 1 and (tokens[0] in self.common or len(tokens[0]) < 3 or tokens[0].isdigit()):
            return
        existing = self.patterns.setdefault(tokens[0], [])
        if any(p.tokens == tokens for p in existing):
            return
        existing.append(_Pattern(tokens, ident))
        for t in tokens:
            if t in self.vocabulary:
                continue
            self.vocabulary.add(t)
            if len(t) >= FUZZY_MIN and t.isalpha():
                for i in range(len(t)):
                    self.fuzzy_index.setdefault(t[:i] + t[i + 1 :], set()).add(t)

    def _add(self, ident: Identifier) -> None:
        kind = ident.kind
        if kind == DOB:
            day = dt.date.fromisoformat(ident.value)
            self.dates[day] = ident
        elif kind == NHS:
            self.numbers[digits(ident.value)] = ident
        elif kind == PHONE:
            self.numbers[phone_key(ident.value)] = ident
        elif kind == POSTCODE:
            self.postcodes[postcode_key(ident.value)] = ident
        elif kind == EMAIL:
            self.emails[ident.value.lower()] = ident
        elif kind == INITIALS:
            letters = [c for c in ident.value if c.isalpha()]
            sep = r"(?:\.\s?|\s)"
            body = sep.join(re.escape(c) for c in letters)
            self.initials.append((re.compile(rf"(?<![\w.]){body}\.?(?![\w])"), ident))
            bare = "".join(letters)
            if len(bare) >= 3 or bare not in ACRONYMS:  # "JS" as a word; never "GP" or "SW"
                self.initials.append((re.compile(rf"(?<![\w.]){re.escape(bare)}(?![\w])"), ident))
        else:
            tokens = tuple(_norm_token(t) for t in TOKEN.findall(ident.value))
            self._add_tokens(tokens, ident)
            if kind == NAME and ident.owner.startswith("surname:"):
                for title in TITLES:
                    self._add_tokens((title, *tokens), ident)

    # -- names and other token sequences ------------------------------------------------------

    def _canon_raw(self, raw: str, cache: dict[str, str | None]) -> str | None:
        found = self._canon(_norm_token(raw), cache)
        cache[raw] = found
        return found

    def _canon(self, token: str, cache: dict[str, str | None]) -> str | None:
        if token in cache:
            return cache[token]
        found: str | None = None
        if token in self.vocabulary:
            found = token
        elif len(token) >= FUZZY_MIN - 1 and token.isalpha() and token not in self.common:
            candidates = set(self.fuzzy_index.get(token, ()))
            if token in self.vocabulary:
                candidates.add(token)
            for i in range(len(token)):
                shorter = token[:i] + token[i + 1 :]
                if shorter in self.vocabulary:
                    candidates.add(shorter)
                candidates.update(self.fuzzy_index.get(shorter, ()))
            for c in sorted(candidates):
                if c[0] == token[0] and _damerau1(token, c):
                    found = c
                    break
        cache[token] = found
        return found

    def _sequences(self, text: str, cache: dict[str, str | None]) -> Iterable[tuple[int, int, Identifier, str]]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        canon = [cache[t] if t in cache else self._canon_raw(t, cache) for _, _, t in tokens]
        i = 0
        while i < len(tokens):
            c = canon[i]
            hit = None
            if c is not None and c in self.patterns:
                for pattern in self.patterns[c]:
                    n = len(pattern.tokens)
                    if i + n > len(tokens) or tuple(canon[i : i + n]) != pattern.tokens:
                        continue
                    if all(GAP_OK.match(text[tokens[j][1] : tokens[j + 1][0]]) for j in range(i, i + n - 1)):
                        hit = (pattern, n)
                        break
            if hit is None:
                i += 1
                continue
            pattern, n = hit
            start, end = tokens[i][0], tokens[i + n - 1][1]
            raw = text[start:end]
            if raw.lower().endswith(("'s", "’s")):
                end -= 2
            typo = any(_norm_token(tokens[j][2]) != pattern.tokens[j - i] for j in range(i, i + n))
            yield start, end, pattern.identifier, "typo" if typo else "exact"
            i += n

    # -- the scan ------------------------------------------------------------------------------

    def scan_unit(self, unit: Unit, cache: dict[str, str | None]) -> list[Finding]:
        text = unit.text
        hits: list[tuple[int, int, str, str, str, str, int]] = []  # start, end, kind, about, owner, how, rank

        def add(start: int, end: int, kind: str, about: str, owner: str, how: str, rank: int) -> None:
            hits.append((start, end, kind, about, owner, how, rank))

        for start, end, ident, how in self._sequences(text, cache):
            add(start, end, ident.kind, ident.label, ident.owner, how, 0)
        for regex, ident in self.initials:
            for m in regex.finditer(text):
                add(m.start(), m.end(), INITIALS, ident.label, ident.owner, "initials", 1)
        if HAS_DIGIT.search(text):
            self._numbers(text, add)
        if "@" in text:
            for m in EMAIL_RE.finditer(text):
                held = self.emails.get(m.group().lower())
                if held is not None:
                    add(m.start(), m.end(), EMAIL, held.label, held.owner, "exact", -1)
                else:  # before a name inside it ("jane.smith@…")
                    add(m.start(), m.end(), EMAIL, "Looks like an email address", "", "pattern", -1)
        return self._resolve(unit, hits)

    def _numbers(self, text: str, add: Any) -> None:
        for start, end, day in dates_in(text):
            ident = self.dates.get(day)
            if ident is not None:
                add(start, end, DOB, ident.label, ident.owner, "exact", 0)
            else:
                add(start, end, DATE, "A full date", "", "pattern", 4)
        for m in NHS_RE.finditer(text):
            d = digits(m.group())
            ident = self.numbers.get(d)
            if ident is not None and ident.kind == NHS:
                add(m.start(), m.end(), NHS, ident.label, ident.owner, "exact", 0)
            elif nhs_valid(d):
                add(m.start(), m.end(), NHS, "Looks like an NHS number (its check digit holds)", "", "pattern", 2)
        for m in PHONE_RE.finditer(text):
            raw = m.group().rstrip(" -(")
            d = digits(raw)
            key = phone_key(raw)
            if not (10 <= len(d) <= 12):
                continue
            ident = self.numbers.get(key)
            if ident is not None and ident.kind == PHONE:
                add(m.start(), m.start() + len(raw), PHONE, ident.label, ident.owner, "exact", 0)
            else:
                add(m.start(), m.start() + len(raw), PHONE, "Looks like a UK phone number", "", "pattern", 3)
        for regex in (POSTCODE_RE, *self.postcode_res):
            for m in regex.finditer(text):
                ident = self.postcodes.get(postcode_key(m.group()))
                if ident is not None:
                    add(m.start(), m.end(), POSTCODE, ident.label, ident.owner, "exact", 0)
                else:
                    add(m.start(), m.end(), POSTCODE, "Looks like a UK postcode", "", "pattern", 3)

    def _resolve(self, unit: Unit, hits: list[tuple[int, int, str, str, str, str, int]]) -> list[Finding]:
        """Overlapping hits: the record's identifier over a pattern, then the longer one."""
        hits.sort(key=lambda h: (h[6], -(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for h in hits:
            if any(h[0] < e and s < h[1] for s, e in taken):
                continue
            taken.append((h[0], h[1]))
            chosen.append(h)
        chosen.sort(key=lambda h: h[0])
        text = unit.text
        return [
            Finding(
                kind=kind,
                text=text[s:e],
                where=unit.where_at(s, e),
                part=unit.part,
                label=unit.label,
                number=unit.number,
                start=s,
                end=e,
                context=_context(text, s, e),
                about=about,
                owner=owner,
                how=how,
                unit=unit.index,
            )
            for s, e, kind, about, owner, how, _ in chosen
        ]

    def scan(self, units: Iterable[Unit]) -> list[Finding]:
        cache: dict[str, str | None] = {}
        found: list[Finding] = []
        for unit in units:
            if unit.text.strip():
                found.extend(self.scan_unit(unit, cache))
        return found


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return (
        ("…" if start > CONTEXT else "")
        + before
        + "["
        + text[start:end]
        + "]"
        + after
        + ("…" if end + CONTEXT < len(text) else "")
    )
