"""What participants can do, as typed values.

Every action names the cast member who acts (`actor`, a cast id). The engine stamps it with the
simulated time when it is applied. Actions round-trip through JSON (event log) and YAML (scripts)
via `parse_action` / `Action.model_dump(mode="json")`.
"""

from __future__ import annotations

from enum import StrEnum
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from drills.scenario import MAX_MINUTES

FACILITATOR = "facilitator"
"""The actor of facilitator actions (ad-hoc injects, ending the drill) and clock changes."""
INCIDENT_THREAD = "incident"
LATEST = 2 * MAX_MINUTES
"""The latest sim minute an action may name (a next update, a due time, a watch): a day past the longest drill."""
"""The one incident thread; an update posted on any other channel is a side conversation."""
MAX_TEXT_CHARS = 4000
"""The most characters one free-text field of an action may hold: a long update is still a page, and
the bound keeps the text checks and the reports fast whatever a participant pastes."""
FreeText = Annotated[str, Field(max_length=MAX_TEXT_CHARS,
                                description=f"Free text, at most {MAX_TEXT_CHARS} characters.")]


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    actor: str = Field(min_length=1)
    """Cast id of the person acting ('facilitator' for facilitator actions)."""


class AssignOwner(_Action):
    """Name (or hand off to) the one incident owner."""

    kind: Literal["assign_owner"] = "assign_owner"
    owner: str
    """Cast id of the new owner."""
    scope: FreeText = ""
    """Handoff: the current scope of the incident."""
    facts: FreeText = ""
    """Handoff: the latest confirmed facts."""
    next_update_at: float | None = Field(default=None, ge=0, le=LATEST)
    """Handoff: sim minute of the next customer update."""


class AcknowledgeOwnership(_Action):
    """The new owner acknowledges a handoff ('I have it')."""

    kind: Literal["acknowledge_ownership"] = "acknowledge_ownership"


class PostUpdate(_Action):
    """An internal update in the incident thread, answering the four questions."""

    kind: Literal["post_update"] = "post_update"
    known: FreeText = ""
    """What we know."""
    affected: FreeText = ""
    """Who is affected."""
    next_check: FreeText = ""
    """What we check next."""
    next_update_at: float | None = Field(default=None, ge=0, le=LATEST)
    """Sim minute of the next update."""
    text: FreeText = ""
    channel: str = INCIDENT_THREAD
    """Thread it is posted in; anything but 'incident' is a side conversation."""


class CustomerUpdate(_Action):
    """A message to the customer."""

    kind: Literal["customer_update"] = "customer_update"
    works: FreeText = ""
    """What still works."""
    fails: FreeText = ""
    """What is not working."""
    unknown: FreeText = ""
    """What is not known yet."""
    next_update_at: float | None = Field(default=None, ge=0, le=LATEST)
    """Sim minute of the next customer update."""
    text: FreeText = ""
    to: str | None = None
    """Who it goes to: None for the customer who reported the incident, a customer id, "affected" (every
    affected account) or "everyone" (all customers)."""
    reply_to: int | None = None
    """The seq of the message (ticket, customer message) it answers, if any."""
    channel: str | None = None
    """The channel it goes out on (a channel id the scenario declares); None for the customer's own thread."""


class EscalateToCeo(_Action):
    """Brief the CEO."""

    kind: Literal["escalate_to_ceo"] = "escalate_to_ceo"
    impact: FreeText = ""
    """Business impact, quantified: money per hour, customers affected."""
    cause: FreeText = ""
    """Cause as understood so far."""
    mitigation: FreeText = ""
    """Mitigation under way."""
    timeline: FreeText = ""
    """Realistic timeline and what it depends on."""
    ask: FreeText = ""
    """Resources or decision needed."""
    update_every: FreeText = ""
    """How often the CEO will hear from us."""
    text: FreeText = ""


class NoteLabel(StrEnum):
    fact = "fact"
    question = "question"
    guess = "guess"
    next_check = "next_check"


class AddNote(_Action):
    """A note in the incident record, labelled fact / question / guess / next check."""

    kind: Literal["add_note"] = "add_note"
    label: NoteLabel
    text: FreeText = Field(min_length=1)


class RunCheck(_Action):
    kind: Literal["run_check"] = "run_check"
    check: str
    """Check id from the scenario."""


class ApplyRepair(_Action):
    kind: Literal["apply_repair"] = "apply_repair"
    repair: str
    """Repair id from the scenario."""


class AssignTask(_Action):
    """Give a task to a named person with a time box (assignee None is 'can someone…')."""

    kind: Literal["assign_task"] = "assign_task"
    assignee: str | None = None
    task: FreeText = Field(min_length=1)
    due_in: float | None = Field(default=None, gt=0, le=LATEST)
    """Minutes from now the task is due."""


class AskCustomerRetry(_Action):
    """Ask the customer to try the blocked action again."""

    kind: Literal["ask_customer_retry"] = "ask_customer_retry"


class PutOnWatch(_Action):
    kind: Literal["put_on_watch"] = "put_on_watch"
    watcher: str
    minutes: float = Field(default=30, gt=0, le=LATEST)


class Resolve(_Action):
    kind: Literal["resolve"] = "resolve"
    text: FreeText = ""


class WriteTimeline(_Action):
    kind: Literal["write_timeline"] = "write_timeline"
    text: FreeText = Field(min_length=1)


class FollowUp(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    owner: str
    item: FreeText
    due: FreeText = ""


class ScheduleReview(_Action):
    kind: Literal["schedule_review"] = "schedule_review"
    when: FreeText = Field(min_length=1)
    """When the review meets, e.g. 'today 16:00' or 'tomorrow 09:30'."""
    same_day: bool = True
    """True if the review is booked the same day as the incident."""
    follow_ups: list[FollowUp] = Field(default_factory=list)


class AnswerJoinRequest(_Action):
    """Let someone into the incident room, or decline."""

    kind: Literal["answer_join_request"] = "answer_join_request"
    person: str
    admit: bool


class FacilitatorInject(_Action):
    """An ad-hoc inject typed by the facilitator on the spot."""

    kind: Literal["facilitator_inject"] = "facilitator_inject"
    inject_kind: str = "colleague_message"
    sender: str = "Facilitator"
    text: FreeText = Field(min_length=1)
    to: list[str] | None = None
    """Who receives it: cast ids, or "room" (everyone); None: the default for its kind (`recipients_for`)."""


class AnswerDecision(_Action):
    """Answer a decision point (format 2) with one of its options, and free text where it allows it."""

    kind: Literal["answer_decision"] = "answer_decision"
    decision: str
    """Decision id from the scenario."""
    option: str
    """Option id of that decision."""
    text: FreeText = ""
    """The team's own words, where the decision allows free text."""


class Release(_Action):
    """The facilitator releases a held inject or decision point (format 2: one without a time)."""

    kind: Literal["release"] = "release"
    item: str
    """Id of the inject or decision point."""


class EndDrill(_Action):
    kind: Literal["end_drill"] = "end_drill"
    reason: FreeText = "ended by facilitator"


Action = Annotated[
    AssignOwner
    | AcknowledgeOwnership
    | PostUpdate
    | CustomerUpdate
    | EscalateToCeo
    | AddNote
    | RunCheck
    | ApplyRepair
    | AssignTask
    | AskCustomerRetry
    | PutOnWatch
    | Resolve
    | WriteTimeline
    | ScheduleReview
    | AnswerJoinRequest
    | FacilitatorInject
    | AnswerDecision
    | Release
    | EndDrill,
    Field(discriminator="kind"),
]

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
ACTION_KINDS: tuple[str, ...] = tuple(
    m.model_fields["kind"].default for m in _Action.__subclasses__()
)


def parse_action(data: dict) -> Action:
    """Build an action from its JSON/YAML form (raises pydantic.ValidationError)."""
    return ACTION_ADAPTER.validate_python(data)


def _json_ready(annotation: object) -> bool:
    """Whether values of this type are already their own JSON form (str, number, bool, None)."""
    if annotation in (str, int, float, bool, type(None)):
        return True
    origin = get_origin(annotation)
    if origin is Literal:
        return all(isinstance(arg, str | int | float | bool) for arg in get_args(annotation))
    if origin in (Union, UnionType):
        return all(_json_ready(arg) for arg in get_args(annotation))
    return False


_PLAIN_ACTIONS = frozenset(
    model for model in _Action.__subclasses__()
    if all(_json_ready(field.annotation) for field in model.model_fields.values())
)
"""Actions whose JSON form is a copy of their fields (no enum, no nested model): every action is
logged, and copying is ~10x cheaper than model_dump."""


def action_to_dict(action: Action) -> dict:
    if type(action) in _PLAIN_ACTIONS:
        return dict(action.__dict__)
    return action.model_dump(mode="json", exclude_defaults=False)
