"""Pictures for the after-action report: the incident timeline, the update gaps and the trend.

Two halves. `build_timeline(events)` is pure Python: it reads the event log into the marks, spans
and gaps a report shows (the Markdown report lists them as a table). The `*_svg` functions draw
them with matplotlib and return inline SVG strings. matplotlib is imported only inside them (it
costs about half a second), so `drill lint` and the TUI never load it. We draw on `Figure` objects
directly, never through pyplot: no global figure registry to leak into, nothing to close, and the
Agg/SVG canvases need no display.

Participant and scenario text can reach a chart (a repair's label, a scenario title): mathtext and
usetex are off so "$5k" stays "$5k", and matplotlib's SVG writer escapes `<` and `&` itself.
"""

from __future__ import annotations

import io
import itertools
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drills.terminal import terminal_text
from drills.world import INCIDENT_THREAD, Event

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

RHYTHM_MINUTES = 30.0
"""The update cadence the pictures draw (the playbook's INT-01/CUS-02 default)."""

OK_COLOUR = "#2e7d32"
LATE_COLOUR = "#c62828"
INTERNAL_COLOUR = "#1565c0"
CUSTOMER_COLOUR = "#6a1b9a"
RATING_COLOURS = {"P": "#2e7d32", "S": "#9e9d24", "M": "#ef6c00", "U": "#c62828"}


def wall_clock(clock_start: str, t: float) -> str:
    """The wall-clock time ('10:14') of sim minute t, for a drill whose minute 0 is clock_start."""
    hours, minutes = map(int, clock_start.split(":"))
    total = hours * 60 + minutes + int(t)
    return f"{(total // 60) % 24:02d}:{total % 60:02d}"


# --------------------------------------------------------------------------- the data (no matplotlib)


@dataclass(frozen=True, slots=True)
class Mark:
    """One moment on the timeline."""

    t: float
    kind: str
    """report, owner, escalated, mitigated, confirmed, still_failing, resolved, reopened,
    internal_update, customer_update, chased."""
    label: str
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A check or repair, from started to finished (end None: still running when the log stops)."""

    start: float
    end: float | None
    label: str
    outcome: str = ""
    """repairs: the effect (fixes, mitigates, none, worse); checks: empty."""


@dataclass(frozen=True, slots=True)
class Gap:
    """Minutes without an update in one lane (internal or customer)."""

    lane: str
    start: float
    end: float

    @property
    def minutes(self) -> float:
        return round(self.end - self.start, 2)


@dataclass(slots=True)
class Timeline:
    clock_start: str = "00:00"
    report_t: float | None = None
    end_t: float = 0.0
    marks: list[Mark] = field(default_factory=list)
    """Every mark in time order, the update lanes included."""
    checks: list[Span] = field(default_factory=list)
    repairs: list[Span] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def lane(self, kind: str) -> list[Mark]:
        return [m for m in self.marks if m.kind == kind]

    def clock(self, t: float) -> str:
        return wall_clock(self.clock_start, t)


_LABELS = {
    "incident_reported": ("report", "customer reports the problem"),
    "mitigated": ("mitigated", "impact mitigated"),
    "resolved": ("resolved", "resolved"),
    "reopened": ("reopened", "reopened: the customer is still blocked"),
    "customer_chased": ("chased", "the customer chased us"),
}


def _gaps(lane: str, times: Sequence[float], start: float | None, end: float) -> list[Gap]:
    """Gaps from the first report through each update to `end`, as drills.world.figures measures them."""
    if start is None or end <= start:
        return []
    points = [start, *[t for t in times if start <= t <= end], end]
    return [Gap(lane, a, b) for a, b in itertools.pairwise(points) if b > a]


def build_timeline(events: Sequence[Event]) -> Timeline:
    """Read the moments a report shows from the event log."""
    if not events:
        return Timeline()
    started = events[0].data
    cast = started.get("cast", {})

    def name(person: str | None) -> str:
        return terminal_text(str(cast.get(person, {}).get("name", person or "")))

    line = Timeline(clock_start=started.get("clock_start", "00:00"), end_t=events[-1].t)
    open_checks: dict[str, tuple[float, str]] = {}
    open_repairs: dict[str, tuple[float, str]] = {}
    confirmed_t: float | None = None
    resolved_t: float | None = None
    for event in events:
        kind, data = event.kind, event.data
        if kind in _LABELS:
            mark_kind, label = _LABELS[kind]
            line.marks.append(Mark(event.t, mark_kind, label, event.actor))
        if kind == "incident_reported" and line.report_t is None:
            line.report_t = event.t
        elif kind == "owner_changed":
            label = f"owner: {name(data['owner'])}" + (" (handoff)" if data.get("previous") else "")
            line.marks.append(Mark(event.t, "owner", label, event.actor))
        elif kind == "customer_retried":
            works = bool(data.get("works"))
            line.marks.append(Mark(event.t, "confirmed" if works else "still_failing",
                                   "customer confirms it works" if works else "customer retried: still failing"))
            if works and confirmed_t is None:
                confirmed_t = event.t
        elif kind == "resolved":
            resolved_t = event.t
        elif kind == "reopened":
            resolved_t = None
        elif kind == "check_started":
            open_checks[data["check_id"]] = (event.t, terminal_text(data.get("label", data["check_id"])))
        elif kind == "check_result" and data["check_id"] in open_checks:
            start, label = open_checks.pop(data["check_id"])
            line.checks.append(Span(start, event.t, label))
        elif kind == "repair_started":
            open_repairs[data["repair_id"]] = (event.t, terminal_text(data.get("label", data["repair_id"])))
        elif kind == "repair_finished" and data["repair_id"] in open_repairs:
            start, label = open_repairs.pop(data["repair_id"])
            line.repairs.append(Span(start, event.t, label, data.get("effect", "")))
        elif kind == "action":
            action_kind = event.action_kind
            if action_kind == "post_update" and data["action"].get("channel", INCIDENT_THREAD) == INCIDENT_THREAD:
                line.marks.append(Mark(event.t, "internal_update", f"update by {name(event.actor)}", event.actor))
            elif action_kind == "customer_update":
                line.marks.append(Mark(event.t, "customer_update", f"customer update by {name(event.actor)}",
                                       event.actor))
            elif action_kind == "escalate_to_ceo":
                line.marks.append(Mark(event.t, "escalated", f"CEO briefed by {name(event.actor)}", event.actor))
    line.checks += [Span(start, None, label) for start, label in open_checks.values()]
    line.repairs += [Span(start, None, label, "running") for start, label in open_repairs.values()]
    line.checks.sort(key=lambda s: s.start)
    line.repairs.sort(key=lambda s: s.start)
    line.marks.sort(key=lambda m: m.t)
    internal_end = resolved_t if resolved_t is not None else line.end_t
    customer_end = confirmed_t if confirmed_t is not None else line.end_t
    line.gaps = [
        *_gaps("internal", [m.t for m in line.lane("internal_update")], line.report_t, internal_end),
        *_gaps("customer", [m.t for m in line.lane("customer_update")], line.report_t, customer_end),
    ]
    return line


# --------------------------------------------------------------------------- drawing (matplotlib, lazily)


@contextmanager
def drawing(salt: str) -> Iterator[type[Figure]]:
    """matplotlib set up for plain-text, deterministic SVG; yields the Figure class."""
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")  # never a GUI backend, even if a display is around
    from matplotlib.figure import Figure

    settings = {
        "text.usetex": False,
        "text.parse_math": False,  # "$5k" and "$x$" are text, not mathtext
        "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
        "svg.hashsalt": salt,  # stable element ids, distinct per chart on one page
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # A character the font lacks is drawn as a box; matplotlib's warning about it would print the
        # character itself (participant text, perhaps an ESC) on the terminal.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from", category=UserWarning)
        yield Figure


_SVG_START = re.compile(r"<svg\b")
_SIZE_ATTRS = re.compile(r'\s(width|height)="[^"]*pt"')


def to_inline_svg(fig: Figure, title: str) -> str:
    """The figure as an inline <svg> element that scales to the page width."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Title": title})
    text = buf.getvalue()
    start = _SVG_START.search(text)
    svg = text[start.start():] if start else text
    head, rest = svg.split(">", 1)
    head = _SIZE_ATTRS.sub("", head)
    return f'{head} role="img" class="chart">{rest}'


def _minute_ticks(span: float) -> float:
    return next((step for step in (5, 10, 15, 30, 60, 120) if span / step <= 10), 240)


def _time_axis(ax: Axes, clock_start: str, start: float, end: float) -> None:
    """Sim minutes with the wall-clock time under each (one axis: a second one would cost a third
    of the drawing time)."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(MultipleLocator(_minute_ticks(end - start)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda t, _pos: f"{t:g}\n{wall_clock(clock_start, t)}"))
    ax.set_xlabel("simulated minutes since the drill started (wall clock below)", fontsize=8, color="#555555")


_INCIDENT_MARKS: dict[str, tuple[str, str, str]] = {
    # kind: (marker, colour, legend)
    "report": ("v", "#000000", "customer report"),
    "owner": ("o", "#37474f", "owner named"),
    "escalated": ("^", "#ef6c00", "CEO briefed"),
    "mitigated": ("D", OK_COLOUR, "mitigated"),
    "confirmed": ("*", OK_COLOUR, "customer confirms"),
    "still_failing": ("X", LATE_COLOUR, "retry still failing"),
    "resolved": ("s", "#1b5e20", "resolved"),
    "reopened": ("X", "#b71c1c", "reopened"),
}
_REPAIR_COLOURS = {"fixes": OK_COLOUR, "mitigates": "#7cb342", "none": "#9e9e9e", "worse": LATE_COLOUR,
                   "running": "#90a4ae"}


def _inset(start: float, end: float, span: float) -> tuple[float, float]:
    """Shorten a bar a little at both ends so neighbouring bars stay apart."""
    pad = min(span * 0.002, (end - start) / 4)
    return start + pad, end - pad


def timeline_svg(line: Timeline, *, rhythm: float = RHYTHM_MINUTES, title: str = "Incident timeline") -> str:
    """Five lanes over sim time: incident moments, internal and customer updates (with their gaps
    green up to `rhythm` minutes and red past it), checks and repairs (started → finished)."""
    end = max(line.end_t, 1.0)
    with drawing("timeline") as figure_class:
        # Fixed margins rather than a layout engine: the layout never changes, and constrained
        # layout would double the time it takes to draw.
        fig = figure_class(figsize=(10, 3.8))
        fig.subplots_adjust(left=0.13, right=0.98, top=0.97, bottom=0.3)
        ax = fig.add_subplot()
        lanes = {"Incident": 4, "Internal updates": 3, "Customer updates": 2, "Checks": 1, "Repairs": 0}
        ax.set_yticks(list(lanes.values()), list(lanes))
        ax.set_ylim(-0.7, 4.7)
        ax.tick_params(axis="y", length=0)
        if line.report_t is not None:  # the 30-minute windows the rhythm is judged in
            for i, t in enumerate(_frange(line.report_t, end, rhythm)):
                if i % 2 == 0:
                    ax.axvspan(t, min(t + rhythm, end), color="#eceff1", zorder=0, lw=0)
        if line.gaps:
            bars = [_inset(g.start, g.end, end) for g in line.gaps]
            ax.hlines([lanes["Internal updates" if g.lane == "internal" else "Customer updates"] - 0.22
                       for g in line.gaps], [b[0] for b in bars], [b[1] for b in bars],
                      colors=[LATE_COLOUR if g.minutes > rhythm else OK_COLOUR for g in line.gaps], lw=3, zorder=2)
        for lane_name, kind, colour in (("Internal updates", "internal_update", INTERNAL_COLOUR),
                                        ("Customer updates", "customer_update", CUSTOMER_COLOUR)):
            times = [m.t for m in line.lane(kind)]
            ax.scatter(times, [lanes[lane_name]] * len(times), marker="|", s=220, color=colour, zorder=3)
        chased = [m.t for m in line.lane("chased")]
        if chased:
            ax.scatter(chased, [lanes["Customer updates"] + 0.25] * len(chased), marker="x", s=25,
                       color=LATE_COLOUR, zorder=3, label="customer chased")
        for kind, (marker, colour, legend) in _INCIDENT_MARKS.items():
            times = [m.t for m in line.lane(kind)]
            if times:
                ax.scatter(times, [lanes["Incident"]] * len(times), marker=marker, s=110 if marker == "*" else 60,
                           color=colour, zorder=4, label=legend, edgecolors="white", linewidths=0.5)
        if line.checks:
            ax.hlines([lanes["Checks"] + (i % 3 - 1) * 0.22 for i in range(len(line.checks))],
                      [s.start for s in line.checks], [s.end if s.end is not None else end for s in line.checks],
                      colors="#546e7a", lw=4)
        if line.repairs:
            ys = [lanes["Repairs"] + (i % 2) * 0.3 - 0.15 for i in range(len(line.repairs))]
            ax.hlines(ys, [s.start for s in line.repairs], [s.end if s.end is not None else end for s in line.repairs],
                      colors=[_REPAIR_COLOURS.get(s.outcome, "#546e7a") for s in line.repairs], lw=6)
            labelled: set[str] = set()
            for y, span in zip(ys, line.repairs, strict=True):
                if span.label not in labelled:  # a repeated repair is its bar again, not its name again
                    labelled.add(span.label)
                    ax.annotate(span.label[:40], (span.start, y), xytext=(0, 5), textcoords="offset points",
                                fontsize=7, color="#263238", annotation_clip=False)
        _time_axis(ax, line.clock_start, 0, end)
        ax.grid(axis="x", color="#cfd8dc", lw=0.5)
        ax.set_axisbelow(True)
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels, loc="lower center", ncols=min(len(handles), 5), frameon=False,
                       fontsize=8, scatterpoints=1)
        return to_inline_svg(fig, title)


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = int((stop - start) // step) + 1
    return [start + i * step for i in range(max(count, 0))]


def gaps_svg(line: Timeline, *, rhythm: float = RHYTHM_MINUTES, title: str = "Update gaps") -> str:
    """A bar per gap between updates (internal left, customer right), red past `rhythm`, a line at it."""
    with drawing("gaps") as figure_class:
        fig = figure_class(figsize=(10, 2.8))
        fig.subplots_adjust(left=0.07, right=0.95, top=0.88, bottom=0.3, wspace=0.15)
        axes = fig.subplots(1, 2, sharey=True)
        tallest = max([g.minutes for g in line.gaps] + [rhythm * 1.2])
        for ax, lane, heading in ((axes[0], "internal", "Internal updates"), (axes[1], "customer", "Customer updates")):
            gaps = [g for g in line.gaps if g.lane == lane]
            xs = list(range(len(gaps)))
            colours = [LATE_COLOUR if g.minutes > rhythm else OK_COLOUR for g in gaps]
            ax.bar(xs, [g.minutes for g in gaps], color=colours, width=0.7)
            ax.axhline(rhythm, color="#424242", lw=1, ls="--")
            ax.text(1.0, rhythm, f" {rhythm:g} min", transform=ax.get_yaxis_transform(), va="center", fontsize=7,
                    color="#424242")
            ax.set_xticks(xs, [f"{line.clock(g.start)}–{line.clock(g.end)}" for g in gaps], rotation=45,
                          ha="right", fontsize=7)
            ax.set_title(heading if gaps else f"{heading}: none after the report", fontsize=9, loc="left")
            ax.set_ylim(0, tallest * 1.1)
            ax.grid(axis="y", color="#eceff1", lw=0.5)
            ax.set_axisbelow(True)
        axes[0].set_ylabel("minutes without an update")
        return to_inline_svg(fig, title)


def trend_svg(dates: Sequence[str], series: dict[str, Sequence[float | None]], overall: Sequence[float],
              *, title: str = "Scores over time") -> str:
    """Score per capability over drills (a line each, gaps where N/A) and the overall score in bold."""
    with drawing("trend") as figure_class:
        fig = figure_class(figsize=(10, 4))
        fig.subplots_adjust(left=0.07, right=0.86, top=0.95, bottom=0.22)
        ax = fig.add_subplot()
        xs = list(range(len(dates)))
        for band, low, high in (("U", 0, 50), ("M", 50, 66), ("S", 66, 80), ("P", 80, 100)):
            ax.axhspan(low, high, color=RATING_COLOURS[band], alpha=0.06, lw=0)
            ax.text(1.0, (low + high) / 2, f" {band}", transform=ax.get_yaxis_transform(), va="center",
                    fontsize=8, color=RATING_COLOURS[band])
        for cap_id, values in series.items():
            points: list[Any] = [v if v is not None else float("nan") for v in values]
            ax.plot(xs, points, marker="o", ms=3, lw=1, label=cap_id)
        ax.plot(xs, list(overall), color="#000000", lw=2.5, marker="o", label="overall")
        ax.set_xticks(xs, list(dates), rotation=30, ha="right", fontsize=8)
        ax.set_ylim(0, 100)
        ax.set_xlim(-0.3, max(len(xs) - 0.7, 0.3))
        ax.set_ylabel("score /100")
        ax.grid(axis="y", color="#eceff1", lw=0.5)
        fig.legend(loc="upper right", frameon=False, fontsize=8)
        return to_inline_svg(fig, title)
