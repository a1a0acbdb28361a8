"""Renewal rulebooks: one YAML file per certification (spec/rules.md §2.6, §3.5, §4.3, §5, §6)."""
