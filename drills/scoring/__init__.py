"""Scoring: how a drill is judged, as a pure function of its event log and a playbook.

The playbook as data (`load_playbook`, `Playbook`; the shipped one is `playbook.yaml` beside this
file), `score(events, playbook) -> Scorecard`, the rules it runs (`drills.scoring.rules`, one
implementation per rule id), the text detectors for updates (`drills.scoring.textchecks`,
`check_text`, and `drill check-update`), and the scorecard model (`Scorecard`, `Rating`, ...). A
format-2 scenario's objectives are scored as their own capability, OBJ (`objectives_capability`).

It reads the world's events, never the engine; reports and the room read scorecards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.scoring._objectives import clock_start, meeting_action, objectives_capability
    from drills.scoring._playbook import DEFAULT_PLAYBOOK_PATH, Band, Capability, Playbook, Rule, load_playbook
    from drills.scoring._scorecard import CapabilityResult, Evidence, Rating, RuleResult, Scorecard
    from drills.scoring._scorer import score, score_rule
    from drills.scoring.textchecks import check_text, check_update_command

__all__ = [
    "DEFAULT_PLAYBOOK_PATH",
    "Band",
    "Capability",
    "CapabilityResult",
    "Evidence",
    "Playbook",
    "Rating",
    "Rule",
    "RuleResult",
    "Scorecard",
    "check_text",
    "check_update_command",
    "clock_start",
    "load_playbook",
    "meeting_action",
    "objectives_capability",
    "score",
    "score_rule",
]

_EXPORTS = {
    "Band": "_playbook",
    "Capability": "_playbook",
    "DEFAULT_PLAYBOOK_PATH": "_playbook",
    "Playbook": "_playbook",
    "Rule": "_playbook",
    "load_playbook": "_playbook",
    "score": "_scorer",
    "clock_start": "_objectives",
    "meeting_action": "_objectives",
    "objectives_capability": "_objectives",
    "score_rule": "_scorer",
    "CapabilityResult": "_scorecard",
    "Evidence": "_scorecard",
    "Rating": "_scorecard",
    "RuleResult": "_scorecard",
    "Scorecard": "_scorecard",
    "check_text": "textchecks",
    "check_update_command": "textchecks",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
