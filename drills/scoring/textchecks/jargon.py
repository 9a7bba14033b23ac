"""Jargon in customer and executive updates (CUS-08, EXE-04): words a support lead could not repeat
to a customer without translating them.

Vocabulary comes from a curated list; shapes (host names, stack traces, status codes, code
identifiers) are found by pattern, each tried only when a cheap test says it could occur. Plain
product words (login, export, database, payment) are fine, and so is the executive vocabulary the
CEO guide recommends (rollback, mitigation, latency, root cause analysis, degraded performance,
single point of failure, feature flag), because the detector runs for executives too. Error codes
the customer saw themselves (PAY-203) are upper case and are not flagged.
"""

from __future__ import annotations

import re

from drills.scoring.textchecks._text import Doc, Finder, Span

# (anchor words, pattern): every match of the pattern starts with one of the anchor words.
_TERMS: tuple[tuple[str, str], ...] = (
    # measurements and failure modes
    ("1xx 2xx 3xx 4xx 5xx", r"[1-5]xx"),
    ("p50 p75 p90 p95 p99 p999", r"p(?:50|75|90|95|99|999)(?:\.9)?"),
    ("oom oomkilled", r"oom(?:[- ]?killed|\s+killer)?"),
    ("null nullpointer nullpointerexception nil npe",
     r"null\s*pointer(?:\s*exception)?|null\s+reference|nil\s+pointer|npe"),
    ("segfault segmentation sigsegv sigkill sigterm",
     r"segfault|segmentation\s+fault|sig(?:segv|kill|term)"),
    ("stack stacktrace stacktraces traceback tracebacks", r"stack\s*traces?|tracebacks?"),
    ("heap core thread", r"(?:heap|core|thread)\s+dumps?|thread\s+pools?"),
    ("gc", r"gc\s+pauses?"),
    ("deadlock deadlocks deadlocked", r"deadlock(?:s|ed)?"),
    ("race", r"race\s+conditions?"),
    ("mutex mutexes", r"mutex(?:es)?"),
    ("connection", r"connection\s+pools?"),
    ("replication", r"replication\s+lag"),
    ("consumer", r"consumer\s+lag"),
    ("queue", r"queue\s+depth"),
    ("retry", r"retry\s+storms?"),
    ("thundering", r"thundering\s+herd"),
    ("memory", r"memory\s+leaks?"),
    ("cache", r"cache\s+invalidation"),
    ("crash crashloop crashloopbackoff", r"crash\s*loop(?:\s*back\s*off)?"),
    ("iops qps rps cpu", r"iops|qps|rps|cpu"),
    # infrastructure
    ("k8s kubernetes kubectl pod pods helm docker terraform",
     r"k8s|kubernetes|kubectl|pods?|helm|docker|terraform"),
    ("read replica replicas shard shards sharding", r"(?:read\s+)?replicas?|shards?|sharding"),
    ("load", r"load\s+balancers?"),
    ("ingress egress dns tls ssl cert certs cdn", r"ingress|egress|dns|tls|ssl|certs?|cdn"),
    ("cron cronjob cronjobs crontab", r"cron(?:\s*jobs?|tab)?"),
    ("sidekiq celery kafka redis postgres postgresql mysql mongo mongodb rabbitmq nginx haproxy elasticsearch "
     "memcached zookeeper etcd s3 ec2 eks rds dynamodb vpc subnet subnets bastion ssh jvm goroutine goroutines",
     r"sidekiq|celery|kafka|redis|postgres(?:ql)?|mysql|mongo(?:db)?|rabbitmq|nginx|haproxy|elasticsearch"
     r"|memcached|zookeeper|etcd|s3|ec2|eks|rds|dynamodb|vpc|subnets?|bastion|ssh|jvm|goroutines?"),
    ("microservice microservices upstream downstream db dbs ttl cors jwt saml ldap dlq yaml sql",
     r"microservices?|upstream|downstream|dbs?|ttl|cors|jwt|saml|ldap|dlq|yaml|sql"),
    ("dead", r"dead[- ]letter\s+queues?"),
    ("circuit", r"circuit\s+breakers?"),
    ("configmap configmaps config", r"configmaps?|config\s+maps?"),
    ("env", r"env\s+vars?"),
    # process words
    ("release deploy", r"(?:release|deploy)\s+trains?"),
    ("canary canaries", r"canar(?:y|ies)"),
    ("prod idempotent idempotency",
     r"prod|idempoten(?:t|cy)"),
    ("hotfix blue bisect bisecting seq sendgrid twilio apns idp mailgun cloudflare datadog grafana sentry pagerduty",
     r"hotfix\s+branch(?:es)?|blue[/-]green|bisect(?:ing|ed)?|seq\s+scans?|sendgrid|twilio|apns|idp|mailgun|cloudflare"
     r"|datadog|grafana|sentry|pagerduty"),
    ("api worker notifier", r"api\s+gateway|(?:the\s+)?(?:notifier|worker)\s+(?:queue|pool|nodes?)"),
    ("sev sev0 sev1 sev2 sev3 sev4", r"sev[\s-]?[0-4]"),
    ("mttr mttd slo slos sli slis error", r"mttr|mttd|slos?|slis?|error\s+budgets?"),
    ("runbook runbooks pull merge repo repos git ci",
     r"runbooks?|pull\s+requests?|merge\s+requests?|repos?|git|ci/cd|ci\s+(?:pipeline|job|run)s?"),
)
_TERM_FINDER = Finder(
    r"(?:" + "|".join(p for _, p in _TERMS) + r")\b",
    " ".join(a for a, _ in _TERMS),
)
_CASED_TERMS = Finder(r"(?:PR|LB|VM|P[0-4]|ES|INC-\d+|SEV-?\d)s?\b", (
    "pr prs lb lbs vm vms p0 p1 p2 p3 p4 es inc sev sev0 sev1 sev2 sev3 sev4"),
                      flags=0)
"""Upper case matters: 'pr' or 'vm' in lower case are not these."""
_HTTP_CODE = r"(?:400|401|403|404|408|409|410|422|429|500|501|502|503|504)"
_HTTP = Finder(
    r"(?:HTTP|status(?:\s+code)?|error(?:\s+code)?|returns?|returning|returned|throws?|throwing)\s*:?\s*[1-5]\d\d\b"
    r"|" + _HTTP_CODE + r"(?:s\b|\s+(?:errors?|responses?|status(?:es)?|codes?)\b)"
    r"|[45]\d\d(?:ing\b|\s+(?-i:[A-Z][a-z]+)\b)",
    "http status error returns return returning returned throws throw throwing "
    "400 401 403 404 408 409 410 422 429 500 501 502 503 504 400s 401s 403s 404s 408s 409s 410s 422s 429s 500s "
    "501s 502s 503s 504s",
    numbers=True,
)

# (cheap test on the text, pattern): the pattern runs only when the test passes.
_SHAPES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("`",), re.compile(r"`[^`\n]{1,80}`")),  # names from inside the system
    (("Traceback",), re.compile(r"\bTraceback\s+\(most\s+recent\s+call\s+last\)")),
    (('File "',), re.compile(r"\bFile\s+\"[^\"\n]+\",\s+line\s+\d+")),
    ((".java:", ".kt:", ".scala:"), re.compile(r"\bat\s+[\w$.]+\([\w.]*:\d+\)")),
    (("Error", "Exception"), re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]*)*(?:Error|Exception)\b")),
    ((".internal", ".local", ".lan", ".corp", ".intra", ".svc"),
     re.compile(r"\b[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:internal|local|lan|corp|intra|svc|cluster\.local)\b")),
    (("_",), re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")),
    (("()",), re.compile(r"\b[A-Za-z_][\w.]*\(\)")),
    ((".py", ".js", ".ts", ".go", ".rb", ".java", ".kt", ".yaml", ".yml", ".json", ".sql", ".sh", ".conf", ".cfg",
      ".ini", ".tf"),
     re.compile(r"\b[\w-]+\.(?:py|js|ts|go|rb|java|kt|yaml|yml|json|sql|sh|conf|cfg|ini|tf)\b")),
    (("/",), re.compile(r"(?<![\w.])(?:/[\w.-]+){2,}")),  # file paths
)
_HOST_WITH_DIGIT = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[a-z]*\d[a-z0-9]*")
"""Host and service names: db-prod-3, worker-7, checkout-api-7, us-east-1."""
_IP = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")
_HEX = re.compile(r"(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}|0x[0-9a-f]{4,16}")
_LONGEST_HOST = 100
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _hyphenated_hosts(doc: Doc) -> list[Span]:
    """Words with a hyphen and a digit, found from each hyphen outwards rather than by a full scan."""
    text = doc.text
    spans: list[Span] = []
    i = text.find("-")
    while i != -1:
        if 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
            s = i
            while s > 0 and text[s - 1] in _WORD_CHARS:
                s -= 1
            e = i
            while e < len(text) and text[e] in _WORD_CHARS:
                e += 1
            # A host name is short; a longer run of hyphenated words is not one (and is read once).
            if (e - s <= _LONGEST_HOST and (s == 0 or not (text[s - 1].isalnum() or text[s - 1] == "_"))
                    and doc.fullmatch(_HOST_WITH_DIGIT, s, e)):
                spans.append((s, e))
            i = e
        i = text.find("-", i + 1)
    return spans


_ACRONYM = re.compile(r"(?<![\w-])(?:[A-Z]|\d(?=[A-Z]{2}))[A-Z0-9]{1,6}(?:s\b|(?![\w-]))")
_PLAIN_ACRONYM_WORDS = """API APIS SSO ATM ATMS PIN PINS UK EU US USA UAE RCA ARR MRR ETA ETAS FAQ FAQS PDF PDFS SMS
    MMS USB TV PC PCS OK UTC GMT BST CET CEST EST EDT PST PDT AM PM VAT ID IDS IT HR QA CSV URL VIP EV EVS GPS ISO
    FYI ASAP TBD TBA NB PS IBAN BIC CEO CTO CFO COO VP IOS NHS IRS DM DMS QR TVS
    MP3 MP4 JPG JPEG PNG GIF HEIC MOV WAV ZIP XLS XLSX DOC DOCX TXT CRM ERP POS RSS DVD HD UHD HDMI WIFI VPN SIM NFC
    OTP 2FA MFA COVID BTC ETH USD EUR GBP JPY CAD AUD CHF NZD ACH HMRC DVLA DMV NYC B2B B2C ASAP AKA DIY"""
"""Everyday acronyms, file formats, currencies and coins among them: a customer saves an MP4 or a PDF."""
_SHOUTED_WORD_WORDS = """WILL NOT NOW ALL ANY NEVER DO DONT WONT CANT PLEASE STOP NO YES ONLY MUST URGENT NEW AND FOR
    THE YOU YOUR OUR ARE IS CAN HAS HAVE BUT OFF ON OUT UP DOWN FREE LIVE IMPORTANT NOTE WARNING UPDATE RESOLVED
    FIXED WORKING BACK DONE SORRY HELP STILL AGAIN TODAY TONIGHT VERY REALLY EVERY"""
_SHOUTED_WORDS = frozenset(_SHOUTED_WORD_WORDS.split())
"""English words typed in capitals for emphasis ('it WILL be fixed'), not acronyms."""
_PLAIN_ACRONYMS = frozenset(_PLAIN_ACRONYM_WORDS.split())
_TECH_NOUN_AFTER = re.compile(
    r"[\s/-]+(?:[A-Za-z0-9]+[\s/-]+)?(?:handshakes?|fallbacks?|endpoints?|clusters?|faults?|schemas?|backlogs?|bumps?"
    r"|gateways?|protocols?|stacks?|layers?|nodes?|brokers?|pipelines?|payloads?|timeouts?|keepalives?|failovers?"
    r"|head-?ends?|firmware|fw|sdks?|daemons?|instances?|configs?|regressions?|handlers?|controllers?|mesh|proxy"
    r"|proxies|relays?|sockets?|tunnels?|modules?|lookups?|servers?|fleet|throttling|retries|calls?\s+to)\b")
"""After an acronym, the engineering noun that shows it names a protocol or component: 'BLE handshake',
'HSM cluster failover', 'SOAP fault', 'A2A endpoint', 'the SDK bump', 'TURN fallback'."""
_CAMEL_INNER = re.compile(r"(?<![\w-])[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*){2,}[A-Za-z0-9]*(?![\w-])"
                          r"|(?<![\w-])[A-Z][a-z0-9]+[A-Z](?:[A-Z]+[a-z]*)?(?![\w-])")
"""Code-like names: three humps ('RemoteStartTransaction', 'CrashLoopBackOff') or lower case then a
capital run ('WebRTC', 'MeF'); two humps ending lower case are brands (PayPal, YouTube)."""
_SERVICE_SUFFIX = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:api|svc|gw|db|srv|worker|proxy|daemon|cron"
                             r"|mq|lb|cache|queue)(?![\w-])")
"""Internal service names by their suffix: 'unlock-api', 'matchmaker-svc', 'scan-gw'."""
_RESPONSE_CODE = re.compile(r"\b(?:response|reason|result|decline)\s+codes?\s+\d{1,4}\b", re.IGNORECASE)


def _acronyms(doc: Doc) -> list[Span]:
    """Protocol and product acronyms: three or more capitals (CUSS, SQS, HSM), upper case with a digit inside
    (HL7, A2A, SMETS2) or a short one followed by an engineering noun (BLE handshake). Everyday ones (API,
    SSO, ATM, PIN, PDF, USD), words shouted for emphasis ('WILL') and shouting in a text written mostly in
    capitals are not."""
    found = doc.scan(_ACRONYM)
    if not found:
        return []
    text = doc.text
    letters = sum(c.isalpha() for c in text)
    if letters and sum(c.isupper() for c in text) > letters * 0.5:
        return []
    spans: list[Span] = []
    for m in found:
        word = m.group()
        base = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
        if base.upper() in _PLAIN_ACRONYMS or word.upper() in _PLAIN_ACRONYMS or word.upper() in _SHOUTED_WORDS:
            continue
        if sum(c.isupper() for c in base) < 2:
            continue
        has_digit = any(c.isdigit() for c in base) and not base[1:].isdigit()
        if has_digit or len(base) >= 3 or doc.match(_TECH_NOUN_AFTER, m.end()):
            spans.append(m.span())
    return spans


def find_jargon(doc: Doc) -> list[Span]:
    """Every jargon occurrence; overlapping matches keep the longest."""
    text = doc.text
    spans = [(h.start, h.end) for finder in (_TERM_FINDER, _CASED_TERMS, _HTTP) for h in finder.hits(doc)]
    for tests, pattern in _SHAPES:
        if any(t in text for t in tests):
            spans.extend(m.span() for m in doc.scan(pattern))
    if "-" in text:
        spans.extend(_hyphenated_hosts(doc))
        spans.extend(m.span() for m in doc.scan(_SERVICE_SUFFIX))
    if text != doc.lower:  # upper case somewhere
        spans.extend(_acronyms(doc))
        spans.extend(m.span() for m in doc.scan(_CAMEL_INNER))
    if "code" in doc.index or "codes" in doc.index:
        spans.extend(m.span() for m in doc.scan(_RESPONSE_CODE))
    if doc.scan(_DIGIT_DOT_DIGIT):
        spans.extend(m.span() for m in doc.scan(_IP))
    for word, starts in doc.index.items():
        if len(word) >= 7 and _HEX.fullmatch(word):
            spans.extend((s, s + len(word)) for s in starts)
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept
