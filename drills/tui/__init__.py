"""The drill room: a Textual UI a team runs a drill in around one screen.

It holds no domain logic: the engine plays the world, the widgets display the read model and send typed
actions. Only the front door (`drills.cli`) imports it, for `drill play` (`launch_play`), `drill resume`
(`launch_resume`), and hosted drills: `drill host` opens the facilitator console beside the host
(`launch_host`), `drill join` a seat's room (`launch_join`), and `drill console LOG` attaches the
console to a running `drill play` (`launch_console`); nothing below it imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drills import lazy_exports

if TYPE_CHECKING:
    from drills.tui.launch import launch_console, launch_host, launch_join, launch_play, launch_resume

__all__ = [
    "launch_console",
    "launch_host",
    "launch_join",
    "launch_play",
    "launch_resume",
]

_EXPORTS = {
    "launch_console": "launch",
    "launch_host": "launch",
    "launch_join": "launch",
    "launch_play": "launch",
    "launch_resume": "launch",
}
"""Each public name and the module it lives in: imported when the name is first used, so importing
this package costs nothing."""


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
