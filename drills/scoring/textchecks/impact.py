"""Quantified business impact for the CEO (EXE-02): money and how many customers.

`quantities()` reads the first figures a briefing gives, so the scorer can compare them with the
scenario's truth (within 25%). Ranges count as their midpoint ("$4,000–6,000 per hour" is 5,000).
Rates per minute or per day are converted to per hour. A count of customers prefers customer-like
nouns (customers, accounts, merchants) over user-like ones (users, shoppers), because the scenario
counts affected accounts; "our largest customer and 12 others" is 13.
"""

from __future__ import annotations

import re
from typing import TypedDict

from drills.scoring.textchecks._text import ABSENT, NUMBER_WORD, NUMBER_WORDS, Doc, Finder, Span, Spans, parse, rx
from drills.scoring.textchecks.elements import is_people_plural


class Quantities(TypedDict):
    money_per_hour: float | None
    money: float | None
    customers: int | None


_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"(?:k|K|m|M|mn|bn|million|thousand|billion)\b"
_CUR = r"(?:[$€£]|\b(?:USD|EUR|GBP)\s?)"
_CUR_WORD = r"(?:dollars|euros|pounds|bucks|USD|EUR|GBP)\b"
_RANGE_TO = r"\s*(?:-|–|to)\s*"
_RANGE_AND = r"\s*(?:-|–|to)\s*(?:[$€£])?\s?|\s*and\s+[$€£]\s?"
"""A range: '$4,000-6,000', '$4k to $6k', 'between $4,000 and $6,000' (with 'and', both need a currency)."""
_MONEY = Finder(
    _CUR + r"\s?(?P<a>" + _AMOUNT + r")\s?(?P<m>" + _MULT + r")?"
    r"(?:(?:" + _RANGE_AND + r")(?P<b>" + _AMOUNT + r")\s?(?P<m2>" + _MULT + r")?)?"
    r"|(?P<a2>" + _AMOUNT + r")\s?(?P<m3>" + _MULT + r")?"
    r"(?:" + _RANGE_TO + r"(?P<b2>" + _AMOUNT + r")\s?(?P<m4>" + _MULT + r")?)?\s+" + _CUR_WORD
    + r"|(?P<a3>" + _AMOUNT + r")\s?(?P<m5>[kKmM]|million|thousand)\b"
    r"(?=\s+(?:in|of)\s+(?:\w+\s+)?(?:revenue|sales|orders|billing|bookings|ARR|MRR)\b)",
    "usd eur gbp",
    numbers=True,
    chars="$€£",
    flags=0,
)
_PER = rx(
    r"\s*(?:(?:in|of)\s+(?:\w+\s+){0,2}?(?:revenue|sales|orders|billing|bookings)\s+)?(?:at\s+risk\s+)?"
    r"(?:(?P<h>/\s*h(?:ou)?r?\b|per\s+h(?:ou)?r?\b|an?\s+hour\b|each\s+hour\b|every\s+hour\b|hourly\b)"
    r"|(?P<min>/\s*min\b|per\s+minute\b|a\s+minute\b|every\s+minute\b)"
    r"|(?P<day>/\s*day\b|per\s+day\b|a\s+day\b|daily\b))"
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100, "a dozen": 12, "dozen": 12,
}
_COUNT = (r"(?<![\w:.,$€£])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:[kKmM]|million|thousand)\b|\d+)(?![\d:%]|\.\d)|\b"
          + NUMBER_WORD + r"\b")
"""'1,300', '12k', '1.2M', '1.2 million', '40', 'twelve'."""
_CUSTOMER_NOUN = (
    r"(?:customers?|accounts?|clients?|merchants?|tenants?|compan(?:y|ies)|organi[sz]ations?|orgs?"
    r"|business(?:es)?|subscribers?|shops?|stores?|partners?|workspaces?|clinics?|practices?|shippers?|tenants?|accts?"
    r"|schools?|restaurants?|hotels?|venues?|agencies|firms|brands?|sellers?|integrators?|teams?|studios?)"
)
_USER_NOUN = r"(?:users?|shoppers?|people|seats?|buyers?|members?|employees?|patients?|students?|drivers?|riders?)"
_OTHER_NOUN = r"(?:orders?|checkouts?|transactions?|payments?|invoices?|bookings?|payrolls?)"
_COUNT_ANCHORS = NUMBER_WORDS + " a"
_LARGEST_AND = Finder(
    r"(?:largest|biggest|top|main|key)\s+(?:customer|account|client)\s+(?:and|plus)\s+(?P<n>" + _COUNT
    + r")\s+(?:others?|more|other\s+(?:customers|accounts|clients))\b",
    "largest biggest top main key",
)
_N_OF_THEM = Finder(r"(?P<n>" + _COUNT + r")\s+of\s+them\b", _COUNT_ANCHORS, numbers=True)
"""'all clinics, about 120 of them': a count whose noun came just before."""
_N_OF = Finder(
    r"(?P<n>" + _COUNT + r")\s+(?:out\s+)?of\s+(?:our|the|all|their)?\s*(?:(?:top|largest|biggest)\s+)?(?:"
    + _COUNT + r"\s+)?(?:\w+\s+)?(?P<noun>" + _CUSTOMER_NOUN + "|" + _USER_NOUN + ")",
    _COUNT_ANCHORS,
    numbers=True,
)
_N_NOUN = Finder(
    r"(?P<n>" + _COUNT + r")\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + _CUSTOMER_NOUN + "|" + _USER_NOUN + "|"
    + _OTHER_NOUN + r")\b",
    _COUNT_ANCHORS,
    numbers=True,
)
_SHARE = Finder(
    r"(?:\d+(?:\.\d+)?\s*(?:%|percent)|half|an?\s+(?:third|quarter|fifth|tenth)|(?:one|two|three|four)\s+"
    r"(?:thirds|quarters|fifths|tenths)|(?:one|\d+)\s+in\s+\w+)\s+(?:of\s+)?"
    r"(?:our\s+|the\s+|all\s+)?(?:[\w-]+\s+)?(?:" + _CUSTOMER_NOUN + "|" + _USER_NOUN + "|" + _OTHER_NOUN
    + r"|revenue|sales)\b",
    "half a an one two three four",
    numbers=True,
)
_CUSTOMER_RX = re.compile(_CUSTOMER_NOUN, re.IGNORECASE)
_USER_RX = re.compile(_USER_NOUN, re.IGNORECASE)


def _number(raw: str) -> float:
    raw = " ".join(raw.lower().split())
    if raw in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[raw])
    for suffix in ("million", "thousand", "k", "m"):
        if raw.endswith(suffix):
            return float(raw[: -len(suffix)].strip()) * _MULTIPLIERS[suffix]
    return float(raw.replace(",", ""))


def _amount(value: str, mult: str | None) -> float:
    return _number(value) * (_MULTIPLIERS.get(mult.lower(), 1.0) if mult else 1.0)


def _money(m: re.Match[str]) -> float:
    g = m.groupdict()
    a, ma, b, mb = ((g["a"], g["m"], g["b"], g["m2"]) if g["a"] else (g["a2"], g["m3"], g["b2"], g["m4"])
                    if g["a2"] else (g["a3"], g["m5"], None, None))
    if b is None:
        return _amount(a, ma)
    # "4-6k": the multiplier written once applies to both ends.
    return (_amount(a, ma or mb) + _amount(b, mb or ma)) / 2


def _money_figures(doc: Doc) -> tuple[float | None, float | None]:
    per_hour: float | None = None
    total: float | None = None
    for hit in _MONEY.hits(doc):
        m = hit.match
        value = _money(m)
        per = doc.match(_PER, m.end())
        if per and per_hour is None:
            per_hour = value if per["h"] else value * 60 if per["min"] else value / 24
        elif not per and total is None:
            total = value
    return per_hour, total


def _customer_count(doc: Doc) -> int | None:
    found: list[tuple[int, int, bool]] = []  # (position, count, customer-like)
    largest = _LARGEST_AND.hits(doc)
    for hit in largest:
        m = hit.match
        found.append((m.start(), int(_number(m["n"])) + 1, True))
    taken = Spans(h.match.span() for h in largest)
    of = _N_OF.hits(doc)
    taken_or_of = Spans([*(h.match.span() for h in largest), *(h.match.span() for h in of)])
    for finder, skip in ((_N_OF, taken), (_N_NOUN, taken_or_of)):
        for hit in of if finder is _N_OF else finder.hits(doc):
            m = hit.match
            if skip.holds(m.start()):
                continue
            noun = m["noun"]
            if _CUSTOMER_RX.fullmatch(noun):
                found.append((m.start(), int(_number(m["n"])), True))
            elif _USER_RX.fullmatch(noun):
                found.append((m.start(), int(_number(m["n"])), False))
    for customer_like in (True, False):
        counts = sorted((pos, n) for pos, n, like in found if like is customer_like)
        if counts:
            return counts[0][1]
    return None


def quantities(text: str) -> Quantities:
    """The first money-per-hour figure, the first other money figure, and the count of customers."""
    doc = parse(text)
    per_hour, total = _money_figures(doc)
    return {"money_per_hour": per_hour, "money": total, "customers": _customer_count(doc)}


_N_PLURAL = Finder(
    r"(?P<n>" + _COUNT + r")\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]{3,}s)\b(?!-)",
    _COUNT_ANCHORS,
    numbers=True,
)
"""A count of any plural noun, kept when the noun is people ('~240k players', '1,300 podcasters',
'48,000 households'); devices, requests and messages are not impact (CONVENTIONS 25, D7)."""


def _people_counted(doc: Doc) -> bool:
    return any(is_people_plural(hit.match["noun"]) for hit in _N_PLURAL.hits(doc))


def find_missing_quantified_impact(doc: Doc) -> list[Span]:
    if any(finder.hits(doc) for finder in (_MONEY, _N_NOUN, _N_OF, _SHARE, _N_OF_THEM)) or _people_counted(doc):
        return []
    return [ABSENT]
