"""Quotes: requests for a quote that sales reps pick up."""
