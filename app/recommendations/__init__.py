"""Recommendations (pure core): next-best offers from what customers like this one bought.

It imports no web or database code; services read orders, needs, tiers and consents and pass them
in as plain data.
"""
