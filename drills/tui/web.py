"""Browser seats: `python -m drills.tui.web COMMAND BIND PORT PUBLIC_HOST` serves COMMAND (a `drill join`
that asks for the code) to every browser tab with textual-serve; PUBLIC_HOST is the address browsers use
(the page's links name it). `drill host --web PORT` starts it beside the host."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    from textual_serve.server import Server

    command, bind, port, public_host = argv
    Server(command, host=bind, port=int(port), title="drills: join a hosted drill",
           public_url=f"http://{public_host}:{port}").serve()


if __name__ == "__main__":
    main(sys.argv[1:])
