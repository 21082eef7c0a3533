"""``python -m tui`` runs the same command line as ``tend``."""

from tui.cli import main

raise SystemExit(main())
