"""Customers: their records, recognition, consent, needs, timeline, orders, duplicates and merges,
privacy, imports and value."""
