"""Jargon in customer and executive updates (CUS-08, EXE-04): words a support lead could not repeat
to a customer without translating them.

Shapes (host names, stack traces, status codes, code identifiers) are found by pattern; vocabulary
comes from a curated list. Plain product words (login, export, database, payment) are fine, and so
is the executive vocabulary the CEO guide recommends (rollback, mitigation, latency, root cause
analysis, degraded performance, single point of failure), because the detector runs for executives
too. Error codes the customer saw themselves (PAY-203) are upper case and are not flagged.
"""

from __future__ import annotations

import re

from drills.textchecks._text import Doc, Span

_TERMS = (
    # measurements and failure modes
    r"[1-5]xx", r"p(?:50|75|90|95|99|999|99\.9)", r"oom(?:[- ]?killed|\s+killer)?", r"null\s*pointer(?:\s*exception)?",
    r"npe", r"nil\s+pointer", r"null\s+reference", r"seg(?:mentation\s+)?fault", r"sig(?:segv|kill|term)",
    r"stack\s*traces?", r"tracebacks?", r"(?:heap|core|thread)\s+dumps?", r"gc\s+pauses?", r"deadlock(?:s|ed)?",
    r"race\s+conditions?", r"mutex(?:es)?", r"(?:connection|thread)\s+pools?", r"replication\s+lag",
    r"consumer\s+lag", r"queue\s+depth", r"retry\s+storms?", r"thundering\s+herd", r"memory\s+leaks?",
    r"cache\s+invalidation", r"crash\s*loop(?:\s*back\s*off)?", r"iops", r"qps", r"rps", r"cpu",
    # infrastructure
    r"k8s", r"kubernetes", r"kubectl", r"pods?", r"helm", r"docker", r"terraform", r"(?:read\s+)?replicas?",
    r"shards?", r"sharding", r"load\s+balancers?", r"ingress", r"egress", r"dns", r"tls", r"ssl", r"certs?",
    r"cdn", r"cron(?:\s*jobs?|tab)?", r"sidekiq", r"celery", r"kafka", r"redis", r"postgres(?:ql)?", r"mysql",
    r"mongo(?:db)?", r"rabbitmq", r"nginx", r"haproxy", r"elasticsearch", r"memcached", r"zookeeper", r"etcd",
    r"s3", r"ec2", r"rds", r"dynamodb", r"vpc", r"subnets?", r"bastion", r"ssh", r"jvm", r"goroutines?",
    r"microservices?", r"upstream", r"downstream", r"dbs?", r"ttl", r"cors", r"jwt", r"saml", r"ldap",
    r"dlq", r"dead[- ]letter\s+queues?", r"circuit\s+breakers?", r"configmaps?", r"config\s+maps?",
    r"env\s+vars?", r"yaml", r"sql",
    # process words
    r"release\s+trains?", r"deploy\s+trains?", r"canar(?:y|ies)", r"feature\s+(?:flags?|toggles?)", r"prod",
    r"staging", r"backfill(?:s|ing|ed)?", r"idempoten(?:t|cy)", r"sev[\s-]?[0-4]", r"mttr", r"mttd",
    r"slos?", r"slis?", r"error\s+budgets?", r"runbooks?", r"pull\s+requests?", r"merge\s+requests?", r"repos?",
    r"ci/cd", r"ci\s+(?:pipeline|job|run)s?", r"git",
)
_HTTP_CODE = r"(?:400|401|403|404|408|409|410|422|429|500|501|502|503|504)"
_SHAPES = (
    r"`[^`\n]{1,80}`",  # anything in backticks is a name from inside the system
    r"\bTraceback\s+\(most\s+recent\s+call\s+last\)",
    r"\bFile\s+\"[^\"\n]+\",\s+line\s+\d+",
    r"\bat\s+[\w$.]+\([\w.]*:\d+\)",  # a Java stack frame
    r"\b[A-Z][a-z]+(?:[A-Z][a-z]*)*(?:Error|Exception)\b",  # TypeError, NullPointerException
    r"\b[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:internal|local|lan|corp|intra|svc|cluster\.local)\b",  # api-02.internal
    r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[a-z]*\d[a-z0-9]*\b",  # db-prod-3, worker-7, us-east-1
    r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b",  # snake_case identifiers
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b",  # ENV_VARS
    r"\b[A-Za-z_][\w.]*\(\)",  # function calls
    r"\b[\w-]+\.(?:py|js|ts|go|rb|java|kt|yaml|yml|json|sql|sh|conf|cfg|ini|tf)\b",
    r"(?<![\w.])(?:/[\w.-]+){2,}",  # file paths
    r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b",  # IP addresses
    r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b",  # commit hashes
    r"(?i:\b(?:HTTP|status(?:\s+code)?|error(?:\s+code)?|returns?|returning|returned|throws?|throwing)\s*:?\s*"
    r"[1-5]\d\d\b)",
    r"(?i:\b" + _HTTP_CODE + r"(?:s\b|\s+(?:errors?|responses?|status(?:es)?|codes?)\b))",
    r"\b(?:PR|LB|VM|P0)s?\b",  # case matters: "pr", "vm" are not these
)
_JARGON = re.compile(
    "|".join(_SHAPES) + r"|(?i:\b(?:" + "|".join(_TERMS) + r")\b)",
)


def find_jargon(doc: Doc) -> list[Span]:
    """Every jargon occurrence; overlapping matches keep the longest."""
    spans = sorted((m.span() for m in _JARGON.finditer(doc.text)), key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept
