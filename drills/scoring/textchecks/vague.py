"""Boilerplate and vague content: fields filled in without saying anything.

An update can answer every question on the form and still say nothing: "Next check: someone should
look at it", "What works: everything else", "Who is affected: some customers", "Fix: as soon as
possible". Rules that read structured fields ask these detectors about one field's words:

- `vague_next_check`: the next step is only a placeholder ("looking into it", "continue
  investigating", "someone should look at it", "we're on it") and no concrete check is named.
- `vague_content`: a phrase that stands in for an answer ("some customers", "the feature",
  "everything else" with no failure named, "nothing really", "as soon as possible", "TBD").

`missing_what_works` counts "nothing really" and a bare "everything else" as no answer (here, as
`works_non_answer`).
"""

from __future__ import annotations

from drills.scoring.textchecks._text import Doc, Finder, Span, rx

_PLACEHOLDER_STEP = Finder(
    r"(?:some\s*one|somebody|anyone)\s+(?:should|needs?\s+to|has\s+to|must|could|can|will)\s+(?:\w+\s+){0,2}?"
    r"(?:look|check|investigate|see|dig|take\s+a\s+look|have\s+a\s+look)\b"
    r"|(?:can|could|would)\s+(?:some\s*one|somebody|anyone)\s+(?:please\s+)?(?:\w+\s+){0,2}?(?:look|check|investigate"
    r"|have\s+a\s+look|take\s+a\s+look)\b"
    r"|(?:still\s+|we(?:'re|\s+are)\s+|team\s+is\s+|i'm\s+)?(?:looking|digging)\s+into\s+(?:it|this|that|things)\b"
    r"|(?:continue|continuing|keep|keeping)\s+(?:to\s+)?(?:investigat\w+|look\w*|dig\w*|monitor\w*|work\w*\s+on\s+it)\b"
    r"|(?:we(?:'re|\s+are)|team\s+is|i'm|all\s+hands)\s+on\s+it\b|\bon\s+it\b(?!\s+\w)"
    r"|(?:eyes|all\s+eyes)\s+on\s+it\b|working\s+(?:on\s+)?it\b|(?:still\s+)?investigating\b(?!\s+(?:whether|if|the\s+\w+))"
    r"|tbd\b|to\s+be\s+decided\b|n/?a\b",
    "someone some somebody anyone can could would still we team i looking digging continue continuing keep keeping "
    "all on eyes working investigating tbd to n",
)
_VAGUE_PHRASE = Finder(
    r"(?:some|certain|a\s+few|various|several)\s+(?:customers|users|accounts|people|clients|things|parts|features"
    r"|areas|issues)\b"
    r"|the\s+(?:feature|thing|system|service|issue|problem|stuff)\s*(?:[.!]|$)"
    r"|everything\s+else\b|nothing\s+(?:really|much|at\s+all|special)\b|not\s+much\b|(?:as\s+soon\s+as\s+possible|asap)\b"
    r"|(?:soon|shortly|later)\s*(?:[.!]|$)|(?:unknown|tbd|n/?a)\s*(?:[.!]|$)",
    "some certain a various several the everything nothing not as asap soon shortly later unknown tbd n",
)
_NOTHING_WORKS = Finder(
    r"nothing(?:\s+(?:really|much|at\s+all|works|is\s+working|right\s+now))*\s*(?:[.!]|$)|not\s+much\b|none\s*(?:[.!]|$)",
    "nothing not none",
)
_EVERYTHING_ELSE = Finder(r"everything\s+else\b", "everything")
_WORKS_LABEL = rx(r"\b(?:works?|working|fine|ok|okay|unaffected|available)\s*(?::|-|–|—|\?|=)?\s*$")


_LABEL_GAP = rx(r"[\s:\-–—]*")


def placeholder_at(doc: Doc, pos: int) -> bool:
    """Whether the words at `pos` (after a label such as "Next check:") are only a placeholder."""
    gap = doc.match(_LABEL_GAP, pos)
    start = gap.end() if gap else pos
    return any(h.start == start for h in _PLACEHOLDER_STEP.hits(doc))


def find_vague_next_check(doc: Doc, concrete: bool) -> list[Span]:
    """The placeholder phrases, unless a concrete next check (`concrete`) is named too."""
    if concrete:
        return []
    return [(h.start, h.end) for h in _PLACEHOLDER_STEP.hits(doc)]


def find_vague_content(doc: Doc, names_a_failure: bool) -> list[Span]:
    spans = []
    for h in _VAGUE_PHRASE.hits(doc):
        if names_a_failure and h.match.group().lower().startswith("everything"):
            continue  # "exports fail, everything else works": the failure says what "else" is
        spans.append((h.start, h.end))
    return spans


def works_non_answer(doc: Doc, names_a_failure: bool) -> bool:
    """'What still works: nothing really', or 'everything else works' when nothing is said to fail."""
    if any(doc.search(_WORKS_LABEL, h.start - 40, h.start) for h in _NOTHING_WORKS.hits(doc)):
        return True
    return bool(_EVERYTHING_ELSE.hits(doc)) and not names_a_failure
