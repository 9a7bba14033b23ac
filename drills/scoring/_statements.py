"""What an update claims about the world, read from its fields and its words.

The scorer checks each claim against the truth at the moment the update was sent (`drills.scoring._truth`).
Reading is deliberately conservative: a claim is only taken when the words state it as a present fact.
Questions, conditions and promises ("once exports work again", "should be back by 11"), hedges ("we
think", "seems"), the past ("exports failed at 10:12") and qualified recoveries ("exports work for most
accounts") claim nothing; a false finding is worse than a missed one, and the facilitator can overrule
what remains.

Kinds of claim:

| kind          | says                                             | function |
|---------------|--------------------------------------------------|----------|
| works         | this function works now                          | yes      |
| fails         | this function fails now                          | yes      |
| all_work      | it is fixed / everything works / nothing fails   | no       |
| still_broken  | it is not fixed yet                              | no       |
| all_fail      | nothing works / the whole app is down            | no       |
| everyone      | every customer is affected                       | no       |
| data_safe     | no data was lost                                 | no       |
| data_lost     | data was (or may be) lost                        | no       |
| nothing_to_do | the customer does not need to do anything        | no       |
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    function: str | None
    quote: str
    """The words that make the claim (a clause of the update)."""
    field: str
    hedged: bool = False


_STOP = frozenset({"a", "an", "the", "and", "or", "of", "for", "to", "with", "in", "on", "at", "by", "from", "our",
                   "your", "their", "its", "is", "are", "be", "can"})

_CLAUSE_BREAK = re.compile(r"[.!?;]+(?=\s|$)|\n+|\s[-–—]\s|\s(?:but|while|whereas|although|though|however)\s",
                           re.IGNORECASE)

_NEG = r"(?:not|never|no longer|isn't|aren't|doesn't|don't|didn't|hasn't|haven't|won't|can't|cannot|couldn't|n't)"
_FAIL = re.compile(
    r"\b(?:fail(?:s|ing)?|broken|break(?:s|ing)?|down(?!\s+(?:to|by|from|\d))|offline|outage|unavailable|"
    r"unable|can't|cannot|can not|"
    r"errors?(?!\s+rates?)|erroring|stuck|blocked|hang(?:s|ing)?|crash(?:es|ing)?|tim(?:e|es|ing) out|"
    r"not (?:working|loading|possible|available)|(?:doesn't|don't|isn't|aren't|won't) (?:work|load|open|go through)|"
    r"affected|impacted|degraded|slow|problems? with|issues? with)\b", re.IGNORECASE)
_WORK = re.compile(
    r"\b(?:works?|working|fine|normal(?:ly)?|ok|okay|available|up and running|operational|functional|"
    r"restored|recovered|fixed|resolved|(?:is|are|'s|'re) (?:now |all )?back|back (?:up|online|to normal)|"
    r"again|succeed(?:s|ing)?|successful(?:ly)?|unaffected|"
    r"go(?:es)? through|complet(?:es?|ing) normally|you can(?!'t|not| not)|can now|able to)\b", re.IGNORECASE)
_WEAK_WORK = frozenset({"again"})
"""Work cues that only say so alone: "failing again" is a failure."""
_NEGATED_BEFORE = re.compile(_NEG + r"(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
_NOT_NOW = re.compile(
    r"\?|\b(?:if|once|when|whether|until|unless|will|going to|gonna|should|shall|would|expect\w*|hope\w*|"
    r"soon|shortly|try(?:ing)?|test(?:ing)?|check(?:ing)?|verify(?:ing)?|confirm(?:ing)?|might|may|could|"
    r"probably|likely|possibly|maybe|seems?|appears?|looks? like|we think|we believe|suspect\w*|guess|"
    r"please|need to|let us know|as soon as|eta|by \d)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|did|could not|couldn't|failed|earlier|yesterday|this morning|before)\b",
                   re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:has|have)\s+been\b", re.IGNORECASE)
_QUALIFIED = re.compile(
    r"\b(?:most|some|many|partly|partially|mostly|other|others|except|apart from|besides|a few|several|"
    r"the rest|outside|other than|not in|for (?:accounts|customers|users|clients|those|anyone|everyone) "
    r"(?:with|who|without|on|that)|"
    r"(?:that|which|who) (?:do|does|did|are|is)?\s*(?:not|n't)|that don't|that doesn't|without|unless)\b",
    re.IGNORECASE)
_EXCEPT = re.compile(r"\b(?:except(?: for)?|apart from|other than|besides|but not)\s*$", re.IGNORECASE)

_ALL_WORK = re.compile(
    r"\beverything\b(?! else)(?![^.;]{0,25}\b(?:except|but|apart from|other than|besides)\b)"
    r"(?:\s+\w+){0,3}?\s+(?:works?|working|fine|normal|back|restored|fixed|resolved|operational)\b"
    r"|\ball (?:systems|services|features|functions) (?:are )?(?:working|back|normal|operational|restored)\b"
    r"|\b(?:it's|it is|it's now|it is now) all (?:fixed|working|back|sorted)\b"
    r"|\bback to normal\b|\bfully (?:operational|functional|recovered)\b"
    r"|\bnothing(?: we know of)? (?:is |else is )?(?:failing|broken|down)\b"
    r"|\bwe(?:'ve| have)? (?:fixed|resolved|sorted) (?:it|this|the (?:issue|problem|bug|incident))\b",
    re.IGNORECASE)
_IS_FIXED = re.compile(
    r"\b(?:is|are|'s|has been|have been|got|now|already|fully)\s+(?:now\s+|fully\s+|all\s+|been\s+)?"
    r"(?:fixed|resolved|restored|sorted)\b", re.IGNORECASE)
"""'It is fixed', said of no function in particular: a claim that everything the incident broke works."""
_NOT_FIXED = re.compile(
    r"\b(?:is|are|has|have)(?:n't| not)(?: been)?(?: yet)? (?:fixed|resolved|restored|sorted)\b"
    r"|\b(?:it's|it is|this is|that's) not (?:yet )?(?:fixed|resolved|sorted)\b"
    r"|\bnot (?:fixed|resolved) yet\b|\bstill (?:broken|down)\b", re.IGNORECASE)
_ALL_FAIL = re.compile(
    r"\bnothing (?:really |at all )?(?:works?|is working)\b"
    r"|\b(?:whole|entire) (?:app|application|site|website|product|platform|service|system)\b[^.;]{0,20}?"
    r"\b(?:down|broken|offline|unavailable|not working)\b"
    r"|\beverything (?:is )?(?:down|broken|failing|offline|not working)\b"
    r"|\b(?:the )?(?:app|site|website|platform|product) is (?:completely |totally |fully )?"
    r"(?:down|offline|unavailable)\b"
    r"|\b(?:complete|total|full) outage\b|\ball (?:down|broken)\b|\beverything is affected\b",
    re.IGNORECASE)
_EVERYONE = re.compile(
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:our\s+|the\s+)?(?:customers?|users?|accounts?|clients?|tenants?)\b"
    r"(?=\s*(?:$|[,.;:!)]|(?:are|is|were|was|have|has|now|globally|everywhere|at once)\b|"
    r"(?:affected|impacted|hit|down|can't|cannot|can not|unable)\b))"
    r"|\beveryone\b|\beverybody\b",
    re.IGNORECASE)
_SCOPE_CONTEXT = re.compile(r"\b(?:affected|impacted|hit|down|fail\w*|cannot|can't|unable|broken|blocked|issue)\b",
                            re.IGNORECASE)
_DATA_SAFE = re.compile(
    r"\bno (?:\w+ ){0,3}(?:data|invoices?|orders?|records?|files?|emails?|payments?|messages?) "
    r"(?:was|were|has been|have been|is|are|got) (?:lost|deleted|corrupted|affected|missing)\b"
    r"|\bno data loss\b|\bwithout (?:any )?data loss\b|\bdid(?: not|n't) lose (?:any )?(?:\w+ )?data\b"
    r"|\b(?:your |all |the )?(?:\w+ )?data (?:is|are|was|remains?|stayed|stays) (?:\w+ )?"
    r"(?:safe|intact|secure|untouched)\b"
    r"|\bnothing (?:was|has been|is|got) (?:lost|deleted|missing)\b",
    re.IGNORECASE)
_DATA_LOST = re.compile(
    r"\b(?:\w+ )?(?:data|invoices|records|orders|files|emails) (?:was|were|has been|have been|is|are|got|"
    r"(?:may|might|could) (?:have )?been|(?:may|might|could) be) (?:permanently )?"
    r"(?:lost|deleted|corrupted|gone|wiped|erased|destroyed)\b"
    r"|\b(?:we )?(?:lost|deleted|wiped) (?:some |all |part )?(?:of )?(?:your |the )?(?:\w+ )?"
    r"(?:data|invoices|records)\b"
    r"|\bdata loss\b",
    re.IGNORECASE)
_DATA_NEGATED = re.compile(r"\b(?:no|not|without|never|nothing|any|whether|if)\b[^.;]{0,20}$", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps|risk)\b", re.IGNORECASE)
_NOTHING_TO_DO = re.compile(
    r"\byou (?:do not|don't|dont|won't|will not|needn't|need not) (?:need to |have to )?do anything\b"
    r"|\bno (?:further )?action (?:is )?(?:needed|required|necessary)(?: (?:from|on) you(?:r side)?)?\b"
    r"|\bnothing (?:for you )?(?:to do|you need to do)\b"
    r"|\bno need (?:for you )?to (?:do anything|redo|re-?run|retry|try again)\b",
    re.IGNORECASE)
_NON_ANSWER_WORKS = re.compile(r"^\W*(?:nothing|none|no|not much|nothing really)\b(?!\s+(?:else|we know))",
                               re.IGNORECASE)
_NON_ANSWER_FAILS = re.compile(r"^\W*(?:nothing|none|no)\b(?!\s+(?:we know))|^\W*nothing we know of\b",
                               re.IGNORECASE)

STATE_FIELDS = frozenset({"works", "fails", "known", "affected", "text", "facts", "scope", "impact", "mitigation"})
"""Fields whose words can state how things are now (the 'unknown' field states what is not known)."""


class Vocabulary:
    """How people refer to the user-facing functions of one scenario."""

    def __init__(self, functions: Mapping[str, Iterable[str]]):
        self._patterns = [(fid, _phrase_pattern(p)) for fid, phrases in functions.items() for p in phrases if p]

    def mentions(self, clause: str) -> list[tuple[str, int, int]]:
        """(function id, start, end) of each mention; overlapping mentions keep the longest."""
        found = [(fid, m.start(), m.end()) for fid, pattern in self._patterns for m in pattern.finditer(clause)]
        found.sort(key=lambda f: (f[1] - f[2], f[1]))
        kept: list[tuple[str, int, int]] = []
        for fid, start, end in found:
            if all(end <= s or start >= e for _, s, e in kept):
                kept.append((fid, start, end))
        return sorted(kept, key=lambda f: f[1])


@lru_cache(maxsize=512)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.findall(r"[\w'-]+", phrase.lower())]
    if not words:
        return re.compile(r"(?!)")
    words[-1] += r"\w*" if len(words[-1]) >= 3 else ""
    words = [w + (r"\w*" if i < len(words) - 1 and len(w) >= 4 else "") for i, w in enumerate(words)]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)


def function_words(name: str, words: Iterable[str], *, head: bool) -> list[str]:
    """The phrases that refer to a function: its name, its declared words, and (for a function the scenario
    did not declare, `head`) the first word of its name that carries meaning ('export' of 'export invoices')."""
    phrases = [name.lower(), *(w.lower() for w in words)]
    if head:
        content = [w for w in re.findall(r"[a-z][a-z'-]+", name.lower()) if w not in _STOP]
        if content:
            phrases.append(content[0])
    return list(dict.fromkeys(p for p in phrases if p.strip()))


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]


def read_claims(fields: Mapping[str, str], vocabulary: Vocabulary) -> list[Claim]:
    """Every claim in an update's fields (field name → the participant's words)."""
    out: list[Claim] = []
    for field, text in fields.items():
        if not text:
            continue
        out.extend(_field_claims(field, text, vocabulary))
    return out


def _field_claims(field: str, text: str, vocabulary: Vocabulary) -> list[Claim]:
    out: list[Claim] = []
    if field == "works" and _NON_ANSWER_WORKS.search(text) and not vocabulary.mentions(text):
        out.append(Claim("all_fail", None, text.strip(), field))
    if field == "fails" and _NON_ANSWER_FAILS.search(text) and not vocabulary.mentions(text):
        out.append(Claim("all_work", None, text.strip(), field))
    for clause in clauses(text):
        out.extend(_data_claims(clause, field))
        if field not in STATE_FIELDS:
            continue
        out.extend(_global_claims(clause, field, bool(vocabulary.mentions(clause))))
        out.extend(_function_claims(clause, field, vocabulary))
    return _dedupe(out)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for claim in claims:
        key = (claim.kind, claim.function)
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _now_claim(clause: str, cue_start: int) -> bool:
    """The words before the cue state the present: no condition, promise, hedge, question or past."""
    before = clause[:cue_start]
    if "?" in clause or _NOT_NOW.search(before):
        return False
    return not (_PAST.search(before) and not _PERFECT.search(before))


def _global_claims(clause: str, field: str, mentions_function: bool) -> list[Claim]:
    out = []
    fixed = [] if mentions_function else list(_IS_FIXED.finditer(clause))
    for match in [*_ALL_WORK.finditer(clause), *fixed]:
        if not _now_claim(clause, match.start()):
            continue
        negated = _NEGATED_BEFORE.search(clause[:match.start()]) or re.search(r"\bnot\b", match.group(0))
        out.append(Claim("still_broken" if negated else "all_work", None, clause, field))
        break
    if not mentions_function and not out:
        for match in _NOT_FIXED.finditer(clause):
            if "?" not in clause and not _NOT_NOW.search(clause[:match.start()]):
                out.append(Claim("still_broken", None, clause, field))
                break
    for match in [] if mentions_function else _ALL_FAIL.finditer(clause):
        if _now_claim(clause, match.start()) and not _NEGATED_BEFORE.search(clause[:match.start()]):
            out.append(Claim("all_fail", None, clause, field))
            break
    for match in _EVERYONE.finditer(clause):
        if _NEGATED_BEFORE.search(clause[:match.start()]) or "?" in clause:
            continue
        if field in ("affected", "scope") or _SCOPE_CONTEXT.search(clause):
            out.append(Claim("everyone", None, clause, field))
            break
    return out


def _data_claims(clause: str, field: str) -> list[Claim]:
    out = []
    if "?" in clause:
        return out
    safe = _DATA_SAFE.search(clause)
    if safe and not _NOT_NOW.search(clause[:safe.start()].replace("whether", "")):
        out.append(Claim("data_safe", None, clause, field))
    for match in _DATA_LOST.finditer(clause):
        if safe and safe.start() <= match.start() < safe.end():
            continue
        if _DATA_NEGATED.search(clause[:match.start()]):
            continue
        hedged = bool(_HEDGE.search(clause))
        out.append(Claim("data_lost", None, clause, field, hedged=hedged))
        break
    if field not in ("unknown",) and _NOTHING_TO_DO.search(clause):
        out.append(Claim("nothing_to_do", None, clause, field))
    return out


def _polarity(clause: str, field: str) -> tuple[str | None, int]:
    """'works', 'fails' or None for a clause, and where its cue starts."""
    fail = [m for m in _FAIL.finditer(clause)]
    work = [m for m in _WORK.finditer(clause)]
    cues: list[tuple[int, str]] = []
    for m in fail:
        negated = _NEGATED_BEFORE.search(clause[:m.start()]) and not m.group(0).lower().startswith(("not ", "can"))
        cues.append((m.start(), "works" if negated else "fails"))
    for m in work:
        if any(f.start() <= m.start() < f.end() for f in fail):
            continue  # "not working" was read as a failure
        negated = _NEGATED_BEFORE.search(clause[:m.start()])
        cues.append((m.start(), "fails" if negated else "works"))
    if len({k for _, k in cues}) > 1:
        cues = [c for c in cues if c[1] != "works" or clause[c[0]:].split()[0].lower() not in _WEAK_WORK]
    kinds = {k for _, k in cues}
    if len(kinds) == 1:
        return kinds.pop(), min(s for s, _ in cues)
    if not cues and field in ("works", "fails"):
        return field, len(clause)
    return None, -1 if len(kinds) > 1 else 0


def _function_claims(clause: str, field: str, vocabulary: Vocabulary, *, split: bool = True) -> list[Claim]:
    mentions = vocabulary.mentions(clause)
    if not mentions:
        return []
    polarity, cue = _polarity(clause, field)
    if polarity is None:
        if cue == -1 and split and "," in clause:  # "login works, exports fail": one claim per part
            return [c for part in clause.split(",") for c in _function_claims(part.strip(), field, vocabulary,
                                                                               split=False)]
        return []
    if field not in ("works", "fails") and not _now_claim(clause, cue):
        return []
    if field in ("works", "fails") and ("?" in clause or (_NOT_NOW.search(clause[:cue]) and cue < len(clause))):
        return []
    if polarity == "works" and _QUALIFIED.search(clause):
        return []
    out = []
    for fid, start, _end in mentions:
        kind = polarity
        if _EXCEPT.search(clause[:start]):
            kind = "fails" if polarity == "works" else "works"
            if kind == "works":
                continue
        out.append(Claim(kind, fid, clause, field))
    return out
