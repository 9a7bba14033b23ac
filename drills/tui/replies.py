"""Who a customer update goes to: the recipients the form offers, and which messages are still unanswered.

Pure functions of the room's read model (its events and briefing; no Textual, no engine), so a seat's
form offers what the shared screen's does. A customer update names its
recipient with `to` (None: the reporting customer; a customer id; "affected": every affected
account; "everyone": all customers), the message it answers with `reply_to` (the inject's seq) and,
once the scenario declares channels, the `channel`. An update answers a message when it replies to
it, or goes to its sender's account, or to every affected account (or everyone) after it arrived.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drills.seats import RoomModel
from drills.tui.render import awaits_reply, unwrap
from drills.world import Event

AFFECTED = "affected"
EVERYONE = "everyone"
_TICKET = re.compile(r"Ticket\s+(#\d+)")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One choice in the customer form's "To" list."""

    key: str
    """Unique within the list (the option's id)."""
    label: str
    to: str | None
    reply_to: int | None = None
    unanswered: bool = False


def title_of(event: Event) -> str:
    """A message in a few words: its ticket number and sender, or its sender and time."""
    data = event.data
    sender = str(data.get("sender_name") or data.get("sender") or "?")
    ticket = _TICKET.search(str(data.get("text", "")))
    return f"ticket {ticket.group(1)} from {sender}" if ticket else f"{sender}'s message"


def customer_of(event: Event, customers: Mapping[str, Any]) -> str | None:
    """The customer account a message came from, if it is one of the scenario's customers: its sender,
    or the account named in the sender's description ("Fiona Alder (Managing director, Alder & Finch)")."""
    sender = event.data.get("sender")
    if sender in customers:
        return str(sender)
    described = str(event.data.get("sender_name") or sender or "")
    return next((cid for cid, customer in customers.items() if getattr(customer, "name", None)
                 and customer.name in described), None)


def answers(update: Mapping[str, Any], message: Event, *, reporting: str, customers: Mapping[str, Any]) -> bool:
    """Whether a customer update (its action data) answers this earlier message: it replies to it, or
    goes to the message's account, or to every affected account (or everyone)."""
    if update.get("reply_to") == message.seq:
        return True
    to = update.get("to")
    if to in (AFFECTED, EVERYONE):
        return True
    return customer_of(message, customers) == (reporting if to is None else to)


def unanswered(events: Iterable[Event], *, reporting: str, customers: Mapping[str, Any]) -> dict[int, bool]:
    """For each message that awaits a reply (by seq): True while no update has answered it."""
    waiting: dict[int, Event] = {}
    state: dict[int, bool] = {}
    for event in events:
        if awaits_reply(event):
            waiting[event.seq] = event
            state[event.seq] = True
        elif event.kind == "action" and event.data["action"].get("kind") == "customer_update":
            update = event.data["action"]
            for seq, message in list(waiting.items()):
                if answers(update, message, reporting=reporting, customers=customers):
                    state[seq] = False
                    del waiting[seq]
    return state


def recipients(model: RoomModel) -> list[Recipient]:
    """The form's choices: each unanswered message first (the longest waiting first), then each account,
    then every affected account and everyone. A message from outside the scenario's accounts (the
    support queue's tickets) can only be answered by writing to every affected account."""
    customers = model.customers
    reporting = model.briefing.reporting_customer
    open_messages = unanswered(model.events, reporting=reporting, customers=customers)
    choices: list[Recipient] = []
    for seq in sorted(s for s, waiting in open_messages.items() if waiting):
        message = model.event(seq)
        if message is None:
            continue
        account = customer_of(message, customers)
        label = f"Reply to {title_of(message)} ({model.clock_text(message.t)})"
        if account is None:
            label += " — to every affected account"
        to = AFFECTED if account is None else None if account == reporting else account
        choices.append(Recipient(f"reply-{seq}", label, to, seq, True))
    for customer in model.briefing.customers:
        label = f"{customer.name} (account {customer.account})"
        if customer.id == reporting and model.reported_by == customer.id:
            label += " — reported the incident"
        elif customer.largest:
            label += " — largest customer"
        choices.append(Recipient(f"account-{customer.id}", label, None if customer.id == reporting else customer.id))
    choices.append(Recipient(AFFECTED, "Every affected account", AFFECTED))
    choices.append(Recipient(EVERYONE, "Every customer (status page)", EVERYONE))
    return choices


def recipient_text(update: Mapping[str, Any], model: RoomModel) -> str:
    """Whom an update went to, in words (the thread shows it)."""
    to = update.get("to")
    if to == AFFECTED:
        who = "every affected account"
    elif to == EVERYONE:
        who = "every customer"
    else:
        account = model.briefing.customer(to or model.briefing.reporting_customer)
        who = account.name if account else str(to or "the customer")
    reply_to = update.get("reply_to")
    message = model.event(reply_to) if isinstance(reply_to, int) else None
    if message is not None:
        who += f", re {title_of(message)}"
    if update.get("channel"):
        names = dict(channels_of(model))
        who += f" via {names.get(update['channel'], update['channel'])}"
    return who


def channels_of(model: RoomModel) -> list[tuple[str, str]]:
    """(id, label) of the channels the scenario declares (the briefing carries their ids and names)."""
    return [(channel.id, unwrap(channel.name)) for channel in model.briefing.channels]
