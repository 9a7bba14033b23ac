"""The balance report as one self-contained HTML page, for the scenario's author.

`drill simulate SCENARIO --runs N --team all --reports DIR` writes DIR/balance-<id>.html: the verdict,
the score distribution per team (a box with every run as a dot), the key outcome figures per team,
the table of figures, and what the drill cannot teach (rules never in play, injects never seen).

Offline and safe to open: no scripts, no external files; the charts are inline SVG drawn with
matplotlib through drills.reports' charts (imported lazily, Agg, never pyplot, mathtext off so "$" stays "$");
every piece of text goes through Jinja2 autoescaping, and only the SVG that matplotlib wrote is
marked safe.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drills.files import write_file
from drills.reports import drawing, html_safe, to_inline_svg
from drills.scoring import Rating

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from drills.scenario import LoadedScenario
    from drills.scoring import Band

TEAM_COLOURS = {"ideal": "#2e7d32", "passive": "#ef6c00", "chaotic": "#c62828"}
OTHER_COLOUR = "#1565c0"
BAND_COLOURS = {Rating.U: "#c62828", Rating.M: "#ef6c00", Rating.S: "#9e9d24", Rating.P: "#2e7d32"}
"""The colour of each HSEEP rating band behind the score chart (the ranges come from the playbook)."""

KEY_FIGURES = (
    ("time_to_owner", "time to owner", "min"),
    ("time_to_first_customer_word", "first customer word", "min"),
    ("time_to_mitigation", "time to mitigation", "min"),
    ("time_to_confirmed_recovery", "time to confirmed recovery", "min"),
    ("revenue_lost", "revenue lost", "$"),
    ("trust_end", "customer trust at the end", "/100"),
)
"""The figures charted per team (the table lists them all)."""


def write_balance_html(folder: Path, loaded: LoadedScenario, summary: dict, *,
                       bands: Sequence[Band] | None = None) -> Path:
    """Write folder/balance-<scenario id>.html from `balance.summarise`'s summary; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"balance-{loaded.scenario.id}.html"
    write_file(path, render_balance_html(loaded, summary, bands=bands))
    return path


def render_balance_html(loaded: LoadedScenario, summary: dict, *, bands: Sequence[Band] | None = None) -> str:
    """The page; the score chart's rating bands are the playbook's (`bands`, default: the shipped one)."""
    from jinja2 import Environment, StrictUndefined
    from markupsafe import Markup

    from drills.teams._balance import summary_rows

    teams: dict[str, dict] = summary["teams"]
    names = list(teams)
    scored = {n: d["scores"] for n, d in teams.items() if d.get("scores")}
    par = loaded.scenario.par.mitigate_minutes
    if bands is None:
        from drills.scoring import load_playbook

        bands = load_playbook(None).bands
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      finalize=html_safe)
    return env.from_string(_TEMPLATE).render(
        scenario=loaded.scenario,
        summary=summary,
        names=names,
        rows=summary_rows(summary),
        runs=max((d["runs"] for d in teams.values()), default=0),
        verdict=summary.get("verdict"),
        score_chart=Markup(score_svg(scored, band_spans(bands))) if scored else None,
        figures_chart=Markup(figures_svg({n: d["samples"] for n, d in teams.items()}, par=par)),
        colours={n: TEAM_COLOURS.get(n, OTHER_COLOUR) for n in names},
    )


# --------------------------------------------------------------------------- charts (matplotlib, lazily)


def band_spans(bands: Sequence[Band]) -> list[tuple[str, float, float, str]]:
    """The playbook's rating bands as (rating, from, to, colour) spans on the 0–100 score axis.

    A band's `max` is the highest score it rates (U ends at 49 when M starts at 50), so each span runs
    from its band's `min` to the next band's `min` (the top one to 100): the shading has no gaps.
    """
    ordered = sorted(bands, key=lambda b: b.min)
    tops = [b.min for b in ordered[1:]] + [100.0]
    return [(b.rating.value, b.min, top, BAND_COLOURS[b.rating]) for b, top in zip(ordered, tops, strict=True)]


def _spread(n: int, width: float = 0.28) -> list[float]:
    """Evenly spaced vertical offsets for n dots (no randomness: the page is the same every time)."""
    if n <= 1:
        return [0.0] * n
    return [-width + 2 * width * i / (n - 1) for i in range(n)]


def score_svg(scores: dict[str, Sequence[float]], spans: Sequence[tuple[str, float, float, str]]) -> str:
    """Score per team: a box (quartiles, whiskers to the extremes) with every run as a dot, on the
    0–100 axis with the HSEEP rating bands (`band_spans`) behind."""
    with drawing("balance-scores") as figure_class:
        names = list(scores)
        fig = figure_class(figsize=(9, 0.9 + 0.75 * len(names)))
        fig.subplots_adjust(left=0.12, right=0.97, top=0.88, bottom=0.3 if len(names) < 3 else 0.22)
        ax = fig.add_subplot()
        for band, low, high, colour in spans:
            ax.axvspan(low, high, color=colour, alpha=0.06, lw=0)
            ax.text((low + high) / 2, 1.0, band, transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                    fontsize=8, color=colour)
        ys = list(range(len(names)))[::-1]
        import matplotlib

        # matplotlib 3.10 replaced `vert=False` with `orientation="horizontal"` (3.11 warns about `vert`).
        sideways = ({"orientation": "horizontal"} if tuple(map(int, matplotlib.__version__.split(".")[:2])) >= (3, 10)
                    else {"vert": False})
        ax.boxplot([list(scores[n]) for n in names], positions=ys, widths=0.5, whis=(0, 100), **sideways,
                   showfliers=False, medianprops={"color": "#1f2933", "lw": 2},
                   boxprops={"color": "#5f6b76"}, whiskerprops={"color": "#5f6b76"}, capprops={"color": "#5f6b76"})
        for y, name in zip(ys, names, strict=True):
            values = sorted(scores[name])
            ax.scatter(values, [y + dy for dy in _spread(len(values))], s=14, zorder=3, alpha=0.8,
                       color=TEAM_COLOURS.get(name, OTHER_COLOUR), edgecolors="none")
        ax.set_yticks(ys, names)
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(names) - 0.4)
        ax.set_xlabel("score /100 (one dot per drill)")
        ax.grid(axis="x", color="#eceff1", lw=0.5)
        return to_inline_svg(fig, "Score per team")


def figures_svg(samples: dict[str, dict[str, list[float | None]]], *, par: float | None = None) -> str:
    """Small multiples, one per key figure: every run as a dot per team and the median as a bar;
    runs where it never happened are counted under the team's name ("3 never") rather than plotted."""
    with drawing("balance-figures") as figure_class:
        names = list(samples)
        cols = 3
        rows = math.ceil(len(KEY_FIGURES) / cols)
        fig = figure_class(figsize=(10, 0.5 + rows * (0.5 * len(names) + 0.9)))
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.08, hspace=0.6, wspace=0.45)
        for index, (key, label, unit) in enumerate(KEY_FIGURES):
            ax: Axes = fig.add_subplot(rows, cols, index + 1)
            ys = list(range(len(names)))[::-1]
            top = 0.0
            ticks = []
            for y, name in zip(ys, names, strict=True):
                every = samples[name].get(key, [])
                values = sorted(v for v in every if v is not None)
                never = len(every) - len(values)
                ticks.append(f"{name}\n({never} never)" if never else name)
                if not values:
                    continue
                top = max(top, values[-1])
                ax.scatter(values, [y + dy for dy in _spread(len(values), 0.22)], s=10, alpha=0.75,
                           color=TEAM_COLOURS.get(name, OTHER_COLOUR), edgecolors="none", zorder=3)
                median = statistics.median(values)
                ax.plot([median, median], [y - 0.32, y + 0.32], color="#1f2933", lw=2, zorder=4)
            title = label + {"min": " (min)", "$": " ($)", "/100": " (/100)"}[unit]
            if key == "time_to_mitigation" and par:
                ax.axvline(par, color="#5f6b76", lw=0.8, ls="--")
                ax.text(par, 0.99, f" par {par:g}", transform=ax.get_xaxis_transform(), ha="left", va="top",
                        fontsize=7, color="#5f6b76")
                top = max(top, par)
            ax.set_xlim(0, 100) if key == "trust_end" else ax.set_xlim(0, top * 1.08 if top > 0 else 1)
            ax.set_yticks(ys, ticks, fontsize=8)
            ax.set_ylim(-0.6, len(names) - 0.4)
            ax.set_title(title, fontsize=9, loc="left")
            ax.grid(axis="x", color="#eceff1", lw=0.5)
        return to_inline_svg(fig, "Key figures per team")


_TEMPLATE = """<!DOCTYPE html>
{# Autoescaped: scenario and summary text are escaped; only the two charts (matplotlib SVG) are marked safe. #}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Balance of {{ scenario.title }}</title>
<style>
:root { --ink: #1f2933; --muted: #5f6b76; --line: #d5dbe1; --good: #2e7d32; --bad: #c62828; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); max-width: 64rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.2rem; }
.sub, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .93rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { border-left: 6px solid var(--line); padding: .5rem .9rem; margin: 1rem 0; background: #f7f9fa; }
.verdict.clear { border-left-color: var(--good); }
.verdict.unclear { border-left-color: var(--bad); }
.chart { width: 100%; height: auto; display: block; margin: .5rem 0; }
.team { font-weight: 700; }
code { background: #f3f5f7; padding: 0 .25em; border-radius: .2em; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } figure, svg, table { break-inside: avoid; } }
</style>
</head>
<body>
<header>
  <h1>Balance of {{ scenario.title }}</h1>
  <p class="sub"><code>{{ scenario.id }}</code> · {{ scenario.difficulty.value }} ·
  {{ runs }} drill{{ "s" if runs != 1 }} per team ({{ names|join(", ") }}) ·
  par {{ "%g"|format(scenario.par.mitigate_minutes) }} min to mitigate</p>
</header>

<section id="verdict">
<h2>Verdict</h2>
{% if verdict %}
<div class="verdict {{ 'clear' if verdict.clear else 'unclear' }}">
  <p><strong>{{ "Clear" if verdict.clear else "Not clear yet" }}:</strong> {{ verdict.text }}</p>
</div>
<table>
  <thead><tr><th>Ideal team against</th><th>Median gap (points)</th><th>Ranges overlap</th><th>Clear win</th></tr>
  </thead>
  <tbody>
  {% for name, row in verdict.against.items() %}
    <tr><td class="team">{{ name }}</td><td class="num">{{ "%+g"|format(row.median_gap) }}</td>
        <td>{{ "yes" if row.overlap else "no" }}</td><td>{{ "yes" if row.clear else "no" }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% else %}
<p class="muted">No verdict: it needs scored runs of the ideal team and at least one other team
(<code>drill simulate {{ scenario.id }} --runs 20 --team all</code>).</p>
{% endif %}
</section>

<section id="scores">
<h2>Score per team</h2>
{% if score_chart %}
<figure>
{{ score_chart }}
<figcaption class="muted">Each dot is one drill; the box spans the middle half of the runs, the whiskers the
lowest and highest, the dark line the median. Bands mark the HSEEP ratings (U, M, S, P).</figcaption>
</figure>
{% else %}
<p class="muted">These drills were not scored.</p>
{% endif %}
</section>

<section id="figures">
<h2>Key figures per team</h2>
<figure>
{{ figures_chart }}
<figcaption class="muted">Minutes are counted from the first customer report. Each dot is one drill, the dark bar
the median; drills where it never happened are counted under the team's name ("3 never").</figcaption>
</figure>
<table>
  <thead><tr><th></th>{% for name in names %}<th>{{ name }}</th>{% endfor %}</tr></thead>
  <tbody>
  {% for label, cells in rows %}
    <tr><th>{{ label }}</th>{% for c in cells %}<td class="num">{{ c }}</td>{% endfor %}</tr>
  {% endfor %}
  </tbody>
</table>
</section>

<section id="cannot-teach">
<h2>What this drill cannot teach</h2>
<h3>Rules never in play</h3>
{% if summary.rules_never_in_play %}
<p>No team ever brought these rules into play, so the drill can never score them:</p>
<ul>
{% for rule_id in summary.rules_never_in_play %}
  <li><strong>{{ rule_id }}</strong> {{ summary.rule_titles.get(rule_id, "") }}</li>
{% endfor %}
</ul>
{% else %}
<p>Every rule came into play in at least one drill.</p>
{% endif %}
<h3>Injects no team saw</h3>
{% if summary.injects_never_seen_detail %}
<table>
  <thead><tr><th>Inject</th><th>Minute</th><th>Kind</th><th>Arrives only when</th></tr></thead>
  <tbody>
  {% for row in summary.injects_never_seen_detail %}
    <tr><td><code>{{ row.id }}</code></td><td class="num">{{ "held" if row.at is none else "%g"|format(row.at) }}</td>
      <td>{{ row.kind }}</td>
        <td>{{ row.when or "(always: the drill ended before it)" }}</td></tr>
  {% endfor %}
  </tbody>
</table>
<p class="muted">A reaction meant for a slower or forgetful real team is fine here; an inject that no team
could ever see is not (<code>drill lint</code> warns about those).</p>
{% else %}
<p>Every inject reached at least one team.</p>
{% endif %}
</section>
</body>
</html>
"""
