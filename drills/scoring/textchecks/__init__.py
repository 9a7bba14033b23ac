"""Text detectors that audit the free text of incident updates against the playbook.

Used by the scorer (drills.scoring) for every update in a drill, and standalone by
`drill check-update` to lint a real status update before it is sent. Penalties are precise rather
than eager: each flag carries the exact words it matched, so a facilitator can overrule it.
Precision and recall per detector are measured on tests/data/labelled_sentences.yaml.

    check_text(text, audience)  every detector for that audience
    detect(detector_id, text)   one detector
    quantities(text)            money per hour, money, customers: for the accuracy check of EXE-02
"""

from drills.scoring.textchecks.command import check_update_command, format_flag
from drills.scoring.textchecks.impact import Quantities, quantities
from drills.scoring.textchecks.model import AUDIENCES, Audience, Detector, Flag
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
    "quantities",
]
