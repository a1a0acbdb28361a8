"""Renewal tracking: renewal rulebooks, the CE ledger, renewal results, plans and calendars.

The modules here are pure (no I/O) except `rulebooks`, which reads the shipped YAML files.
Import order: `ledger` and `periods` depend on the profile model only, so the renewal measures
(casepath.rules.measures.renewal) can use them without importing the engine.
"""
