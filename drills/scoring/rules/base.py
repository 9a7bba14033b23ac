"""What every rule implementation shares: the registry, the outcome type and small scoring helpers.

A rule is a function `(log, params) -> Outcome`, registered under its playbook id with the pydantic
model of its parameters. The playbook validates its `params` against that model, so every threshold
a rule reads is a number in the YAML, never a constant here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict

from drills.scoring._scorecard import Evidence

if TYPE_CHECKING:
    from drills.scoring.rules.log import DrillLog


class Params(BaseModel):
    """Base of every rule's parameters: frozen, and an unknown key is an error (a typo is not ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class NoParams(Params):
    """A rule without thresholds."""


@dataclass(slots=True)
class Outcome:
    """What a rule found."""

    score: float | None
    """In [0, 1]; None when the rule's situation never arose (N/A)."""
    evidence: list[Evidence] = field(default_factory=list)
    attempted: bool = True
    """False when the task was never attempted at all (a critical rule then makes its capability U)."""
    exact: bool | None = None
    """Overrides the rule's registered exactness, e.g. when a structural rule had to read free text."""


P = TypeVar("P", bound=Params)
RuleFn = Callable[["DrillLog", Any], Outcome]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    fn: RuleFn
    params: type[Params]
    exact: bool
    """True for timing and structure rules, False for rules that read free text."""


REGISTRY: dict[str, RuleSpec] = {}


def rule(rule_id: str, params: type[P], *, exact: bool) -> Callable[[Callable[[DrillLog, P], Outcome]], RuleFn]:
    """Register the implementation of a playbook rule."""

    def register(fn: Callable[[DrillLog, P], Outcome]) -> RuleFn:
        if rule_id in REGISTRY:
            raise RuntimeError(f"rule {rule_id} is implemented twice")
        REGISTRY[rule_id] = RuleSpec(rule_id, fn, params, exact)
        return fn

    return register


def ramp(value: float, full: float, zero: float) -> float:
    """1 up to `full`, 0 from `zero`, linear in between (a deadline with a tail)."""
    if value <= full:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - full)


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def minutes(value: float) -> str:
    """'12 min' / '7.5 min': how notes state durations."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " min"


def missed_beats(
    times: list[float], start: float, end: float, every: float, grace: float
) -> tuple[int, list[tuple[float, float]]]:
    """Updates missed in a rhythm of one per `every` minutes (with `grace`) over [start, end].

    Returns the count and the late gaps (from, to). A gap of g minutes beyond `every + grace`
    misses floor((g - grace) / every) updates: 36 min misses one, 66 min misses two.
    """
    points = [start, *[t for t in times if start <= t <= end], end]
    missed, late = 0, []
    for a, b in pairwise(points):
        gap = b - a
        if gap > every + grace:
            missed += int((gap - grace) // every)
            late.append((a, b))
    return missed, late
