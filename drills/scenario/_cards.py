"""Setup cards: what `drill play`'s setup screen shows of a scenario, and nothing more.

A card comes from a validated `Scenario` (`card_of`), or from a quick read of a built-in scenario's
YAML (`read_card`) that imports neither pydantic nor the scenario model, so the setup's first frame
does not wait for them; the setup loads and checks the built-in scenarios after that frame, before
anyone can start one. `read_card` checks only the card's own fields (their types, nothing else) and
raises `CardError` on anything else, so its caller can load the file the full way instead.

The defaults below are the scenario model's (`drills.scenario._model`); a test compares them, and compares
every built-in scenario's quick card with its validated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drills.scenario._model import Scenario

MAX_BYTES = 2_000_000
"""The size cap of `read_yaml` (drills/scenario/_yamlsafe.py; a test keeps them equal; that module costs ~8 ms
to import)."""

DEFAULTS: dict[str, Any] = {
    "difficulty": "medium",
    "drill_minutes": 20.0,
    "simulated_minutes": 150.0,
    "speed": None,
    "seed": 1,
    "briefing": "",
}
"""The scenario model's defaults for the card's top-level fields a file may leave out."""
PRODUCT_DEFAULT = ""
"""`Company.product`'s default."""
DIFFICULTIES = ("easy", "medium", "hard")

_CARD_KEYS = frozenset({"id", "title", "company", "cast", *DEFAULTS})


class CardError(ValueError):
    """The quick read could not make a card of the file (load it the full way for the real message)."""


@dataclass(frozen=True, slots=True)
class CastCard:
    id: str
    name: str | None
    """The author's name for the part; None when it is generated."""
    role: str


@dataclass(frozen=True, slots=True)
class SetupCard:
    """A scenario as the setup screen shows it."""

    id: str
    title: str
    difficulty: str
    drill_minutes: float
    simulated_minutes: float
    default_speed: float
    seed: int
    company: str
    product: str
    briefing: str
    cast: tuple[CastCard, ...]


def card_of(scenario: Scenario) -> SetupCard:
    """The card of a validated scenario."""
    return SetupCard(
        id=scenario.id,
        title=scenario.title,
        difficulty=scenario.difficulty.value,
        drill_minutes=scenario.drill_minutes,
        simulated_minutes=scenario.simulated_minutes,
        default_speed=scenario.default_speed,
        seed=scenario.seed,
        company=scenario.company.name,
        product=scenario.company.product,
        briefing=scenario.briefing,
        cast=tuple(CastCard(m.id, m.name, m.role) for m in scenario.cast),
    )


def read_card(path: Path) -> SetupCard:
    """The card of a scenario file, read quickly and checked only as far as the card goes.

    libyaml's safe loader (PyYAML's pure-Python one without libyaml) composes the document, and only
    the card's keys are built into values. Raises `CardError` when the file is too big, is not YAML,
    or a card field is missing or of the wrong type; OSError when it cannot be read.
    """
    import yaml

    with path.open("rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise CardError(f"{path}: more than {MAX_BYTES:,} bytes")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(raw)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            raise CardError(f"{path}: not a mapping")
        loader.flatten_mapping(node)
        data = {key.value: loader.construct_object(value, deep=True) for key, value in node.value
                if isinstance(key, yaml.ScalarNode) and key.value in _CARD_KEYS}
    except yaml.YAMLError as exc:
        raise CardError(f"{path}: {exc}") from None
    finally:
        loader.dispose()
    return _card(data, path)


def _card(data: dict[str, Any], path: Path) -> SetupCard:
    values = {**DEFAULTS, **data}
    company = values.get("company")
    cast = values.get("cast")
    if not isinstance(company, dict) or not isinstance(cast, list) or not cast:
        raise CardError(f"{path}: company or cast missing")
    difficulty = values["difficulty"]
    if difficulty not in DIFFICULTIES:
        raise CardError(f"{path}: difficulty {difficulty!r}")
    drill, simulated = _number(values["drill_minutes"], path), _number(values["simulated_minutes"], path)
    speed = None if values["speed"] is None else _number(values["speed"], path)
    return SetupCard(
        id=_text(values.get("id"), path),
        title=_text(values.get("title"), path),
        difficulty=difficulty,
        drill_minutes=drill,
        simulated_minutes=simulated,
        default_speed=speed or simulated / drill,
        seed=_integer(values["seed"], path),
        company=_text(company.get("name"), path),
        product=_text(company.get("product", PRODUCT_DEFAULT), path),
        briefing=_text(values["briefing"], path),
        cast=tuple(_cast_card(member, path) for member in cast),
    )


def _cast_card(member: Any, path: Path) -> CastCard:
    if not isinstance(member, dict):
        raise CardError(f"{path}: a cast member is not a mapping")
    name = member.get("name")
    return CastCard(_text(member.get("id"), path), None if name is None else _text(name, path),
                    _text(member.get("role"), path))


def _text(value: Any, path: Path) -> str:
    if not isinstance(value, str):
        raise CardError(f"{path}: {value!r} is not text")
    return value


def _integer(value: Any, path: Path) -> int:
    if type(value) is not int:
        raise CardError(f"{path}: {value!r} is not a whole number")
    return value


def _number(value: Any, path: Path) -> float:
    if type(value) not in (int, float) or not 0 < value < float("inf"):
        raise CardError(f"{path}: {value!r} is not a number above 0")
    return float(value)
