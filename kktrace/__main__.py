"""``python -m kktrace`` runs the CLI."""

from kktrace.cli import main

main()
