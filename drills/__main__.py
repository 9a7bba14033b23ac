"""`python -m drills`: the same front door as the `drill` command."""

from drills.cli import main

if __name__ == "__main__":
    main(prog_name="drill")
