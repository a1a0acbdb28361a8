"""Imported once by the server that forks the check workers (`ProcessRunner`): it loads the
catalogue and the rulebooks there, so that every worker, and every replacement of a worker that
was stopped, starts with them loaded instead of reading them again."""

from __future__ import annotations

from casepath.preflight import rules_problem

PROBLEM = rules_problem()
