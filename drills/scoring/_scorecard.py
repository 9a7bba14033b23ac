"""The result of scoring one drill: typed, serialisable, and the only input reports need
besides the event log itself. Its outcome figures are the world's (`drills.world`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from drills.world import OutcomeFigures


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Rating(StrEnum):
    """HSEEP ratings."""

    P = "P"
    """Performed without challenges (80–100)."""
    S = "S"
    """Performed with some challenges (66–79)."""
    M = "M"
    """Performed with major challenges (50–65)."""
    U = "U"
    """Unable to be performed (0–49)."""


class Evidence(_Frozen):
    """One piece of evidence for a rule's score."""

    event_seq: int | None = None
    """The event this evidence points at (None for an absence)."""
    t: float | None = None
    """Sim minutes since the drill started."""
    quote: str = ""
    """The participant's words, verbatim (escape when rendering)."""
    note: str = ""
    """What the evidence shows, in the scorer's words."""
    flag_id: str | None = None
    """The text flag behind this evidence (e.g. 'fix_time_promise'), so it can be overruled."""


class RuleResult(_Frozen):
    rule_id: str
    """e.g. 'CUS-06'."""
    capability: str
    """e.g. 'CUS'."""
    title: str
    critical: bool
    score: float | None = Field(ge=0, le=1)
    """None when the rule's situation never arose (N/A, out of the denominator)."""
    exact: bool
    """True for timing/structure rules, False for free-text heuristics."""
    weight: float = 1.0
    evidence: list[Evidence] = Field(default_factory=list)
    advice: str = ""
    source: str = ""
    attempted: bool = True
    """False when the critical task was never attempted (caps the capability at U)."""

    @property
    def applicable(self) -> bool:
        return self.score is not None

    @property
    def passed(self) -> bool:
        return self.score is not None and self.score >= 0.8


class CapabilityResult(_Frozen):
    id: str
    """e.g. 'CMD'."""
    title: str
    score: float | None = Field(ge=0, le=100)
    """0–100; None if no rule in it applied."""
    rating: Rating | None
    weight: float
    rules: list[RuleResult]


class Scorecard(_Frozen):
    scenario_id: str
    scenario_title: str
    seed: int
    playbook_id: str
    playbook_version: str
    score: float = Field(ge=0, le=100)
    """Overall score out of 100 (weighted mean of capability scores); 0 when `not_scored` says why
    there is none."""
    rating: Rating
    """The overall HSEEP rating; U when `not_scored` is set (a placeholder, not a verdict)."""
    capabilities: list[CapabilityResult]
    figures: OutcomeFigures
    overruled: list[str] = Field(default_factory=list)
    """Flag ids (as 'RULE:event_seq:flag_id') the facilitator overruled in the debrief."""
    capped_at: Rating | None = None
    """The best overall rating the failed critical tasks allow (None: nothing capped it)."""
    capped_by: list[str] = Field(default_factory=list)
    """The critical rules that failed or were never attempted, which set `capped_at`."""
    overrule_notes: list[str] = Field(default_factory=list)
    """For each overrule that does not move the score, why not (a cap still holds, other findings)."""
    not_scored: str | None = None
    """Why the drill has no score (e.g. 'the drill ended before the incident was reported'), or None
    when it was scored. When set, every rule is N/A, no capability has a score, and `score` and
    `rating` hold only placeholders (0, U) that readers must not show: show this reason instead."""

    @property
    def scored(self) -> bool:
        return self.not_scored is None

    def capability(self, cap_id: str) -> CapabilityResult:
        return next(c for c in self.capabilities if c.id == cap_id)

    def rule(self, rule_id: str) -> RuleResult:
        return next(r for c in self.capabilities for r in c.rules if r.rule_id == rule_id)

    def improvements(self, limit: int | None = None) -> list[RuleResult]:
        """Failed applicable rules, criticals first, then by how much score they cost."""
        failed = [r for c in self.capabilities for r in c.rules if r.score is not None and r.score < 0.8]
        failed.sort(key=lambda r: (not r.critical, -(1 - (r.score or 0)) * r.weight, r.rule_id))
        return failed[:limit] if limit else failed
