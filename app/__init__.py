"""Tailor: a mass-customization configurator built on one-to-one marketing."""
