"""Claims about why it happened and who did it: root-cause claims (CUS-07) and blame (INT-05).

Root cause: a cue that asserts a cause ("the root cause is", "caused by", "due to", "because",
"the problem is a bad config", "traced it to", "the 9:40 release broke exports") counts only when the
sentence carries no hedge ("we suspect", "likely", "may", "not yet confirmed", "whether", "if", a
question mark), the clause is not negated ("this is not caused by…") and the cause is not just the
incident itself ("the delays caused by this outage"). Timing is the scorer's business: we only say
a claim was made.

Blame: finger-pointing at people while the incident is live. Decisions, also written in the
labelled set's header:
- "failed to" is blame only with a person or team as subject ("Ops failed to renew", "the team
  failed to test"); "the job failed to run" is a system failing. For a name or "they" the verb must be
  something people do ("they failed to tell support"), since "they failed to complete" is usually
  about jobs or retries. "We failed to catch this" is owning it, not blame.
- "should have" is hindsight and counts whatever the subject ("tests should have caught this"):
  that question belongs in the review. Expectations are not blame ("you should have received an
  email", "the export should have finished by now").
"""

from __future__ import annotations

import re

from drills.scoring.textchecks._text import NEGATION, Doc, Finder, Span, is_question, memoized, rx

# ------------------------------------------------------------------ root cause

_CAUSE_NOUN = (
    r"(?:config\w*|setting\w*|change\w*|deploy\w*|release\w*|migration\w*|bug\w*|certificate\w*|cert\w*"
    r"|index\w*|quer(?:y|ies)|memory|cache\w*|dependenc\w+|librar\w+|update\w*|upgrade\w*|patch\w*|commit\w*"
    r"|job\w*|script\w*|network\w*|dns|disk\w*|database\w*|db|validation\w*|code|flag\w*|timeout\w*"
    r"|credential\w*|key\w*|token\w*|limit\w*|regression\w*|typo\w*|race|leak\w*|cron\w*|schema\w*)"
)
_NOT_A_TASK = (r"(?!\s+(?:rollback|roll-back|fix|fixes|revert|recovery|response|comms|communications?|updates?|call"
               r"|coordination|investigation|restore|repair|status\s+page|customer\s+(?:emails?|comms))\b)")
"""'Ana is responsible for the rollback' is a role, not a cause."""
_RC_CUES = (
    Finder(r"root[- ]cause\s+(?:(?:of\s+(?:the|this)\s+\w+\s+)?(?:is|was|:)(?!\s*(?:unknown|unclear|not|tbd|still|under"
           r"|being|a\s+mystery|\?))|has\s+been\s+(?:found|identified|confirmed))", "root"),
    Finder(r"caused\s+by\b", "caused"),
    Finder(r"(?:root\s+)?cause\b", "root cause",
           before=r"\b(?:found|identified|confirmed|determined|pinned\s+down|isolated|located|traced)\s+(?:the\s+)?"),
    Finder(r"know\s+(?:what\s+caused|the\s+(?:root\s+)?cause)", "know"),
    Finder(r"due\s+to\b(?!\s+(?:run|be|start|finish|arrive|go|ship|complete|expire|renew|land|restart|close"
           r"|launch|end|begin|open)\b)", "due"),
    Finder(r"(?:because|bc|b/c|cuz|coz|cos)\b(?!\s+(?:we|you|i)\s+(?:want|need|are|have|'re|'ve|can|will|'ll|would"
           r"|don't|do|haven't|still|think|suspect|know|care|understand|value|appreciate)\b)(?!\s+(?:of\s+)?(?:this|that|it)\b\s*[,.;]?\s*$)",
           "because bc b cuz coz cos"),
    Finder(r"(?:thanks|owing|owed|attributable)\s+to\b(?!\s+(?:everyone|everybody|all\s+of\s+you|all\b|you\b"
           r"|our\s+(?:customers|users|members|team|staff|community)))|on\s+account\s+of\b",
           "thanks owing owed attributable on"),
    # consequence links (D1): "as a consequence of", "as a knock-on effect of", "is the result of", "the root of it is"
    Finder(r"as\s+an?\s+(?:direct\s+|knock-on\s+|side\s+)?(?:effect|consequence|result|side[- ]effect|byproduct)\s+of\b"
           r"|knock-on\s+(?:effect|impact)s?\s+of\b|consequences?\s+of\b(?=\s+(?:a|an|the|our|their|\w+'s|last|this"
           r"|yesterday|today|\d))"
           r"|root\s+of\s+(?:it|this|the\s+\w+)\s+(?:is|was)\b", "as knock consequence consequences root"),
    # a thing held responsible: "the new resizer is responsible", "a faulty update is to blame"
    Finder(r"(?:is|are|was|were)\s+(?:(?:entirely|solely|fully|directly|clearly)\s+)?(?:responsible(?=\s*(?:[,.;:!]|$|for\s+"
           r"(?:the|this|these|it|all)\b" + _NOT_A_TASK + r"))|to\s+blame\b)", "is are was were"),
    # a thing as the subject of a transitive breaking verb: "the import broke the run processing",
    # "fw 4.1.7 broke the handshake", "the PR nuked the cron" (intransitive "exports broke this morning" is a symptom)
    Finder(r"(?:broke|nuked|wrecked|knocked\s+out|took\s+down|brought\s+down|killed|borked|wiped\s+out|took\s+out)\s+"
           r"(?!(?:this|last|again|down"
           r"|at|on|in|overnight|yesterday|today|earlier|around|after|since|when|for|and|but|or|so|here|there|too|as"
           r"|everywhere|twice|once)\b)(?:the|our|all|every|their|its|\w+)\b",
           "broke nuked wrecked knocked took brought killed borked wiped",
           before=r"\b(?!(?:it|this|that|which|what|something|everything|nothing|service|site|app"
           r"|login|logins|exports?|checkout|payments?|page|website)\s)[\w.-]+\s+(?:\S+\s+){0,4}?"),
    # a change, then a consequence link to a failure (D1): "1.15 changed the check so every ticket gets rejected",
    # "the clock drifted 9 min, meaning every token looks expired"
    Finder(r"(?:so|meaning|which\s+means|hence|therefore|thus)\s+(?:that\s+)?(?:\S+\s+){0,5}?(?:fail\w*|reject\w*"
           r"|expired|invalid|broken|can't|cannot|errors?|stuck|blocked|declin\w*|dropp\w*|time[sd]?\s+out|timing\s+out"
           r"|denied|refused|bounced|lost)\b", "so meaning which hence therefore thus",
           before=r"\b[a-z]{3,}(?:ed|ged|ped)\b(?:\s+[^\s.;!?]+){1,8}?,?\s+"),
    Finder(r"(?:led|leads|leading)\s+to\b|resulted\s+in\b"
           r"|(?:is|was|are|were)\s+responsible\s+for\s+(?:the|this|these|it)\b" + _NOT_A_TASK
           + r"|(?:the\s+)?source\s+of\s+(?:the|this)\s+(?:problem|issue|outage|errors?|failures?)\b"
           r"|(?:problem|issue|thing)\s+(?:is|was)\s+that\b|(?:knocked|took)\s+out\b",
           "led leads leading resulted is was are were the source problem issue thing knocked took"),
    Finder(r"(?:which|that|this)(?:'s|\s+is|\s+was)\s+(?:exactly\s+|precisely\s+)?(?:why|what(?:'s|\s+is|\s+was)?\s+"
           r"(?:caus\w+|break\w*|broke|behind|kill\w*|taking|took|got|made|put|tripped|knocked|reject\w*|block\w*|stopp\w*|crash\w*|jamm\w*|overload\w*"
           r"|throttl\w*|choking|flooding))\b|\bis\s+why\b|\bis\s+what\s+(?:broke|caused|killed)",
           "which that this is"),
    Finder(r"(?:culprit|reason|cause|rc|trigger)\s*(?::|=|-|–|\bis\b|\bwas\b)(?!\s*(?:unknown|unclear|not|tbd|still|under|being"
           r"|a\s+mystery|\?))", "culprit reason cause rc trigger"),
    Finder(r"(?:is|was)\s+(?:the\s+)?(?:root\s+cause|cause|culprit|trigger|reason)\b(?!\s+(?:unknown|unclear|not|of\s+concern))",
           "is was"),
    Finder(r"(?:did\s+it|did\s+this|done\s+it|killed\s+\w+|took\s+(?:\w+\s+){1,2}?(?:down|out)|made\s+(?:the\s+)?(?:\S+\s+){0,3}?"
           r"(?:crash|fail|break|stop|hang|freeze|go\s+down))\b", "did done killed took made"),
    Finder(r"(?:so|and|that's\s+how|which\s+is\s+how)\s+(?:this|it)\s+happened\b", "so and that which"),
    Finder(r"(?:was|is|'s)\s+(?:just\s+|simply\s+)?(?:a|an|the|one)\s+(?:bad|broken|faulty|buggy|botched|failed|untested|wrong"
           r"|bad\s+\w+)\s+(?:\w+\s+)?" + _CAUSE_NOUN + r"\b", "was is 's",
           before=r"\b(?:it|this|that|cause|culprit|problem|issue)\s*$"),
    Finder(r"(?:is|'s)\s+(?:all\s+)?on\s+(?-i:[A-Z][a-z]+)\b(?!\s+(?:time|track))", "is 's",
           before=r"\b(?:this|it|that)(?:\s+one)?\s*$"),
    Finder(r"fault\b(?!\s+(?:tolerance|tolerant|line|injection))", "fault",
           before=r"\b(?:[\w-]+'s|their|his|her)\s+(?:own\s+)?"),
    Finder(r"fault\s+of\b|(?:is|'s)\s+(?:all\s+)?on\s+(?:them|him|her|(?:the|our|their)\s+(?:\w+\s+)?(?:team|squad|vendor"
           r"|provider|contractor|intern|side|folks|guys)|\w+'s\s+team)\b"
           r"|(?:and|which|that)\s+caused\s+(?:this|it|the|all)\b"
           r"|(?:human|operator|user)\s+error\b|blame\s+(?:the|our|their)\b",
           "fault is 's human operator user blame and which that"),
    Finder(r"(?:team|squad|vendor|provider|contractor|intern|dev|devs|developers?|engineers?|lead|partner|qa|ops)\s+"
           r"(?:\w+\s+)?(?:broke|killed|took\s+down|messed\s+up|screwed\s+up|caused)\b",
           "team squad vendor provider contractor intern dev devs developer developers engineer engineers lead "
           "partner qa ops"),
    Finder(r"(?:stems?|stemmed|result(?:s|ed)?|originat(?:es|ed))\s+from\b|result\s+of\b|side[- ]effects?\s+of\b",
           "stem stems stemmed result results resulted originates originated side"),
    Finder(r"triggered\s+by\b", "triggered",
           before=r"\b(?!(?:alerts?|alarms?|pages?|monitors?|notifications?|checks?)\s)\w+\s+(?:was|were|is|are|been)\s+"),
    # a participle with its cause, the subject left out: "Triggered by the 8.4 rollout.", "Caused by a bad key."
    Finder(r"(?:triggered|caused|driven|sparked|brought\s+on)\s+by\b", "triggered caused driven sparked brought",
           before=r"(?:^|[.!?;:(\n]|\s-|—)\s*"),
    # a passive whose agent is a faulty thing: "fares were inflated by a faulty estimate"
    Finder(r"by\s+(?:a|an|the|our|their|its)\s+(?:faulty|bad|broken|buggy|botched|wrong|incorrect|misconfigured"
           r"|expired|stale|corrupt\w*|untested|missing|mistyped)\b", "by",
           before=r"\b(?:is|are|was|were|been|being)\s+(?:\S+\s+){1,4}?"),
    # a cause that is a thing, then the effect: "a fault in how we batch caused the delay"
    Finder(r"(?:caused|triggered)\s+(?:the|this|these|those|that|all|our|your|its|every)\b", "caused triggered"),
    Finder(r"(?:boils?|boiled|comes?|came)\s+down\s+to\b|courtesy\s+of\b",
           "boil boils boiled come comes came courtesy"),
    Finder(r"(?:nailed|pinned|tracked|chased)\s+(?:it|this|that|the\s+\w+)\s+(?:down\s+)?(?:to|on)\b",
           "nailed pinned tracked chased"),
    Finder(r"traces?\s+(?:\S+\s+){0,3}?back\s+to\b|(?:origin|source)\s*(?::|=|\bis\b|\bwas\b)"
           r"(?!\s*(?:unknown|unclear|not|tbd|still|under|being|a\s+mystery|\?))", "trace traces origin source"),
    Finder(r"(?:is|are|was|were)\s+at\s+fault\b|(?:is|'s|was)\s+what(?:'s|\s+is|\s+was)\s+\w+ing\b",
           "is are was were 's"),
    # the speaker's cause stated outright: "that's the whole problem", "that's my config change from last night"
    Finder(r"(?:that|this|it)(?:'s|\s+is|\s+was)\s+(?:the\s+)?(?:whole|entire|real|actual|main|only)\s+"
           r"(?:problem|issue|reason|cause|story)"
           r"(?=\s*(?:[,.;:!)]|$|here|right\s+there))"
           r"|(?:that|this)(?:'s|\s+is|\s+was)\s+the\s+(?:problem|issue|culprit|cause|reason)(?=\s*(?:[.;!)]|$))"
           r"|(?:that|this|it)(?:'s|\s+is|\s+was)\s+(?:my|our|his|her|their|\w+'s)\s+(?:own\s+)?(?:\S+\s+){0,2}?"
           + _CAUSE_NOUN + r"\b",
           "that this it", ),
    Finder(r"traced\s+(?:\S+\s+){0,3}?(?:back\s+)?to\b|turned\s+out\s+to\s+be\b", "traced turned"),
    Finder(r"behind\s+(?:the|this|these|our|all|it|them)\b", "behind",
           before=r"\b(?:is|was|are|were)\s+(?:what(?:'s)?\s+)?"),
    Finder(r"what\s+(?:broke|caused|took\s+down|triggered|started)\b", "what", before=r"\b(?:is|was)\s+"),
    Finder(r"(?:comes?|came|coming)\s+from\s+(?:a|an|the|our|their|this|that|yesterday|today|last)\b",
           "come comes came coming"),
    Finder(r"(?:triggered|caused|started|broke)\s+(?:it|this|that|the\s+(?:outage|problem|issue|errors?|failures?|incident"
           r"|crash\w*))\b", "triggered caused started broke",
           before=r"\b(?:" + _CAUSE_NOUN + r"|mistakes?|errors?|failures?|outage|change|update)\s+(?:\S+\s+){0,3}?"),
    Finder(r"(?:pushed|shipped|deployed|merged|released|introduced)\s+(?:a|an)\s+(?:bad|broken|faulty|buggy)\b",
           "pushed shipped deployed merged released introduced"),
    # a thing that took something offline or wiped it: "the 4.2 release took the lockers offline", "drivers got
    # wiped by last night's update", "its testing caused it"
    Finder(r"took\s+(?:\S+\s+){1,3}?offline\b|knocked\s+(?:\S+\s+){1,3}?offline\b"
           r"|(?:got|was|were|been)\s+(?:\w+\s+)?(?:wiped|deleted|corrupted|overwritten|knocked\s+out|taken\s+down"
           r"|knocked\s+offline|reset|erased)\s+by\b|caused\s+(?:it|this|that)\b",
           "took knocked got was were been caused"),
    Finder(r"(?:which\s+means|so|and\s+so|which\s+is\s+why|that's\s+why|hence|as\s+a\s+result)\s+"
           r"(?!(?:you|u|customers|users|members|people|we|they|guests|riders|drivers)\b)(?:\S+\s+){0,4}?"
           r"(?:fail\w*|can't|cannot|errors?|(?:is|are)\s+down|broke|broken|stuck|slow|blows?\s+up|crash\w*)\b",
           "which so and that hence as", before=r"[,;]\s*"),
    Finder(r"(?:problem|issue|fault|bug|culprit|cause|trigger)\s+(?:is|was)\s+(?:(?:in|with)\s+)?(?:\S+\s+){0,3}?"
           + _CAUSE_NOUN + r"\b", "problem issue fault bug culprit cause trigger"),
    Finder(r"(?:related|linked|tied|connected|down)\s+to\b(?!\s+(?:\d|half|zero|nothing|a\s+(?:third|quarter|fraction"
           r"|trickle|crawl)|one\b(?!\s+of)|two|three|four|five|ten))", "related linked tied connected down",
           before=r"(?:\b(?:is|are|was|were)|'s|\d+\s*%|\bentirely|\bpurely|\btotally|\ball)\s+"
           r"(?:(?:directly|clearly|definitely|all)\s+)?"),
    Finder(r"(?:broke|broken|took\s+down|brought\s+down|caused|corrupted|breaking)\b",
           "broke broken took brought caused corrupted breaking",
           before=r"\b(?:" + _CAUSE_NOUN + r"|mistakes?|errors?|failures?|faults?)\s+(?:\S+\s+){0,3}?"
           r"(?:has\s+|is\s+)?"),
    Finder(r"introduced\s+(?:in|by|with)\s+(?:the|this|our|an?|yesterday|today)\b", "introduced"),
)
_HEDGE = rx(
    r"\b(?:as\s+far\s+as\s+(?:we|i)\s+(?:can\s+)?(?:tell|know)|as\s+(?:we|i)\s+understand|leading\s+(?:suspect|candidate)"
    r"|working\s+theory|first\s+guess|lean(?:ing|s)?\s+towards?|can't\s+rule\s+out|cannot\s+rule\s+out"
    r"|suspect\w*|likely|unlikely|probabl[ey]|possib(?:le|ly)|may|might|could|perhaps|maybe|seem\w*"
    r"|appear\w*|apparently|looks?\s+like|think|believe|guess\w*|hypothes\w+|theory|theories|unconfirmed"
    r"|not\s+(?:yet\s+)?(?:confirmed|sure|certain|clear|known)|to\s+be\s+confirmed|tbc|unclear|unknown|unsure"
    r"|whether|if|not\s+saying|(?<!-)checking|investigating|assum\w+|presum\w+|rul(?:e|ed)\s+out|yet\s+to\s+confirm"
    r"|(?:have\s+not|haven't)\s+(?:yet\s+)?confirmed|once\s+(?:we\s+have\s+)?confirmed)\b"
)
"""Words that make a cause a guess. They act on the whole sentence: a hedge anywhere in it wins."""
_GENERIC_CAUSE = rx(
    r"\s*(?:of\s+)?(?:(?:this|the|these|that)\s+(?:issue|outage|incident|problem|disruption|interruption|errors?"
    r"|failures?|downtime|delays?|situation)\b"
    r"|an?\s+(?:error|issue|problem)\s+on\s+(?:our|your)\s+(?:side|end)|an?\s+(?:error|issue|problem)\s+on\s+ours)"
)
"""Causes that only name the incident itself ('due to the outage'): an effect, not a claim."""
_THIS_INCIDENT = rx(r"\s*(?:of\s+)?(?:this|that|it)\s*(?:[,.;:!)]|$)")
_NEGATED_CUE = rx(r"(?:\bnot|n't|\bnever|\bno)\s+(?:\S+\s+){0,2}$")
_NEGATED_LINK = rx(r"(?:\bnot|n't|\bnever)\s+(?:just\s+|only\s+|simply\s+|actually\s+|really\s+)?$")
"""Before a linking word ('because', 'due to') a negation belongs to the clause in front ('shows no slots
because of a config change', "isn't updating because the feed stopped"); only one right before the link
turns it around ('not because of the deploy', "wasn't just due to load")."""
_LINK_WORDS = ("because", "bc", "b/c", "cuz", "coz", "cos", "due", "thanks", "owing", "caused")
"""'This is not caused by...', 'it wasn't due to...': only a negation just before the cue turns it around."""
_GENERIC_SUBJECT = rx(r"\b(?:issue|outage|incident|problem|this|that|which|what)\s+$")


def _clause_text(doc: Doc, pos: int) -> Span:
    start, end = doc.clause_of(pos)
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n.!?":
        end -= 1
    return (start, end)


def find_root_cause_claims(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for finder in _RC_CUES:
        for hit in finder.hits(doc):
            m = hit.match
            s_start, s_end = doc.sentence_of(m.start())
            if is_question(doc, m.start()) or doc.any_in(_HEDGE, s_start, s_end):
                continue
            c_start, c_end = doc.clause_of(m.start())
            negated = _NEGATED_LINK if m.group().lower().startswith(_LINK_WORDS) else _NEGATED_CUE
            if doc.search(negated, max(c_start, min(hit.start, m.start()) - 30), min(hit.start, m.start())):
                continue
            if doc.match(_GENERIC_CAUSE, m.end(), c_end):
                continue
            if m.group().lower().startswith(_LINK_WORDS) and doc.match(_THIS_INCIDENT, m.end(), c_end):
                continue  # "no deadline will be missed because of this": the incident itself
            if m.group().lower().startswith("caused") and doc.search(
                    _GENERIC_SUBJECT, max(c_start, m.start() - 30), m.start()):
                continue
            start, end = _clause_text(doc, m.start())
            if end - start > 100:
                start = hit.start
            spans.append((start, end))
    return spans


# ------------------------------------------------------------------ blame

# People and teams, as grammatical subjects. "Strong" subjects are always people; a capitalised
# word might be a name ("Priya") or a product ("Checkout"), so it needs a verb only people do.
_MODIFIED = r"(?:(?:the|our|their|your|that|this|a|an)\s+)?(?:[\w-]+(?:[\u0027\u2019]s)?\s+){0,2}?"
"""A determiner and up to two modifiers in front of who it is: 'the airport's IT contractor'."""
_TEAM = (
    _MODIFIED + r"(?:team|squad|intern"
    r"|new\s+hire|contractor|developers?|devs?|engineers?|reviewers?|on-call(?:\s+engineer)?|sysadmin|admin|lead|manager"
    r"|qa|ops|platform)"
)
_VENDOR = (
    r"\b" + _MODIFIED + r"(?:vendor|supplier|provider"
    r"|partner|integrator|consultants?|agency|third[- ]party)\b"
)
"""A third party: stating its change as the cause is a claim, not blame; only negligence about it is blame
(conventions 12, E10): 'the vendor changed their API without telling anyone', 'the supplier failed to test'."""
_STRONG_PERSON = (
    r"(?:\b(?:he|she|you|someone|somebody|whoever|ops|engineering|devops|qa|support|sales|marketing|sre|infra|finance"
    r"|procurement|treasury|legal|dba|dbas)\b"
    r"|\bone\s+of\s+(?:our|the|their)\s+(?:[\w-]+\s+)?(?:engineers|developers|devs|admins|analysts|colleagues"
    r"|operators|agents|contractors|staff)\b|\b" + _TEAM + r"\b)"
)
_NOT_NAME_WORDS = """the this that these those it its we our you your they their he she i a an and but so then also
    checkout login logins export exports payment payments invoice invoices billing email emails upload uploads
    search sync signup job jobs deploy deploys deployment service services api database queue worker webhook
    webhooks retry retries monitoring alerting everything nothing everyone customers customer users user
    accounts account today yesterday tonight tomorrow monday tuesday wednesday thursday friday saturday sunday
    build pipeline ci tests test migration release rollback system server app site page dashboard reports
    report notifications cron scheduler integration import imports auth sso gateway provider vendor refunds
    mobile web card cards orders order update updates next known confirmed affected why who what when how
    honestly sorry good news please stuff support ops qa"""
NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
"""Capitalised words that start sentences or name systems, not people."""
_NAME = r"\b[A-Z][a-z]+\b"
_HUMAN_VERB = (
    r"(?:test|check|review|notice|tell|inform|warn|follow|catch|read|escalate|communicate|document|mention"
    r"|ask|wait|flag|coordinate|hand\s+over|page|renew|double-check|plan|consider|listen|notify|announce|share"
    r"|loop\s+in|run\s+the\s+tests|update\s+the\s+(?:runbook|docs|team|ticket))\b"
)
_EXPECTED_AFTER_SHOULD = (
    r"(?:received|receive|gotten|got|arrived|finished|completed|run|ran|started|cleared|recovered|resumed"
    r"|updated|sent|delivered|processed|restored|emailed|fixed|resolved|refreshed|loaded|appeared|synced"
    r"|landed|reached|worked|returned|come|gone|shown|expired|kicked\s+in|taken\s+effect)\b"
)

_NEGLIGENCE = Finder(
    # careless-work verbs, whoever the subject
    r"(?:fat[- ]?finger\w*|bungl\w+|fumbl\w+|goof\w*|flubb?\w*|borked)\b"
    r"|let\s+(?:us|me|everyone|you|the\s+team|our\s+\w+)\s+(?:all\s+|both\s+|badly\s+)?down\b"
    r"|(?:livid|furious|fuming|seething)\s+(?:with|at)\s+(?:them|him|her|the\s+\w+|our\s+\w+)\b"
    r"|(?:typical|classic)\s+of\s+(?:the|our|their)\s+(?:[\w-]+\s+)?(?:team|squad|folks|guys|devs|people|crew"
    r"|department|vendor|provider|contractor)s?\b"
    # inaction while it burned
    r"|(?:sat|sitting|slept|sleeping)\s+(?:on|through)\s+(?:the\s+|that\s+|this\s+|our\s+|an?\s+)?(?:[\w-]+\s+)?"
    r"(?:alerts?|pages?|pager"
    r"|tickets?|alarms?|warnings?|it|emails?|reports?)\b"
    # demands for accountability
    r"|own\s+up\b|explain\s+(?:themselves|himself|herself)\b|(?:has|have)\s+(?:some\s+)?explaining\s+to\s+do\b"
    r"|take\s+(?:this|that|it)\s+up\s+with\s+(?:him|her|them)\b|find\s+out\s+who\s*(?:[.!]|$|did|was|is)"
    r"|(?:which|that|this)\s+says\s+(?:it\s+all|everything|a\s+lot)\b"
    r"|(?:with\s+)?(?:no|zero|without)\s+(?:any\s+)?(?:supervision|oversight|sign[- ]?off|approval)\b"
    r"|(?:warned|told|asked|reminded)\b(?:\s+\S+){0,8}?\s+(?:and|but)\s+(?:still\s+)?(?:did\s+nothing|ignored|didn't"
    r"|never)\b"
    r"|who\s+(?:even\s+|actually\s+)?(?:approv|merg|ship|push|deploy|releas|schedul|sign|review)\w*\b[^.!?\n]{0,80}\?"
    r"|(?:signed\s+(?:\S+\s+)?off|approved|waved\s+(?:\S+\s+)?through|ok'?d)\s+(?:\S+\s+){0,3}?after\s+(?:only\s+|just\s+)?"
    r"(?:a|one)\s+(?:quick|cursory|brief|\w+-minute|\w+-second)\s+(?:test|look|glance|review|check|skim)\b",
    "fat fatfingered fatfinger fat-fingered let livid furious fuming seething typical classic sat sitting slept "
    "sleeping own explain has have take find which that this with no zero without warned told asked reminded who "
    "signed approved waved "
    "ok okd bungled bungling fumbled fumbling goofed flubbed borked",
    prefixes="fatfing bungl fumbl goof flub",
)
"""Negligence and anger at people: careless-work verbs ('someone fat-fingered a setting'), inaction ('sat on
the alert'), being let down, sarcasm about a team ('typical of our reporting team'), demands that someone
answer for it ('needs to own up', 'I'll take that up with him'), work waved through unsupervised."""
_PERSON_LAPSE = Finder(
    r"let\s+(?:the\s+|our\s+|a\s+|its\s+|their\s+)?(?:\S+\s+){0,3}?(?:lapse|expire|slip|rot|run\s+out|die)\b"
    r"|(?:has\s+|have\s+|had\s+)?made\s+(?:an?\s+)?(?:serious\s+|big\s+|huge\s+|terrible\s+|basic\s+|stupid\s+)?"
    r"(?:mistake|error|blunder)\b"
    r"|(?:pushed|shipped|deployed|merged|released|wrote|made)\s+(?:a|an|the|some|this|that)\s+(?:unreviewed|unapproved"
    r"|half-baked|rushed|risky|dodgy|sloppy)\b",
    "let has have had made pushed shipped deployed merged released wrote",
    before=r"(?:\b(?:he|she|they|someone|somebody|whoever|colleague|[\w-]+\s+(?:team|squad|qa|ops|engineer|intern"
    r"|contractor|lead|developer|dev|crew|folks|department|group|shift|desk))|(?P<name>(?-i:\b[A-Z][a-z]+)))\s+(?:\S+\s+){0,8}?",
)
"""A person or team who let something lapse or made the mistake ('the mobile squad let the push certificate
lapse', 'our colleague has made mistake', 'Kevin merged an unreviewed refactor'); 'we made a mistake' is
owning it."""
_PARTICIPLE = (
    r"(?:[\w-]+ed|[\w-]+en|(?:\w+-)?(?:caught|done|made|told|run|known|seen|got|thought|brought|taught|sent|built|spent|put|set|let"
    r"|read|shut|hit|kept|left|met|paid|said|sold|stood|understood|found|held|led|lost|meant|slept|spoken|driven"
    r"|written|chosen|frozen|woken|forgotten|hidden|fallen|shaken|taken|given|grown|thrown|drawn|flown|shown"
    r"|blown|begun|rung|sung|swum|won|worn|torn|dealt|felt|heard|fought|sought|bought|stuck|spun|struck|hung|had))\b"
)
"""Past participles: 'should have tested' is hindsight, 'should have numbers' an expectation."""

_FAILED_TO = Finder(r"failed\s+to\s+(\w+)", "failed")
_SUBJECT_STRONG = rx(_STRONG_PERSON + r"\s+(?:\w+ly\s+)?(?:has\s+|had\s+|have\s+)?$")
_SUBJECT_VENDOR = rx(_VENDOR + r"\s+(?:\w+ly\s+)?(?:has\s+|had\s+|have\s+)?$")
_DILIGENCE_VERB = rx(r"(?:test|regression-test|load-test|check|review|notice|tell|inform|warn|read|follow|verify"
                     r"|communicate|mention|document|ask|wait|flag|notify|announce|consult)\b")
"""What a third party failing to do is negligence ('failed to test'), not an outage ('failed to renew')."""
_SUBJECT_WEAK = re.compile(r"(?:\b[Tt]hey|(" + _NAME + r"))\s+(?:\w+ly\s+)?(?:has\s+|had\s+)?$")
_HUMAN_VERB_RX = rx(_HUMAN_VERB)

_BLAME_CUES = Finder(
    r"should(?:n't|nt|\s+not)?(?:\s+\w+ly)?(?:\s+have|'ve|\s+of)\s+(?!(?:been\s+)?" + _EXPECTED_AFTER_SHOULD + r")"
    r"(?!(?:a|an|the|some|any|no|more|it|this|that|them|our|your|their|his|her)\b)(?:been\s+)?" + _PARTICIPLE + r"(?:)"
    r"|(?:human|operator|user|pilot)\s+error\b|pebkac\b"
    r"|(?:careless\w*|sloppy|sloppiness|negligen(?:t|ce)|incompeten(?:t|ce)|lazy|laziness|reckless\w*|cowboy"
    r"|rookie\s+mistake|idiotic|amateurish)\b"
    r"|dropped\s+the\s+ball\b|(?:messed|screwed)\s+(?:\w+\s+){0,3}?up\b|botched\b"
    r"|who\s+(?:approved|signed\s+off\s+on|let|allowed|merged|pushed|shipped|broke)\s+(?:this|that|it)\b"
    r"|whoever\s+(?:\w+ed|wrote|broke|did|made|shipped|pushed|merged)\b"
    r"|what\s+(?:were|was)\s+(?:you|they|he|she)\s+thinking\b"
    r"|whose\s+(?:\w+\s+){0,2}?(?:idea|change|fault|deploy|commit|code|call|decision|mistake)\b"
    r"|(?:your|his|her|their)\s+(?:\w+\s+){0,2}?(?:change|deploy|commit|PR|push|migration|code|config|release)"
    r"\s+(?:is\s+(?:the\s+problem|the\s+cause|to\s+blame)|broke|caused|took\s+down)\b"
    r"|(?:did|does)\s+(?:nobody|no\s+one)\s+(?:test|check|review|notice|catch|read|look|bother|verify|tell|ask"
    r"|think|run|flag)\b"
    r"|(?:nobody|no\s+one)\s+(?:\w+\s+)?(?:tested|checked|reviewed|noticed|caught|read|looked|bothered|verified"
    r"|told|asked|thought|flagged)\b"
    r"|let\s+(?:us|me|everyone|the\s+team|our\s+\w+)\s+down\b|dropped\s+(?:the\s+)?ball\b"
    r"|(?:is|are|was|were)\s+(?:so\s+|totally\s+|completely\s+|just\s+)?useless\b"
    r"|didn't\s+do\s+(?:their|his|her|your|its)\s+job\b|didnt\s+do\s+(?:their|his|her|your)\s+job\b"
    r"|(?:classic|typical)\s+(?:(?:the\s+)?[\w-]+\s+(?:team|squad|folks|guys|devs|people|crew)\b|(?-i:[A-Z][a-z]+)\b)"
    r"|(?:typical|classic)\s*[.!]|strikes\s+again\b|this\s+is\s+what\s+happens\s+when\b"
    r"|thanks\s+to\s+(?:nobody|no\s+one|someone|somebody)\b|on\s+(?:their|his|her|your)\s+part\b"
    r"|(?:signed|approved|reviewed|tested|shipped|merged)\s+(?:this|that|it)(?:\s+off)?\s*\?{2,}|seriously\s*[?!]"
    r"|(?:i|we)\s+told\s+(?:you|u|them|everyone)\s+(?:so|this|that|it\s+would|they\s+would"
    r"|the\s+[\w-]+\s+(?:team|squad))\b"
    r"|thanks\s+(?:a\s+(?:lot|bunch|million|ton)|for\s+nothing|so\s+much|very\s+much),?\s+(?:to\s+)?(?:the\s+|our\s+)?"
    r"[\w-]+\s+(?:team|squad|folks|guys|crew|people|vendor|provider)\b"
    r"|in\s+(?:its|their|his|her|your)\s+(?:infinite\s+)?wisdom\b"
    r"|(?:can't|cannot|couldn't|could\s+not|can\s+not)\s+be\s+bothered\b|cut(?:ting|s)?\s+corners\b"
    r"|needs?\s+to\s+explain\b|useless\b"
    r"|despite\s+(?:our|my|repeated|several|multiple|all\s+(?:our|the))\s+(?:\w+\s+)?(?:warnings|reminders|requests)\b"
    r"|(?:is|are|was|were|been|being)\s+(?:\w+\s+){0,2}?(?:worse\s+than\s+)?useless\b"
    r"|(?:is|are|was|were)\s+(?:a\s+|an\s+)?(?:complete\s+|total\s+|absolute\s+|utter\s+)?(?:joke|shambles|farce"
    r"|clown\s+show|circus)\b"
    r"|(?:wouldn't|would\s+not|would\s+never)\s+(?:\w+\s+)?(?:have\s+happened|be\s+here|be\s+in\s+this)\b"
    r"|why\s+(?:does|did|do|is|are|can't|didn't|doesn't)\s+(?:nobody|no\s+one|noone|nobody)\b"
    r"|who\s+(?:approved|merged|signed\s+off|shipped|pushed|reviewed|let)\b[^.!?\n]{0,80}\?"
    r"|mess\s+(?:\S+\s+){1,4}?(?:left|made|created|caused)\b|failed\s+us\b"
    r"|(?:never|didn't|didnt|did\s+not|doesn't|don't)\s+(?:\S+\s+)?anything\b"
    r"|if\s+(?:\S+\s+){1,4}?had\s+(?:\S+\s+){0,5}?(?:we|this|it|i)\s*(?:wouldn't|would\s+not|would\s+never|'d\s+not)"
    r"|had\s+done\s+(?:their|his|her|your)\s+job|keeps?\s+(?:breaking|messing|screwing|forgetting|ignoring)\b"
    r"|should\s+(?:have\s+)?know(?:n)?\s+better\b|(?:is|'s)\s+(?:all\s+)?on\s+(?-i:[A-Z][a-z]+)\b(?!\s+(?:time|track))"
    r"|failure\s+(?:of|by)\s+(?:the|our)\s+[\w-]+\s+(?:team|squad|folks|guys)\b|owes?\s+(?:us|everyone|me)\b"
    r"|who\s+thought\b|answer\s+for\s+this\b|heads\s+(?:will|are\s+going\s+to)\s+roll\b|screwed\s+us\b"
    r"|let\s+(?:it|this)\s+slip\b|slipped\s+(?:through|past)\s+(?:\S+\s+){0,2}?review\b"
    r"|needs?\s+to\s+(?:be\s+more\s+careful|learn\s+to|start\s+testing)\b|as\s+usual,?\s+(?:the\s+)?[\w-]+\s+(?:team|folks"
    r"|squad|guys)\b"
    r"|should\s+never\s+have\b|could\s+(?:easily\s+)?have\s+been\s+(?:avoided|prevented|caught)\b"
    r"|(?:[\w-]+'s|their|his|her)\s+mess\b|(?:did|done)\s+it\s+again\b"
    r"|(?:i|we)\s+(?:told|warned)\s+(?:them|him|her|the\s+\w+(?:\s+team)?)\s+(?:\w+\s+)?(?:twice|again|so|that|this"
    r"|about\s+this|it\s+would)\b|told\s+you\s+so\b"
    r"|(?:clueless|amateurs?|idiots?|morons?|lazy)\b|(?:somebody|someone|some\s+one)\s+(?:\w+\s+)?(?:screwed|messed|botched)"
    r"|asleep\s+at\s+the\s+wheel\b|(?:with\s+)?(?:zero|no)\s+(?:review|reviews|testing|tests|qa|care|heads[- ]?up"
    r"|warning|notice)\s*(?:,|\.|!|$|again|whatsoever|at\s+all)"
    r"|waved\s+(?:\S+\s+){0,3}?through\b|without\s+(?:a\s+single|even\s+one|any)\s+(?:test|check|review)\w*"
    r"|without\s+\w+ing\s+(?:anything|a\s+single\s+\w+)\b"
    r"|(?:is|was)\s+(?:frankly\s+|just\s+|simply\s+|totally\s+)?(?:unacceptable|inexcusable|embarrassing|a\s+disgrace)\b"
    r"|whoever\s+(?:thought|decided|figured|approved|signed)\b|asleep\s+on\s+the\s+job\b|not\s+their\s+first\b"
    r"|(?:is|'s)\s+(?:all\s+)?on\s+(?:them|him|her|(?:the|our|their)\s+(?:[\w-]+\s+)?(?:team|squad|vendor|provider"
    r"|contractor|intern|folks|guys)|\w+'s\s+team)\b",
    "should human operator user pilot pebkac careless carelessly sloppy negligent negligence incompetent "
    "incompetence lazy reckless recklessly cowboy rookie idiotic amateurish dropped messed screwed botched who "
    "whoever what whose your his her their did does nobody no let is are was were didn didnt classic typical "
    "strikes thanks this wouldn would why mess failed never doesn don shouldn shouldnt 's asleep with zero "
    "not waved is was could mess did done i we clueless amateur amateurs idiot idiots moron morons lazy somebody "
    "someone some if had keep keeps failure owe owes heads screwed slipped needs need as sloppiness laziness in been "
    "being despite on seriously signed approved reviewed tested shipped merged can cannot couldn cut cutting cuts "
    "needs useless",
)
_POSSESSIVE = r"\b(?:[\w-]+'s|their|his|her|your|my)\s+"
_FAULT = (
    Finder(r"fault\b", "fault", before=_POSSESSIVE),
    Finder(r"(?:mistake|screw-?up|blunder)\b", "mistake screw blunder", before=r"\b(?:[\w-]+'s|his|her|their)\s+"),
    Finder(r"fault\s+(?:of|lies\s+with)\b", "fault"),
    Finder(r"fault\b", "fault",
           before=r"(?:" + _STRONG_PERSON + "|" + _VENDOR + r"|\bthey|\bhe|\bshe)\s+(?:\S+\s+){0,2}?"
           r"(?:is|are|was|were)\s+(?:\w+\s+)?at\s+"),
    Finder(r"blam(?:e|es|ed|ing)\b", "blame blames blamed blaming"),
)
_NOT_BLAMED = frozenset({"nobody's", "nobody’s", "anyone's", "anyone’s", "anybody's", "anybody’s", "everyone's",
                         "everyone’s", "no one's", "no one’s"})
_BLAMES_A_THING = rx(
    r"\s+(?:the|this|that|our|a|an)\s+(?:\S+\s+){0,2}?" + _CAUSE_NOUN + r"\b(?!\s+(?:team|people|folks|guys))"
)

_SUBJECT = r"(?:(?P<strong>(?i:" + _STRONG_PERSON + r"))|(?P<name>" + _NAME + r")|(?P<they>\b[Tt]hey\b))"
_ACTS = (
    # The subject right before the act ("Someone didn't test", "He forgot", "you were supposed to").
    Finder(
        r"(?i:(?:didn't|didnt|did\s+not|never)\s+(?:even\s+)?(?:bother|test|check|review|read|follow|tell|ask|run|wait"
        r"|notice|catch|verify|look|think|update|document|warn|escalate|mention|open|renew|load-?test|tested|checked"
        r"|reviewed|followed|opened|renewed|\w+s)"
        r"|never\s+\w+|without\s+(?:telling|asking|warning|checking\s+with|informing)\s+(?:anyone|anybody|us|the)"
        r"|forgot|neglected|ignored|ignores|skipped|made\s+a\s+mistake|rushed|(?:was|were)\s+(?:supposed|meant)\s+to"
        r"|(?:shipped|pushed|deployed|merged|released|changed|bumped|rolled\s+out|rotated|updated|deleted|removed"
        r"|disabled|edited|touched|ran)\s+(?:\S+\s+){0,4}?without\s+"
        r"(?:running\s+)?(?:any\s+)?(?:testing|tests?|review|a\s+review|checking|qa|telling|asking)"
        r"|broke\s+(?:the\s+build|it|prod|production|everything|staging|main|master|the\s+site)"
        r"|(?:uploaded|used|picked|sent|applied|loaded|entered|typed|set|deployed|pushed|ran)\s+the\s+wrong\b"
        r"|(?:missed|overlooked|slept\s+through)\s+(?:the|an|a|their|our|every)\s+(?:[\w-]+\s+)?(?:alarms?|alerts?|pages?"
        r"|warnings?|tickets?|emails?|deadlines?|renewals?|reminders?)"
        r"|(?:deleted|wiped|nuked|trashed|overwrote|dropped)\s+(?:the\s+)?(?:prod|production|\w+\s+)?(?:table|database|db|bucket"
        r"|data|index|records|config|cluster))\b",
        "didn didnt did never without forgot neglected ignored ignores skipped made rushed was were shipped pushed "
        "deployed merged released changed bumped rolled broke rotated updated deleted removed disabled edited "
        "touched ran wiped nuked trashed overwrote dropped missed overlooked slept uploaded used picked sent applied "
        "loaded entered typed set",
        before=r"(?:(?P<strong>(?i:" + _STRONG_PERSON + "|" + _VENDOR + r"|folks|people|guys))\s+(?:\S+\s+){0,4}?"
        r"|(?P<name>" + _NAME + r")\s+(?:\w+ly\s+)?|(?P<they>\b[Tt]hey\b)\s+(?:\w+ly\s+)?)"
        r"(?:(?:has|have|had|just|again|\w+ly)\s+)?",
        flags=0,
    ),
    # A person who shipped something bad, a few words on ("Someone on our side pushed a bad config").
    Finder(
        r"(?i:(?:pushed|shipped|deployed|merged|released|wrote|made)\s+(?:a|an|the|some|this|that)\s+(?:bad"
        r"|broken|untested|faulty|buggy|careless)\b)",
        "pushed shipped deployed merged released wrote made",
        before=_SUBJECT + r"\s+(?:\S+\s+){0,3}?",
        flags=0,
    ),
)
_THEY_OMITTED = rx(r"\b(?:didn't|did\s+not|never|forgot|neglected|ignored|skipped)\b")
"""'They' is often a job or a retry; only a clear omission makes it a person."""
_BECAUSE_PERSON = Finder(
    r"(?i:because)\s+(?:(?P<strong>(?i:" + _STRONG_PERSON + r"))|(?P<name>" + _NAME + r"))\s+"
    r"(?i:\w+ed|didn't|did\s+not|never|forgot|broke|ran|wrote|made|set|put|let|shipped|went|took|hit|skipped)\b",
    "because",
    flags=0,
)
_NAMES_CHANGE_BROKE = re.compile(
    r"(?P<name>" + _NAME + r")['’]s\s+(?:\w+\s+){0,2}?(?i:(?:change|deploy|deployment|commit|PR|push|migration"
    r"|code|config|release)\s+(?:broke|caused|took\s+down|brought\s+down))\b"
)
_ERROR_NEGATED = rx(r"\b(?:not|no)\s+$")
_TO_BEFORE = rx(r"\bto\s+$")


def _is_name(word: str | None) -> bool:
    return word is not None and word.lower() not in NOT_NAMES


def _failed_to(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for hit in _FAILED_TO.hits(doc):
        m = hit.match
        c_start, _ = doc.clause_of(m.start())
        # the subject is a few words before "failed to"; a longer look-back only costs time
        strong = doc.search(_SUBJECT_STRONG, max(c_start, m.start() - 60), m.start())
        if strong:
            spans.append((strong.start(), m.end()))
            continue
        vendor = doc.search(_SUBJECT_VENDOR, max(c_start, m.start() - 60), m.start())
        if vendor:
            if doc.match(_DILIGENCE_VERB, m.start(1)):
                spans.append((vendor.start(), m.end()))
            continue
        weak = doc.search(_SUBJECT_WEAK, max(c_start, m.start() - 40), m.start())
        if weak and (weak.group(1) is None or _is_name(weak.group(1))) and doc.match(_HUMAN_VERB_RX, m.start(1)):
            spans.append((weak.start(), m.end()))
    return spans


def _faults(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for finder in _FAULT:
        for hit in finder.hits(doc):
            c_start, c_end = doc.clause_of(hit.start)
            if doc.any_in(NEGATION, c_start, hit.start):
                continue
            if hit.before is not None and hit.before.group().split()[-1].lower() in _NOT_BLAMED:
                continue
            if hit.match.group().lower().startswith("blam"):
                if doc.match(_BLAMES_A_THING, hit.end, c_end):
                    continue  # "I blame the DB migration": a system, not a person
                to = doc.search(_TO_BEFORE, max(0, hit.start - 4), hit.start)
                spans.append((to.start() if to else hit.start, hit.end))
                continue
            spans.append((hit.start, hit.end))
    return spans


_CAUSAL_LINK = Finder(
    r"(?:because(?:\s+of)?|bc|b/c|cuz|coz|thanks\s+to|due\s+to|caused\s+by|owing\s+to|courtesy\s+of|down\s+to)\s+",
    "because bc b cuz coz thanks due caused owing courtesy down",
)
_PERSON_AS_CAUSE = re.compile(
    r"(?i:(?:our|the|their|a|an|one\s+of\s+our)\s+)?(?i:[\w-]+\s+)?(?i:(?:intern|contractor|engineer|developer|dev|team"
    r"|squad|lead|new\s+hire|reviewer|admin|sysadmin|junior)s?|someone|somebody|he|she)(?:['’]s)?\b"
    r"|(?P<name>" + _NAME + r")(?:['’]s\b|\s+(?i:\w+ed|pushed|ran|wrote|made|set|broke|did|didn't|forgot|shipped|took))"
)
"""The cause named is a person or a team: "thanks to our intern's config change", "because Dave pushed".
A vendor's outage as the cause is a claim, not blame."""


def _people_as_cause(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for hit in _CAUSAL_LINK.hits(doc):
        m = doc.match(_PERSON_AS_CAUSE, hit.end, hit.end + 60)
        if m and (m["name"] is None or _is_name(m["name"])) and not doc.search(_NEGATED_CUE, hit.start - 30, hit.start):
            spans.append((hit.start, m.end()))
    return spans


_BAD_CHANGE_BY = Finder(
    r"(?:bad|broken|faulty|buggy|botched|untested|sloppy)\s+(?:\w+\s+)?" + _CAUSE_NOUN
    + r"\s+(?:by|from)\s+(?:(?:our|the|their|a|an)\s+)?(?:[\w-]+\s+)?(?:team|squad|engineers?|devs?|developers?"
    r"|contractors?|intern|folks|guys|lead)\b",
    "bad broken faulty buggy botched untested sloppy",
)
"""'A bad deploy by our payments team': a failure pinned on people."""


_UNANNOUNCED = Finder(
    r"(?:w/o|without)\s+(?:(?:telling|asking|warning|informing|notifying|consulting|checking\s+with)\s+(?:anyone|anybody"
    r"|us|the\s+\w+|support|ops|any\s+of\s+us)|(?:following|running|doing|getting|checking|testing|verifying"
    r"|reviewing)\s+(?:the|our|a|any)\s+(?:[\w-]+\s+)?"
    r"(?:process|review|tests?|checks?|sign-?off|approval|runbook|checklist|[a-z]{2,6})\b"
    r"|(?:the\s+|a\s+single\s+|a\s+|any\s+)?(?:[\w-]+\s+)?(?:tests?|testing|review|sign-?off|approval)\b)",
    "w without",
)
"""A change made behind everyone's back or past the checks ('tidied up the settings w/o telling anyone',
'changed a setting without following our change process'); first person is owning it, not blame."""
_FIRST_PERSON = rx(r"\b(?:we|i|we've|i've|we're|i'm|us)\b")
_SCARE_QUOTED = Finder(
    r"[\u0027\u2018\u0022\u201c][a-z]+(?:\s+(?:up|out|over|down))?[\u0027\u2019\u0022\u201d]", "",
    chars="\u0027\u2018\u0022\u201c",
    before=_STRONG_PERSON + r"\s+(?:\S+\s+){0,2}?",
)
"""Sarcasm in quote marks about people: 'the video team is "investigating" again', "ERP team 'forgot' to tell
us"."""
_AGENT_OF_CHANGE = rx(
    r"(?:" + _STRONG_PERSON + r")(?:[\u0027\u2019]s)?\s+(?:\S+\s+){0,3}?(?:chang\w*|push\w*|reset|halved|doubled|sent"
    r"|deploy\w*|merg\w*|ran|delet\w*|edit\w*|tidied|rotat\w*|approv\w*|shipp?\w*|used|set|remov\w*|disabl\w*|turned|bump\w*"
    r"|updat\w*|releas\w*|commit\w*|PR|migration|script|config|export)\b"
)
"""People or a team as the agent of the change a cause claim names ('the platform team halved a server setting,
that's what broke uploads'): the cause pinned on them, so blame (CONVENTIONS 10)."""


_BREAKING = rx(r"\b(?:broke|killed|took\s+down|brought\s+down|nuked|wrecked|knocked\s+out"
               r"|got\s+\w+\s+(?:suspended|banned|blocked))\b")
"""Breaking language: 'the payments team broke it' pins it on them; 'is the result of the carrier team's
release' names who made the change, which alone is no blame (CONVENTIONS 11)."""


def _agent_of_cause(doc: Doc) -> list[Span]:
    spans: list[Span] = []
    for start, _ in memoized(doc, "root_cause_claim", find_root_cause_claims):
        s_start, s_end = doc.sentence_of(start)
        if not doc.search(_BREAKING, s_start, s_end):
            continue
        m = doc.search(_AGENT_OF_CHANGE, s_start, s_end)
        if m and not doc.search(_FIRST_PERSON, s_start, m.start()):
            spans.append(m.span())
    return spans


def find_blame(doc: Doc) -> list[Span]:
    spans = _failed_to(doc) + _faults(doc) + _people_as_cause(doc) + _agent_of_cause(doc)
    for hit in _UNANNOUNCED.hits(doc):
        if not doc.search(_FIRST_PERSON, doc.clause_of(hit.start)[0], hit.start):
            spans.append((hit.start, hit.end))
    spans += [(h.start, h.end) for h in _SCARE_QUOTED.hits(doc)]
    spans += [(h.start, h.end) for h in _BAD_CHANGE_BY.hits(doc)]
    spans += [(h.start, h.end) for h in _NEGLIGENCE.hits(doc)]
    for hit in _PERSON_LAPSE.hits(doc):
        subject = hit.before
        # a capitalised word that is no name ("The", "Our") may stand before the real subject
        while subject is not None and subject["name"] is not None and not _is_name(subject["name"]):
            subject = doc.search(_PERSON_LAPSE.before, subject.end("name"), hit.match.start())
        if subject is not None:
            spans.append((subject.start(), hit.end))
    for hit in _BLAME_CUES.hits(doc):
        if "error" in hit.match.group().lower() and doc.search(_ERROR_NEGATED, max(0, hit.start - 5), hit.start):
            continue
        spans.append((hit.start, hit.end))
    for finder in (*_ACTS, _BECAUSE_PERSON):
        for hit in finder.hits(doc):
            groups = (hit.before or hit.match).groupdict()
            if groups.get("name") and not _is_name(groups["name"]):
                continue
            if groups.get("they") and not _THEY_OMITTED.search(hit.match.group()):
                continue
            spans.append((hit.start, hit.end))
    if "'s" in doc.index:
        spans.extend(m.span() for m in doc.scan(_NAMES_CHANGE_BROKE) if _is_name(m["name"]))
    return spans
