"""Fix-time promises (CUS-06): a time for when service works again, before the repair is verified.
The next update's time is `next_update`'s business; a time that belongs to an update is no promise.

A fix-time promise is a restoration word ("fixed", "back up", "working again", "a fix", "recovery")
joined, inside one clause, to a future time ("in 30 minutes", "by 3pm", "within the hour",
"shortly"), or an ETA with a time. It is not a promise when the clause is negated ("no ETA yet",
"we can't promise it will be fixed by noon"), when the time belongs to an update ("next update in
30 minutes", "we'll update you on the fix in 20 minutes"), when it is past tense ("we fixed it at
10:30") or when the time only says when we will know ("we'll know within 20 minutes whether the
rollback fixed it").
"""

from __future__ import annotations

import re

from drills.scoring.textchecks._text import (
    CLOCK,
    DAY_TIME,
    DURATION,
    NEGATION,
    NUMBER_WORD,
    UPDATE_CUE_RX,
    Doc,
    Finder,
    Span,
    Spans,
    is_question,
    rx,
    words,
)

_RESTORE_WORDS = (
    r"(?:fi?x(?:ed|es|d)?|resolv(?:e|ed|es|ing)|resolution|restor(?:e|ed|es|ing|ation)|recover(?:ed|s|y|ing)?"
    r"|repair(?:ed|s)?|mitigat(?:e|ed|ion)|sort(?:ed)?(?:\s+out)?|solv(?:e|ed)"
    r"|(?:be|b|is|are|get|gets|come|comes)\s+(?:\w+ly\s+)?back(?!\s+(?:with|in\s+touch|to\s+(?:you|u)|here|on)\b)"
    r"|(?:back(?:\s+on)?|done|fine|ok|okay|live|stable|green|healthy|sorted|good|right|normal|re-?applied|restored"
    r"|fixed|fix)(?=\s+(?:in(?!\s+touch)|within|by|before|shortly|soon|tonight|today|tomorrow|overnight)\b)"
    r"|back\s+(?:up|online|to\s+normal|in\s+service|to\s+full\s+\w+)"
    r"|(?:be|b|look|looks|looking)\s+(?:fine|ok(?:ay)?|good|stable|green|healthy|normal)"
    r"|(?:be|b)\s+(?:behind\s+us|done|over|live|working|complete|completed|repaired)|it'll\s+work"
    r"|(?:flowing|flow|syncing|sync|sending|going\s+out|go\s+out|goes\s+out|arriving|arrive|running|loading"
    r"|delivering|processing|going\s+through|go\s+through|goes\s+through)\s+(?:again|normally|as\s+(?:usual|normal))"
    r"|(?:start|starts|begin|begins)\s+(?:to\s+)?(?:work\w*|go(?:ing)?\s+through|flow\w*|sync\w*|arriv\w*|load\w*"
    r"|deliver\w*|process\w*|send\w*)"
    r"|(?:ok|okay|fine|good|normal|green|healthy|stable)\s+again|wrap\s+(?:this|it|things)\s+up"
    r"|(?:will|should|'ll)\s+(?:\w+\s+)?return\b(?!\s+(?:an?\s+)?(?:errors?|\d))"
    r"|(?:will|'ll|should|to)\s+(?:be\s+)?(?:able\s+to\s+)?(?!(?:write|shout|post|update|ping|inform|report|check|reach"
    r"|contact|talk|send|share|circle|come|get|be|message|email|text|call|hear|look|try)\b)[a-z]+\s+again"
    r"|resuming|(?:will|'ll|should)\s+(?:\w+\s+)?(?:resumed?|completed?|finish(?:ed)?|clear(?:ed)?|restart(?:ed)?"
    r"|normali[sz]ed?|stabili[sz]ed?|processed|delivered|drained)"
    r"|(?:be|b)\s+(?:\w+\s+)?(?:functional|accessible|usable|available|reachable|healthy|green|operational|online)"
    r"|(?:fix|patch|hotfix|revert|rollback)\s+(?:\S+\s+){0,3}?(?:lands?|landing|goes\s+(?:out|live)|ships?|deploys?"
    r"|(?:is|will\s+be)\s+(?:out|live|ready|deployed|done))|resol?ve?d|resto?re?d|recove?re?d"
    r"|up\s+and\s+running|up\s+again|(?:fully\s+)?operational"
    r"|(?:work|works|working|run|running|function|functioning)\s+(?:again|normally|as\s+(?:usual|normal))"
    r"|(?:available|live|normal)\s+again|(?:clear(?:ed|s)?|catch(?:es)?|caught)\s+up|resum(?:e|es|ed)"
    r"|take\s+effect|kick\s+in|(?:have|get)\s+(?:\w+\s+){0,3}?(?:working|running|back\s+up|flowing|syncing"
    r"|going\s+out|arriving|loading)"
    r"|(?:have|get)\s+(?:\w+\s+){1,3}?(?:back(?!\s+to\s+(?:you|u|everyone))|open|live|done)"
    r"|able\s+to\s+[a-z]+\s+again|re-?open\w*|open\s+again)\b"
)
_RESTORE = Finder(
    _RESTORE_WORDS,
    "to fix fixed fixes fixd fx fxd resolve resolved resolves resolving resolution restore restored restores restoring "
    "restoration recover recovered recovers recovery recovering repair repaired repairs mitigate mitigated "
    "mitigation sort sorted solve solved be back up fully operational work works working run running function "
    "functioning available live normal clear cleared clears catch catches caught resume resumes resumed take kick "
    "have get b is are gets come comes look looks looking flowing syncing sending it done fine ok okay stable "
    "going go goes arriving arrive loading resuming will 'll should patch hotfix revert rollback resolvd resovled "
    "able reopen reopened reopens reopening re open good green healthy wrap "
    "restord recoverd start starts begin begins deliver delivering processing go goes sync flow right reapplied "
    "re",
)
"""Words that say service works again or a fix lands."""

_AWAY = r"\b(?:(?:a\s+few|few|a\s+couple\s+of|\d+)\s+)?(?:minutes|hours|moments|an\s+hour)\s+away\b"
_STRONG_TIME = rx(
    r"\bin\s+(?:the\s+next\s+)?" + DURATION
    + r"|\b(?:in|within)\s+(?:about\s+|~\s*)?\d{1,2}\b(?![:.,]?\d|\s*(?:%|percent|accounts?|users?|customers?))"
    + r"|\bin\s+the\s+coming\s+(?:minutes|hours?|hour)\b"
    + r"|\bover\s+the\s+next\s+(?:few\s+|couple\s+of\s+)?(?:hour|minutes|hours)\b"
    + r"|\b(?:by|before)\s+(?:about\s+|around\s+)?\d{1,2}\b"
    + r"(?![:.,]?\d|\s*(?:%|percent|accounts?|users?|customers?|orders?|minutes?|hours?|times?))"
    + r"|\bwithin\s+the\s+(?:next\s+)?half[\s-]+hour\b"
    + r"|\b(?:by|before)\s+the\s+top\s+of\s+the\s+hour\b|\bin\s+a\s+(?:sec|second|tick|minute|few)\b"
    + r"|\b(?:until|till|in\s+less\s+than)\s+(?:one|an?|\d+|half\s+an)\s+(?:hours?|min(?:ute)?s?)\b"
    + r"|\bin\s+the\s+next\s+(?:few\s+|couple\s+of\s+)?(?:hour|minutes|hours|moments)\b"
    + r"|\bwithin\s+(?:the\s+next\s+)?(?:" + DURATION + r"|(?:the\s+|an?\s+)?(?:hour|minutes|hours|day)\b)"
    + r"|\b(?:by|before)\s+(?:about\s+|around\s+)?(?:" + CLOCK + "|" + DAY_TIME + ")"
    + r"|(?<!as\s)\b(?:very\s+)?(?:shortly|soon|momentarily)\b(?!\s+(?:as|after))"
    + r"|\bany\s+(?:minute|moment|second)(?:\s+now)?\b|\bin\s+(?:a\s+(?:moment|bit|jiffy)|no\s+time)\b"
    + "|" + _AWAY
    + r"|\b(?:\d+|" + NUMBER_WORD + r"|a\s+few)[\s-]+(?:min(?:ute)?s?|hours?)\s+(?:out|job|fix)\b"
)
"""Future times that make a promise on their own: 'in 30 minutes', 'by 3pm', 'shortly'."""

_WEAK_TIME = rx(r"\b(?:until|till|til)\s+" + CLOCK
               + r"|\b(?:at|around)\s+(?:" + CLOCK + r"|\d{1,2}\b(?![:.,%]?\d))|" + CLOCK + r"|\b" + DAY_TIME
               + r"|\bcob\b")
"""Times that promise only with a future verb: 'working again at 11:00', 'fixed today'."""

_FUTURE = rx(
    r"\b(?:will|shall|should|going\s+to|expect(?:s|ed)?|hope|aim|plan|target|intend|estimate|confident)\b|'ll\b"
)
_PAST_BEFORE = rx(r"\b(?:was|were|been|got|we|they|i|he|she|already|had)\s+(?:\w+ly\s+)?$")
_ATTACH_BREAK = rx(r"\b(?:whether|if|once|until|unless|after|know|ago)\b|[?]")
_AGO = rx(r"\s*ago\b")
_SCHEDULED = rx(r"(?:fix|patch|hotfix|revert|rollback)\s+(?:\S+\s+){0,3}?(?:lands|ships|deploys|goes\s+(?:out|live))\b")
"""A delivery in the scheduled present ('the fix lands at 4pm'): a future without 'will'."""
_MODAL_BEFORE = rx(r"\b(?:will|should|shall|must)\s+(?:be\s+)?$")
_THEN_RESTORE = rx(
    r",?\s+(?:(?!(?:whether|if|know|and|but|update|updates)\b|\w+'ll\b)[\w\u0027\u2019-]+\s+){0,4}?"
    r"(?:will|\w*'ll|should|shall|to|(?:is|are)\s+expected\s+to)\s+(?:be\s+)?(?:fully\s+)?" + _RESTORE_WORDS
    + r"|\s+from\s+(?:a|the|getting\s+a)\s+(?:fix|resolution|recovery)\b"
    r"|,?\s+(?:(?:all|everything|it|this|\w+s)\s+){1,2}(?:is|are|'s|'re|works|work)\s+(?:\w+\s+)?"
    r"(?:working|running|back|fixed|resolved|restored|online|up|fine|normal|again)\b"
)
"""After a time: the restoration it promises ('within the hour, exports should work again')."""
_ETA = Finder(
    r"ETA\b|estimated\s+time\s+(?:of|to)\s+\w+"
    r"|(?:fix|resolution|recovery|restoration)\s+(?:is\s+)?(?:expected|due|planned|scheduled|estimated)\b"
    r"|(?:expected|estimated|target(?:ed)?)\s+(?:time\s+(?:of|to|for)\s+)?"
    r"(?:fix|resolution|recovery|restoration|repair|restore)(?:\s+time)?\b",
    "eta estimated expected target targeted fix resolution recovery restoration",
)
_ETA_VALUE = rx(
    r"(?:\s+(?:for|of|on|to)\s+(?:the\s+|a\s+)?(?:full\s+)?(?:fix|resolution|recovery|repair|restore)\b)?"
    r"\s*(?::|=|-|–|is|of|at|by)?\s*(?:" + DURATION + "|" + CLOCK + r"|\b(?:by\s+)?" + DAY_TIME
    + r"|\bby\s+the\s+(?:weekend|end\s+of\s+the\s+(?:week|day|month))\b"
    + r"|\bshortly\b|\bsoon\b|\bwithin\s+the\s+hour\b|~?\s*\d{1,3}\b(?![:.,]\d|\s*(?:%|percent|\w)))"
)


def _negated_before(doc: Doc, pos: int) -> bool:
    c_start, _ = doc.clause_of(pos)
    return doc.any_in(NEGATION, c_start, pos)


def _time_after_restore(doc: Doc, m: re.Match[str]) -> Span | None:
    """'fixed in 30 minutes', 'should be back shortly', 'restored by 14:00': restoration then time."""
    text = doc.text
    if _negated_before(doc, m.start()):
        return None
    if m.group().lower().endswith("ed") and doc.search(_PAST_BEFORE, max(0, m.start() - 24), m.start()):
        return None
    _, c_end = doc.clause_of(m.end())
    s_start, _ = doc.sentence_of(m.start())
    candidates = [(t, True) for t in doc.all_in(_STRONG_TIME, m.end(), c_end)]
    candidates += [(t, False) for t in doc.all_in(_WEAK_TIME, m.end(), c_end)]
    for t, strong in sorted(candidates, key=lambda c: c[0].start()):
        if (words(text[m.end():t.start()]) > 6 or doc.any_in(UPDATE_CUE_RX, m.end(), t.start())
                or doc.any_in(_ATTACH_BREAK, m.end(), t.start())):
            continue
        if doc.match(_AGO, t.end()):
            continue
        terse = (words(text[s_start:m.start()]) <= 2 and m.group().lower() in _TERSE_WORDS
                 and bool(doc.fullmatch(_TERSE_TIME, t.start(), t.end())))
        if (not strong and not terse and not doc.any_in(_FUTURE, s_start, m.start())
                and not doc.match(_SCHEDULED, m.start())):
            continue  # a weak time needs a future ("working again at 11:00"), unless the note is terse ("Fix tonight.")
        if doc.any_in(UPDATE_CUE_RX, max(s_start, m.start() - 40), m.start()):
            continue  # "we'll update you on the fix in 20 minutes": the time is the update's
        start = m.start()
        modal = doc.search(_MODAL_BEFORE, max(0, start - 20), start)
        if modal:
            start = modal.start()
        return (start, t.end())
    return None


def _restore_after_time(doc: Doc, t: re.Match[str]) -> Span | None:
    """'within the hour, exports should work again', 'minutes away from a fix': time then restoration."""
    if _negated_before(doc, t.start()):
        return None
    _, s_end = doc.sentence_of(t.start())
    if doc.any_in(UPDATE_CUE_RX, doc.clause_of(t.start())[0], t.start()):
        return None
    follow = doc.match(_THEN_RESTORE, t.end(), s_end)
    if follow is None or doc.search(NEGATION, follow.start(), follow.end()):
        return None
    return (t.start(), follow.end())


def _eta(doc: Doc, h: re.Match[str]) -> Span | None:
    """'ETA 20 min', 'ETA for the fix: 30 minutes', 'Expected resolution: 11:30'."""
    if _negated_before(doc, h.start()):
        return None
    _, s_end = doc.sentence_of(h.start())
    value = doc.match(_ETA_VALUE, h.end(), s_end)
    return (h.start(), value.end()) if value else None


_IN_PROD = Finder(r"(?:in|into|to)\s+prod(?:uction)?\b", "in into to")
"""A fix that will be live: 'in prod within 25 min'."""
_AND_DONE = Finder(
    r"(?:~\s*)?" + DURATION + r",?\s+and\s+(?:\S+\s+){0,3}?(?:done|back|fixed|sorted|good|green|up|live|working|fine"
    r"|flowing)\b",
    "about around roughly approximately approx under less at just only a an half few couple several",
    numbers=True,
)
"""'~2h and we're done', '10 min and quotes are back': a time, then what it brings."""
_MATTER_OF = Finder(
    r"(?:shouldn't|should\s+not|won't|will\s+not|wont)\s+take\s+(?:more|longer)\s+than\s+" + DURATION
    + r"|(?:should|will|'ll|going\s+to)\s+(?:only\s+)?take\s+(?:about\s+|around\s+|roughly\s+|~\s*)?" + DURATION
    + r"|(?:matter|question)\s+of\s+(?:minutes|moments|an\s+hour|hours)\b"
    r"|(?:few|couple\s+of)\s+minutes\s+(?:more|left)\b"
    r"|talking\s+(?:about\s+)?(?:~\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min\w*|hours?|h)\b"
    r"|\d+\s*(?:min\w*|hours?|h)\s+(?:max|tops|at\s+most)\b"
    r"|(?:we're|we\s+are|i'm|it's|fix\s+is|we're\s+only|we\s+are\s+only)\s+(?:about\s+|~\s*|only\s+)?"
    r"(?:\d+|" + NUMBER_WORD + r"|a\s+few|a\s+couple\s+of)[\s-]*(?:min(?:ute)?s?|hours?|hrs?|h)\s+(?:out|away)\b",
    "matter question few couple talking shouldn should won will wont 'll going we i it fix",
    numbers=True,
)
"""'It's a matter of minutes now': a fix time without naming the fix."""
_GIVE_US = Finder(
    r"give\s+(?:us|me|it|them)\s+(?:until\s+|till\s+|til\s+|another\s+)?(?:" + DURATION + "|" + CLOCK + "|" + DAY_TIME
    + r"|(?:half\s+an|an|one)\s+hour|a\s+(?:few|couple)\b|\d{1,2}\b(?![:.,%]?\d))",
    "give",
)
"""'Give us half an hour and it'll work', 'give us until noon': a time asked for is a time promised."""
_DEPENDENCY = rx(
    r"\b(?:if|unless|pending|assuming|provided|providing|once|depend\w*|as\s+long\s+as|subject\s+to|barring"
    r"|contingent|so\s+long\s+as|(?:until|till|after|once|when)\s+(?:\w+\s+){0,3}?(?:verif\w+|confirm\w*|test\w*|check\w*)"
    r"|verifying\s+at|confirm(?:s|ed|ing|ation)?\s+(?:that|whether)"
    r"|hasn't\s+confirmed|has\s+not\s+confirmed|haven't\s+confirmed|have\s+not\s+confirmed|not\s+(?:yet\s+)?confirmed"
    r"|unconfirmed|to\s+be\s+confirmed|tbc|not\s+counting\s+on|won't\s+commit|wouldn't\s+commit|not\s+committing"
    r"|holds|after\s+(?:we|the)\s+(?:verify|test|check|confirm)\w*)\b"
)
"""What an internal estimate can be tied to: a condition, a pending check, an unconfirmed source."""
_UNCONFIRMED_SOURCE = rx(r"\b(?:hasn't|has\s+not|haven't|have\s+not)\s+(?:yet\s+)?confirmed\b"
                         r"(?!\s+(?:yet\s+)?(?:which|what|who|whether|how|why|if|where)\b)|\bunconfirmed\b")
"""A vendor's estimate passed on as unconfirmed is no promise, whoever reads it."""


_OUTCOME_MODAL = Finder(
    r"(?:will|shall|should(?!(?:\s+\w+ly)?\s+have\b|'ve\b)|gonna|going\s+to|'ll|expect(?:s|ing)?\b(?<!than\sexpect)|expected\s+to"
    r"|hop(?:e|es|ing)\s+to|aim(?:s|ing)?\s+to"
    r"|plan(?:s|ning)?\s+to|assures?|promises?|guarantees?)\b",
    "will shall should gonna going 'll expect expects expected expecting hope hopes hoping aim aims aiming plan "
    "plans planning assure assures promise promises guarantee guarantees",
)
"""A future: where a clause says what WILL be the case."""
_FILLER = (r"(?:(?:\w+ly|all|still|also|then|now|both|each|again|soon|definitely|probably|likely|certainly"
           r"|surely|hopefully|def|prob|be|been|to|us|you|u|me|them|it|we|i|the|team|everything|everyone)\s+)*")
_ACTIVITY = rx(
    r"(?:update|upd|post|write|send|share|let|tell|know|hear|investigat\w*|look|looking|check|checking|verify|verifying"
    r"|test|testing|try|trying|keep|keeping|continu\w*|monitor\w*|review\w*|contact|call|follow|confirm\w*"
    r"|reach\s+out|go\s+(?:through|over)|take\s+a\s+look|talk|give|roll|rolling|revert\w*|restart\w*|deploy\w*|push|pushing|apply|run\b(?!\s+(?:again|normally|as))"
    r"|start(?!\s+(?:work|flow|sync|arriv|load|print|go|send|deliver|process))|begin|switch\w*|flip\w*|turn\w*"
    r"|re-?run\w*|escalat\w*|page|paging|join|meet|host|hold|work(?:ing)?\s+(?:on|with|through|to)|dig\w*|decide"
    r"|assess\w*|see\s+(?:whether|if|how|what)|watch\w*|inform\w*|notify\w*|email\w*|text|ping\w*|message\w*"
    r"|schedul\w*|book|publish\w*|announce|brief\w*|prepar\w*|raise|open\s+a|file|analy[sz]\w*|compare|reproduc\w*"
    r"|debug\w*|trac\w*|inspect\w*|do|doing|need|have\s+to|want|ask\w*|wait\w*|refund\w*|credit\w*|compensat\w*|reimburs\w*"
    r"|extend\w*|waive\w*|see\s+(?:the\s+|your\s+)?(?:money|refund|credit)|disappear\w*|vanish\w*|revers\w*|drop\s+off|circle|come\s+back|get\s+back|be\s+in\s+touch|(?:have|get)\s+(?:\w+\s+){0,2}?"
    r"(?:news|numbers|answers?|update|idea|picture|estimate|eta|timeline|info\w*|details|clarity|view|more|results?"
    r"|figures?|count|number"
    r"|findings|report))\b"
)
"""What a team will DO (post, check, roll back, know): an activity at a time, not the service working again."""
_ACTIVITY_AFTER = rx(_FILLER + r"(?:" + _ACTIVITY.pattern + r")", re.IGNORECASE)
_PROCESS_SUBJECT = rx(
    r"\b(?:update|upd|report|review|post-?mortem|rca|call|meeting|summary|debrief|retro\w*|investigation|analysis"
    r"|check|test|email|note|message|refund|credit|compensation|incident\s+review|bridge|sync\s+call)s?\s*$"
)
_EVENT_TIME = rx(
    r"\b(?:well\s+|long\s+|way\s+)?(?:before|ahead\s+of|in\s+time\s+for|by\s+the\s+time)\s+(?!(?:we|i)\s+(?:know|hear"
    r"|confirm|update|post|write))\w+"
    r"|\bovernight\b|\b(?:by\s+|in\s+the\s+|this\s+)?(?:early|late|mid)[\s-]+(?:morning|afternoon|evening|day)\b"
    r"|\b\d{1,2}\s*-?ish\b|\bat\s+the\s+latest\b|\bon\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:this|next|by\s+the\s+end\s+of\s+the)\s+(?:week|weekend)\b|\bover\s+the\s+weekend\b"
    r"|\b(?:later|sometime)\s+(?:today|tonight|this\s+\w+)\b|\b(?:in|within)\s+(?:a\s+)?(?:couple|few)\s+(?:of\s+)?"
    r"(?:hours|minutes|mins|hrs|days)\b|\bin\s+no\s+time\b"
)
"""Times anchored to an event or a part of the day: 'well before the deadline', 'overnight', 'by 10ish'."""
_TERSE_WORDS = frozenset(["fix", "back", "sorted", "right", "normal", "live", "done"])
_TERSE_TIME = rx(r"tonight|tomorrow(?:\s+(?:morning|afternoon|evening))?|overnight|this\s+(?:afternoon|evening)"
                 r"|later\s+today")
"""'Fix tonight.', 'Back tomorrow morning.': a note too terse for a verb still promises a time of day."""
_STILL_BAD = rx(r"\b(?:late(?!\s+(?:morning|afternoon|evening|night))|delayed|fail\w*|missing|lost"
                r"|stuck|unavailable|broken|miss(?:es|ed)?)\b")
_SERVICE_COMES_BACK = rx(r"(?:we\s+)?come\s+back")
_PAST_TIME = rx(r"\b(?:since|from|ago|between|after|until\s+(?:at\s+)?\d)\s*$")


def _outcome_by_time(doc: Doc, m: re.Match[str]) -> Span | None:
    """'chats should be flowing again by 10ish', 'your money will be in your account by Thursday', 'it'll
    self-correct in about 20 min': a future clause that says what will be the case, with a future time.
    Not when what follows the modal is an activity of the team (post, check, know, roll back, get an update)."""
    if is_question(doc, m.start()) or _negated_before(doc, m.start()):
        return None
    c_start, c_end = doc.clause_of(m.start())
    if doc.search(NEGATION, m.end(), min(c_end, m.end() + 12)):
        return None
    if doc.match(_ACTIVITY_AFTER, m.end() + 1, c_end):
        return None
    if doc.search(_STILL_BAD, m.end(), c_end):
        return None  # "one in five subscribers will get boxes late today" states the harm, not a recovery
    if doc.search(_PROCESS_SUBJECT, c_start, m.start()):
        return None
    for pattern in (_STRONG_TIME, _EVENT_TIME, _WEAK_TIME):
        for t in doc.all_in(pattern, m.end(), c_end):
            if doc.search(_PAST_TIME, max(c_start, t.start() - 14), t.start()) or doc.match(_AGO, t.end()):
                continue
            if any(not _SERVICE_COMES_BACK.fullmatch(cue.group())
                   for cue in doc.all_in(UPDATE_CUE_RX, c_start, t.start())):
                return None  # "we'll post the next update by 3": the time is the update's
            return (m.start(), t.end())
    return None


_REMEDY = rx(r"\b(?:refund(?:ed|s|ing)?\b(?!\s+requests?)|money\s+back|reimburs\w*|compensat\w*|pending\s+charges?"
              r"|(?:cleared|removed|taken)\s+(?:off|from)\s+(?:your|the)\s+(?:bill|account|statement|invoice))")
"""A time for a remedy that does not wait on the fix ('you'll see the money back within 5 days') is no fix time."""


def find_fix_time_promises(doc: Doc, audience: str = "customer") -> list[Span]:
    found = _fix_times(doc)
    guard = _UNCONFIRMED_SOURCE if audience == "customer" else _DEPENDENCY
    kept: list[Span] = []
    for start, end in found:
        s_start, _ = doc.sentence_of(start)
        _, s_end = doc.sentence_of(end)
        c_start, _ = doc.clause_of(start)
        if not doc.any_in(guard, s_start, s_end) and not doc.search(_REMEDY, c_start, end):
            kept.append((start, end))
    return kept


def _fix_times(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    judged: set[int] = set()
    for give in (*_GIVE_US.hits(doc), *_MATTER_OF.hits(doc), *_AND_DONE.hits(doc)):
        if not _negated_before(doc, give.start):
            spans.append((give.start, give.end))
    for hit in _RESTORE.hits(doc):
        span = _time_after_restore(doc, hit.match)
        if span:
            spans.append(span)
        # A time in front of the restoration, within its sentence: 'in 30 minutes everything should be back'.
        # Each time is judged once, however many restoration words follow it.
        s_start, _ = doc.sentence_of(hit.start)
        for t in doc.all_in(_STRONG_TIME, max(s_start, hit.start - 90), hit.start):
            if t.start() not in judged:
                judged.add(t.start())
                span = _restore_after_time(doc, t)
                if span:
                    spans.append(span)
    for hit in _IN_PROD.hits(doc):
        span = _time_after_restore(doc, hit.match)
        if span:
            spans.append(span)
    for hit in _ETA.hits(doc):
        span = _eta(doc, hit.match)
        if span:
            spans.append(span)
    found = Spans(spans)
    for hit in _OUTCOME_MODAL.hits(doc):
        span = _outcome_by_time(doc, hit.match)
        if span and not found.overlaps(*span):
            spans.append(span)  # evidence from the narrower patterns above reads better ("fixed in 30 minutes")
    return spans
