"""How each event looks in the room: which pane it goes to, its lines, and whether it is worth a toast.

Pure functions from an event to Rich `Text`. Participant and scenario text is only ever appended
as plain text (never parsed as markup), so a message containing "[bold]" shows as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text

from drills.world import INCIDENT_THREAD, Event

Pane = Literal["thread", "inbox", "clues", "facilitator"]
"""Where an entry goes: one of the three feeds, or the facilitator line (clock changes: never the team's thread)."""
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
    key: str | None = None
    """Set on entries the room may show anew later (an inbox message once it is answered)."""


KEY_FACTS = re.compile(r"#\d{3,}|\b[Aa]ccount\s+\d+|\b[A-Z]{2,}-\d+(?:-\d+)?\b")
"""Ticket numbers, account numbers and error codes: shown bold, so the eye finds them under time pressure."""
_HARD_WRAP = re.compile(r"(?<=\S)[ \t]*\n(?=[a-z\"“(])")
"""A line break before a lowercase word (or an opening quote) continues the sentence: authors wrap
scenario text at ~90 columns, and the pane wraps it again to its own width."""


def unwrap(text: str) -> str:
    """Scenario text with the author's hard wraps taken out, its deliberate lines kept
    ("Ticket #48213 — Invoice export failing" stays the first line of the ticket)."""
    return _HARD_WRAP.sub(" ", text)


def message_text(text: str) -> Text:
    """A message's body: plain text (never markup), hard wraps taken out, key facts in bold."""
    body = Text(unwrap(text))
    body.highlight_regex(KEY_FACTS, "bold underline")
    return body


@dataclass(frozen=True, slots=True)
class Names:
    """What rendering needs from the engine: cast names and the wall clock of a sim minute."""

    name_of: Callable[[str | None], str]
    clock_text: Callable[[float], str]
    player_of: Callable[[str], str | None] = lambda _cast_id: None
    """The participant playing a part, if someone does."""
    recipient: Callable[[dict], str] = lambda _update: "the customer"
    """Whom a customer update (its action data) went to, in words."""


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
        text = _head(names, event, who, "→ ")
        text.append(names.recipient(action), style="bold")
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


CUSTOMER_VOICES = frozenset({"customer_message", "ticket"})
"""Inbox messages that wait for an answer to the customer (the inbox marks them until one goes out)."""


def awaits_reply(event: Event) -> bool:
    """A customer's message or a ticket: someone should answer it (a stage direction is no message)."""
    data = event.data
    return (event.kind == "inject" and data.get("inject_kind") in CUSTOMER_VOICES
            and not data.get("prompt_for") and list(data.get("to") or ()) != ["facilitator"])


def inject_line(event: Event, names: Names, *, answered: bool | None = None) -> Line:
    """An inject as the room shows it. `answered` (for messages that await a reply): False marks it
    unanswered, True answered; None shows no mark."""
    data = event.data
    kind = data.get("inject_kind", "colleague_message")
    sender = str(data.get("sender_name") or data.get("sender") or "?")
    if data.get("prompt_for"):
        return _stage_direction(event, names, sender)
    to = [str(r) for r in data.get("to") or ()]
    pane: Pane = "facilitator" if to == ["facilitator"] else "clues" if kind in CLUE_KINDS else "inbox"
    text = Text()
    text.append(names.clock_text(event.t), style="dim")
    text.append(" ")
    if answered is False:
        text.append("● unanswered ", style="bold yellow")
    elif answered is True:
        text.append("✓ answered ", style="dim green")
    text.append(sender, style="bold")
    text.append(f" · {KIND_LABELS.get(kind, kind.replace('_', ' '))}", style=f"italic {_kind_style(kind)}")
    people = [r for r in to if r not in ("room", "facilitator")]
    if people:
        text.append(" · for ", style="dim")
        text.append(", ".join(names.name_of(p) for p in people), style="dim bold")
    text.append("\n")
    text.append_text(message_text(str(data.get("text", ""))))
    notice, severity = None, "information"
    if kind == "ceo_message":
        notice, severity = f"Message from the CEO: {sender}", "warning"
    elif kind == "join_request":
        notice = f"{data.get('person') or sender} asks to join the room (j to answer)"
    elif kind == "customer_message":
        notice = f"Customer message from {sender}"
    key = f"inject:{event.seq}" if answered is not None else None
    return Line(pane, text, notice, severity, key)


def _stage_direction(event: Event, names: Names, sender: str) -> Line:
    """A line the scenario gives a part someone plays: a prompt to that participant, not words in their mouth."""
    part = str(event.data["prompt_for"])
    player = names.player_of(part)
    text = Text()
    text.append(names.clock_text(event.t), style="dim")
    text.append(" stage direction for ", style="italic cyan")
    text.append(player or names.name_of(part), style="bold cyan")
    if player:
        text.append(f" (you play {names.name_of(part)})", style="cyan")
    text.append("\n")
    text.append("The script has your part raise this — say it your way, or do what you would really do:",
                style="italic dim")
    text.append("\n")
    text.append_text(message_text(str(event.data.get("text", ""))))
    return Line("inbox", text, f"Stage direction for {player or names.name_of(part)}")


def _kind_style(kind: str) -> str:
    return {"ceo_message": "red", "customer_message": "yellow", "ticket": "yellow", "alert": "red",
            "join_request": "cyan"}.get(kind, "")


def describe(event: Event, names: Names) -> list[Line]:
    """The room's entries for one event (none for events participants do not see, like triggers)."""
    kind = event.kind
    who = names.name_of(event.actor) if event.actor else ""
    data = event.data
    if kind == "inject":
        return [inject_line(event, names, answered=False if awaits_reply(event) else None)]
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
            clue_text = message_text(clue["text"])
            clue_text.stylize("bold")
            text.append_text(clue_text)
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
        return [Line("facilitator", _head(names, event, "", what, style="bold magenta"))]
    if kind == "decision_asked":
        text = _head(names, event, "", "a decision for the team: ", style="bold yellow")
        text.append_text(message_text(str(data.get("question", ""))))
        for option in data.get("options") or []:
            text.append("\n  • ", style="dim")
            text.append(str(option.get("label") or option.get("id")))
        text.append("\n  d answers it", style="dim italic")
        return [Line("inbox", text, "A decision waits for the team's answer (d)", "warning")]
    if kind == "decision_made":
        text = _head(names, event, who, "decides: ")
        text.append(str(data.get("label") or data.get("option_id") or ""), style="bold")
        if data.get("text"):
            _field(text, "why", data["text"])
        return [Line("thread", text)]
    if kind == "drill_ended":
        text = _head(names, event, "", f"The drill has ended: {data.get('reason', '')}", style="bold")
        return [Line("thread", text)]
    return []


def one_line(text: str, limit: int = 70) -> str:
    """Text on one line, cut with an ellipsis past `limit` characters (a list entry, a preview)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
