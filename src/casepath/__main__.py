"""`python -m casepath` runs the command line."""

from casepath.interfaces.cli import main

main()
