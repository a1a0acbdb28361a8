"""Rulebooks: one YAML file per credential (data, read by casepath.rules.loader)."""
