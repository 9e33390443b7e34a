"""`python -m app.cli`: the `tailor` command, for child processes started with this interpreter."""

from app.cli import main

main()
