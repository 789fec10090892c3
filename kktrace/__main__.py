"""``python -m kktrace`` runs the CLI."""

from .cli import main

main()
