"""`python -m runwell …`: the one front door for scripts and Make."""

from runwell.cli import main

raise SystemExit(main())
