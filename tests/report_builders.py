"""Drills and scorecards for the report and history tests, built without the scoring engine.

The scorecards are hand-made but point at real events of a real drill (seq, time, quoted words),
so a report built from them exercises the same paths a scored drill does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from drills.scenario import Scenario
from drills.scoring import CapabilityResult, Evidence, Rating, RuleResult, Scorecard
from drills.teams import BUILTIN_TEAMS, play_headless
from drills.world import Engine, Event, figures

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIO = FIXTURES / "report_scenario.yaml"


def scenario_source(**changes: object) -> str:
    """The fixture scenario's YAML, with top-level keys replaced (e.g. a hostile title)."""
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def play(team: str = "chaotic", source: str | None = None, *, seed: int = 1, players: dict[str, str] | None = None,
         folder: Path | None = None) -> list[Event]:
    """Play the fixture scenario headless; with a folder, the log is written to folder/events.jsonl."""
    from drills.world import JsonlEventLog

    src = source if source is not None else SCENARIO.read_text(encoding="utf-8")
    sink = JsonlEventLog(folder / "events.jsonl") if folder is not None else None
    engine = Engine(Scenario.model_validate(yaml.safe_load(src)), src, seed=seed, team=team, players=players,
                    sink=sink)
    play_headless(engine, BUILTIN_TEAMS[team]())
    if sink is not None:
        sink.close()
    return engine.events


def first(events: Sequence[Event], action_kind: str, actor: str | None = None) -> Event:
    return next(e for e in events if e.action_kind == action_kind and (actor is None or e.actor == actor))


def _rule(rule_id: str, title: str, score: float | None, *, critical: bool = False,
          evidence: Sequence[Evidence] = (), advice: str = "", source: str = "") -> RuleResult:
    return RuleResult(rule_id=rule_id, capability=rule_id[:3], title=title, critical=critical, score=score,
                      exact=not rule_id.startswith("CUS-06"), evidence=list(evidence),
                      advice=advice or f"Advice for {rule_id}.", source=source or "PLAYBOOK.md")


def _evidence(event: Event, quote: str = "", note: str = "", flag_id: str | None = None) -> Evidence:
    return Evidence(event_seq=event.seq, t=event.t, quote=quote, note=note, flag_id=flag_id)


def _rate(score: float | None) -> Rating | None:
    if score is None:
        return None
    return Rating.P if score >= 80 else Rating.S if score >= 66 else Rating.M if score >= 50 else Rating.U


def scorecard(events: Sequence[Event], *, cap_scores: dict[str, float | None] | None = None,
              overruled: Sequence[str] = ()) -> Scorecard:
    """A scorecard for a chaotic-team drill of the fixture scenario (or any drill with updates).

    CMD passes, INT and CUS fail criticals with quoted evidence, EXE is N/A. `cap_scores` overrides
    capability scores (history tests build a team's trend from them).
    """
    owner = next(e for e in events if e.kind == "owner_changed")
    update = first(events, "post_update")
    customer = first(events, "customer_update")
    started = events[0].data
    scores: dict[str, float | None] = {"CMD": 92.0, "INT": 40.0, "CUS": 55.0, "EXE": None, "REP": 70.0}
    scores.update(cap_scores or {})
    rules = {
        "CMD": [
            _rule("CMD-01", "One owner named fast", 1.0, critical=True,
                  evidence=[_evidence(owner, note="owner named")]),
            _rule("CMD-05", "The room stays small", 1.0),
        ],
        "INT": [
            _rule("INT-01", "Updates at most 30 min apart", 0.4, critical=True,
                  evidence=[_evidence(update, note="the next update came 139 minutes later")],
                  advice="Post an update every 30 minutes, even when nothing changed.",
                  source="Statuspage: update every 30 minutes"),
            _rule("INT-05", "No blame while the incident is live", 0.0, critical=True,
                  evidence=[_evidence(update, quote=update.data["action"]["text"], note="blame words",
                                      flag_id="blame")],
                  advice="Describe the system, not the person.", source="PagerDuty: blameless"),
            _rule("INT-02", "First internal update within 10 min", 1.0),
        ],
        "CUS": [
            _rule("CUS-06", "No promised fix time before the repair is verified", 0.0, critical=True,
                  evidence=[_evidence(customer, quote=customer.data["action"]["text"], note="fix-time promise",
                                      flag_id="fix_time_promise")],
                  advice="Promise the next update, not the fix time.", source="Seed guide: first customer word"),
            _rule("CUS-02", "Customer updates at most 30 min apart", 0.5),
            _rule("CUS-01", "The customer hears from us within 15 min", 1.0, critical=True),
        ],
        "EXE": [_rule("EXE-01", "Escalate when the business triggers fire", None)],
        "REP": [_rule("REP-01", "The first repair is the fastest safe one", 0.7, critical=True,
                      evidence=[Evidence(note="No rollback was tried before the hotfix.")])],
    }
    titles = {"CMD": "Command and ownership", "INT": "Internal rhythm", "CUS": "One voice to the customer",
              "EXE": "Escalation to the CEO", "REP": "Repair"}
    caps = [CapabilityResult(id=cid, title=titles[cid], score=scores[cid], rating=_rate(scores[cid]), weight=0.2,
                             rules=rules[cid]) for cid in titles]
    applied = [s for s in scores.values() if s is not None]
    overall = sum(applied) / len(applied)
    return Scorecard(scenario_id=started["scenario_id"], scenario_title=started["title"], seed=started["seed"],
                     playbook_id="default", playbook_version="1", score=overall, rating=_rate(overall) or Rating.U,
                     capabilities=caps, figures=figures(events), overruled=list(overruled))
