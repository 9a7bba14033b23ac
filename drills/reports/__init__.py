"""Reports: what a drill leaves behind for the team, and the trend across drills.

The after-action scorecard of one drill as Markdown, HTML and JSON (`build_report`,
`write_scorecards`, `drill report`), the charts they embed (`build_timeline`; matplotlib is
imported only when a chart is drawn), the Jinja2 templates beside this file (autoescaped), and
`drill history` (`history_command`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.reports._charts import build_timeline, drawing, to_inline_svg
    from drills.reports._history import history_command
    from drills.reports._report import (
        build_report,
        cap_sentence,
        html_safe,
        render_markdown,
        render_scorecards,
        report_command,
        report_json,
        write_scorecards,
    )

__all__ = [
    "build_report",
    "build_timeline",
    "cap_sentence",
    "drawing",
    "history_command",
    "html_safe",
    "render_markdown",
    "render_scorecards",
    "report_command",
    "report_json",
    "to_inline_svg",
    "write_scorecards",
]

_EXPORTS = {
    "cap_sentence": "_report",
    "build_report": "_report",
    "html_safe": "_report",
    "render_markdown": "_report",
    "render_scorecards": "_report",
    "report_command": "_report",
    "report_json": "_report",
    "write_scorecards": "_report",
    "build_timeline": "_charts",
    "drawing": "_charts",
    "to_inline_svg": "_charts",
    "history_command": "_history",
}
"""Each public name and the private module it lives in: imported when the name is first used, so
importing this package costs nothing (`drill lint`, `drill schema` and the setup's first frame stay light)."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
