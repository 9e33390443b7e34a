"""The analysis of one product on a date: every context group, then findings across them."""

from __future__ import annotations

import random

from app.analysis.breaks import Breaks
from app.analysis.budget import Work
from app.analysis.contexts import context_groups
from app.analysis.groups import analyse_group, forced
from app.analysis.locations import Places
from app.analysis.results import ContextAnalysis, ContextGroup, Finding, NotComputed, ProductAnalysis
from app.analysis.rules import rule_findings
from app.analysis.samples import draw_configurations
from app.catalog.evaluate import Choices
from app.engine.engine import Engine
from app.errors import TailorError


def analyse_product(work: Work) -> ProductAnalysis:
    """Satisfiable, conflicts, counts, dead and forced options, rules that change nothing: one product."""
    product = work.product
    places = Places(work.catalog, product)
    result = ProductAnalysis(product.id, places.base[1])  # type: ignore[arg-type]
    if not product.in_force(work.on):
        result.not_computed.append(NotComputed("everything", f"the product is not in force on {work.on}", product.id))
        return result
    groups = _groups(work, result)
    work.progress(f"compiling '{product.id}'", 0, len(groups))
    try:
        engine = Engine.open(work.catalog, product.id, cache=work.cache, budget=work.budget.compile)
    except TailorError as error:
        result.not_computed.append(NotComputed("everything", error.message, product.id))
        return result
    try:
        result.method = engine.method
        if engine.method == "search":
            _search_only(engine, work, result, groups)
        else:
            _compiled(engine, work, places, result, groups)
    finally:
        engine.close()
    return result


def _groups(work: Work, result: ProductAnalysis) -> list[ContextGroup]:
    groups, complete = context_groups(work.catalog, work.product)
    if not complete:
        why = "too many combinations of context values: only the first two values of each key were tried"
        result.not_computed.append(NotComputed("context groups", why, work.product.id))
    if len(groups) > work.budget.groups:
        why = f"{len(groups)} context groups, past the budget of {work.budget.groups}: the first ones were analysed"
        result.not_computed.append(NotComputed("context groups", why, work.product.id))
    return groups[: work.budget.groups]


def _compiled(engine: Engine, work: Work, places: Places, result: ProductAnalysis, groups: list[ContextGroup]) -> None:
    """The full analysis, on a product the diagram or circuit answers."""
    rng = random.Random(work.budget.seed)
    cleared: dict[str, Choices] = {}
    breaks = work.budget.breaks
    for done, group in enumerate(groups):
        work.progress(f"context group {group.describe()}", done, len(groups))
        found, valid = analyse_group(engine, work, places, group)
        if found.satisfiable:
            samples = draw_configurations(engine, group.representative, work.on, work.budget.samples, rng)
            found.forced = forced(work, found, valid, samples)
            search = Breaks(work.product, group.representative, work.on, breaks)
            search.search(samples, cleared)
            breaks = max(search.left, 0)
        result.groups.append(found)
    if engine.method != "diagram":
        why = f"projected counts are exact only on the diagram; this product compiled to a {engine.method}"
        result.not_computed.append(NotComputed("module counts", why, work.product.id))
    result.findings += _group_findings(places, result.groups)
    alive = [g.group for g in result.groups if g.satisfiable]
    if alive:
        findings, skipped = rule_findings(work, places, alive, cleared)
        result.findings += findings
        result.not_computed += skipped


def _search_only(engine: Engine, work: Work, result: ProductAnalysis, groups: list[ContextGroup]) -> None:
    """Only whether the product has configurations, on a product neither compiled form fits."""
    why = f"the product compiled to neither a diagram nor a circuit within the budget ({engine.fallback})"
    for done, group in enumerate(groups):
        work.progress(f"context group {group.describe()}", done, len(groups))
        counted = engine.count({}, group.representative, work.on, solutions=1)
        satisfiable = True if counted.count else (False if counted.exact else None)
        result.groups.append(ContextAnalysis(group, satisfiable))
    for part in ("counts", "dead options", "forced options", "rules"):
        result.not_computed.append(NotComputed(part, why, work.product.id))


def _group_findings(places: Places, groups: list[ContextAnalysis]) -> list[Finding]:
    """Unsatisfiable products, dead and forced options, across the context groups."""
    product = places.product.id
    findings: list[Finding] = []
    empty = [g for g in groups if g.satisfiable is False]
    if empty:
        every = len(empty) == len(groups)
        said = f"product '{product}' has no valid configuration" + ("" if every else " in some customer contexts")
        contexts = () if every else tuple(g.group.index for g in empty)
        causes = empty[0].conflict
        location = places.product_location()
        findings.append(Finding("unsatisfiable", "error" if every else "warning", location, said, causes, contexts))
    alive = [g for g in groups if g.satisfiable]
    findings += _option_findings(places, alive, "dead_option")
    findings += _option_findings(places, alive, "forced_option")
    return findings


def _option_findings(places: Places, alive: list[ContextAnalysis], kind: str) -> list[Finding]:
    """Options dead (or forced) in every live group (warnings), or in some of them (info)."""
    where: dict[tuple[str, str], list[ContextAnalysis]] = {}
    for group in alive:
        table = group.dead if kind == "dead_option" else {a: dict.fromkeys(o, ()) for a, o in group.forced.items()}
        for attribute, options in table.items():
            for option in options:
                where.setdefault((attribute, option), []).append(group)
    findings = []
    for (attribute, option), groups in where.items():
        every = len(groups) == len(alive)
        what = "is in no valid configuration" if kind == "dead_option" else "is in every valid configuration"
        said = f"option '{option}' of '{attribute}' {what}" + ("" if every else " in some customer contexts")
        causes = groups[0].dead.get(attribute, {}).get(option, ())
        contexts = () if every else tuple(g.group.index for g in groups)
        location = places.option(attribute, option)
        findings.append(Finding(kind, "warning" if every else "info", location, said, causes, contexts))  # type: ignore[arg-type]
    return findings
