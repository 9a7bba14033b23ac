"""The playbook as data: capabilities, rules, thresholds, weights and rating bands.

The shipped default lives in `drills/scoring/playbook.yaml`; teams copy it and change numbers (a stricter
update cadence, a different weight) or delete a rule to switch it off. Rule *behaviour* lives in
`drills.scoring.rules` (one implementation per rule id, each with a typed parameter model); this module
only checks that a playbook names rules that exist and gives each the parameters it needs, so a
typo is an error with its file:line:col, never a silently ignored rule.
"""

from __future__ import annotations

import difflib
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from drills.errors import PlaybookError
from drills.scoring._scorecard import Rating
from drills.scoring.rules import REGISTRY

DEFAULT_PLAYBOOK_PATH = Path(__file__).resolve().with_name("playbook.yaml")

RuleId = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}-\d{2}$", description="Capability id, a dash and two digits, e.g. 'CMD-01'."),
]
CapabilityId = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="Three capital letters, e.g. 'CMD'.")]
ParamValue = float | int | bool | str | list[str]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True,
                              allow_inf_nan=False)


def _rule_schema(schema: dict[str, Any]) -> None:
    """Let editors check each rule's params: one if/then per implemented rule id."""
    schema["properties"]["id"]["enum"] = sorted(REGISTRY)
    schema["allOf"] = [
        {
            "if": {"properties": {"id": {"const": rule_id}}, "required": ["id"]},
            "then": {"properties": {"params": spec.params.model_json_schema()}},
        }
        for rule_id, spec in sorted(REGISTRY.items())
    ]


class Rule(_Model):
    """One rule: what good practice looks like, how much it counts and how to do better."""

    model_config = ConfigDict(json_schema_extra=_rule_schema)

    id: RuleId
    """Which implementation scores this rule (see `drills.scoring.rules`); must start with its capability's id."""
    title: str = Field(min_length=1)
    """The rule in one line, as the scorecard shows it."""
    critical: bool = False
    """A critical task (★): failing it (score below `critical_fail_below`) caps the capability at M,
    and never attempting it makes the capability U."""
    weight: float = Field(default=1.0, gt=0, le=1000)
    """Weight of this rule inside its capability."""
    params: dict[str, ParamValue] = Field(default_factory=dict)
    """Thresholds and credits for this rule; each rule documents its own keys (all required)."""
    advice: str = Field(min_length=1)
    """One or two plain sentences a team can act on when the rule fails."""
    source: str = Field(min_length=1)
    """Where the rule comes from (seed guide section, PagerDuty, Google SRE, GitLab, Statuspage, HSEEP)."""

    @field_validator("id")
    @classmethod
    def _implemented(cls, value: str) -> str:
        if value not in REGISTRY:
            same = sorted(r for r in REGISTRY if r[:3] == value[:3])
            close = difflib.get_close_matches(value, same, n=1)
            hint = (f"did you mean '{close[0]}'?" if close else f"the {value[:3]} rules are {', '.join(same)}"
                    if same else f"the capabilities are {', '.join(sorted({r[:3] for r in REGISTRY}))}")
            raise ValueError(f"no rule '{value}' is implemented — {hint} (to switch a rule off, leave it out)")
        return value

    @field_validator("params")
    @classmethod
    def _params_fit_rule(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        spec = REGISTRY.get(info.data.get("id", ""))
        if spec is None:
            return value  # the id already failed; one error per mistake
        # A ValidationError raised here keeps its location below `params` (e.g. params.full_by).
        return spec.params.model_validate(value).model_dump()


class Capability(_Model):
    """A group of rules with one score and one HSEEP rating."""

    id: CapabilityId
    title: str = Field(min_length=1)
    weight: float = Field(gt=0, le=1000)
    """Weight of this capability in the overall score (renormalised over capabilities that apply)."""
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _rules_belong(self) -> Capability:
        seen: set[str] = set()
        for rule in self.rules:
            if not rule.id.startswith(f"{self.id}-"):
                raise ValueError(f"rule {rule.id} is listed under capability {self.id} — move it to {rule.id[:3]}")
            if rule.id in seen:
                raise ValueError(f"rule {rule.id} is listed twice — keep one")
            seen.add(rule.id)
        return self


class Band(_Model):
    """The score range of one HSEEP rating."""

    rating: Rating
    min: float = Field(ge=0, le=100)
    """Lowest score (inclusive) that earns this rating."""
    max: float = Field(ge=0, le=100)
    """Highest score of the band; a capped capability's score is held at its band's max."""

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min > self.max:
            raise ValueError(f"band {self.rating.value}: min {self.min:g} is above max {self.max:g} — swap them")
        return self


class Playbook(_Model):
    """A playbook: the practice a drill is scored against."""

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    critical_fail_below: float = Field(default=0.5, gt=0, le=1)
    """A critical rule scoring below this has failed (caps its capability at M)."""
    bands: list[Band] = Field(min_length=4, max_length=4)
    """Rating bands for P, S, M and U, each rating once."""
    capabilities: list[Capability] = Field(min_length=1)

    @field_validator("bands")
    @classmethod
    def _bands_cover(cls, bands: list[Band]) -> list[Band]:
        if {b.rating for b in bands} != set(Rating):
            raise ValueError("bands must give P, S, M and U once each — list each rating once")
        ordered = sorted(bands, key=lambda b: b.min, reverse=True)
        expected = [Rating.P, Rating.S, Rating.M, Rating.U]
        if [b.rating for b in ordered] != expected:
            raise ValueError("bands must rise from U through M and S to P — give P the highest min")
        if ordered[-1].min != 0:
            raise ValueError("the U band does not start at 0 — set its min to 0 so every score has a rating")
        for higher, lower in pairwise(ordered):
            if lower.max >= higher.min:
                raise ValueError(f"bands {lower.rating.value} and {higher.rating.value} overlap — end "
                                 f"{lower.rating.value} below {higher.min:g}")
        return ordered

    @model_validator(mode="after")
    def _unique(self) -> Playbook:
        seen: set[str] = set()
        for cap in self.capabilities:
            if cap.id in seen:
                raise ValueError(f"capability {cap.id} is listed twice — keep one")
            seen.add(cap.id)
        return self

    def band(self, rating: Rating) -> Band:
        return next(b for b in self.bands if b.rating is rating)

    def rate(self, score: float) -> Rating:
        """The rating of a 0–100 score: the highest band whose minimum it reaches."""
        for band in self.bands:  # highest first
            if score >= band.min:
                return band.rating
        return Rating.U

    def rules(self) -> list[Rule]:
        return [rule for cap in self.capabilities for rule in cap.rules]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules() if r.id == rule_id)


def load_playbook(path: Path | None = None) -> Playbook:
    """Load a playbook YAML file (None: the shipped default). Raises PlaybookError with file:line:col."""
    from drills.scenario import load_model

    return load_model(DEFAULT_PLAYBOOK_PATH if path is None else path, Playbook, error=PlaybookError)
