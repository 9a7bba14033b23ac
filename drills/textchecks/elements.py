"""Missing elements of an update: what still works, what fails and what is not known yet for the
customer (CUS-04); what we know, who is affected and what we check next internally (INT-03).

These detectors flag an absence, so their precision depends on recognising presence generously:
any plausible way of saying "login still works" counts, and the flag fires only when nothing does.
A message confirming full recovery ("exports work again", "this incident is resolved") needs no
"what fails", no "not known yet" and no next update time; its recovery statement says what works.
"""

from __future__ import annotations

import re

from drills.textchecks._text import ABSENT, Doc, Span, rx

_CONDITIONAL_BEFORE = rx(
    r"\b(?:if|whether|once|until|unless|when|will|'ll|should|hope|expect|aim|plan|want|need|try|trying)\s+"
    r"(?:\S+\s+){0,3}$|\bto\s+$"
)
"""Words that make what follows a condition or a wish, not a fact: 'if the rollback works'."""
_NEGATED_BEFORE = rx(r"(?:\bnot|n't|\bno\s+longer|\bnever)\s+(?:\S+\s+)?$")

_CLOSURE = rx(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|'s|'re)\s+(?:now\s+|already\s+|fully\s+|all\s+)*"
    r"(?:fixed|resolved|restored)\b"
    r"|\b(?:work|works|working|worked)\s+(?:again|normally)\b|\bback\s+to\s+normal\b"
    r"|\bincident\s+is\s+(?:now\s+)?(?:resolved|closed)\b|\b(?:operational|up\s+and\s+running|back\s+up)\s+again\b"
    r"|\ball\s+systems\s+(?:are\s+)?(?:now\s+)?(?:operational|normal)\b"
)
_WORKS = rx(
    r"\bstill\s+(?:work(?:s|ing)?|function(?:s|ing)?|load(?:s|ing)?|go(?:es)?\s+through|available|up|running"
    r"|fine|ok(?:ay)?|able)\b"
    r"|\bcontinues?\s+to\s+(?:work|function|run|go\s+through)\b|\bcan\s+still\b"
    r"|\b(?:is|are)\s+(?:still\s+)?(?:working|up|fine|ok(?:ay)?|available|running|operating)\b"
    r"(?!\s+(?:on|to|with|through|hard|around|closely))"
    r"|\bworks?\b(?!\s+(?:on|to|with|hard))"
    r"|\bnot\s+(?:affected|impacted)\b|\bunaffected\b|\bno\s+impact\s+on\b"
    r"|\b(?:is|are)\s+(?:safe|intact)\b|\bfine\b|\bnormally\b|\bas\s+usual\b"
    r"|\b(?:go|goes)\s+through\b|\bgoing\s+through\s+(?:again|normally|fine)\b"
)
_WORKS_SUBJECT_US = rx(r"\b(?:we|i|team|engineers?|they|everyone)\s+(?:\w+\s+)?$")

_FAILS = rx(
    r"\b(?:fail(?:s|ed|ing|ure|ures)?|errors?|broken|broke|down|unavailable|cannot|can't|can\s+not|unable\s+to"
    r"|doesn't\s+work|don't\s+work|do(?:es)?\s+not\s+work|not\s+working|isn't\s+working|aren't\s+working"
    r"|not\s+loading|won't\s+load|time(?:s|d)?\s+out|timing\s+out|stuck|delayed|declined|slow(?:er|ly)?"
    r"|stopped|crash(?:es|ed|ing)?|missing|blank|blocked|not\s+(?:being\s+)?(?:sent|processed|delivered"
    r"|going\s+through)|(?:aren't|isn't)\s+being\s+\w+|affected\s+by|issues?\s+with|problems?\s+with"
    r"|paused|on\s+hold|halted|suspended|throttl\w+|rate[- ]limited|duplicat\w+|twice|wrong|incorrect(?:ly)?"
    r"|late|behind|lost|read[- ]only|degraded)\b"
    r"|\b(?:is|are)\s+affected\b"
)
_FAILS_NOT = rx(
    r"\b(?:we|i)\s+(?:\w+\s+)?(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:promise|say|tell|give|guarantee|confirm"
    r"|share)\b"
    r"|\b(?:we|i)\s+failed\b|\b(?:human|user|operator)\s+error\b"
    r"|\bfailed\s+to\s+(?:test|check|review|notice|tell|inform|warn|follow|catch|read|escalate|communicate"
    r"|document|mention|ask|flag)\b"
)
"""'Fail' words that are not about the product: promises, blame, owning it."""

_UNKNOWN = rx(
    r"\b(?:don't|do\s+not|doesn't|does\s+not|didn't)\s+(?:yet\s+)?know\b"
    r"|\bnot\s+(?:yet\s+)?(?:known|clear|sure|certain|confirmed)\b|\bunknown\b|\bunclear\b|\bunconfirmed\b"
    r"|\bunsure\b|\b(?:have|has)\s+not\s+(?:yet\s+)?(?:confirmed|found|determined|established)\b"
    r"|\b(?:haven't|have\s+not|hasn't|has\s+not)\s+(?:yet\s+)?(?:confirmed|found|determined|established|identified"
    r"|pinned\s+down|worked\s+out|figured\s+out|found\s+out|narrowed\s+down)\b"
    r"|\bnot\s+(?:yet\s+)?in\s+a\s+position\s+to\s+(?:give|say|share|confirm|promise|estimate)\b"
    r"|\b(?:checking|investigating|looking\s+into|confirming|working\s+out|figuring\s+out|determining)\s+"
    r"(?:whether|if|why|how|what|which|when)\b"
    r"|\bstill\s+(?:investigating|confirming|checking|determining)\b|\bunder\s+investigation\b"
    r"|\b(?:no|(?:don't|do\s+not|doesn't|does\s+not)\s+(?:yet\s+)?have\s+(?:an?|any))\s+"
    r"(?:eta|fix\s+time|time\s+for\s+(?:a|the)\s+fix|estimate|repair\s+time|time\s*line|time\s*frame"
    r"|fix\s+date)\b"
    r"|\b(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:say|tell|give|promise|confirm)\b[^.!?\n]*?\byet\b"
    r"|\b(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:say|tell)\s+(?:yet|when|whether|how|if)\b"
    r"|\bwhether\b|\bsuspect(?:s|ed)?\b|\b(?:our|my|a|current|best|working)\s+guess\b|\btheory\b|\blikely\b"
    r"|\bpossibly\b|\bprobably\b|\bmight\b|\bmay\s+be\b|\blooks\s+like\b|\bwe\s+(?:think|believe)\b"
    r"|\bonce\s+(?:we\s+have\s+|it\s+is\s+|it's\s+)?confirmed\b|\btrying\s+to\s+(?:find\s+out|understand"
    r"|work\s+out|determine)\b|\bto\s+find\s+out\b|\byet\s+to\s+(?:confirm|determine|find)\b"
    r"|\btbd\b|\bto\s+be\s+(?:confirmed|determined)\b|\bno\s+idea\b|\bcould\s+(?:be|also)\b"
    r"|\b(?:appears?|seems?)\s+to\b|\b(?:don't|do\s+not)\s+(?:yet\s+)?understand\b|\btoo\s+early\s+to\s+(?:say|tell)\b"
    r"|\bnot\s+guaranteed\b|\bno\s+guarantee\b|\bcan't\s+guarantee\b"
)

_KNOW = rx(
    r"\b(?:we\s+know|known|confirmed|we\s+see|seeing|we\s+found|found|logs?\s+shows?|reproduced|reports?"
    r"|reported|since|started|began|recovery|error\s+rate|no\s+change|pending|waiting|spik\w+|elevated"
    r"|dropped\s+(?:to|by|from|below)|increased|\d+(?:\.\d+)?\s*%|restored|recovered|mitigated|rolled\s+back"
    r"|still\s+(?:see|sees|seeing|running|has|have|shows?))\b"
)
_WHO = rx(
    r"\b(?:customers?|users?|accounts?|clients?|merchants?|shoppers?|tenants?|subscribers?|buyers?|members?"
    r"|organi[sz]ations?|orgs?|companies|businesses|people|everyone|everybody|plan|tier|region|cohort"
    r"|segment|stores?|storefronts?|shops?|sessions|workspaces?|sites)\b"
)
_WHO_NAMED = re.compile(
    r"\b[A-Z][a-z]+\s+(?:(?i:still\s+)?(?i:can't|can['’]t|cannot|is\s+blocked|reports?|reported|is\s+affected"
    r"|sees|saw))\b"
)
_NEXT_CHECK = rx(
    r"\bnext\s*(?::|step\b|check\b|we\b|up\b)|\bnext\b(?!\s+(?:update|post|message|check-?in))"
    # checks: need something to check ("checking the logs", not "still checking" or "look at this")
    r"|\b(?:check(?:s|ing)?|look(?:s|ing)?\s+at)\s+(?!(?:in|up|this|it|that|things)\b)[\w\u0027\u2019\u0022(]"
    r"|\b(?:test(?:s|ing)?|compar(?:e|es|ing)|inspect(?:s|ing)?|review(?:s|ing)?|verify(?:ing)?|verifies"
    r"|reproduc(?:e|es|ing)|pull(?:s|ing)?|trac(?:e|es|ing)|dig(?:s|ging)?\s+into|watch(?:es|ing)?"
    r"|monitor(?:s|ing)?)\s+[\w\u0027\u2019\u0022(]"
    # repairs and concrete steps: the step itself is the plan
    r"|\b(?:revert(?:s|ing)?|disabl(?:e|es|ing)|paus(?:e|es|ing)|restart(?:s|ing)?|re-?run(?:s|ning)?"
    r"|rotat(?:e|es|ing)|replay(?:s|ing)?|fail(?:s|ing)?\s+over|restor(?:e|es|ing)|deploying"
    r"|roll(?:s|ing)?\s+back|promot(?:e|es|ing)|turn(?:s|ing)?\s+(?:\w+\s+)?(?:off|on)|switch(?:es|ing)?"
    r"|drain(?:s|ing)?|scal(?:e|es|ing)\s+(?:up|out)|patch(?:es|ing)?)\b"
    r"|\blogs?\b|\bdiff\b|\brecent\s+changes\b"
)
_NEXT_NEGATED = rx(r"(?:n't|\bnot|\bnever|\bnobody|\bno\s+one|supposed\s+to|meant\s+to|should\s+have)\s+$")


def _present(pattern: re.Pattern[str], doc: Doc, exclude: re.Pattern[str] | None = None,
             guard: bool = False) -> bool:
    text = doc.text
    blocked = [m.span() for m in exclude.finditer(text)] if exclude else []
    for m in pattern.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        if guard:
            before = text[max(0, m.start() - 30):m.start()]
            if _CONDITIONAL_BEFORE.search(before) or _NEGATED_BEFORE.search(before):
                continue
        return True
    return False


def is_closing(doc: Doc) -> bool:
    """The update confirms recovery (a final message), so it needs no fails/unknown/next update."""
    return _present(_CLOSURE, doc, guard=True)


def _works(doc: Doc) -> bool:
    text = doc.text
    for m in _WORKS.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        if _CONDITIONAL_BEFORE.search(before) or _NEGATED_BEFORE.search(before):
            continue
        if m.group().lower().startswith(("is ", "are ")) and _WORKS_SUBJECT_US.search(before):
            continue  # "we are working on it"
        return True
    return is_closing(doc)


def _fails(doc: Doc) -> bool:
    text = doc.text
    blocked = [m.span() for m in _FAILS_NOT.finditer(text)]
    for m in _FAILS.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        if m.group().lower().startswith(("is ", "are ")) and _CONDITIONAL_BEFORE.search(
                text[max(0, m.start() - 30):m.start()]):
            continue  # "unclear whether exports are affected"
        return True
    return False


def _missing(present: bool) -> list[Span]:
    return [] if present else [ABSENT]


def find_missing_what_works(doc: Doc) -> list[Span]:
    return _missing(_works(doc))


def find_missing_what_fails(doc: Doc) -> list[Span]:
    return _missing(_fails(doc) or is_closing(doc))


def find_missing_what_is_unknown(doc: Doc) -> list[Span]:
    return _missing(_present(_UNKNOWN, doc) or is_closing(doc))


def find_missing_what_we_know(doc: Doc) -> list[Span]:
    return _missing(_fails(doc) or _present(_KNOW, doc) or is_closing(doc))


def find_missing_who_is_affected(doc: Doc) -> list[Span]:
    return _missing(_present(_WHO, doc) or _present(_WHO_NAMED, doc) or re.search(r"\baccount\s+\d", doc.text,
                                                                                    re.I) is not None)


def find_missing_next_check(doc: Doc) -> list[Span]:
    text = doc.text
    for m in _NEXT_CHECK.finditer(text):
        if not _NEXT_NEGATED.search(text, max(0, m.start() - 16), m.start()):
            return []
    return [ABSENT]
