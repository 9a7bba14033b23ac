"""Missing elements of an update: what still works, what fails and what is not known yet for the
customer (CUS-04); what we know, who is affected and what we check next internally (INT-03).

These detectors flag an absence, so their precision depends on recognising presence generously:
any plausible way of saying "login still works" counts, and the flag fires only when nothing does.
A message confirming full recovery ("exports work again", "this incident is resolved") needs no
"what fails", no "not known yet" and no next update time; its recovery statement says what works.
"""

from __future__ import annotations

import re

from drills.scoring.textchecks import vague
from drills.scoring.textchecks._text import ABSENT, Doc, Finder, Hit, Span, Spans, memoized, rx
from drills.scoring.textchecks.claims import NOT_NAMES, find_blame, find_root_cause_claims
from drills.scoring.textchecks.jargon import find_jargon
from drills.scoring.textchecks.vague import works_non_answer

_CONDITIONAL_BEFORE = rx(
    r"\b(?:if|whether|once|until|unless|when|as\s+soon\s+as|will|'ll|should|hope|expect|aim|plan|want|need|try|trying)\s+"
    r"(?:\S+\s+){0,3}$|\bto\s+$"
)
"""Words that make what follows a condition or a wish, not a fact: 'if the rollback works'."""
_NEGATED_BEFORE = rx(r"(?:\bnot|n't|\bno\s+longer|\bnever)\s+(?:\S+\s+)?$")

_CLOSURE = (
    Finder(r"(?:fixed|resolved|restored|corrected|repaired|sorted)\b",
           "fixed resolved restored corrected repaired sorted",
           before=r"\b(?:is|are|was|were|has|have|'s|'re)\s+(?:(?:now|already|fully|all|been)\s+)*"),
    # a status label: "Live view: fixed.", "Berth booking: resolved."
    Finder(r":\s*(?:fixed|resolved|restored|back(?:\s+up)?|working(?:\s+again)?|all\s+clear)\b(?!\s+(?:by|at|in|soon|when))",
           "", chars=":"),
    # a function doing its job again: "the app connects to hearing aids again"
    Finder(r"(?:connects|loads|opens|syncs|prints|sends|arrives|plays|scans|signs|pays|displays|unlocks)\s+"
           r"(?:(?!not\b|still\b|down\b|fail\w*|broke\w*|error\w*|stuck\b|crash\w*|late\b|slow\w*|off\b)\S+\s+){0,4}?"
           r"again\b", "connects loads opens syncs prints sends arrives plays scans signs pays displays unlocks"),
    Finder(r"(?:work|works|working|worked)\s+(?:\S+\s+){0,3}?again\b|back\s+to\s+normal\b"
           r"|all\s+(?:fixed|sorted|resolved)\b|all\s+good\s+again\b"
           r"|(?:back|fixed|restored|fine|working|live|reaching\s+\S+\s+again)\s+(?:again\s+)?(?:for|on|across)\s+(?:all|every(?:one|body)?"
           r"|the\s+rest)\b|(?:is|are)\s+(?:now\s+)?(?:live|up|online|available)\s+again\b|back\s+on\s+(?:all|every)\b|works?\s+normally\s+(?:now|again)\b"
           r"|no\s+longer\s+(?:fail|freez|crash|error|hang|drop|time)\w*"
           r"|(?:is|are)\s+(?:now\s+)?(?:being\s+)?(?:delivered|sent|processed|[a-z]{3,}ing)"
           r"\s+(?:normally\s+|fine\s+|as\s+usual\s+|correctly\s+|properly\s+)?again\b"
           r"|(?:is|are)\s+(?:now\s+)?(?:all\s+)?back(?:\s+(?:up|online|to\s+normal))?\s*(?:[.!,;]|$|and\b)"
           r"|(?:everything|all)(?:'s|\s+is)\s+(?:now\s+)?(?:working|running)\s+(?:normally|as\s+usual|fine)\s+(?:now|again)\b"
           r"|(?:everything|all)(?:'s|\s+is)\s+(?:fine|ok|okay|good|normal)\s+(?:now|again)\b"
           r"|incident\s+is\s+(?:now\s+)?(?:resolved|closed)\b|(?:operational|up\s+and\s+running|back\s+up)\s+again\b"
           r"|all\s+systems\s+(?:are\s+)?(?:now\s+)?(?:operational|normal)\b"
           r"|(?:can|could)\s+(?:\S+\s+){1,8}?again\b",
           "work works working worked back incident operational up all can could is are everything no fixed restored "
           "fine live reaching"),
    Finder(r"(?:resolved|all\s+clear|closed)\s*[.!]*\s*$", "resolved all closed", before=r"[.!]\s+"),
    # "Map's back up and showing...": the hit starts at its subject, so "when it's back" reads as a condition
    Finder(r"(?:'s|'re)\s+(?:now\s+)?(?:all\s+)?back(?:\s+(?:up|online|to\s+normal))?\s*(?:[.!,;]|$|and\b)"
           r"|(?:'s|'re)\s+(?:fine|ok|okay|good|normal)\s+(?:now|again)\b", "'s 're", before=r"\b[\w-]+"),
    # a status label opening the message ("Resolved: ...", "All clear -") and a recovery that has lasted
    Finder(r"(?:resolved|fixed|recovered|all\s+clear|closed)\s*(?::|-|–|—|!)", "resolved fixed recovered all closed",
           before=r"(?:^|\n)[\s\W]*"),
    Finder(r"(?:has|have)\s+(?:been\s+)?(?:work(?:ed|ing)|run(?:ning)?|function(?:ed|ing)|behav(?:ed|ing))\s+"
           r"(?:normally|fine|as\s+(?:usual|normal|expected)|correctly|without\s+(?:errors|problems|issues))"
           r"(?:\s+again)?\s+since\b", "has have"),
)
_CORRECT_STATE = (
    r"(?:accurate|correct|up[- ]to[- ]date|valid|unchanged|reliable|consistent|in\s+sync|current|trustworthy|complete"
    r"|untouched|unaffected)"
)
"""Content that is right ("the totals are correct", "labels you created are valid"): that part works."""
_WORKS = Finder(
    r"still\s+(?:work(?:s|ing)?|function(?:s|ing)?|load(?:s|ing)?|go(?:es)?\s+through|available|up|running"
    r"|fine|ok(?:ay)?|able)\b"
    r"|continues?\s+to\s+(?:work|function|run|go\s+through)\b|can\s+still\b"
    r"|(?:is|are)\s+(?:still\s+)?(?:working|up|fine|ok(?:ay)?|available|running|operating)\b"
    r"(?!\s+(?:on|to|with|through|hard|around|closely))"
    r"|works?\b(?!\s+(?:on|to|hard))"
    r"|not\s+(?:affected|impacted)\b|unaffected\b|no\s+impact\s+on\b"
    r"|(?:never|not|n't)\s+(?:been\s+)?(?:affected|impacted|cancell?ed|lost|changed|touched|deleted)\b"
    r"|(?:won't|will\s+not|wont)\s+be\s+(?:affected|impacted|changed|lost)\b|(?:go|goes|going)\s+ahead\b"
    r"|(?:is|are)\s+(?:all\s+|still\s+)?(?:safe|intact)\b|fine\b|normally\b|as\s+usual\b"
    r"|stands?\b(?=\s*(?:[.,;:!]|$|as\b))"
    # kept for the reader: "your basket is held", "declarations are saved", "positions are kept"
    r"|(?:is|are|'s)\s+right\b(?!\s+(?:now|away|there))|(?:being|been)\s+[a-z]+ed\s+correctly\b"
    r"|(?:see|sees|get|gets)\s+(?:the\s+)?(?:correct|right|accurate)\b"
    r"|other\s+(?:parts|pages|features|areas)\s+(?:of\s+(?:the\s+)?\S+\s+)?(?:load|work|open)\b"
    r"|(?:is|are)\s+(?:in\s+fact\s+|still\s+)?open\b(?!\s+(?:to|for\s+(?:investigation|review)))"
    r"|(?:are|is)\s+letting\s+(?:you|members|people|guests|customers|everyone)\b"
    r"|can\s+(?:still\s+)?(?:get|log|sign|check)\s+in\b"
    r"|(?:is|are)\s+(?:still\s+|all\s+)?(?:held|kept|saved|preserved|stored|retained|protected|secure|secured|valid"
    r"|recorded|honou?red)\b"
    r"|still\s+being\s+(?!(?:investigated|looked|checked|examined|analy[sz]ed|reviewed|affected|delayed|blocked"
    r"|rejected|declined|held\s+up|dropped|lost|duplicated|charged\s+twice)\b)[a-z]{3,}(?:ed|en|t)\b"
    r"|on\s+(?:schedule|time)\b|(?:continue|continues|continuing)\s+(?:\w+\s+)?(?:normal(?:ly)?|as\s+(?:usual|normal)"
    r"|fine|unaffected|uninterrupted)\b|can\s+(?:still\s+)?continue\b"
    r"|(?:is|are|'s|'re|stays?|remains?)\s+(?:still\s+|all\s+|fully\s+)?" + _CORRECT_STATE + r"\b"
    r"|(?:shows?|showing|displays?|displaying|gives?|giving|returns?|returning|reports?|reporting)\s+(?:the\s+)?"
    r"(?:correct|accurate|right|up[- ]to[- ]date|current|valid)\b"
    r"|(?:go|goes)\s+through\b|going\s+through\s+(?:again|normally|fine)\b"
    r"|(?:is|are)\s+(?:still\s+)?(?:accessible|usable|operational|normal|unaffected|not\s+impacted|healthy|reachable)\b"
    r"|(?:has|have)\s+no\s+(?:trouble|problems?|issues?)\b|(?:goes|go|going)\s+(?:well|fine|ok(?:ay)?|smoothly)\b"
    r"|(?:is|are)\s+(?:still\s+)?(?:alright|all\s+right|online|live|green)\b|can\s+(?:still\s+)?be\s+used\b"
    r"|stays?\s+(?:up|online|available|fine|open)\b|remains?\s+(?:fully\s+)?(?:available|accessible|unaffected|operational"
    r"|up|online|usable|open|fine)\b"
    r"|as\s+normal\b|like\s+normal\b|all\s+good\b|(?:is|are|look|looks)\s+good\b"
    r"|can\s+still\s+be\s+used\b|no\s+other\s+\w+\s+(?:is|are)\s+(?:affected|impacted)\b"
    r"|function(?:s|ing)?\s+(?:correctly|normally|fine|well|properly)\b|without\s+(?:any\s+)?problems?\b"
    r"|running\s+(?:smoothly|fine|normally)\b|(?:work|works|working)\s+(?:like\s+always|as\s+always|properly|correctly)\b"
    r"|no\s+other\s+(?:part|function|feature|service|area)s?\b(?:\s+\S+){0,4}?\s+(?:is|are)\s+(?:affected|impacted)\b"
    r"|nothing\s+else\s+(?:is\s+)?(?:affected|impacted|broken|down)\b|otherwise\s+(?:fine|ok|okay|working|normal|unaffected)\b"
    r"|(?:the\s+)?rest\s+(?:of\s+(?:the\s+)?\w+\s+)?(?:is\s+|works|is\s+working)|keeps?\s+(?:working|running|going)\b|can\s+keep\s+\w+|(?:is|are)\s+all\s+(?:working|fine|ok(?:ay)?|up|good)\b"
    r"|still\s+(?!(?:fail\w*|down|broken|not|investigating|checking|looking|working\s+on|seeing|unclear|unknown|waiting"
    r"|stuck|slow|delayed|missing|affected|erroring|timing|unable|can't|cannot|no|under|being|in\s+progress|trying"
    r"|digging|confirming|determining|figuring|have|has|had|need|needs|don't|doesn't)\b)[a-z]+s?\b",
    "still continue continues can is are work works not unaffected no fine normally as go goes going keep keeps "
    "nothing otherwise rest the function functions functioning without running like all look looks has have stay "
    "stays remain remains stay show shows showing display displays displaying give gives giving return returns stand "
    "stands "
    "returning report reports reporting on continue continuing never n't go goes going won wont will 's 're being "
    "been see sees get gets other",
)
_IMPERATIVE_WAY_ROUND = (
    r"(?:please\s+|pls\s+|plz\s+)?(?:use|try|pick\s+up|phone|call|email|e-mail|pay|give|book|visit|go\s+to|head\s+to"
    r"|buy|grab|download|install|reinstall|walk\s+up"
    r"|ask|collect|order|switch\s+to|contact|text|bring|show|log\s+in|sign\s+in|check\s+in)\b"
)
"""'Call the box office', 'please use a staffed desk': the reader told to go another way."""
_WORKAROUND = Finder(
    _IMPERATIVE_WAY_ROUND
    + r"(?!\s+(?:us\s+)?(?:again|back|later|when|once|after|if|whether|for\s+(?:an?\s+)?(?:update|news)|patient))"
    r"|(?:instead|in\s+the\s+meantime|meanwhile|as\s+a\s+workaround)\b"
    r"|can\s+(?:still\s+|also\s+)?(?:issue|provide|help|take|accept|book|print|process|handle|arrange|serve|sell|open"
    r"|let|check\s+you|sign\s+you|seat)\b"
    r"|(?:going|goes|go)\s+ahead\s+(?:as\s+(?:booked|planned|normal|usual|scheduled)|normally)\b"
    r"|(?:reloading|refreshing|restarting|retrying|re-?opening|using|switching)\s+(?:\S+\s+){0,4}?(?:helps|fixes\s+it"
    r"|works|solves\s+it)\b"
    r"|will\s+still\s+(?:be\s+)?(?!(?:be\s+)?(?:affected|delayed|down|broken|failing|slow|stuck|unavailable|late|missing"
    r"|blocked)\b)[a-z]{3,}(?:ed|en)?\b",
    "please pls plz use try pick phone call email e-mail pay give book visit go head ask collect order switch buy "
    "grab download install reinstall walk "
    "contact text bring show log sign check instead in meanwhile as can going goes go will reloading refreshing "
    "restarting retrying reopening re using switching",
    before=r"(?:^|[.!?;:\n(]\s*|\s[-–—]\s*|,\s*)(?:\S+\s+){0,4}?",
)
"""A way round it is something that works (CONVENTIONS 19): 'Please pick up a key card at reception', 'Pay by
text meanwhile', 'Reception can issue key cards', 'Appointments are going ahead as booked', 'Children will
still be served lunch'."""
_WORKAROUND_START = rx(r"(?:^|[.!?;:\n(]\s*|\s[-–—]\s*)"
                       r"(?:(?:until\s+then|for\s+now|meanwhile|in\s+the\s+meantime),?\s+)?"
                       r"(?:please\s+|pls\s+|plz\s+)?$")
_RETRY = rx(r"\b(?:again|later|once|retry|retrying)\b")
_IMPERATIVE = rx(_IMPERATIVE_WAY_ROUND)


def _workaround(doc: Doc) -> bool:
    """An imperative only counts at the start of its sentence or clause ('Try Chrome in the meantime'), the other
    cues wherever they stand."""
    for hit in _WORKAROUND.hits(doc):
        m = hit.match
        if doc.match(_IMPERATIVE, m.start()) and (
                not doc.search(_WORKAROUND_START, max(0, m.start() - 36), m.start())
                or doc.search(_RETRY, m.end(), doc.clause_of(m.start())[1])):
            continue  # "please try the export again" is the same thing, not a way round it
        if doc.search(_NEGATED_NEAR, max(doc.clause_of(m.start())[0], m.start() - 40), m.start()):
            continue
        return True
    return False


_WORKS_BARE = Finder(r"(?:ok|okay|safe|normal|intact|unaffected)\s*(?=[.!;,)\n]|$)",
                     "ok okay safe normal intact unaffected",
                     before=r"\b(?!(?:than|above|below|from|to|of|not|is|are|be|was|were|feel|feels|stay|keep|it|that"
                     r"|this|all)\s)[a-z0-9][\w+-]*\s+")
"""A part named with its state and no verb, as status lines and chat put it: 'Casual OK.', 'orders safe',
'reno + lyon normal'."""
_WORKS_STATUS = Finder(r":\s*(?:operational|ok|okay|fine|working|up|normal|unaffected|available|green|running)\b"
                       r"|[👍✅🟢👌]", "", chars=":👍✅🟢👌")
"""Status-page and chat style: 'Shipments: operational', 'machines are 👍'."""
_WORKS_SUBJECT_US = rx(r"\b(?:we|i|team|engineers?|they|everyone)(?:'re|'m|\s+are|\s+am|\s+is)?\s+(?:\w+\s+)?$")

_FAILS = Finder(
    r"(?:fail(?:s|ed|ing|ure|ures)?(?!\s+over)|errors?|broken|broke|down|unavailable|cannot|unable\s+to|stuck|delayed"
    r"|declined|slow(?:er|ly)?|stopped|crash(?:es|ed|ing)?|missing|blank|blocked|paused|halted|suspended"
    r"|throttl\w+|duplicat\w+|twice|wrong|incorrect(?:ly)?|late|lost|degraded|offline|dead|dying"
    r"|disconnect(?:s|ed|ing)?|declines|rejections|tank(?:s|ed|ing)|unsuccessful|pending|stall(?:s|ed|ing)?"
    r"|stopping|timeouts?|inflated|overcharg\w*|undercharg\w*|wrongly)\b"
    r"|waiting\s+to\s+be\s+\w+|(?:higher|lower|more|less|bigger|smaller|larger|too\s+high|too\s+low)\s+than\s+(?:they"
    r"|it|we)?\s*(?:should|expected|normal|usual|intended)\b|too\s+(?:high|low)\b"
    r"|(?:not|(?:is|are|was|were)n't)\s+(?:yet\s+)?(?:visible|there\b|(?:on|in)\s+(?:the|your|our|their|any)\s+"
    r"(?!(?:way|loop|meantime|middle|right|clear|process|queue\s+for|same)\b))"
    r"|behind\b(?!\s+(?:it|this|that|the\s+(?:problem|issue|outage|incident))\b)"
    r"|cut(?:s|ting)?\s+out\b|not\s+(?:\w+\s+)?succe(?:ed|eds|eding|eded|ssful)\b"
    r"|can't\b|can\s+not\b|(?:doesn't|don't|do(?:es)?\s+not)\s+work\b"
    r"|(?:not|isn't|aren't)\s+working\b|not\s+loading\b|won't\s+load\b|time(?:s|d)?\s+out\b|timing\s+out\b"
    r"|not\s+(?:being\s+)?(?:sent|processed|delivered|going\s+(?:through|out))\b|(?:aren't|isn't)\s+going\s+(?:through|out)\b|(?:aren't|isn't)\s+being\s+\w+"
    r"|affected\s+by\b|on\s+hold\b|rate[- ]limited\b|read[- ]only\b"
    r"|(?:is|are)\s+affected\b"
    r"|(?:not|aren't|isn't|wasn't|weren't|don't|doesn't|didn't|won't|arent|isnt|dont|doesnt|wont)\s+(?:being\s+)?(?!(?:blaming|pointing|giving\s+(?:an?\s+|any\s+)?(?:time|eta|estimate|date|timeline|update|up)\b|going|guessing|promising|assigning|expecting|seeing"
    r"|sharing|speculating|waiting|trying|looking|working\s+on|doing\s+anything)\b)[a-z]+ing\b"
    r"|return(?:s|ing)?\s+(?:no|empty|blank|wrong|zero|nothing)\b|no\s+results\b"
    r"|(?:return|show|display|serv|giv|list|load|surfac)\w*\s+(?:\w+\s+)?(?:old|stale|outdated|out[- ]of[- ]date|wrong"
    r"|empty|blank|zero|no"
    r"|incorrect|inaccurate|duplicate|partial|incomplete|expired|previous|yesterday's|last\s+week's)\b"
    r"|stale\b|outdated\b|out[- ]of[- ]date\b|inaccurate\b|garbled\b|corrupt(?:ed)?\b"
    r"|(?:has|is\s+with|are\s+with|with)\s+(?:some\s+|a\s+)?(?!technical\b)(?:trouble|problems?|difficult(?:y|ies))\b"
    r"|shows?\s+(?:an?\s+)?(?:warning|error)|showing\s+(?:an?\s+)?(?:warning|error)|by\s+mistake\b|in\s+error\b"
    r"|(?:is|are)\s+(?:temporarily\s+|currently\s+|now\s+)?un(?:rated|ranked|bookable|listed|paid|sent|delivered"
    r"|reachable|responsive|synced)\b"
    r"|(?:show|shows|showing|display\w*)\s+(?:\S+\s+){1,4}?(?:instead|from\s+(?:yesterday|last\s+\w+))\b"
    r"|refus(?:e|es|ed|ing)\b|vanish\w*|disappear(?:ed|ing|s)?\b|silent\b|couldn't\b|could\s+not\b|gone\s+for\b"
    r"|(?:is|are)\s+(?:still\s+)?out\b(?!\s+of\s+(?:the\s+)?(?:office|hours))"
    r"|(?:is|are)\s+(?:an?|\d+)\s+(?:hours?|minutes?|mins?|days?)\s+(?:out|off|behind|ahead|late)\b"
    r"|(?:wasn't|weren't|isn't|aren't)\s+(?:sent|delivered|received|saved|processed|created|charged|shown|paid)\b"
    r"|off\s+by\s+\d|out\s+of\s+(?:service|order|action)\b|(?:see|sees|seeing|get|gets|getting)\s+(?:no|nothing"
    r"|blank|empty)\b|keeps?\s+(?:restarting|crashing|failing|dropping|timing\s+out|erroring|freezing)\b|erroring\b"
    r"|double\s+[a-z]+s\b"
    r"|(?:may|might)\s+not\s+be\s+able\s+to\b|double[- ](?:sold|booked|charged|billed|sent)\b|patchy\b"
    r"|(?:aren't|isn't|not|no\s+(?:new\s+)?\w+\s+(?:are|is))\s+(?:coming|going|getting)\s+(?:through|in|out)\b"
    r"|intermittent(?:ly)?\b|not\s+(?:arrive|load|open|sync|send|come|show|print|connect|start|appear)\b"
    r"|(?:have|having)\s+(?:some\s+)?(?:trouble|problems?|difficult(?:y|ies))\s+[a-z]+ing\b"
    r"|gives?\s+(?:an?\s+)?errors?\b|giving\s+(?:an?\s+)?errors?\b"
    r"|acting\s+up\b|playing\s+up\b|misbehaving\b|wonky\b|flaky\b|glitch\w*|on\s+the\s+fritz\b"
    r"|(?:has|have|having)\s+(?:an?\s+|some\s+)?(?:errors?|failures?|outage|issues?|bugs?)\b(?!\s+(?:with\s+)?(?:us|our\s+side))"
    r"|frozen\b|freez(?:e|es|ing)\b|hang(?:s|ing)?\b(?!\s+(?:tight|on|in\s+there))|hung\b|unresponsive\b|lagg(?:y|ing)\b|greyed\s+out\b"
    r"|not\s+updating\b|spinning\b"
    r"|(?:is|are)\s+not\s+possible\b|impossible\b|drop(?:s|ping|ped)?\b|bounc(?:e|es|ed|ing)\b|reject(?:s|ed|ing)?\b"
    r"|out\s+of\s+sync\b|unreliable\b|(?:re)?buffering\b|disconnections?\b|(?:may|might|could)\s+not\s+(?:work|load|open|sync|arrive|go\s+through|save|print)\b"
    r"|(?:not|isn't|aren't|is\s+not|are\s+not)\s+(?:currently\s+|yet\s+)?(?!(?:reasonable|acceptable|comfortable|able)\b)"
    r"[a-z]{3,}able\b"
    r"|(?:does|do|did|will|would|can)\s*(?:not|n't|nt)\s+(?!(?:know|have|expect|think|want|need|see|guess|promise"
    r"|say|give|yet|blame)\b)(?:open|load|start|sync|send|arrive|save|upload|print|connect|show|appear|work|go|run"
    r"|log|sign|pay|update|respond|function|print|display|render|download|export|import|generate|deliver|process"
    r"|complete|finish)\b|were\s+not\s+sent\b|(?:was|were|is|are)\s+not\s+(?:sent|delivered|received"
    r"|saved|processed|created|charged|shown)\b",
    "fail fails failed failing failure failures error errors broken broke down unavailable cannot unable stuck "
    "delayed declined slow slower slowly stopped crash crashes crashed crashing missing blank blocked paused halted "
    "suspended throttled throttling throttle duplicate duplicated duplicates duplication twice wrong incorrect "
    "incorrectly late behind lost degraded can doesn don do does not isn aren won time times timed timing affected "
    "issue issues problem problems on rate read is are return returns returning no aren isn wasn weren didn arent "
    "isnt dont doesnt wont impossible drop drops dropping dropped bounce bounces bounced bouncing reject rejects "
    "rejected rejecting does do did will would can doesnt didnt cant were was has have having with give gives giving "
    "frozen freeze freezes freezing hang hangs hanging hung unresponsive laggy lagging greyed spinning acting playing "
    "misbehaving wonky flaky glitch glitches glitchy glitching show shows showing shown display displays displaying "
    "serve serves serving served list lists listing load loads loading surfaces surfacing stale outdated out "
    "inaccurate garbled corrupt corrupted offline dead dying disconnect disconnects disconnected disconnecting "
    "declines rejections tank tanks tanked tanking unsuccessful cut cuts cutting pending stall stalls stalled "
    "stalling stopping timeout timeouts inflated overcharged overcharging overcharge undercharged wrongly waiting "
    "higher lower more less bigger smaller larger too disconnection disconnections may might could unreliable "
    "buffering rebuffering shows showing by in double patchy intermittent intermittently show display displays "
    "displaying off out see sees seeing get gets getting keep keeps erroring refuse refuses refused refusing vanished "
    "vanishing disappeared disappearing disappears silent couldn could gone",
)
_FAILS_NEGATED = Finder(
    r"(?:won't|will\s+not|doesn't|does\s+not|don't|do\s+not|didn't|did\s+not|haven't|hasn't|hadn't|have\s+not"
    r"|has\s+not|had\s+not)\s+(?:yet\s+|even\s+|been\s+|got\s+|gotten\s+)*(?P<verb>[a-z]{3,})\b",
    "won will doesn does don do didn did haven hasn hadn have has had",
)
"""Any verb negated, with a part as its subject: 'requests have not reached your pharmacy', 'tickets won't
activate', 'the job has not completed'. Not with us as the subject ('we haven't found why') and not verbs
of knowing, saying or being affected ('has not been affected')."""
_NOT_FAILURE_VERB_WORDS = """know knew known have had has expect expected think want need see seen guess promise
    promised say said give given blame blamed yet found identified confirmed determined established pinned worked
    figured traced isolated understood spotted solved cracked nailed tracked narrowed located resolved fixed restored
    affected impacted changed lost charged heard noticed got gotten been believe plan planned
    intend mean meant look looked seem seemed appear recur recurred happen happened spread
    notice hear get worry apologise apologize"""
_NOT_FAILURE_VERBS = frozenset(_NOT_FAILURE_VERB_WORDS.split())
_FAILS_NEGATED_SUBJECT_US = rx(r"\b(?:we|i|you|they|team|engineers?|nobody|anyone|it)\s+(?:\w+\s+)?$")
_FAILS_NOT = Finder(
    r"(?:we|i)\s+(?:\w+\s+)?(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:promise|say|tell|give|guarantee|confirm"
    r"|share)\b"
    r"|(?:we|i)\s+failed\b|(?:human|user|operator)\s+error\b"
    r"|failed\s+to\s+(?:test|check|review|notice|tell|inform|warn|follow|catch|read|escalate|communicate"
    r"|document|mention|ask|flag)\b",
    "we i human user operator failed",
)
"""'Fail' words that are not about the product: promises, blame, owning it."""

_FOUND_OUT = (
    r"(?:confirmed|found|determined|established|identified|pinned\s+down|worked\s+out|figured\s+out|found\s+out"
    r"|narrowed\s+down|cracked|nailed(?:\s+down)?|tracked\s+down|isolated|located|traced|understood|spotted"
    r"|solved|got\s+to\s+the\s+bottom\s+of|gotten\s+to\s+the\s+bottom\s+of)"
)
_INQUIRY_VERB = (
    r"(?:check|investigat|look\w*\s+into|confirm|verif|work\w*\s+out|figur\w*\s+out|find\w*\s+out|determin|clarif"
    r"|analy[sz]|research|explor|assess|establish|examin|evaluat|review|test|trac|search|ask)\w*"
)
"""Verbs of finding out, in any form ("we still investigate why", "checking which", "verified whether")."""
_UNKNOWN = Finder(
    r"(?:don't|do\s+not|doesn't|does\s+not|didn't)\s+(?:yet\s+)?(?:know|understand)\b"
    r"|not\s+(?:yet\s+)?(?:known|clear|sure|certain|confirmed|guaranteed)\b"
    r"|(?:unknown|unclear|unconfirmed|unsure|whether|suspect(?:s|ed)?|theory|likely|possibly|probably|might"
    r"|tbd)\b"
    r"|(?:have|has)\s+not\s+(?:yet\s+)?" + _FOUND_OUT + r"\b|(?:haven't|hasn't)\s+(?:yet\s+)?" + _FOUND_OUT + r"\b"
    r"|not\s+(?:yet\s+)?in\s+a\s+position\s+to\s+(?:give|say|share|confirm|promise|estimate)\b"
    r"|(?:checking|investigating|looking\s+into|confirming|working\s+out|figuring\s+out|determining)\s+"
    r"(?:whether|if|why|how|what|which|when)\b"
    r"|still\s+(?:investigating|confirming|checking|determining)\b|under\s+investigation\b"
    r"|(?:no|(?:don't|do\s+not|doesn't|does\s+not)\s+(?:yet\s+)?have\s+(?:an?|any))\s+"
    r"(?:eta|fix\s+time|time\s+for\s+(?:a|the)\s+fix|estimate|repair\s+time|time\s*line|time\s*frame|fix\s+date)\b"
    r"|(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:say|tell|give|promise|confirm)\b[^.!?\n]*?\byet\b"
    r"|(?:unable|not\s+able)\s+to\s+(?:yet\s+)?(?:say|tell|confirm|promise)\b|dunno\b|idk\b|as\s+far\s+as\s+(?:we|i)\s+(?:can\s+)?(?:tell|know)\b"
    r"|(?:hasn't|haven't|has\s+not|have\s+not)\s+(?:yet\s+)?(?:told|given|sent|shared)\s+us\b"
    r"|(?:can't|cannot|can\s+not)\s+(?:yet\s+)?(?:say|tell|promise|guarantee|confirm)\s+(?:(?:you|u|anyone)\s+)?(?:yet\s+)?"
    r"(?:when|whether|how"
    r"|if|why|what|which|who)\b|(?:not|n't)\s+(?:yet\s+)?knowing\b"
    r"|still\s+(?:finding|figuring|working|sorting)\s+out\b|rather\s+not\s+(?:guess|speculate|promise|commit)\b"
    r"|still\s+[a-z]+ing\s+(?:\w+\s+){1,2}?(?:why|how|whether|what|which|when)\b"
    r"|no\s+(?:time|date|eta|estimate|timeline|time\s*frame)\s+yet\b"
    r"|(?:can't|cannot|can\s+not|won't|will\s+not)\s+(?:yet\s+)?(?:promise|give|commit\s+to|guarantee)\s+(?:you\s+)?"
    r"(?:a|an|any)\s+(?:\w+\s+)?(?:time|date|eta|timeline|estimate)\b"
    r"|(?:our|my|a|current|best|working)\s+guess\b|may\s+be\b|looks\s+like\b|we\s+(?:think|believe)\b"
    r"|once\s+(?:we\s+have\s+|it\s+is\s+|it's\s+)?confirmed\b"
    r"|trying\s+to\s+(?:find\s+out|understand|work\s+out|determine)\b|to\s+find\s+out\b"
    r"|yet\s+to\s+(?:confirm|determine|find)\b|to\s+be\s+(?:confirmed|determined)\b|no\s+idea\b"
    r"|could\s+(?:be|also)\b|(?:appears?|seems?)\s+to\b|too\s+early\s+to\s+(?:say|tell)\b|no\s+guarantee\b"
    r"|can't\s+guarantee\b"
    r"|no\s+(?:root\s+)?cause\s+(?:found\s+)?yet\b|(?:cause|reason|eta|timeline|fix\s+time)\s*:?\s*(?:pending|tbd|tba|\?)"
    r"|mystery\b|hard\s+to\s+(?:say|tell)\b|nobody\s+knows\b|no\s+one\s+knows\b"
    r"|(?:cause|reason|why)\b(?:\s+\S+){0,4}?\s+(?:still|not\s+(?:yet\s+)?(?:determined|known|found|clear|identified|established)"
    r"|under\s+\w+|being\s+\w+|unknown|unclear|open|tbd|researching|investigat\w*)\b"
    r"|(?:finding|researching|analy[sz]ing|determining|identifying|examining|establishing)\s+(?:the\s+)?(?:cause|reason)\b"
    r"|not\s+(?:yet\s+)?(?:determined|identified|found|established|understood)\b"
    r"|(?:not|no|(?:don|doesn|didn|aren|isn|weren|wasn|dont)(?:'t)?)\s+(?:\w+\s+){0,2}?sure\b|too\s+(?:soon|early)\s+to\s+(?:say|tell|know)\b"
    r"|(?:piecing|putting)\s+together\b|still\s+[a-z]+ing\s+(?:out\s+)?(?:why|how|whether|what|which|when)\b"
    r"|yet\s+to\s+(?:understand|know|find|confirm|determine|establish|identify|learn)\b"
    r"|(?:working|figuring|finding)\s+out\s+(?:the\s+)?(?:cause|reason|origin)\b|(?:origin|source)\s+of\s+the\s+problem\b"
    r"|no\s+(?:details|information|info|news|clarity|answer|timeline|time\s*frame)\s+yet\b"
    r"|(?:don't|do\s+not)\s+have\s+(?:\S+\s+){0,3}?yet\b|looking\s+into\s+(?:why|how|what|whether|which|the\s+cause)\b"
    r"|still\s+(?:unclear|unknown|open|a\s+mystery|being\s+\w+)\b|need\s+(?:more\s+)?time\s+to\s+(?:understand|find|work)\b"
    r"|while\s+we\s+(?:investigate|look\s+into|check|find\s+out)\b|(?:we'll|we\s+will)\s+know\s+more\b"
    r"|under\s+(?:analysis|review)\b|being\s+(?:analy[sz]ed|investigated|checked)\b"
    r"|(?:check|checking|search|searching|look\s+for|looking\s+for|investigat\w+)\s+(?:the\s+)?(?:reason|cause)\b"
    r"|investigating\s+if\b|no\s+estimate\b|can't\s+tell\s+yet\b|(?:do\s+not|don't)\s+know\s+until\b"
    r"|no\s+(?:clue|idea)\b|still\s+(?:search|look|hunt)\w*\s+(?:for\s+)?(?:the\s+)?(?:reason|cause|why)\b"
    r"|(?:isn't|is\s+not|aren't|are\s+not|wasn't)\s+(?:yet\s+)?(?:clear|known|confirmed|certain|sure|understood)\b"
    r"|(?:won't|will\s+not|wont)\s+(?:\w+\s+)?(?:promise|give|commit|estimate)\b"
    r"|(?:won't|will\s+not|wont|can't|cannot|can\s+not)\s+(?:yet\s+)?(?:put|set|name|attach|pin|stick|hang)\s+"
    r"(?:a|an|any)\s+(?:\w+\s+)?(?:time|date|eta|timeline|number|estimate|deadline)\b"
    r"|(?:rca|root\s+cause)\s*:?\s*(?:pending|tbd|tba|\?|unknown|open)"
    r"|not\s+(?:yet\s+)?know\b"
    r"|" + _INQUIRY_VERB
    + r"\s+(?:(?:on\s+|about\s+)?(?:this|it|that)\s+)?(?:whether|why|how|what|which|who|when|where)\b"
    r"|(?:look|search|hunt|dig|fish|check)\w*\s+(?:for|into|after)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}?"
    r"(?:cause|reason|culprit|source|trigger|root|origin|explanation)\b"
    r"|(?:reason|cause|culprit|trigger|source)\s+(?:of\s+(?:the\s+)?\w+\s+)?(?:we|i|they|team)\s+(?:are\s+)?(?:still\s+)?"
    r"(?:search|look|check|investigat|hunt|seek|try)\w*",
    "don do doesn does didn not unknown unclear unconfirmed unsure whether suspect suspects suspected theory likely "
    "possibly probably might tbd have has haven hasn checking investigating looking confirming working figuring "
    "determining still under no can cannot our my a current best may looks we once trying to yet could appear "
    "appears seem seems too isn is aren are wasn won will wont under being check search look no don do looking still "
    "piecing putting aren isn weren wasn dont cause reason why finding researching analysing analyzing determining "
    "identifying examining establishing eta timeline fix mystery hard nobody "
    "need while we'll check checks checked investigate investigates investigated look looked looks confirm confirms "
    "confirmed verify verifies verified verifying work works worked figure figures figured find finds finding "
    "determine determines determined clarify clarifying clarified analyse analyze analyses analyzes analysed "
    "analyzed research researches researched explore explores exploring explored assess assesses assessing assessed "
    "establish establishes establishing established examine examines examining examined evaluate evaluates "
    "evaluating evaluated review reviews reviewing reviewed test tests testing tested trace traces tracing traced "
    "search searches searched ask asks asking asked hunt hunting hunts dig digging digs fish fishing culprit "
    "trigger source rca root rather unable dunno idk as",
)

_KNOW = Finder(
    r"(?:we\s+know|known|confirmed|we\s+see|seeing|we\s+found|found|logs?\s+shows?|reproduced|reports\s+(?:of|from|that)"
    r"|reports?\b(?!\s+(?:quer\w*|jobs?|exports?|generation|pages?|builder|tool|service))|did\s+it"
    r"|reported|dead|stalled|bouncing|bounced|blank|empty|growing|hitting|returns?\s+nothing|returning|timing\s+out"
    r"|\d{3}ing|\d{3}s|[45]xx|queue\s+(?:is\s+)?(?:growing|backed\s+up)|culprit|because|bc|due\s+to|caused|thanks\s+to"
    r"|since|started|began|recovery|error\s+rate|no\s+change|pending|waiting|spik\w+|elevated"
    r"|dropped\s+(?:to|by|from|below)|increased|restored|recovered|mitigated|rolled\s+back"
    r"|still\s+(?:see|sees|seeing|running|has|have|shows?|showing|happening|occurring|going\s+on|appearing)"
    r"|persist(?:s|ing)?|bug\s+(?:on|in|with|affecting)|(?:flowing|working|running|syncing)\s+(?:again|normally)"
    r"|expired|(?:issues?|problems?)\s+with|zeroed|wiped|overwr(?:ote|itten)|(?:ok|okay|fine|normal|visible|correct)\s+again|caught\s+up|back\s+(?:up|for|in|on)\b|done\s+at\s+\d+"
    r"|(?:lag|delay|latency|backlog|queue)\s+(?:is|of|at)\s+~?\s*\d+|(?:map|dashboard|graph|chart|screen|feed)s?\s+shows?"
    r"|(?:re)?buffering)\b|\d+(?:\.\d+)?\s*%",
    "we known confirmed seeing found log logs reproduced reports reported since started began recovery dead stalled "
    "bouncing bounced blank empty growing hitting returns return returning timing queue culprit because bc due caused "
    "thanks report did "
    "error no pending waiting spike spiked spikes spiking elevated dropped increased restored recovered mitigated "
    "rolled still persist persists persisting bug flowing working running syncing buffering rebuffering ok okay "
    "expired issue issues problem problems zeroed wiped overwrote overwritten fine normal visible correct caught "
    "back done "
    "lag delay latency backlog map "
    "dashboard graph chart screen feed "
    "maps dashboards graphs charts screens feeds",
    numbers=True,
)
_WHO = Finder(
    r"(?:customers?|users?|accounts?|clients?|merchants?|shoppers?|tenants?|subscribers?|buyers?|members?"
    r"|organi[sz]ations?|orgs?|companies|businesses|people|everyone|everybody|plan|tier|region|cohort|segment"
    r"|stores?|storefronts?|shops?|sessions|workspaces?|sites|partners?|accts?|clinics?|practices|shippers?|patients?"
    r"|students?|schools?|drivers?|riders?|sellers?|vendors|restaurants?|households|enterprise|teams|venues?|hotels?"
    r"|agencies|firms|brands?|integrations|ws|wss|ppl|subs|studios?|first-?years|freshers)\b"
    r"|(?:over|under)-?\d{2}s\b|anyone\s+(?:who|trying|booking|using|with|on|renewing|paying)\b"
    r"|who(?:\s+exactly)?(?:'s|\s+is)\s+(?:exactly\s+)?(?:affected|impacted)\s+(?:is\s+)?(?:unclear|unknown|not\s+(?:yet\s+)?(?:known|clear))"
    r"|(?:who(?:'s|\s+is)\s+(?:affected|impacted)|how\s+many)\s+(?:is\s+)?(?:not\s+(?:yet\s+)?known|unknown|unclear|tbd)\b"
    r"|who(?:'s|\s+is)\s+(?:affected|impacted|hit)\b[^.!?\n]{0,40}?(?:isn't|is\s+not|not\s+(?:yet\s+)?(?:known|clear)"
    r"|unknown|unclear)",
    "customer customers user users account accounts client clients merchant merchants shopper shoppers tenant "
    "tenants subscriber subscribers buyer buyers member members organisation organisations organization "
    "organizations org orgs companies businesses people everyone everybody plan tier region cohort segment store "
    "stores storefront storefronts shop shops sessions workspace workspaces sites partner partners acct accts clinic "
    "clinics practices shipper shippers patient patients student students school schools driver drivers rider riders "
    "seller sellers vendors restaurant restaurants households enterprise teams venue venues hotel hotels agencies "
    "firms brand brands integrations who how ws wss ppl subs studio studios first firstyears freshers over under "
    "anyone",
)
_WHO_NAMED = Finder(
    r"(?i:(?:still\s+)?(?:can't|cannot|is\s+blocked|reports?|reported|is\s+affected|sees|saw))\b",
    "still can cannot is report reports reported sees saw",
    before=r"\b[A-Z][a-z]+\s+",
    flags=0,
)
"""'Acme still can't export': a customer named as the subject of the failure."""
_NEXT_CHECK = Finder(
    r"next\s*(?::(?!\s*\d)|step\b|check\b|we\b|up\b)|next\b(?!\s+(?:update|upd|post|message|check-?in|ping|note|info"
    r"|information|comms|sitrep|email|mail|report|round|news|word|notice)|\s*:?\s*\d)"
    # checks need something to check ("checking the logs", not "still checking" or "look at this")
    r"|(?:check(?:s|ing)?|look(?:s|ing)?\s+at)\s+(?!(?:in|up|this|it|that|things)\b)[\w\u0027\u2019\u0022(]"
    r"|(?:test(?:s|ing)?|compar(?:e|es|ing)|inspect(?:s|ing)?|review(?:s|ing)?|verify(?:ing)?|verifies"
    r"|reproduc(?:e|es|ing)|pull(?:s|ing)?|trac(?:e|es|ing)|dig(?:s|ging)?\s+into|watch(?:es|ing)?"
    r"|monitor(?:s|ing)?)\s+[\w\u0027\u2019\u0022(]"
    # repairs and concrete steps: the step itself is the plan
    r"|(?:revert(?:s|ing)?|disabl(?:e|es|ing)|paus(?:e|es|ing)|restart(?:s|ing)?|re-?run(?:s|ning)?"
    r"|rotat(?:e|es|ing)|replay(?:s|ing)?|fail(?:s|ing)?\s+over|restor(?:e|es|ing)|deploying"
    r"|roll(?:s|ing)?\s+back|promot(?:e|es|ing)|turn(?:s|ing)?\s+(?:\S+\s+){0,3}?(?:off|on)\b"
    r"|switch(?:es|ing)?\s+(?:to|over|off|on|the|a|an|back|it|them|all|our)\b"
    r"|drain(?:s|ing)?|scal(?:e|es|ing)\s+(?:up|out)|patch(?:es|ing)?"
    r"|(?:updat|renew|re-?add|add|profil|bump|re-?index|reindex|rebuild|re-?send|resend|clear|purg|flush|increas|rais"
    r"|apply|releas|swap|migrat|fix|rerout|re-?rout|contact|call|email)ing\b"
    r"|(?:renew|profile|bump|re-?index|reindexe|rebuild|re-?send|resend|purge|flushe|reroute|re-?add)s\b"
    r"|re-?(?!port|ceiv|cover|ad|al|ach|ply|spond|main|turn|quest|gard|lat|f[eu]s|ject|buffer|sid|ly|main|fer)[a-z]{3,}ing\b"
    r"|diffing\b"
    r"|on\s+the\s+phone\s+with\b|talking\s+to\s+(?:the|our|their)\b|in\s+touch\s+with\b"
    r"|(?:grabb|collect|captur|bisect|tail|query|queryi|provision|validat|spinn)ing\b|spinning\s+up\b"
    r"|(?:reaching\s+out|talking)\s+to\s+(?:the|our|their)\b|(?:opening|raising|filing)\s+(?:a\s+)?(?:ticket|case)\b"
    r"|step\s*\d|first\s+step\b|next\s+steps?\b"
    r"|being\s+(?:reverted|rolled\s+back|restarted|re-?run|patched|fixed|replaced|rotated|renewed|re-?deployed|deployed"
    r"|rebuilt|re-?indexed|drained|failed\s+over|regenerated|re-?sent)\b"
    r"|(?:has|have|having|set\s+up|booked|on)\s+a\s+call\s+with\b|swapping\b|switching\b"
    r"|(?:started|starting|kicked\s+off|kicking\s+off|begun|began)\s+(?:the|a|an)\s+\w+|failover\b"
    r"|(?:action|plan|todo|to\s+do)\s*:|tr(?:y|ies|ying)\s+(?:a|an|the|to|rotating|restarting|\w+ing)\b"
    r"|in\s+progress\b|under\s*way\b|(?:is|are)\s+running\b|goes\s+out\b|going\s+out\b|takes\s+the\b"
    r"|\brb\b|\brollback\b)\b"
    r"|logs?\b|diff\b|recent\s+changes\b"
    r"|(?:fix|patch|hotfix|revert)\s+(?:is\s+)?(?:merged|deploying|going\s+out|rolling\s+out|in\s+review)\b"
    r"|(?:call|meeting|bridge|sync)\s+(?:with\s+\S+\s+)?at\s+\d"
    r"|(?:heading|driving|going|walking|cycling)\s+(?:out\s+|over\s+|down\s+)?to\s+(?:the\s+)?(?:[\w-]+)"
    r"|shipping\s+(?:v?\d|the\s+(?:fix|patch|hotfix|build))",
    "next check checks checking look looks looking test tests testing compare compares comparing inspect inspects "
    "inspecting review reviews reviewing verify verifying verifies reproduce reproduces reproducing pull pulls "
    "pulling trace traces tracing dig digs digging watch watches watching monitor monitors monitoring revert "
    "reverts reverting disable disables disabling pause pauses pausing restart restarts restarting re rerun reruns "
    "rerunning rotate rotates rotating replay replays replaying fail fails failing restore restores restoring "
    "deploying roll rolls rolling promote promotes promoting turn turns turning switch switches switching drain "
    "drains draining scale scales scaling patch patches patching log logs diff recent updating updates renewing "
    "renews readding adding adds profiling profiles bumping bumps reindexing reindexes rebuilding rebuilds resending "
    "resends clearing clears purging purges flushing flushes increasing increases raising raises applying applies "
    "pushing pushes releasing releases swapping swaps migrating migrates fixing fixes rerouting reroutes contacting "
    "contacts calling calls emailing emails in under underway is are goes going takes rb rollback diffing on "
    "talking action plan todo to try tries trying started starting kicked kicking begun began failover has have "
    "having set booked swapping switching being grabbing collecting capturing bisecting tailing querying "
    "provisioning validating spinning reaching opening raising filing step first fix patch hotfix revert release "
    "build version heading driving walking cycling shipping call meeting bridge sync",
    prefixes="re",
)
_RELEASE_ON_ITS_WAY = Finder(
    r"(?:v?\d+\.\d+(?:\.\d+)?|fix|patch|hotfix|release|build|version)\s+(?:will\s+be|'ll\s+be|is\s+going\s+to\s+be)\s+"
    r"(?:live|in|out|deployed|shipped)\b",
    "fix patch hotfix release build version v", numbers=True,
)
"""'6.4.1 will be live in Google Play in 90 mins', 'fix will be out in 30 minutes': a repair on its way
(CONVENTIONS 26)."""
_ON_A_STEP = Finder(
    r"on\s+(?:a\s+call\s+|the\s+phone\s+)?with\s+\w+|on\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:swap|rollback|roll-?back|revert|fix|restart|failover|migration|patch|re-?run"
    r"|backfill|cutover|redeploy|hotfix|rotation|renewal|override|bypass|replay|test|reindex|resync)\b",
    "on",
    before=r"(?:(?-i:\b[A-Z][a-zà-ÿ]+)(?<!ing)|\b(?:i'm|we're|i\s+am|we\s+are|is|are|'s|'re))\s+(?:now\s+|already\s+)?",
)
"""'Ana on the alias swap at 19:35', 'we're on the rollback': someone holding a step."""
_NAMED_STEP = re.compile(
    r"[A-Z][a-z]+(?:['’]s|\s+is|\s+will|\s+to|\s+then|\s+now)?\s+(?!(?:is|are|was|were|has|have|had|on|and|or|in|at|to"
    r"|for|with|the|a|an|looking|investigating|digging|working|aware|says|said|thinks|reports?|reported|agrees|knows"
    r"|sees|seems|means|goes|gets|wants|needs|hopes|is|has|does|was|this|that|its|it|things|news|plus|always|also"
    r"|already|still|please|thanks|sorry|yes|no|ok|okay|as|us|our|was|cannot|can't|can|could|would|should|failing"
    r"|owning|owns|handling|handles|leading|leads|coordinating|driving|managing|covering|dying|erroring|growing"
    r"|climbing|rising|falling|spiking|stalling|flapping|lagging|recovering|hanging|dropping|degrading|struggling"
    r"|fails|crashing|crashes|errors|timing|not|never|again|cleaning|generating|checking|loading|showing"
    r"|returning|working|waiting|trying\s+to\s+understand|across|perhaps|always|sometimes|towards|besides|thus"
    r"|printing|processing|billing|pricing|shipping|booking|bookings|settings|reports|sessions|payments|logins"
    r"|invoices|orders|accounts|users|customers|emails|notifications|uploads|exports|imports|jobs)\b)"
    r"[a-z]{2,}(?:-[a-z]+)*(?:s|ing)\b(?!\s+(?:fail\w*|is|are|was|were|has|have|had|down|broken|stuck|slow|blank|not|isn't|aren't"
    r"|timing|returning|errors?|erroring|crash\w*|keeps?|still|since|for)\b)"
)
"""'Jo profiles the report queries', 'Sam updates it now', 'Maya tries a manual sync': a person named with
a step is an assigned next check."""


_NAMED_STEP_LOWER = re.compile(r"(?i:[a-z]+\s+)(?P<verb>" + _NAMED_STEP.pattern[_NAMED_STEP.pattern.index("(?!"):]
                               + r")", re.IGNORECASE)
_NOT_PEOPLE_WORDS = """some all most many few several every each any one two three four five six seven eight nine ten
    only just still maybe perhaps probably currently right now here there yes thanks hi hello dear"""
_NOT_PEOPLE = NOT_NAMES | frozenset(_NOT_PEOPLE_WORDS.split())


_CLAUSE_START_CHARS = frozenset(".;,:!?\n+&")
_STEP_HAS_OBJECT = rx(r"\s+(?:(?:up|out|over|off|back|down)\s+(?=[a-z0-9~]))?(?!(?:it|this|that|things|in|on|at|for"
                      r"|since|again|up|down|now|out|around|about|with|to|from|of)\b)[a-z0-9~]"
                      r"|\s+(?:it|them)\s+(?:off|on|back|over|out)\b")
"""What a lower-case step acts on: 'setting up email fallback', 'flipping it off'; not 'looking at it'."""


def _named_steps(doc: Doc) -> bool:
    """A capitalised name with a step ('Sam updates it now'), or, as chat is typed, a lower-case name
    opening a clause with a step and its object ('devika flipping the flag', 'sven pinning v7')."""
    text = doc.text
    for word, starts in doc.index.items():
        # a plural noun starting a sentence ("Invoices are...") is no name
        if word in _NOT_PEOPLE or len(word) < 2 or not word.isalpha() or word == "still":
            continue
        plural = word.endswith("s") and not word.endswith(("as", "os", "is", "us"))  # Lukas, Carlos, Iris
        for p in starts:
            if p and text[p - 1].isalnum():
                continue
            if text[p].isupper():
                named = None if plural else doc.match(_NAMED_STEP, p, p + 60)
                if named and not is_people_plural(named.group().split()[-1]):
                    return True  # "Weekend visitors", "Lisbon riders" are people, not a name and a step
                continue
            j = p - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if (j >= 0 and text[j] not in _CLAUSE_START_CHARS) or is_people_plural(word):
                continue
            m = doc.match(_NAMED_STEP_LOWER, p, p + 60)
            if m and m.group("verb").endswith("ing") and doc.match(_STEP_HAS_OBJECT, m.end()):
                return True
    return False
_PROGRESSIVE_STEP = Finder(
    r"(?:we're|we\s+are|i'm|i\s+am|is|are|'s|'re)\s+(?:now\s+|also\s+|currently\s+)?"
    r"(?!(?:looking|investigating|digging|working|trying|seeing|getting|having|experiencing|noticing|receiving|hearing"
    r"|waiting|going|being|doing|still|failing|timing|returning|showing|running\s+(?:slow|late)|affecting|impacting"
    r"|causing|hitting|coming|paging|escalating|cleaning|handling|dealing|following|tracking|watching\s+it)\b)"
    r"[a-z]{3,}ing\s+(?:the|a|an|our|their|all|each|every|one|two|some|this|that|\w+'s|[a-z]+s\b)",
    "we're we i'm i is are 's 're",
)
"""'We're grabbing a heap dump', 'Jo is profiling queries': a step in progress with its object."""
_NEXT_NEGATED = rx(
    r"(?:n't|\bnot|\bnever|\bnobody|\bno\s+one|supposed\s+to|meant\s+to|should\s+have"
    r"|(?:can|could|would|will)\s+(?:some\s*one|somebody|anyone|anybody)(?:\s+please)?(?:\s+\w+){0,2}"
    r"|(?:some\s*one|somebody|anyone)\s+(?:should|needs?\s+to|has\s+to|must|could|might)(?:\s+\w+)?"
    r"|(?:some\s*one|somebody|anyone|any\s+one)\s+(?:pls|plz|please|pl[sz]e)(?:\s+\w+)?"
    r"|(?:pls|plz|please)\s+(?:can\s+|could\s+)?(?:some\s*one|somebody|anyone)(?:\s+\w+)?"
    r"|(?:\bnobody|\bno\s+one)\s+(?:will|would|can|could|is|has|'ll|'s)(?:\s+(?:be|yet|now))?)\s+$"
)
_ACCOUNT_NUMBER = Finder(r"account\s+\d", "account")


def _verb_forms(verbs: str) -> tuple[str, ...]:
    """Base, third person and -ing form of each verb ('swap' -> swap swaps swapping); a doubled final
    consonant is written in the list as 'swap+'."""
    out: list[str] = []
    for v in verbs.split():
        double = v.endswith("+")
        v = v.rstrip("+")
        third = v + "es" if v.endswith(("s", "sh", "ch", "x", "z")) else v[:-1] + "ies" if v.endswith("y") and \
            v[-2] not in "aeiou" else v + "s"
        ing = v + v[-1] + "ing" if double else v[:-1] + "ing" if v.endswith("e") and not v.endswith("ee") else v + "ing"
        out += [v, third, ing]
    return tuple(dict.fromkeys(out))


_REPAIR_VERBS = _verb_forms(
    "adapt upload re-upload move migrate swap+ switch replace renew rotate revert restart redeploy deploy ship+ push "
    "apply update patch fix rebuild reindex rerun re-run purge flush clear raise bump scale disable enable toggle "
    "pin+ unpin+ block unblock allowlist whitelist reroute drain reconfigure configure re-auth reauth rewrite adjust "
    "tweak change edit install reinstall regenerate reissue refresh reload import backfill replay resend requeue "
    "resync merge rebuild remove delete add increase lower reduce extend kill stop+ resume retry release publish "
    "repoint point downgrade upgrade correct repair restore reset re-enable hotfix pause throttle isolate quarantine "
    "cordon evict recycle bounce promote re-sign roll"
)
_INQUIRY_VERBS = _verb_forms(
    "check test compare verify inspect review trace profile reproduce diff audit query grep scan benchmark measure "
    "look confirm validate analyse analyze examine"
)
_STEP_OBJECT = (
    r"(?:the|a|an|our|their|its|his|her|this|that|these|those|all|every|each|new|old|both|one|two|some|\w+'s"
    r"|(?:to|over|back|off|out)\s+(?:the|a|an|our|their|its|\w+'s|new|old|v?\d)"
    r"|(?!(?:it|this|that|them)\b)[a-z0-9](?:[\w/-]|\.(?=\w))*\s+(?:now|first|next|again))\b"
)
_VAGUE_OBJECT = r"(?!(?:the|a|an|this|that)\s+(?:problem|issue|incident|outage|thing|things|situation|matter|mess)\b)"
_ACTION_STEP = Finder(
    r"(?:(?:will|'ll|shall|going\s+to|gonna|goin\s+to)\s+(?:now\s+|first\s+|then\s+|also\s+|quickly\s+)?)?"
    r"(?:(?:" + "|".join(_REPAIR_VERBS) + r")\s+"
    r"(?:" + _STEP_OBJECT + r"|(?:it|them)\s+(?:now|first|next|again|back|over)\b)"
    r"|(?:" + "|".join(_INQUIRY_VERBS) + r")\s+(?:at\s+)?" + _VAGUE_OBJECT + _STEP_OBJECT + r")"
    # a release on its way: "7.1.1 goes to the Play Store tonight", "the hotfix ships at 09:00"
    r"|(?:goes|go|going|ships?|shipping|lands?|landing|rolls?\s+out|rolling\s+out)\s+(?:out\s+)?to\s+(?:the\s+)?"
    r"(?:app\s+store|play\s+store|stores?|prod\w*|production|customers|users|everyone)\b"
    r"|(?:fix|patch|hotfix|build|release|version|revert|rollback)\s+(?:\S+\s+){0,2}?(?:ships|lands|goes\s+(?:out|live)"
    r"|rolls\s+out)\b",
    " ".join((*_REPAIR_VERBS, *_INQUIRY_VERBS)) + " will 'll shall going gonna goin goes go ships ship shipping lands "
    "land landing rolls roll rolling fix patch hotfix build release version revert rollback",
)
"""A step named with its verb and what it acts on, however it is conjugated: 'I adapt the parser',
'jonas uploading the new cert', 'adapting it now', 'will look the consumer first', 'Lukas moving to the
new endpoint'. Inquiry verbs need a real object ('check the logs', not 'check it')."""
_PEOPLE_BEFORE = rx(
    r"\b(?:users?|customers?|clients?|people|members?|shoppers?|anyone|everyone|who|buyers?|sellers?|patients?"
    r"|students?|drivers?|merchants?|you)\s+$"
)
"""'customers uploading the new format see errors': people doing it are not a step."""


def _action_step(doc: Doc) -> bool:
    for hit in _ACTION_STEP.hits(doc):
        if (doc.search(_NEXT_NEGATED, hit.start - 40, hit.start)
                or doc.search(_PEOPLE_BEFORE, hit.start - 20, hit.start) or _not_a_plan(doc, hit.start)):
            continue
        if doc.search(_CONDITIONAL_BEFORE, hit.start - 20, hit.start) and not doc.match(_MODAL_START, hit.start):
            continue
        return True
    return False


_MODAL_START = rx(r"(?:will|'ll|shall|going|gonna|goin)\b")


def _guarded(doc: Doc, hit: Hit) -> bool:
    """True when the words before the hit make it a condition or a negation, not a statement."""
    start = hit.start
    if doc.text.startswith(("'", "’"), start):  # "when it's fixed": read the condition before "it"
        while start > 0 and doc.text[start - 1].isalnum():
            start -= 1
    return bool(doc.search(_CONDITIONAL_BEFORE, start - 30, start)
                or doc.search(_NEGATED_BEFORE, start - 30, start))


_ONGOING = rx(
    r"\bstill\s+(?:fail\w*|down|broken|slow|stuck|delayed|not|erroring|timing|unavailable|affected|see\w*|missing)\b"
    r"|(?:is|are|'re|'s)\s+(?:still\s+)?(?:failing|down|broken|stuck|delayed|slow|timing\s+out|unavailable|crashing"
    r"|erroring)\b|\b(?:fail|fails|crash|crashes)\b|\bcan't\b|\bcannot\b"
    r"|(?:don't|do\s+not)\s+(?:yet\s+)?know\b|not\s+(?:yet\s+)?(?:sure|confirmed|known|clear)\b|\bwhether\b|\bunclear\b"
)
"""A failure still going on, or a question still open: then the update is not a final one."""
_FUTURE_BEFORE = rx(
    r"\b(?:will|'ll|should|expect\w*|hope|hoping|going\s+to|aim|plan|soon|to)\s+(?:\S+\s+){0,4}$"
)


def is_closing(doc: Doc) -> bool:
    """The update confirms recovery (a final message), so it needs no fails/unknown/next update."""
    for finder in _CLOSURE:
        for h in finder.hits(doc):
            if _guarded(doc, h) or doc.search(_FUTURE_BEFORE, h.start - 40, h.start):
                continue
            return not _ongoing(doc)
    return False


_NEGATED_NEAR = rx(r"(?:\bnothing|\bno|\bnot|n't|\bnever|\bnone|\bnobody)\s+(?:\S+\s+){0,4}$")


def _ongoing(doc: Doc) -> bool:
    return any(not doc.search(_NEGATED_NEAR, m.start() - 40, m.start()) for m in doc.all_in(_ONGOING, 0, len(doc.text)))


def _works(doc: Doc) -> bool:
    for hit in _WORKS.hits(doc):
        if _guarded(doc, hit):
            continue
        if hit.match.group().lower().startswith(("is ", "are ", "still ")) and doc.search(
                _WORKS_SUBJECT_US, hit.start - 30, hit.start):
            continue  # "we are working on it", "we're still finding out why"
        return True
    if any(not _guarded(doc, h) for h in _WORKS_BARE.hits(doc)):
        return True
    return bool(_WORKS_STATUS.hits(doc)) or is_closing(doc) or _workaround(doc)


_OPEN_QUESTION_BEFORE = rx(r"\b(?:whether|if)\s+(?:[^\s.!?;]+\s+){0,7}$")
"""'not sure whether any webhooks arrived late': the failure is the open question, not a statement."""
_SCOPE_QUESTION_BEFORE = rx(r"\b(?:which|who|how\s+many|what)\s+(?:[^\s.!?;]+\s+){0,7}$")
"""'still checking which accounts are affected': who is hit is open, and nothing says what fails."""
_NAMED_FAILURE = rx(r"(?:errors?|failures?|issues?|problems?|outage|bugs?)\b")
_AFFECTED = rx(r"(?:is|are)\s+affected\b|affected\s+by\b")


def _open_question(doc: Doc, hit: Hit) -> bool:
    """A problem word that only asks whether something fails; a failure named as a noun still names it
    ("whether the rollback fixed the export errors")."""
    start = max(doc.clause_of(hit.start)[0], hit.start - 80)
    if doc.match(_NAMED_FAILURE, hit.start):
        return False
    if doc.search(_OPEN_QUESTION_BEFORE, start, hit.start):
        return True
    return bool(doc.match(_AFFECTED, hit.start) and doc.search(_SCOPE_QUESTION_BEFORE, start, hit.start))


_AFFECTED_ONLY = rx(r"(?:(?:is|are|were|was)\s+)?(?:affected|impacted)\b")
_COMPONENT_SUBJECT = rx(r"\s*(?:(?:the|our|a|an|its|their|this|that|your)\s+)?"
                        r"(?:(?!(?:via|for|on|in|of|with|from|to|at|by|is|are|was|were)\b)[\w-]+\s+){0,2}$")
"""Only a determiner in front of the internal part: it heads the subject ('the ClamAV sidecar is timing out'),
rather than qualifying a function named first ('alerts via APNs are delayed')."""
_COMPONENT_GAP = 44


def _about_a_component(doc: Doc, hit: Hit) -> bool:
    """A failure said of an internal part only ('the rounds-import cron failed', 'registry-svc is 500ing')
    says nothing a reader can repeat about what fails for them (CONVENTIONS 20)."""
    c_start, _ = doc.clause_of(hit.start)
    for s, e in memoized(doc, "jargon", find_jargon):
        if c_start <= s < hit.start and hit.start - e <= _COMPONENT_GAP and "," not in doc.text[e:hit.start]:
            return bool(doc.fullmatch(_COMPONENT_SUBJECT, c_start, s))
    return False


def _fails(doc: Doc, *, who_counts: bool = True, components_count: bool = False) -> bool:
    """Whether a failure is named. With `who_counts=False` a bare 'customers on the add-on are affected' does
    not count (it says who, not what: CONVENTIONS 22); with `components_count` an internal part failing does
    (a fact for the team, though no answer for a customer)."""
    blocked = Spans((h.start, h.end) for h in _FAILS_NOT.hits(doc))
    for hit in _FAILS.hits(doc):
        if blocked.holds(hit.start) or (not components_count and _about_a_component(doc, hit)):
            continue
        if not who_counts and doc.match(_AFFECTED_ONLY, hit.start):
            continue
        if _open_question(doc, hit):
            continue
        if hit.match.group().lower().startswith(("is ", "are ")) and doc.search(
                _CONDITIONAL_BEFORE, hit.start - 30, hit.start):
            continue  # "unclear whether exports are affected"
        return True
    for hit in _FAILS_NEGATED.hits(doc):
        if hit.match["verb"].lower() in _NOT_FAILURE_VERBS or blocked.holds(hit.start):
            continue
        if doc.search(_FAILS_NEGATED_SUBJECT_US, hit.start - 30, hit.start) or _open_question(doc, hit):
            continue
        return True
    return False


def _any(finder: Finder, doc: Doc) -> bool:
    return bool(finder.hits(doc))


def _missing(present: bool) -> list[Span]:
    return [] if present else [ABSENT]


def find_missing_what_works(doc: Doc) -> list[Span]:
    return _missing(_works(doc) and not works_non_answer(doc, _fails(doc)))


def find_vague_next_check(doc: Doc) -> list[Span]:
    return vague.find_vague_next_check(doc, concrete=not find_missing_next_check(doc))


def find_vague_content(doc: Doc) -> list[Span]:
    return vague.find_vague_content(doc, names_a_failure=_fails(doc))


def find_missing_what_fails(doc: Doc) -> list[Span]:
    return _missing(_fails(doc) or is_closing(doc))


def find_missing_what_is_unknown(doc: Doc) -> list[Span]:
    return _missing(_any(_UNKNOWN, doc) or is_closing(doc))


_NOTHING_BEFORE = rx(r"(?:\bnothing|\bno|\bnot|n't|\bnever)\s+(?:\S+\s+)?$")


def _known(doc: Doc) -> bool:
    return any(not doc.search(_NOTHING_BEFORE, h.start - 20, h.start) for h in _KNOW.hits(doc))


_EVENT_AT = Finder(r"(?:at|around)\s+~?\d{1,2}[:.]\d{2}\b", "at around",
                   before=r"\b(?:[a-z]{3,}ed|went(?:\s+out)?|sent|began|stopped|broke|ran|came|fell|hit)\s+(?:to\s+\S+\s+)?")
"""Something that happened at a time: 'approvals tanked at 13:04', 'fell to 61% at 13:04' (a start time is a
fact, CONVENTIONS 22); 'Nadia checks the list at 15:20' is a plan, not an event."""


_COUNT_DONE_TO = rx(r"(?<![\w:.])\d[\d,]*\s+(?:[a-z]+\s+){0,2}?(?:sent|failed|delivered|processed|printed|cancell?ed"
                    r"|billed"
                    r"|stuck|queued|dropped|rejected|lost|charged|refunded|missed)\b")
"""'0 sent for tomorrow', '1,140 bookings cancelled overnight', '~7,500 customers billed': a counted fact."""


def find_missing_what_we_know(doc: Doc) -> list[Span]:
    return _missing(_fails(doc, who_counts=False, components_count=True) or _known(doc) or is_closing(doc)
                    or bool(_EVENT_AT.hits(doc))
                    or _cause_stated(doc) or bool(doc.numbers() and doc.scan(_COUNT_DONE_TO)))


def _cause_stated(doc: Doc) -> bool:
    """A cause claim is a finding ('clock drifted, meaning every token looks expired'); a fault attribution
    ('this is human error', 'X's fault') is blame, not a fact about the problem."""
    claims = memoized(doc, "root_cause_claim", find_root_cause_claims)
    if not claims:
        return False
    blamed = Spans(memoized(doc, "blame", find_blame))
    return any(not blamed.holds(s) and not blamed.holds(max(e - 1, s)) for s, e in claims)


_GROUP_NOUN_WORDS = """fans guests households families residents citizens staff employees trainees pupils parents pax
    couples subs councils undergraduates graduates postgraduates delegates candidates associates
    teachers
    doctors nurses pharmacies libraries branches patrons homes travellers travelers passengers commuters artists
    clinicians physicians technicians musicians librarians pharmacists dentists therapists"""
_GROUP_NOUNS = frozenset(_GROUP_NOUN_WORDS.split())
"""Groups of people that no agentive ending gives away."""
_NOT_GROUP_WORDS = """servers workers containers routers brokers consumers producers handlers schedulers loaders
    buffers headers parameters counters timers orders numbers filters printers scanners meters chargers trackers
    computers controllers clusters layers folders papers letters transfers vouchers markers sliders
    errors monitors sensors processors connectors adapters indicators detectors vectors factors selectors iterators
    generators doors floors colors colours mirrors descriptors calculators lockers stickers trailers boosters
    reminders banners posters answers letters numbers
    payments shipments documents attachments components deployments environments events elements requirements
    statements settlements comments contents agreements amendments incidents moments assignments adjustments
    currents variants grants constants percents intents fees trees degrees lists playlists checklists
    engineers developers responders"""
_NOT_GROUPS = frozenset(_NOT_GROUP_WORDS.split())
_AGENTIVE_ENDINGS = ("ers", "ors", "ees", "ists", "ians", "ents", "ants")
_GROUP_BEFORE = rx(r"(?:\bfor|\bto|\ball|\bevery|\bour|\bof|\bmany|\bsome|\bseveral|\bmost|\bother|~?\d[\d,.]*\s*k?\+?)"
                   r"\s+(?:[\w/&-]+\s+){0,3}(?:\w+-)?$")
_GROUP_AFTER = rx(r"\s+(?:are\s+|were\s+|still\s+)?(?:[a-z]{3,}ing\b|affected|impacted|hit|can't|cannot|can\s+not"
                  r"|unable"
                  r"|stuck|waiting"
                  r"|seeing|getting|dropping|losing|missing|blocked|locked\s+out|trying|booking|buying|using|renewing"
                  r"|paying|moving|rebuffering|checking|can|could|queu(?:e?ing)|doing|report(?:ed|ing)?|see)\b")


def is_people_plural(word: str) -> bool:
    """A plural noun for people: an agentive ending ('podcasters', 'cardholders') or a known group ('fans'),
    not a thing with the same ending ('servers', 'payments')."""
    word = word.lower()
    if word in _NOT_GROUPS or not word.isalpha():
        return False
    return word in _GROUP_NOUNS or (len(word) > 5 and word.endswith(_AGENTIVE_ENDINGS))


_GROUP_LABEL_BEFORE = rx(r"(?:(?:affected|impacted|who|scope|hit)\s*:|^|[.;!?\n])\s*(?:[\w/&+\u0027\u2019-]+\s+){0,3}$")
"""'Affected: fans in the queue', 'Impacted: UK debit cardholders', or a sentence that is only the group
('uk debit cardholders.')."""
_GROUP_ALONE_AFTER = rx(r"\s*(?:[.;,:!?\n+&]|$|\(|w/|(?:in|on|at|from|across|using|with|who|that|of|and)\b)")


def _group_of_people(doc: Doc) -> bool:
    """'~140 employers', 'all ranked players', 'cardholders are affected': a plural noun for people
    (an agentive ending, or a known group) with a cue that it is who is hit (a number or quantifier
    before it, or 'affected' after it). Things with the same endings (servers, payments) are not."""
    for word, starts in doc.index.items():
        if not is_people_plural(word):
            continue
        for p in starts:
            end = p + len(word)
            if doc.search(_GROUP_BEFORE, max(0, p - 60), p) or doc.match(_GROUP_AFTER, end):
                return True
            label = doc.search(_GROUP_LABEL_BEFORE, max(0, p - 60), p)
            if label and (label.group().rstrip().endswith(":") or ":" in label.group()
                          or doc.match(_GROUP_ALONE_AFTER, end)):
                return True  # after "Who:" / "Affected:" any group of people answers it
    return False


_EVERY_ONE = Finder(r"(?:every|each|any)\s+(?:[\w-]+\s+)?(?P<one>[a-z]{4,}(?:er|or|ant|ent|ian|ist|ee))\b"
                    r"|whoever\s+(?:books|uses|buys|tries|pays|orders|logs\s+in|signs\s+in|checks\s+in|visits|opens|joins"
                    r"|renews|travels|rides)\b", "every each any whoever")
"""'every owner with a recurring walk', 'whoever books an evening seat': one person standing for the group."""


def find_missing_who_is_affected(doc: Doc) -> list[Span]:
    return _missing(_any(_WHO, doc) or _any(_WHO_NAMED, doc) or _any(_ACCOUNT_NUMBER, doc)
                    or _group_of_people(doc)
                    or any(h.match["one"] is None or is_people_plural(h.match["one"] + "s")
                           for h in _EVERY_ONE.hits(doc)))


_NOT_A_PLAN_BEFORE = rx(r"(?:\bwithout|\b(?:a|an|the|single|one|no|any|every|each|this|that|our|their|his|her))\s+$")
"""'renewed it without checking the CN', 'a single test ride', 'the points partner': no step planned."""


def _doers_before(doc: Doc, pos: int) -> bool:
    """'drivers renewing online', 'visitors trying to book': people doing it, not a step of ours."""
    before = doc.text[max(0, pos - 30):pos].split()
    return bool(before) and is_people_plural(before[-1].strip(".,;:!?"))


def _not_a_plan(doc: Doc, pos: int) -> bool:
    return bool(doc.search(_NOT_A_PLAN_BEFORE, max(0, pos - 12), pos)) or _doers_before(doc, pos)


_TASK_LIST = re.compile(r"(?:^|[.;\n]\s*)(?P<who>[A-Z][a-zà-ÿ]+):\s+[a-z]{3,}\s+\w")
_LABELS = frozenset(["affected", "impacted", "who", "status", "impact", "cause", "next", "update", "known", "unknown",
                     "fix", "eta", "scope", "note", "action", "plan", "todo"])
"""'Femi: raise limit. Ade: email the 38 affected practices.': a name, a colon, a step."""


def _is_task_owner(word: str) -> bool:
    """'Femi:' in a task list, not a label ('Affected:') or a thing ('Kiosks:')."""
    low = word.lower()
    return low not in _LABELS and low not in NOT_NAMES and not low.endswith("s")


def find_missing_next_check(doc: Doc) -> list[Span]:
    if any(_is_task_owner(m["who"]) for m in doc.scan(_TASK_LIST)):
        return []
    if (_named_steps(doc) or _PROGRESSIVE_STEP.hits(doc) or _ON_A_STEP.hits(doc) or _RELEASE_ON_ITS_WAY.hits(doc)
            or _action_step(doc)):
        return []
    for hit in _NEXT_CHECK.hits(doc):
        if doc.search(_NEXT_NEGATED, hit.start - 40, hit.start) or _not_a_plan(doc, hit.start):
            continue
        if hit.match.group().lower().startswith("next") and vague.placeholder_at(doc, hit.end):
            continue  # "Next check: someone should look at it": the label is filled with a placeholder
        return []
    return [ABSENT]

