"""The world of one drill: what participants do, what happens, and the log that records it.

Typed actions (`Action` and one model per kind), events and the append-only event log
(`Event`, `read_log`, `open_event_log`), the seeded cast (`cast_scenario`), the SimPy engine that
plays a scenario (`Engine`: `act`, `advance_to`, `events`, `subscribe`), the live clock that drives it
in real time (`LiveClock`), the outcome figures the world measures (`figures`), and sessions:
starting a drill into its folder, replaying a log, resuming it (`new_engine`, `replay`, `resume_live`).

The engine is composed of parts in private modules, each readable and testable alone: the state
value (`WorldState`), the scheduler (SimPy and the event list), the shared core (`World`), the
world's own reactions and the action handlers; and for format 2, the condition evaluator
(`_conditions`), repair outcomes that depend on the drill (`_effects`), and decision points,
facilitator releases and the once-a-minute watch of conditions (`_decisions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.world._actions import (
        ACTION_KINDS,
        FACILITATOR,
        INCIDENT_THREAD,
        MAX_TEXT_CHARS,
        AcknowledgeOwnership,
        Action,
        AddNote,
        AnswerDecision,
        AnswerJoinRequest,
        ApplyRepair,
        AskCustomerRetry,
        AssignOwner,
        AssignTask,
        CustomerUpdate,
        EndDrill,
        EscalateToCeo,
        FacilitatorInject,
        FollowUp,
        NoteLabel,
        PostUpdate,
        PutOnWatch,
        Release,
        Resolve,
        RunCheck,
        ScheduleReview,
        WriteTimeline,
        action_to_dict,
        parse_action,
    )
    from drills.world._casting import Casting, cast_scenario
    from drills.world._clock import LiveClock
    from drills.world._decisions import held_back
    from drills.world._engine import Engine
    from drills.world._eventlog import (
        LOG_NAME,
        EventSink,
        JsonlEventLog,
        LoggedDrill,
        MappedEventLog,
        open_event_log,
        read_log,
    )
    from drills.world._events import Event
    from drills.world._outcomes import OutcomeFigures, figures
    from drills.world._session import (
        check_same,
        drill_folder,
        extend_log,
        judge_objective,
        new_engine,
        overrule_flag,
        replay,
        resume_live,
        scenario_of,
        script_data,
        script_from_data,
        verify_log,
    )
    from drills.world._state import Refused, WorldState
    from drills.world._visibility import FACILITATOR_ONLY, ROOM, recipients_for, visible_to

__all__ = [
    "ACTION_KINDS",
    "FACILITATOR",
    "FACILITATOR_ONLY",
    "INCIDENT_THREAD",
    "LOG_NAME",
    "MAX_TEXT_CHARS",
    "ROOM",
    "AcknowledgeOwnership",
    "Action",
    "AddNote",
    "AnswerDecision",
    "AnswerJoinRequest",
    "ApplyRepair",
    "AskCustomerRetry",
    "AssignOwner",
    "AssignTask",
    "Casting",
    "CustomerUpdate",
    "EndDrill",
    "Engine",
    "EscalateToCeo",
    "Event",
    "EventSink",
    "FacilitatorInject",
    "FollowUp",
    "JsonlEventLog",
    "LiveClock",
    "LoggedDrill",
    "MappedEventLog",
    "NoteLabel",
    "OutcomeFigures",
    "PostUpdate",
    "PutOnWatch",
    "Refused",
    "Release",
    "Resolve",
    "RunCheck",
    "ScheduleReview",
    "WorldState",
    "WriteTimeline",
    "action_to_dict",
    "cast_scenario",
    "check_same",
    "drill_folder",
    "extend_log",
    "figures",
    "held_back",
    "judge_objective",
    "new_engine",
    "open_event_log",
    "overrule_flag",
    "parse_action",
    "read_log",
    "recipients_for",
    "replay",
    "resume_live",
    "scenario_of",
    "script_data",
    "script_from_data",
    "verify_log",
    "visible_to",
]

_EXPORTS = {
    "held_back": "_decisions",
    "visible_to": "_visibility",
    "recipients_for": "_visibility",
    "FACILITATOR_ONLY": "_visibility",
    "ROOM": "_visibility",
    "ACTION_KINDS": "_actions",
    "MAX_TEXT_CHARS": "_actions",
    "Action": "_actions",
    "AcknowledgeOwnership": "_actions",
    "AddNote": "_actions",
    "AnswerDecision": "_actions",
    "Release": "_actions",
    "AnswerJoinRequest": "_actions",
    "ApplyRepair": "_actions",
    "AskCustomerRetry": "_actions",
    "AssignOwner": "_actions",
    "AssignTask": "_actions",
    "CustomerUpdate": "_actions",
    "EndDrill": "_actions",
    "EscalateToCeo": "_actions",
    "FACILITATOR": "_actions",
    "FacilitatorInject": "_actions",
    "FollowUp": "_actions",
    "INCIDENT_THREAD": "_actions",
    "NoteLabel": "_actions",
    "PostUpdate": "_actions",
    "PutOnWatch": "_actions",
    "Resolve": "_actions",
    "RunCheck": "_actions",
    "ScheduleReview": "_actions",
    "WriteTimeline": "_actions",
    "action_to_dict": "_actions",
    "parse_action": "_actions",
    "Event": "_events",
    "LOG_NAME": "_eventlog",
    "EventSink": "_eventlog",
    "JsonlEventLog": "_eventlog",
    "LoggedDrill": "_eventlog",
    "MappedEventLog": "_eventlog",
    "open_event_log": "_eventlog",
    "read_log": "_eventlog",
    "Casting": "_casting",
    "cast_scenario": "_casting",
    "OutcomeFigures": "_outcomes",
    "figures": "_outcomes",
    "Refused": "_state",
    "WorldState": "_state",
    "Engine": "_engine",
    "LiveClock": "_clock",
    "check_same": "_session",
    "judge_objective": "_session",
    "drill_folder": "_session",
    "extend_log": "_session",
    "new_engine": "_session",
    "overrule_flag": "_session",
    "replay": "_session",
    "resume_live": "_session",
    "scenario_of": "_session",
    "script_data": "_session",
    "script_from_data": "_session",
    "verify_log": "_session",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
