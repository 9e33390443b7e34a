"""Identity (pure core): normalised identifiers and names, and probabilistic duplicate detection of customers.

`app.identity.normalize` turns e-mail addresses, phone numbers, names and postcodes into one canonical
text each (for find-or-create by identifier); `app.identity.linkage` scores pairs of customer records
with a Fellegi-Sunter model trained by splink and groups them into clusters. It imports no web or
database code.
"""
