"""``python -m plandiff`` runs the command line."""

from .cli import run

run()
