"""Quotes (pure core): lines, totals, discount authority, revisions, validity and statuses.

Money is integer minor units of one currency; percentages are `Decimal` percent with at most
two decimals. Rounding is half-up to whole minor units (`app.pricing.money`), the same as
pricing's. It imports no web or database code; services keep quotes and call these functions.
"""
