"""Catalog analysis: what a draft's rules do (dead and forced options, empty products, rules that
change nothing, exact counts) and what changes between two versions. Pure core: no web, no database."""

from app.analysis.budget import AnalysisBudget, Progress
from app.analysis.catalog import analyse_catalog
from app.analysis.results import (
    CatalogAnalysis,
    Cause,
    ContextAnalysis,
    ContextGroup,
    Finding,
    Location,
    NotComputed,
    ProductAnalysis,
    Tally,
)

__all__ = [
    "AnalysisBudget",
    "CatalogAnalysis",
    "Cause",
    "ContextAnalysis",
    "ContextGroup",
    "Finding",
    "Location",
    "NotComputed",
    "ProductAnalysis",
    "Progress",
    "Tally",
    "analyse_catalog",
]
