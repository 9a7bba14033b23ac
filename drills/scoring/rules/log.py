"""A drill's event log, indexed once for the rules: the scenario's truth, the clock (T0 = the
first customer report), accepted actions by kind, ownership over time, and text flags.

Everything here is derived from the events alone, so scoring stays a pure function of the log.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from drills.errors import EventLogError, InputError
from drills.scenario import CheckKind, RepairEffect, Scenario
from drills.scoring._scorecard import Evidence
from drills.scoring._statements import Claim, Vocabulary, function_words, read_claims
from drills.scoring._truth import Truth
from drills.world import INCIDENT_THREAD, Event

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "post_update": ("known", "affected", "next_check", "text"),
    "customer_update": ("works", "fails", "unknown", "text"),
    "escalate_to_ceo": ("impact", "cause", "mitigation", "timeline", "ask", "update_every", "text"),
    "add_note": ("text",),
    "write_timeline": ("text",),
    "assign_task": ("task",),
    "assign_owner": ("scope", "facts"),
    "resolve": ("text",),
}
"""Which fields of each action hold the participant's words, in the order a reader meets them."""

CLAIM_FIELDS: dict[str, tuple[str, ...]] = {
    "post_update": ("known", "affected", "text"),
    "customer_update": ("works", "fails", "unknown", "text"),
    "escalate_to_ceo": ("impact", "cause", "mitigation", "text"),
    "add_note": ("text",),
    "assign_owner": ("scope", "facts"),
}
"""Fields whose words can claim how the world is now; plans, next checks, timelines and questions do not."""
AUDIENCE_OF = {"post_update": "internal", "add_note": "internal", "assign_owner": "internal",
               "customer_update": "customer", "escalate_to_ceo": "executive"}

GOOD_EFFECTS = frozenset({RepairEffect.fixes.value, RepairEffect.mitigates.value})
FAILED_EFFECTS = frozenset({RepairEffect.none.value, RepairEffect.worse.value})


@lru_cache(maxsize=16)
def _scenario(source: str) -> Scenario:
    # Parsing the scenario is the one costly step of scoring; a log is usually scored more than once
    # (report, rescore, history), so the parsed, frozen scenario is memoised by its text.
    from drills.scenario import load_scenario_text

    return load_scenario_text(source).scenario


_WORD = re.compile(r"[a-z0-9][a-z0-9'_-]*")
_DIGIT = re.compile(r"\d")
_GENERIC = frozenset({
    "customer", "customers", "client", "clients", "user", "users", "account", "accounts", "issue", "issues",
    "problem", "problems", "incident", "team", "the", "and", "for", "with", "from", "that", "this", "some",
    "all", "any", "our", "your", "their", "everything", "nothing", "else", "feature", "features", "service",
    "services", "system", "systems", "product", "app", "working", "work", "works", "investigating",
    "investigation", "looking", "still", "cause", "unknown", "other", "others", "more", "less", "now",
    "today", "time", "update", "updates", "check", "checks", "next", "soon", "aware", "affected", "impact",
    "impacted", "people", "someone", "something", "things", "stuff", "fix", "fixed", "fixing", "being",
    "have", "has", "are", "was", "were", "will"
})
"""Words any update may use, whatever the incident; they do not make an update specific."""


_BOILERPLATE = frozenset({
    "look", "looks", "looking", "into", "investigate", "investigating", "investigation", "under", "continue",
    "continuing", "monitor", "monitoring", "someone", "somebody", "should", "could", "would", "can", "there",
    "impacting", "affecting", "possible", "asap", "regularly", "regular", "basis", "moment", "currently",
    "right", "happening", "going", "doing", "best", "soon", "shortly", "etc", "various", "several", "many",
    "much", "thing", "further", "details", "info", "information", "n/a", "tbd", "not", "sure", "yet", "get",
    "got", "also", "just", "all", "hands", "deck", "really", "hard", "ongoing", "progress", "way", "attention",
})
"""Words of updates that say nothing: with only these (and the generic ones), a field is boilerplate."""


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def normalise(text: str) -> str:
    """Lower case, every quote mark and punctuation a space, runs of space one: for matching quoted facts."""
    return " ".join(_NORMAL_SPLIT.split(text.lower())).strip()


_NORMAL_SPLIT = re.compile(r"[\s\"'`‘’“”«»„()\[\]{},;:!?.#]+")


def _clock_minutes(text: str) -> int:
    try:
        hours, minutes = map(int, text.split(":"))
    except ValueError:
        return 0
    return hours * 60 + minutes


@dataclass(frozen=True, slots=True)
class Spell:
    """One person's time as owner."""

    owner: str | None
    start: float
    end: float
    event: Event


@dataclass(frozen=True, slots=True)
class TextFlag:
    """A text flag raised on one event, by a detector of drills.scoring.textchecks or by a rule itself."""

    id: str
    matched: str
    message: str


class DrillLog:
    """The event log of one drill, indexed for the rules."""

    def __init__(self, events: Sequence[Event]):
        if not events or events[0].kind != "drill_started":
            raise EventLogError("the event log does not start with drill_started — is this a drill log?")
        self.events = list(events)
        self.started: dict[str, Any] = events[0].data
        try:
            self.scenario = _scenario(self.started["scenario_source"])
        except KeyError:
            raise EventLogError("drill_started has no scenario_source — the log cannot be scored") from None
        except InputError as err:
            first = err.problems[0] if err.problems else "unreadable"
            raise EventLogError(f"the scenario stored in the log does not load ({first})") from None
        self.scenario_id: str = self.started.get("scenario_id", self.scenario.id)
        self.by_kind: dict[str, list[Event]] = defaultdict(list)
        self.actions: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            self.by_kind[event.kind].append(event)
            if event.kind == "action":
                self.actions[event.data["action"]["kind"]].append(event)

        drill = [e for e in self.events if e.kind != "flag_overruled"]
        ended = self.first("drill_ended")
        self.end: float = ended.t if ended else drill[-1].t
        report = self.first("incident_reported")
        self.reported: bool = report is not None
        """False when the log holds no first customer report: then drills.scoring marks every rule N/A
        without running it, so no rule ever judges a drill that had not reached T0."""
        if report is not None:
            self.t0 = report.t
        else:
            # Where the report would have come, so times still read sensibly; no rule runs on it.
            inject = next((i for i in self.scenario.injects if i.id == self.scenario.incident.first_report), None)
            self.t0 = inject.at if inject else 0.0

        self.customers: dict[str, dict[str, Any]] = self.started.get("customers") or {}
        reported = self.customers.get(self.scenario.incident.reported_account, {})
        fallback = self.scenario.customer_by_id(self.scenario.incident.reported_account)
        self.reported_account: str = str(
            (report.data.get("account") if report else None)
            or reported.get("account")
            or (fallback.account if fallback else "")
        )
        self.cast: dict[str, dict[str, Any]] = self.started.get("cast") or {
            c.id: {"name": c.name or c.id, "role": c.role, "knows": c.knows} for c in self.scenario.cast
        }
        self.closest: frozenset[str] = frozenset(c.id for c in self.scenario.closest_to_failure)

        self.final_resolved = self._final_resolution()
        self.live_end: float = self.final_resolved.t if self.final_resolved else self.end
        self.mitigated = self.first("mitigated")
        self.spells = self._spells()
        self.overrules: dict[tuple[str | None, int, str], Event] = {}
        for event in self.by_kind["flag_overruled"]:
            d = event.data
            self.overrules[(d.get("rule"), int(d["event_seq"]), d["flag_id"])] = event
        self._flag_cache: dict[tuple[int, str], list[TextFlag]] = {}
        self._claims: dict[int, list[Claim]] = {}
        self._truth: Truth | None = None
        self._vocabulary: Vocabulary | None = None
        self._incident_words: frozenset[str] | None = None
        self._clock_start = _clock_minutes(str(self.started.get("clock_start") or self.scenario.company.clock_start))

    # ------------------------------------------------------------------ the truth

    @property
    def truth(self) -> Truth:
        """What was true at every moment (built on first use)."""
        if self._truth is None:
            accounts = int(self.started.get("affected_accounts") or self.scenario.incident.affected_accounts)
            self._truth = Truth(self.events, self.scenario, accounts)
        return self._truth

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            declared = bool(self.scenario.functions)
            self._vocabulary = Vocabulary({
                f.id: function_words(f.name, f.words, head=not declared and f.broken)
                for f in self.truth.functions.values()
            })
        return self._vocabulary

    def claims(self, event: Event) -> list[Claim]:
        """What an action's words claim about the world now (memoised per event)."""
        cached = self._claims.get(event.seq)
        if cached is None:
            action = event.data["action"]
            kind = action["kind"]
            fields = CLAIM_FIELDS.get(kind, ())
            if kind == "add_note" and action.get("label") != "fact":
                fields = ()
            cached = read_claims({f: str(action.get(f) or "") for f in fields}, self.vocabulary)
            self._claims[event.seq] = cached
        return cached

    def false_claims(self, event: Event) -> list[tuple[Claim, str]]:
        """The claims of an action that the world contradicted when it was made, with the truth."""
        out = []
        for claim in self.claims(event):
            truth = self.truth.falsity(claim.kind, claim.function, event.t, hedged=claim.hedged)
            if truth is not None:
                out.append((claim, truth))
        return out

    # ------------------------------------------------------------------ specific or boilerplate

    @property
    def incident_words(self) -> frozenset[str]:
        """Words that only an update about this incident would use: its functions, error, system, accounts,
        customers, people, checks and repairs (generic words like 'customers' or 'issue' excluded)."""
        if self._incident_words is None:
            sc = self.scenario
            texts = [sc.incident.error_text, sc.incident.failing_system, sc.incident.blocked_action,
                     sc.incident.root_cause, *sc.incident.cause_words,
                     sc.incident.affected_segment, *sc.incident.still_works, sc.incident.started_at_text]
            texts += [w for f in sc.user_functions for w in (f.name, *f.words)]
            texts += [c.label for c in sc.checks] + [r.label for r in sc.repairs]
            texts += [str(c.get(k) or "") for c in self.customers.values() for k in ("name", "account", "contact")]
            texts += [str(p.get("name") or "") for p in self.cast.values()]
            words = {w for text in texts for w in _WORD.findall(text.lower()) if len(w) >= 3}
            self._incident_words = frozenset(words - _GENERIC)
        return self._incident_words

    def specific(self, text: str) -> bool:
        """Whether words carry something of this incident: a number or time, a word only this incident uses,
        or any word that is not boilerplate ("we are aware of the issue and investigating", "some customers",
        "someone should look at it" and "everything else" say nothing)."""
        low = text.lower()
        if _DIGIT.search(low):
            return True
        words = _WORD.findall(low)
        if any(w in self.incident_words for w in words):
            return True
        return any(len(w) >= 3 and w not in _GENERIC and w not in _BOILERPLATE for w in words)

    def hollow(self, event: Event, parts: Mapping[str, tuple[str, str]], answered: int,
               missing: list[str]) -> tuple[int, list[str]]:
        """Take back the answers of filled fields that say nothing of this incident, or say something false
        (`parts` as for `answers`); returns the corrected count and what is missing."""
        action = self.act(event)
        false_fields = {claim.field for claim, _ in self.false_claims(event)}
        missing = list(missing)
        for field_name, (what, _flag) in parts.items():
            value = action.get(field_name)
            if not isinstance(value, str) or not value.strip() or field_name in ("unknown", "next_update_at"):
                if field_name == "unknown" and field_name in false_fields:
                    answered -= 1
                    missing.append(f"{what} (it states something untrue)")
                continue
            if field_name in false_fields:
                answered -= 1
                missing.append(f"{what} truly (\u201c{value.strip()}\u201d is not so)")
            elif not self.specific(value):
                answered -= 1
                missing.append(f"{what} (only \u201c{value.strip()}\u201d)")
        return max(0, answered), missing

    def repeats(self, event: Event, window: float) -> Event | None:
        """The earlier update of the same kind that this one nearly repeats, if it came within `window`
        minutes of it (update spam: the same words again, carrying nothing new)."""
        kind = event.data["action"]["kind"]
        words = _word_set(self.text(event))
        if not words:
            return None
        previous = [e for e in self.actions[kind] if e.seq < event.seq and event.t - e.t < window]
        for earlier in reversed(previous):
            other = _word_set(self.text(earlier))
            if other and len(words & other) / len(words | other) >= 0.85:
                return earlier
        return None

    def clock(self, t: float) -> str:
        """The company's wall-clock time at sim minute t ('10:31')."""
        total = self._clock_start + int(t)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    # ------------------------------------------------------------------ lookups

    def first(self, kind: str, **match: Any) -> Event | None:
        return next((e for e in self.by_kind[kind] if all(e.data.get(k) == v for k, v in match.items())), None)

    def rel(self, t: float) -> float:
        """Minutes since the first customer report."""
        return t - self.t0

    def name(self, person: str | None) -> str:
        if person is None:
            return "nobody"
        member = self.cast.get(person)
        return str(member["name"]) if member and member.get("name") else person

    @staticmethod
    def act(event: Event) -> dict[str, Any]:
        return event.data["action"]

    def updates(self, *, thread_only: bool = True) -> list[Event]:
        """Internal updates (post_update), by default only those in the incident thread."""
        return [
            e for e in self.actions["post_update"]
            if not thread_only or e.data["action"].get("channel", INCIDENT_THREAD) == INCIDENT_THREAD
        ]

    def check_kind(self, check_id: str) -> str | None:
        check = self.scenario.check(check_id)
        return check.kind.value if check else None

    def played_count(self) -> int:
        """People in the room from the start: cast members someone plays."""
        played = [p for p in self.cast.values() if p.get("played_by")]
        return len(played) if played else len(self.started.get("players") or {})

    # ------------------------------------------------------------------ derived timeline

    def _final_resolution(self) -> Event | None:
        resolved: Event | None = None
        for event in self.events:
            if event.kind == "resolved":
                resolved = event
            elif event.kind == "reopened":
                resolved = None
        return resolved

    def _spells(self) -> list[Spell]:
        changes = self.by_kind["owner_changed"]
        spells = []
        for i, event in enumerate(changes):
            end = changes[i + 1].t if i + 1 < len(changes) else max(self.live_end, event.t)
            spells.append(Spell(event.data.get("owner"), event.t, end, event))
        return spells

    def owner_at(self, t: float, seq: int | None = None) -> str | None:
        """The owner at time t (just before event `seq`, if given, for same-minute ordering)."""
        owner = None
        for spell in self.spells:
            if spell.event.t > t or (seq is not None and spell.event.seq > seq):
                break
            owner = spell.owner
        return owner

    def confirmed_recovery(self) -> Event | None:
        """The customer's confirmation that the blocked action works, if nothing reopened it later.

        This differs on purpose from drills.world.figures, whose `time_to_confirmed_recovery` (and the
        end of `longest_customer_silence`) is the first confirmation ever. The figure measures when the
        customer could first work again, a fact of the world; the rules judge conduct, and after a
        reopen the customer is blocked again, so the customer rhythm (CUS-02) and the mid-incident
        update rules (CUS-04..08) run on until a confirmation that stands. CUS-02 names an undone
        confirmation in its evidence so the report explains why it measures past the figure.
        """
        confirmed: Event | None = None
        for event in self.events:
            if event.kind == "customer_retried" and event.data.get("works") and confirmed is None:
                confirmed = event
            elif event.kind == "reopened":
                confirmed = None
        return confirmed

    def verifications(self) -> list[Event]:
        """Tests of the repair on a real case: the customer's successful retry, or a reproduction on the
        reported account (a reproduce check started after a repair helped) that no longer fails."""
        good = [e for e in self.by_kind["repair_finished"] if e.data.get("effect") in GOOD_EFFECTS]
        if not good:
            return []
        after = good[0].t
        started_ok = {
            e.data["check_id"] for e in self.by_kind["check_started"]
            if e.t >= after and self.check_kind(e.data["check_id"]) == CheckKind.reproduce.value
        }
        found = []
        for event in self.events:
            if (event.kind == "customer_retried" and event.data.get("works")) or (
                event.kind == "check_result"
                and event.t >= after
                and event.data.get("check_id") in started_ok
                and event.data.get("reproduced") is not True
            ):
                found.append(event)
        return found

    # ------------------------------------------------------------------ words

    @staticmethod
    def text(event: Event) -> str:
        """The participant's words in an action, fields joined one per line."""
        action = event.data["action"]
        fields = TEXT_FIELDS.get(action["kind"], ())
        return "\n".join(str(action[f]) for f in fields if action.get(f))

    def written(self, kinds: Sequence[str], until: float | None = None) -> list[Event]:
        """Actions of these kinds that carry words, in log order (optionally up to time `until`)."""
        wanted = set(kinds)
        return [
            e for e in self.by_kind["action"]
            if e.data["action"]["kind"] in wanted and (until is None or e.t <= until) and self.text(e)
        ]

    def answers(self, event: Event, parts: Mapping[str, tuple[str, str]]) -> tuple[int, list[str], bool]:
        """How many of an update's `parts` (field -> (what it says, its missing_* flag id)) it answers: a
        filled field exactly; an empty one from the update's words, unless the missing flag fires.
        Returns (answered, what is missing, whether any answer was read from the words)."""
        action, text = self.act(event), self.text(event)
        answered, missing, from_words = 0, [], False
        for field_name, (what, flag_id) in parts.items():
            if action.get(field_name) not in (None, ""):
                answered += 1
            elif text:
                from_words = True
                if self.flags(event, flag_id):
                    missing.append(what)
                else:
                    answered += 1
            else:
                missing.append(what)
        return answered, missing, from_words

    def flags(self, event: Event, detector: str) -> list[TextFlag]:
        """Flags one detector of drills.scoring.textchecks raises on an event's words (all fields joined),
        memoised per event. Rules ask only for the detectors they need: a structured update that
        answers every question never pays for the 'missing_*' detectors. Each is read for the audience
        the action speaks to (a fix time with its dependency is an estimate to the CEO, a promise to a
        customer)."""
        key = (event.seq, detector)
        cached = self._flag_cache.get(key)
        if cached is None:
            from drills.scoring.textchecks import detect

            audience = AUDIENCE_OF.get(event.data["action"]["kind"], "internal")
            cached = [TextFlag(f.id, f.matched, f.message)
                      for f in detect(detector, self.text(event), audience=audience)
                      if not (detector == "jargon" and self._everyday(f.matched))]
            self._flag_cache[key] = cached
        return cached

    def _everyday(self, matched: str) -> bool:
        """Whether flagged 'jargon' is a word the scenario says its customers use every day
        (`customer_words`: "git" and "merge requests" for a code-hosting company's customers)."""
        words = {w.lower() for w in getattr(self.scenario, "customer_words", ())}
        low = matched.lower().strip(" .,;:!?\"'")
        return bool(words) and (low in words or any(w in low.split() or w == low for w in words))

    def overruled(self, rule_id: str, event: Event, flag_id: str) -> Event | None:
        return self.overrules.get((rule_id, event.seq, flag_id)) or self.overrules.get((None, event.seq, flag_id))

    def judge(self, rule_id: str, event: Event, flags: list[TextFlag]) -> tuple[int, list[Evidence]]:
        """Count the flags that stand (not overruled) and turn every flag into evidence."""
        standing, evidence = 0, []
        for flag in flags:
            overrule = self.overruled(rule_id, event, flag.id)
            if overrule is None:
                standing += 1
                note = flag.message
            else:
                d = overrule.data
                note = f"{flag.message} — overruled by {d.get('by') or 'the facilitator'}: {d.get('reason') or ''}"
            evidence.append(Evidence(event_seq=event.seq, t=event.t, quote=flag.matched, note=note.strip(" :"),
                                     flag_id=flag.id))
        return standing, evidence


def local_flags(pattern: re.Pattern[str], flag_id: str, message: str, text: str) -> list[TextFlag]:
    """Flags a rule raises with its own pattern (for checks drills.scoring.textchecks does not cover)."""
    return [TextFlag(flag_id, m.group(0), message) for m in pattern.finditer(text)]


def quote(text: str, needle: str, width: int = 40) -> str:
    """The words around the first case-insensitive occurrence of `needle` (or the start of text)."""
    at = text.lower().find(needle.lower())
    if at < 0:
        return text[: width * 2].strip()
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
