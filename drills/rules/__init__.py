"""Rule implementations, one module per capability, registered by playbook rule id.

    REGISTRY[rule_id] -> RuleSpec(fn, params model, exact)

`drills.playbook` validates a playbook against this registry (unknown ids and wrong parameters are
errors with locations); `drills.scoring` runs the rules a playbook lists.
"""

from drills.rules import clo, cmd, cus, exe, internal, lrn, rep, sit
from drills.rules.base import REGISTRY, Outcome, Params, RuleSpec
from drills.rules.log import DrillLog

__all__ = ["REGISTRY", "DrillLog", "Outcome", "Params", "RuleSpec", "clo", "cmd", "cus", "exe", "internal", "lrn",
           "rep", "sit"]
