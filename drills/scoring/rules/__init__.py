"""Rule implementations, one module per capability, registered by playbook rule id.

    REGISTRY[rule_id] -> RuleSpec(fn, params model, exact)

`drills.scoring._playbook` validates a playbook against this registry (unknown ids and wrong parameters are
errors with locations); `drills.scoring._scorer` runs the rules a playbook lists.
"""

from drills.scoring.rules import clo, cmd, cus, exe, internal, lrn, rep, sit, truth
from drills.scoring.rules.base import REGISTRY, Outcome, Params, RuleSpec
from drills.scoring.rules.log import DrillLog

__all__ = ["REGISTRY", "DrillLog", "Outcome", "Params", "RuleSpec", "clo", "cmd", "cus", "exe", "internal", "lrn",
           "rep", "sit", "truth"]
