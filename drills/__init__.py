"""drills: incident-drill and tabletop-exercise simulator.

The package root stays light: nothing is imported here, so `drill lint` never pays for Textual.
"""

__version__ = "0.1.0"
