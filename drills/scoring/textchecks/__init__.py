"""Text detectors that audit the free text of incident updates against the playbook.

Used by the scorer (drills.scoring) for every update in a drill, and standalone by
`drill check-update` to lint a real status update before it is sent. Penalties are precise rather
than eager: each flag carries the exact words it matched, so a facilitator can overrule it.
Precision and recall per detector are measured on the labelled sets in tests/data/ (tests/labelled.py
prints them; the held-out set (heldout10_updates.yaml) is never tuned on). Every detector is linear in the
text's length.

    check_text(text, audience)             every detector for that audience
    detect(detector_id, text, audience=)   one detector (the audience changes fix_time_promise)
    quantities(text)                       money per hour, money, customers: for the accuracy check of EXE-02
    next_update_time(text, now)            the promised next update, minutes after midnight, or None
"""

from drills.scoring.textchecks.command import check_update_command, format_flag
from drills.scoring.textchecks.impact import Quantities, quantities
from drills.scoring.textchecks.model import AUDIENCES, Audience, Detector, Flag
from drills.scoring.textchecks.next_update import next_update_time
from drills.scoring.textchecks.registry import AUDIENCE_DETECTORS, DETECTORS, check_text, detect

__all__ = [
    "AUDIENCES",
    "AUDIENCE_DETECTORS",
    "DETECTORS",
    "Audience",
    "Detector",
    "Flag",
    "Quantities",
    "check_text",
    "check_update_command",
    "detect",
    "format_flag",
    "next_update_time",
    "quantities",
]
