"""How each event looks in the room: which pane it goes to, its lines, and whether it is worth a toast.

Pure functions from an event to Rich `Text`. Participant and scenario text is only ever appended
as plain text (never parsed as markup), so a message containing "[bold]" shows as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text

from drills.world import INCIDENT_THREAD, Event

Pane = Literal["thread", "inbox", "clues"]
Severity = Literal["information", "warning", "error"]

INBOX_KINDS = frozenset({"customer_message", "ticket", "colleague_message", "ceo_message", "join_request"})
CLUE_KINDS = frozenset({"alert", "log", "deploy_note", "config_note"})
KIND_LABELS = {
    "customer_message": "customer",
    "ticket": "ticket",
    "colleague_message": "colleague",
    "ceo_message": "CEO",
    "join_request": "asks to join",
    "alert": "alert",
    "log": "log",
    "deploy_note": "deploy",
    "config_note": "config",
}
NOTE_STYLES = {
    "fact": ("FACT", "bold green"),
    "question": ("QUESTION", "bold yellow"),
    "guess": ("GUESS", "bold magenta"),
    "next_check": ("NEXT CHECK", "bold cyan"),
}


@dataclass(frozen=True, slots=True)
class Line:
    """One entry for one pane."""

    pane: Pane
    text: Text
    notice: str | None = None
    """Short text for a toast when the entry matters right now (a CEO message, a failed repair)."""
    severity: Severity = "information"


@dataclass(frozen=True, slots=True)
class Names:
    """What rendering needs from the engine: cast names and the wall clock of a sim minute."""

    name_of: Callable[[str | None], str]
    clock_text: Callable[[float], str]


def _head(names: Names, event: Event, who: str, what: str, style: str = "bold") -> Text:
    text = Text()
    text.append(names.clock_text(event.t), style="dim")
    text.append(" ")
    if who:
        text.append(who, style=style)
        text.append(" ")
    text.append(what, style="italic")
    return text


def _field(text: Text, label: str, value: Any, *, missing: str = "—") -> None:
    text.append(f"\n  {label}: ", style="dim")
    value = "" if value is None else str(value)
    if value.strip():
        text.append(value)
    else:
        text.append(missing, style="dim italic")


def _at(names: Names, minute: float | None) -> str:
    return "not set" if minute is None else names.clock_text(minute)


def _action(event: Event, names: Names) -> list[Line]:
    action = event.data["action"]
    kind = action["kind"]
    who = names.name_of(event.actor)
    if kind == "post_update":
        channel = action.get("channel", INCIDENT_THREAD)
        text = _head(names, event, who,
                     "internal update" if channel == INCIDENT_THREAD else f"note in #{channel}")
        _field(text, "we know", action.get("known"))
        _field(text, "affected", action.get("affected"))
        _field(text, "next check", action.get("next_check"))
        _field(text, "next update", _at(names, action.get("next_update_at")))
        if action.get("text"):
            _field(text, "more", action["text"])
        return [Line("thread", text)]
    if kind == "customer_update":
        text = _head(names, event, who, "→ customer")
        _field(text, "still works", action.get("works"))
        _field(text, "not working", action.get("fails"))
        _field(text, "not known yet", action.get("unknown"))
        _field(text, "next update", _at(names, action.get("next_update_at")))
        if action.get("text"):
            _field(text, "message", action["text"])
        return [Line("thread", text)]
    if kind == "escalate_to_ceo":
        text = _head(names, event, who, "→ CEO")
        for key, label in (("impact", "impact"), ("cause", "cause"), ("mitigation", "mitigation"),
                           ("timeline", "timeline"), ("ask", "we need"), ("update_every", "updates")):
            _field(text, label, action.get(key))
        if action.get("text"):
            _field(text, "more", action["text"])
        return [Line("thread", text)]
    if kind == "add_note":
        tag, style = NOTE_STYLES.get(action["label"], (action["label"].upper(), "bold"))
        text = _head(names, event, who, "")
        text.append(f"[{tag}] ", style=style)
        text.append(action["text"])
        return [Line("thread", text)]
    if kind == "assign_task":
        assignee = action.get("assignee")
        text = _head(names, event, who, "task for ")
        text.append(names.name_of(assignee) if assignee else "anyone (nobody named)", style="bold")
        due = action.get("due_in")
        text.append(f" (due {names.clock_text(event.t + due)})" if due else " (no time box)", style="dim")
        text.append("\n  ")
        text.append(action["task"])
        return [Line("thread", text)]
    if kind == "put_on_watch":
        text = _head(names, event, who, "puts on watch: ")
        text.append(names.name_of(action["watcher"]), style="bold")
        text.append(f" for {action['minutes']:g} min", style="dim")
        return [Line("thread", text)]
    if kind == "ask_customer_retry":
        return [Line("thread", _head(names, event, who, "asks the customer to try again"))]
    if kind == "acknowledge_ownership":
        return [Line("thread", _head(names, event, who, "acknowledges: “I have it.”"))]
    if kind == "resolve":
        text = _head(names, event, who, "marks the incident resolved")
        if action.get("text"):
            text.append("\n  ")
            text.append(action["text"])
        return [Line("thread", text)]
    if kind == "write_timeline":
        text = _head(names, event, who, "writes the timeline")
        text.append("\n")
        text.append(action["text"])
        return [Line("thread", text)]
    if kind == "schedule_review":
        text = _head(names, event, who, "schedules the review: ")
        text.append(action["when"], style="bold")
        text.append(" (same day)" if action.get("same_day") else " (not the same day)", style="dim")
        for item in action.get("follow_ups") or []:
            text.append("\n  • ")
            text.append(item.get("item", ""))
            text.append(" — ", style="dim")
            text.append(item.get("owner", ""), style="bold")
            if item.get("due"):
                text.append(f" by {item['due']}", style="dim")
        return [Line("thread", text)]
    # assign_owner, run_check, apply_repair, answer_join_request, facilitator_inject, end_drill:
    # the world's own event that follows says it better (owner_changed, check_started, ...).
    return []


def _inject(event: Event, names: Names) -> list[Line]:
    data = event.data
    kind = data.get("inject_kind", "colleague_message")
    pane: Pane = "clues" if kind in CLUE_KINDS else "inbox"
    text = Text()
    text.append(names.clock_text(event.t), style="dim")
    text.append(" ")
    text.append(str(data.get("sender_name") or data.get("sender") or "?"), style="bold")
    text.append(f" · {KIND_LABELS.get(kind, kind.replace('_', ' '))}", style=f"italic {_kind_style(kind)}")
    text.append("\n")
    text.append(str(data.get("text", "")))
    notice, severity = None, "information"
    sender = str(data.get("sender_name") or data.get("sender") or "")
    if kind == "ceo_message":
        notice, severity = f"Message from the CEO: {sender}", "warning"
    elif kind == "join_request":
        notice = f"{data.get('person') or sender} asks to join the room (j to answer)"
    elif kind == "customer_message":
        notice = f"Customer message from {sender}"
    return [Line(pane, text, notice, severity)]


def _kind_style(kind: str) -> str:
    return {"ceo_message": "red", "customer_message": "yellow", "ticket": "yellow", "alert": "red",
            "join_request": "cyan"}.get(kind, "")


def describe(event: Event, names: Names) -> list[Line]:
    """The room's entries for one event (none for events participants do not see, like triggers)."""
    kind = event.kind
    who = names.name_of(event.actor) if event.actor else ""
    data = event.data
    if kind == "inject":
        return _inject(event, names)
    if kind == "action":
        return _action(event, names)
    if kind == "action_refused":
        action_kind = str(data.get("action", {}).get("kind", "action")).replace("_", " ")
        text = _head(names, event, who, f"could not {action_kind}: ", style="bold red")
        text.append(str(data.get("reason", "")), style="red")
        return [Line("thread", text, f"Not done ({action_kind}): {data.get('reason', '')}", "error")]
    if kind == "owner_changed":
        text = _head(names, event, who, "makes " if data.get("previous") is None else "hands off to ")
        text.append(names.name_of(data["owner"]), style="bold reverse")
        text.append(" the incident owner" if data.get("previous") is None else " (was ")
        if data.get("previous") is not None:
            text.append(names.name_of(data["previous"]))
            text.append(")")
            handoff = data.get("handoff") or {}
            _field(text, "scope", handoff.get("scope"))
            _field(text, "confirmed facts", handoff.get("facts"))
            _field(text, "next update", _at(names, handoff.get("next_update_at")))
        return [Line("thread", text)]
    if kind == "check_started":
        text = _head(names, event, who, "runs check: ")
        text.append(data["label"], style="bold")
        text.append(f" (about {data['eta']:g} min)", style="dim")
        return [Line("thread", text)]
    if kind == "check_result":
        text = _head(names, event, "", "check result: ")
        text.append(data["label"], style="bold")
        for line in data.get("lines") or []:
            text.append("\n  ")
            text.append(line, style="dim")
        for clue in data.get("clues") or []:
            text.append("\n  ▸ ", style="bold")
            text.append(clue["text"], style="bold")
        if data.get("reproduced") is not None:
            text.append("\n  reproduced: ", style="dim")
            text.append("yes, it fails" if data["reproduced"] else "no, it works", style="bold")
        return [Line("clues", text, f"Check finished: {data['label']}")]
    if kind == "repair_started":
        text = _head(names, event, who, "starts repair: ")
        text.append(data["label"], style="bold")
        text.append(f" (about {data['eta']:g} min)", style="dim")
        return [Line("thread", text)]
    if kind == "repair_finished":
        effect = data.get("effect", "")
        text = _head(names, event, "", "repair landed: ")
        text.append(data["label"], style="bold")
        if data.get("side_effect"):
            text.append("\n  ")
            text.append(data["side_effect"])
        bad = effect in ("none", "worse")
        notice = f"Repair landed: {data['label']}" + (" — no better" if effect == "none" else
                                                      " — things got worse" if effect == "worse" else "")
        return [Line("thread", text, notice, "warning" if bad else "information")]
    if kind == "mitigated":
        text = _head(names, event, "", "monitoring: the failure rate is down — customers can work again",
                     style="bold green")
        return [Line("thread", text)]
    if kind == "resolved":
        text = _head(names, event, "", "incident marked resolved by ")
        text.append(names.name_of(data.get("by")), style="bold")
        if not data.get("confirmed"):
            text.append(" (the customer has not confirmed)", style="yellow")
        return [Line("thread", text, "Resolved. When the team has written the timeline and booked the review, "
                                     "ctrl+e ends the drill and opens the debrief.")]
    if kind == "reopened":
        text = _head(names, event, "", "REOPENED: the customer is still blocked", style="bold red")
        return [Line("thread", text, "The incident was reopened: the customer is still blocked", "error")]
    if kind == "watch_finished":
        text = _head(names, event, names.name_of(data.get("watcher")), "finished watching: ")
        text.append("signals stayed clean" if data.get("clean") else "the failure is still showing",
                    style="green" if data.get("clean") else "red")
        return [Line("thread", text)]
    if kind == "room_changed":
        person = names.name_of(data.get("person"))
        if event.actor == data.get("person"):
            what = "joins the incident room"
        else:
            what = "is let into the room" if data.get("admitted") else "is asked to stay out of the room"
        text = _head(names, event, person, f"{what} ({data.get('size')} active)")
        return [Line("thread", text)]
    if kind == "clock":
        change, speed = data.get("change"), f"×{data.get('speed', 0):g}"
        if change == "pause":
            what = "paused the clock"
        elif change == "resume":
            what = f"resumes the clock at {speed}"
        else:
            what = f"sets the speed to {speed}" + (" (paused)" if data.get("paused") else "")
        return [Line("thread", _head(names, event, "Facilitator", what, style="bold magenta"))]
    if kind == "drill_ended":
        text = _head(names, event, "", f"The drill has ended: {data.get('reason', '')}", style="bold")
        return [Line("thread", text)]
    return []
