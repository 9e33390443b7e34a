"""Catalogs: the shelf of published catalogs."""
