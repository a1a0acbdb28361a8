"""Guidance: which credential to choose, for one person (rules.md §8b, GUIDE-1 to GUIDE-6).

The facts a credential's guidance rests on (profession gate, setting fit, costs, application
windows, application page) are declared in its rulebook under `guidance:` (see `facts`);
`choose.order_options` turns a report into the ordered list a person reads first.
"""
