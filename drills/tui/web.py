"""Browser seats: `python -m drills.tui.web COMMAND BIND PORT` serves COMMAND (a `drill join` that asks
for the code) to every browser tab with textual-serve. `drill host --web PORT` starts it beside the host."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    from textual_serve.server import Server

    command, bind, port = argv
    Server(command, host=bind, port=int(port), title="drills: join a hosted drill").serve()


if __name__ == "__main__":
    main(sys.argv[1:])
