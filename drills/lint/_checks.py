"""Lint checks beyond the format: will this scenario play the way its author meant?

Each check reads a scenario that already loaded (the schema and cross-references hold) and returns
warnings placed on the item to change, each saying what to do; `drill lint --strict` fails on them.
`drills.lint` runs `CHECKS`, in order.

What they catch, and why it matters at the table:

- `injects_that_never_fire`: an inject whose `when` can never hold, so the author's carefully
  written message is never seen (it needs a check or repair that cannot have finished by its
  minute, contradicts itself, or needs the team to act before the first customer report).
- `clues_never_shown`: a clue no check reveals.
- `repairs_that_cannot_win`: no repair brings the impact down far enough to count as mitigated, or
  for the customer's blocked action to work again; a repair that needs a useless one first.
- `no_fast_safe_repair`: nothing for REP-01 ("the first repair is the fastest safe one") to reward.
- `par_out_of_reach`: the scripted ideal team, played headless, does not mitigate within par.
- `nobody_knows_the_failing_system`: CMD-03 asks for the owner closest to the failing system, and
  nobody in the cast is.
- `contradictory_effects`: an effect that cannot do what it says (`worse` to below the full outage,
  `none` with an `impact_after`, a `fixes` that leaves the customer blocked), in a repair or in one
  of its format-2 outcomes.
- `chains_that_cannot_finish`: a repair whose chain of `requires` cannot land before the drill ends,
  and a fix the scripted ideal team, played headless, never gets to (a follow-up that does not
  require the first repair, so "stop the bleeding, then fix" never happens).
- `must_find_beyond_the_ideal_team`: more checks are needed to find `par.must_find` than the ideal
  team runs (three).
- `decisions_without_an_expected_answer`: the debrief cannot say which answer the playbook wanted.
- `briefing_times_that_contradict`: the briefing gives a clock time for something ("shipped the
  release at 09:58") that the scenario's own injects and clues put at another time (09:41), and
  never at the briefing's.

Timing arguments start at the first customer report: before it nobody is expected to act (every
scripted team waits for it, and so does the playbook's clock).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from drills.errors import Problem
from drills.scenario import FAST_SAFE_KINDS, MITIGATED_AT, WORKS_BELOW, Inject, Repair, RepairEffect, Scenario

if TYPE_CHECKING:
    from drills.scenario import LoadedScenario

_HELPS = (RepairEffect.fixes, RepairEffect.mitigates)
_ACTED = ("owner_assigned", "internal_update_sent", "customer_update_sent", "escalated", "resolved")
"""Conditions that, when required true, need the team to have done something."""
_ACTED_WORDS = {
    "owner_assigned": "an owner to be named",
    "internal_update_sent": "an internal update to be posted",
    "customer_update_sent": "an update to the customer",
    "escalated": "an escalation to the CEO",
    "resolved": "the incident to be resolved",
}


def _m(value: float) -> str:
    return f"{value:g}"


def report_minute(scenario: Scenario) -> float:
    """Minute of the first customer report (the loader guarantees the inject exists)."""
    return next((i.at for i in scenario.injects if i.id == scenario.incident.first_report), 0.0)


def _requires_closure(scenario: Scenario, repair_id: str) -> set[str]:
    """Every repair that must land before `repair_id` can start, directly or through others."""
    seen: set[str] = set()
    todo = [repair_id]
    while todo:
        repair = scenario.repair(todo.pop())
        for needed in repair.requires if repair else []:
            if needed not in seen:
                seen.add(needed)
                todo.append(needed)
    return seen


def _chain_minutes(scenario: Scenario, repair: Repair, memo: dict[str, float] | None = None) -> float:
    """Least minutes from the first action until `repair` has landed: its own time after the slowest
    of its prerequisites (which can run side by side). Requires chains are acyclic once loaded."""
    memo = {} if memo is None else memo
    if repair.id not in memo:
        before = [_chain_minutes(scenario, r, memo) for rid in repair.requires if (r := scenario.repair(rid))]
        memo[repair.id] = repair.takes + max(before, default=0.0)
    return memo[repair.id]


def _chain_words(scenario: Scenario, repair: Repair) -> str:
    """'restart-workers' 5 min + 'purge' 3 min: the slowest path of prerequisites, in order."""
    path: list[Repair] = [repair]
    while path[-1].requires:
        needed = [r for rid in path[-1].requires if (r := scenario.repair(rid))]
        path.append(max(needed, key=lambda r: _chain_minutes(scenario, r)))
    return " + ".join(f"'{r.id}' {_m(r.takes)} min" for r in reversed(path))


def _mitigating(scenario: Scenario) -> list[Repair]:
    """Repairs that, once landed, make the drill count as mitigated."""
    return [r for r in scenario.repairs if r.effect in _HELPS and r.residual_impact <= MITIGATED_AT]


# --------------------------------------------------------------------------- injects


def injects_that_never_fire(loaded: LoadedScenario) -> list[Problem]:
    """Injects whose `when` cannot hold at their minute, whatever the team does."""
    scenario = loaded.scenario
    report = report_minute(scenario)
    out: list[Problem] = []
    for index, inject in enumerate(scenario.injects):
        if inject.when is not None and inject.at is not None and inject.id != scenario.incident.first_report:
            out.extend(_never_fires(loaded, index, inject, report))
    return out


def _never_fires(loaded: LoadedScenario, index: int, inject: Inject, report: float) -> Iterable[Problem]:
    scenario = loaded.scenario
    when = inject.when
    assert when is not None
    here = ("injects", index, "when")
    name = f"inject '{inject.id}' (minute {_m(inject.at)})"
    since = inject.at - report

    for key in _ACTED:
        if getattr(when, key) is True and since <= 0:
            yield loaded.problem(
                (*here, key),
                f"{name} never fires: it waits for {_ACTED_WORDS[key]}, but arrives before the first customer "
                f"report (minute {_m(report)}), when nobody has acted yet",
                f"move it after minute {_m(report)}, or drop `{key}: true`")

    if when.after_check:
        check = scenario.check(when.after_check)
        if check is not None and check.takes > since:
            yield loaded.problem(
                (*here, "after_check"),
                f"{name} never fires: check '{check.id}' takes {_m(check.takes)} min, so it cannot have finished "
                f"{_m(max(since, 0))} min after the first report (minute {_m(report)})",
                f"move the inject to minute {_m(report + check.takes)} or later, or shorten the check's `takes`")

    if when.after_repair:
        repair = scenario.repair(when.after_repair)
        if repair is not None:
            needs = _chain_minutes(scenario, repair)
            if needs > since:
                yield loaded.problem(
                    (*here, "after_repair"),
                    f"{name} never fires: repair '{repair.id}' cannot have landed before minute {_m(report + needs)} "
                    f"(report at minute {_m(report)} + {_chain_words(scenario, repair)})",
                    f"move the inject to minute {_m(report + needs)} or later, or make the repair quicker")
            if when.not_after_repair and when.not_after_repair in _requires_closure(scenario, repair.id) | {repair.id}:
                yield loaded.problem(
                    (*here, "not_after_repair"),
                    f"{name} never fires: it waits for repair '{repair.id}', which needs '{when.not_after_repair}' "
                    f"first, and also for '{when.not_after_repair}' not to have been applied",
                    "drop one of `after_repair` and `not_after_repair`")
            if when.mitigated is False and repair in _mitigating(scenario):
                yield loaded.problem(
                    (*here, "mitigated"),
                    f"{name} never fires: once repair '{repair.id}' has landed the drill is mitigated for good, "
                    "so `mitigated: false` cannot hold with it",
                    "drop `mitigated: false`, or wait on a repair that does not mitigate")

    if when.mitigated is True:
        yield from _mitigated_never(loaded, index, inject, report)


def _mitigated_never(loaded: LoadedScenario, index: int, inject: Inject, report: float) -> Iterable[Problem]:
    scenario = loaded.scenario
    when = inject.when
    assert when is not None
    where = ("injects", index, "when", "mitigated")
    name = f"inject '{inject.id}' (minute {_m(inject.at)})"
    candidates = _mitigating(scenario)
    if not candidates:
        return  # repairs_that_cannot_win says so, once, on the repairs
    blocked = when.not_after_repair
    if blocked:
        usable = [r for r in candidates if r.id != blocked and blocked not in _requires_closure(scenario, r.id)]
        if not usable:
            yield loaded.problem(
                where,
                f"{name} never fires: it needs the drill mitigated and repair '{blocked}' not applied, but every "
                f"repair that mitigates is '{blocked}' or needs it first",
                "drop `not_after_repair` or `mitigated: true`, or add another repair that mitigates")
            return
        candidates = usable
    quickest = min(candidates, key=lambda r: _chain_minutes(scenario, r))
    needs = _chain_minutes(scenario, quickest)
    if needs > inject.at - report:
        yield loaded.problem(
            where,
            f"{name} never fires: the drill cannot be mitigated before minute {_m(report + needs)} (report at minute "
            f"{_m(report)} + {_chain_words(scenario, quickest)})",
            f"move the inject to minute {_m(report + needs)} or later, or drop `mitigated: true`")


# --------------------------------------------------------------------------- clues


def clues_never_shown(loaded: LoadedScenario) -> list[Problem]:
    """Clues that no check reveals: the team can never see them."""
    scenario = loaded.scenario
    revealed = {clue for check in scenario.checks for clue in check.reveals}
    return [
        loaded.problem(("clues", i, "id"), f"clue '{clue.id}' is never shown: no check reveals it",
                       f"add '{clue.id}' to the `reveals` of the check that would turn it up, or delete the clue")
        for i, clue in enumerate(scenario.clues) if clue.id not in revealed
    ]


# --------------------------------------------------------------------------- repairs


def repairs_that_cannot_win(loaded: LoadedScenario) -> list[Problem]:
    """No way to mitigate, no way for the customer's action to work again, or a repair that needs a
    useless one first."""
    scenario = loaded.scenario
    out: list[Problem] = []
    helping = [r for r in scenario.repairs if r.effect in _HELPS]
    if not helping:
        out.append(loaded.problem(
            ("repairs",), "no repair fixes or mitigates the outage: no team can win this drill",
            "give at least one repair `effect: fixes` (or `effect: mitigates`)", key=True))
    else:
        best = min(helping, key=lambda r: r.residual_impact)
        index = scenario.repairs.index(best)
        if best.residual_impact > MITIGATED_AT:
            out.append(loaded.problem(
                ("repairs", index, "impact_after"),
                f"no repair brings the impact down to mitigated (at most {_m(MITIGATED_AT)}); the best, "
                f"'{best.id}', leaves {_m(best.residual_impact)}",
                f"lower its `impact_after` to {_m(MITIGATED_AT)} or less, or add a repair that fixes"))
        elif best.residual_impact >= WORKS_BELOW:
            out.append(loaded.problem(
                ("repairs", index, "impact_after"),
                f"no repair brings the impact below {_m(WORKS_BELOW)}, so the customer can never "
                f"{scenario.incident.blocked_action} again (the best, '{best.id}', leaves "
                f"{_m(best.residual_impact)}); no team can earn the customer's confirmation",
                "add a repair that fixes (a follow-up with `requires:` is fine), or lower this `impact_after`"))
    for i, repair in enumerate(scenario.repairs):
        for j, needed_id in enumerate(repair.requires):
            needed = scenario.repair(needed_id)
            if needed is not None and needed.effect not in _HELPS:
                effect = needed.effect.value
                out.append(loaded.problem(
                    ("repairs", i, "requires", j),
                    f"repair '{repair.id}' needs '{needed.id}' first, which never helps (effect: {effect}); the "
                    f"team must {'make things worse' if effect == 'worse' else 'waste a repair'} to use it",
                    f"remove '{needed.id}' from `requires`, or require the repair that really comes first"))
    return out


def no_fast_safe_repair(loaded: LoadedScenario) -> list[Problem]:
    """REP-01 rewards a first repair of a fast, safe kind that helps on its own; offer one, or say honestly
    (format 2, `incident.no_fast_safe_repair`) that this incident has none."""
    scenario = loaded.scenario
    best = scenario.fastest_safe_repair()
    if best is not None and best.kind in FAST_SAFE_KINDS:
        return []
    if best is None or scenario.incident.no_fast_safe_repair:
        return []  # repairs_that_cannot_win already says nothing brings the impact down; or it is declared
    kinds = ", ".join(sorted(k.value for k in FAST_SAFE_KINDS))
    return [loaded.problem(
        ("repairs",),
        "no fast safe repair: nothing of a fast, safe kind brings impact down to mitigated on its own, so the "
        "drill cannot "
        "teach 'fastest safe repair first' (REP-01)",
        f"if the incident had one, add a repair of kind {kinds} with `effect: fixes` or `mitigates` and no "
        "`requires`; if it truly had none, say so (format 2): `incident.no_fast_safe_repair: <why>`", key=True)]


# --------------------------------------------------------------------------- par


def par_out_of_reach(loaded: LoadedScenario) -> list[Problem]:
    """Play the scripted ideal team headless (a few milliseconds) and compare its mitigation time with par.
    The engine and the teams are imported here, not above: they pull in SimPy and Faker, and `drill lint`
    on files that do not load stays light."""
    from drills.world import figures

    scenario = loaded.scenario
    if not _mitigating(scenario):
        return []  # repairs_that_cannot_win says why no team can mitigate
    engine = _ideal_run(loaded)
    took = figures(engine.events).time_to_mitigation
    par = scenario.par.mitigate_minutes
    if took is not None and took <= par:
        return []
    where = ("par", "mitigate_minutes")
    if took is None:
        return [loaded.problem(
            where, f"par is {_m(par)} min, but the ideal team never mitigates this drill",
            "check that the fastest safe repair brings the impact to 0.5 or less and can be applied after the "
            "report; run `drill simulate FILE --team ideal` to watch it")]
    return [loaded.problem(
        where, f"par is {_m(par)} min, but the ideal team needs {_m(took)} min to mitigate",
        f"raise `mitigate_minutes` to {_m(math.ceil(took))} or more, or make the must-find checks or the fastest "
        "safe repair quicker")]


# --------------------------------------------------------------------------- cast


def nobody_knows_the_failing_system(loaded: LoadedScenario) -> list[Problem]:
    """CMD-03 scores the owner against the people whose `knows` names the failing system."""
    scenario = loaded.scenario
    if scenario.closest_to_failure:
        return []
    system = scenario.incident.failing_system
    known = {k.lower(): (member, k) for member in scenario.cast for k in member.knows}
    close = difflib.get_close_matches(system.lower(), list(known), n=1, cutoff=0.6)
    if close:
        member, written = known[close[0]]
        fix = (f"did you mean '{written}'? cast member '{member.id}' knows '{written}': write the same name in both "
               "places")
    else:
        fix = (f"add '{system}' to the `knows` of the person who should own this incident (CMD-03 checks the "
               "owner against it)")
    return [loaded.problem(("incident", "failing_system"),
                           f"nobody in the cast knows the failing system '{system}', so no owner can be the "
                           "person closest to it", fix)]


# --------------------------------------------------------------------------- format 2 and contradictions

IDEAL_CHECKS = 3
"""How many checks the scripted ideal team runs before its first repair (drills.teams)."""


def contradictory_effects(loaded: LoadedScenario) -> list[Problem]:
    """Effects whose numbers contradict their word: the world would not do what the author wrote."""
    out: list[Problem] = []
    for i, repair in enumerate(loaded.scenario.repairs):
        places: list[tuple[tuple, object, float | None]] = [(("repairs", i), repair.effect, repair.impact_after)]
        places += [(("repairs", i, "effects", j), o.effect, o.impact_after) for j, o in enumerate(repair.effects)]
        for path, effect, impact in places:
            if impact is None:
                continue
            where = (*path, "impact_after")
            name = f"repair '{repair.id}'" + (f" (outcome {path[-1] + 1})" if len(path) > 2 else "")
            if effect is RepairEffect.worse and impact <= 1:
                out.append(loaded.problem(where, f"{name} is `effect: worse` with `impact_after: {_m(impact)}`, "
                                          "not above the full outage (1): the world keeps the higher impact, so it "
                                          "changes nothing", "raise `impact_after` above 1 (1.5 is 'half again "
                                          "worse'), or make the effect `mitigates`"))
            elif effect is RepairEffect.none:
                out.append(loaded.problem(where, f"{name} is `effect: none` with `impact_after: {_m(impact)}`: a "
                                          "repair that does nothing leaves the impact as it was, so the number is "
                                          "ignored", "remove `impact_after`, or give it the effect it has "
                                          "(`mitigates`, `worse`)"))
            elif effect is RepairEffect.fixes and impact >= WORKS_BELOW:
                out.append(loaded.problem(where, f"{name} is `effect: fixes` but leaves {_m(impact)}, so the "
                                          f"customer still cannot {loaded.scenario.incident.blocked_action} "
                                          f"(that needs less than {_m(WORKS_BELOW)})",
                                          f"lower `impact_after` below {_m(WORKS_BELOW)}, or call it `mitigates`"))
    return out


def chains_that_cannot_finish(loaded: LoadedScenario) -> list[Problem]:
    """Repairs that cannot land in the drill's time, and fixes the ideal team never reaches."""
    scenario = loaded.scenario
    report = report_minute(scenario)
    left = scenario.simulated_minutes - report
    out: list[Problem] = []
    for i, repair in enumerate(scenario.repairs):
        needs = _chain_minutes(scenario, repair)
        if needs > left:
            out.append(loaded.problem(("repairs", i, "takes"),
                                      f"repair '{repair.id}' cannot land before the drill ends: "
                                      f"{_chain_words(scenario, repair)} after the report at minute {_m(report)} "
                                      f"is past simulated_minutes ({_m(scenario.simulated_minutes)})",
                                      f"raise simulated_minutes to {_m(math.ceil(report + needs + 30))} or more "
                                      "(format 2 allows 2880), or shorten the chain"))
    first = scenario.fastest_safe_repair()
    fixes = [r for r in scenario.repairs if r.effect is RepairEffect.fixes and r.residual_impact < WORKS_BELOW]
    if first is None or first.outcome_at_start().residual_impact < WORKS_BELOW or not fixes:
        return out
    engine = _ideal_run(loaded)
    if engine.state.confirmed:
        return out
    missing = [r for r in fixes if r.id not in engine.state.repairs_applied]
    if missing:
        fix = missing[0]
        out.append(loaded.problem(("repairs", scenario.repairs.index(fix), "id"),
                                  f"the ideal team never finishes this drill: it stops the bleeding with "
                                  f"'{first.id}' and never applies '{fix.id}', which would fix it",
                                  f"add `requires: [{first.id}]` to '{fix.id}' if it follows the first repair "
                                  "(the ideal team applies a repair's followers once it mitigates)"))
    return out


def must_find_beyond_the_ideal_team(loaded: LoadedScenario) -> list[Problem]:
    """More checks needed for `par.must_find` than the ideal team runs."""
    scenario = loaded.scenario
    wanted = set(scenario.par.must_find)
    if not wanted:
        return []
    from drills.scenario import CheckKind

    checks = [c for c in scenario.checks if c.kind is not CheckKind.reproduce and wanted & set(c.reveals)]
    left, used = set(wanted), 0
    while left and checks:
        best = max(checks, key=lambda c: (len(left & set(c.reveals)), -scenario.checks.index(c)))
        if not left & set(best.reveals):
            break
        left -= set(best.reveals)
        checks.remove(best)
        used += 1
    if used <= IDEAL_CHECKS:
        return []
    return [loaded.problem(("par", "must_find"),
                           f"finding every must_find clue takes {used} checks, but the ideal team runs "
                           f"{IDEAL_CHECKS} before its first repair, so no scripted run finds them all",
                           f"let {IDEAL_CHECKS} checks reveal them (a check may reveal several clues), or drop some "
                           "from must_find")]


def decisions_without_an_expected_answer(loaded: LoadedScenario) -> list[Problem]:
    return [loaded.problem(("decisions", i, "options"),
                           f"decision '{d.id}' has no option marked `expected: true`; the ideal team takes the "
                           "first, and the debrief cannot say which answer the playbook wanted",
                           "mark the answer the playbook expects with `expected: true`", key=True)
            for i, d in enumerate(loaded.scenario.decisions) if not any(o.expected for o in d.options)]


_IDEAL_RUNS: dict[str, object] = {}


def _ideal_run(loaded: LoadedScenario):  # -> Engine (imported lazily, see par_out_of_reach)
    """The scripted ideal team's headless drill of this file, played once per lint of it."""
    from drills.teams import IdealTeam, play_headless
    from drills.world import Engine

    key = loaded.sha256
    if key not in _IDEAL_RUNS:
        if len(_IDEAL_RUNS) > 32:
            _IDEAL_RUNS.clear()
        scenario = loaded.scenario
        _IDEAL_RUNS[key] = play_headless(Engine(scenario, loaded.source, seed=scenario.seed), IdealTeam())
    return _IDEAL_RUNS[key]


# --------------------------------------------------------------------------- text

_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")
_WORD = re.compile(r"[a-z][a-z0-9-]{3,}")
_NEAR = 40
"""Characters either side of a time that say what the time is of."""
_COMMON = frozenset({
    "this", "that", "with", "from", "went", "were", "have", "been", "about", "into", "after", "before", "their",
    "there", "they", "them", "then", "than", "when", "what", "every", "morning", "today", "tomorrow", "normal",
    "usual", "team", "everyone", "back", "work", "shipped", "finished", "started", "since", "until", "around",
    "afternoon", "evening", "night", "minutes", "hours",
})


def _about(text: str, match: re.Match[str]) -> set[str]:
    """The words near a clock time, which say what it is the time of ('release', 'web-app')."""
    around = text[max(0, match.start() - _NEAR):match.end() + _NEAR].lower()
    return {word for word in _WORD.findall(around) if word not in _COMMON}


def _hhmm(clock: str) -> str:
    return clock.zfill(5)


def briefing_times_that_contradict(loaded: LoadedScenario) -> list[Problem]:
    """A time in the briefing that the scenario's own timeline (injects, clues, the root cause) gives
    differently for the same thing: the players read the briefing first and trust it."""
    scenario = loaded.scenario
    briefing = scenario.briefing or ""
    timeline = [inject.text for inject in scenario.injects] + [clue.text for clue in scenario.clues]
    timeline.append(scenario.incident.root_cause)
    problems = []
    for match in _CLOCK.finditer(briefing):
        said, about = _hhmm(match.group(0)), _about(briefing, match)
        elsewhere: dict[str, set[str]] = {}
        for text in timeline:
            for other in _CLOCK.finditer(text):
                shared = about & _about(text, other)
                if shared:
                    elsewhere.setdefault(_hhmm(other.group(0)), set()).update(shared)
        if elsewhere and said not in elsewhere:
            theirs = max(elsewhere, key=lambda clock: len(elsewhere[clock]))
            words = ", ".join(sorted(elsewhere[theirs]))
            problems.append(loaded.problem(
                ("briefing",), f"the briefing says {said} where the scenario's injects and clues say {theirs} "
                f"(about: {words})", f"write {theirs} in the briefing (or change the timeline), so the players "
                "start from the same facts the drill shows them"))
    return problems


CHECKS = (injects_that_never_fire, clues_never_shown, repairs_that_cannot_win, no_fast_safe_repair,
          par_out_of_reach, nobody_knows_the_failing_system, contradictory_effects, chains_that_cannot_finish,
          must_find_beyond_the_ideal_team, decisions_without_an_expected_answer, briefing_times_that_contradict)
"""Our checks, in the order `drill lint` runs them."""
