"""View models: what each part of a screen shows, built in Python from the page state.

Templates only lay them out. The package imports nothing at this level, so `templating` can
use `labels` without importing the views that render drawings.
"""
