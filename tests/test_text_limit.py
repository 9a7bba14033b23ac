"""Every free-text field of an action is capped at drills.world.MAX_TEXT_CHARS, and says so."""

from __future__ import annotations

import typing

import pytest
from pydantic import ValidationError

from drills.schemas import json_schema
from drills.world import ACTION_KINDS, MAX_TEXT_CHARS, parse_action
from drills.world import _actions as actions

IDENTIFIERS = {"actor", "owner", "check", "repair", "assignee", "watcher", "person", "inject_kind", "sender",
               "channel", "decision", "option", "item", "to"}
"""Fields that hold ids or kinds, not prose."""


def _models() -> list[type]:
    union = typing.get_args(typing.get_args(actions.Action)[0])
    return [*union, actions.FollowUp]


def _max_length(field) -> int | None:
    return next((m.max_length for m in field.metadata if hasattr(m, "max_length")), None)


def test_every_free_text_field_of_every_action_has_the_cap():
    models = _models()
    assert len(models) == len(ACTION_KINDS) + 1
    unbounded = []
    for model in models:
        for name, field in model.model_fields.items():
            if name in IDENTIFIERS or name == "kind" or field.annotation is not str:
                continue
            if _max_length(field) != MAX_TEXT_CHARS:
                unbounded.append(f"{model.__name__}.{name}")
    assert not unbounded, unbounded


@pytest.mark.parametrize(("kind", "field", "extra"), [
    ("customer_update", "text", {}),
    ("post_update", "next_check", {}),
    ("escalate_to_ceo", "impact", {}),
    ("add_note", "text", {"label": "fact"}),
    ("facilitator_inject", "text", {}),
])
def test_text_over_the_cap_is_a_validation_error_that_names_the_limit(kind, field, extra):
    action = {"kind": kind, "actor": "a", field: "x" * MAX_TEXT_CHARS, **extra}
    assert getattr(parse_action(action), field) == "x" * MAX_TEXT_CHARS
    with pytest.raises(ValidationError, match=f"at most {MAX_TEXT_CHARS} characters"):
        parse_action({**action, field: "x" * (MAX_TEXT_CHARS + 1)})


def test_the_script_schema_says_the_limit():
    step = json_schema("script")["$defs"]["ScriptStep"]
    assert f"at most {MAX_TEXT_CHARS} characters" in step["properties"]["do"]["description"]
