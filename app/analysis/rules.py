"""Rules that change no answer: redundant ones (implied by the others) and ones that never bind.

A rule is redundant when no configuration keeps every other rule and breaks it, in any context
group where the product has configurations. Most rules are cleared at once by a configuration
that breaks them alone (`samples.lone_breaks`); the rest are decided exactly by the engine on
the product with the rule negated. A redundant rule never binds when it excludes nothing at all
(its negation has no configuration even without the other rules) or when its condition holds
in no configuration the other rules allow.
"""

from __future__ import annotations

from app.analysis.budget import Work
from app.analysis.locations import Places
from app.analysis.results import ContextGroup, Finding, NotComputed
from app.analysis.variants import alone, holding, negations, premise
from app.catalog.evaluate import Choices
from app.catalog.rules import Rule
from app.catalog.text import localize


def rule_findings(
    work: Work, places: Places, groups: list[ContextGroup], cleared: dict[str, Choices]
) -> tuple[list[Finding], list[NotComputed]]:
    """Findings on the rules in force, given the rules already `cleared` by a lone break."""
    rules = [rule for rule in work.product.rules if rule.in_force(work.on)]
    open_rules = [rule for rule in rules if rule.id not in cleared]
    findings: list[Finding] = []
    skipped: list[str] = []
    for done, rule in enumerate(open_rules):
        work.progress(f"checking rule '{rule.id}'", done, len(open_rules))
        others = [other for other in rules if other.id != rule.id]
        empty = _empty(work, others, negations(work.product, rule), groups)
        if empty is None:
            skipped.append(rule.id)
        elif empty:
            findings.append(_classify(work, places, rule, others, groups))
    work.progress("rules checked", len(open_rules), len(open_rules))
    if skipped:
        why = f"past the budget of {work.budget.rule_checks} exact checks (or too hard to decide): {', '.join(skipped)}"
        return findings, [NotComputed("redundant rules", why, work.product.id)]
    return findings, []


def _empty(work: Work, others: list[Rule], alternatives: list[Rule], groups: list[ContextGroup]) -> bool | None:
    """Whether no configuration keeps `others` and any one of `alternatives` in any group (None: not decided)."""
    for alternative in alternatives:
        engine = work.variant(alone(work.catalog, work.product, [*others, alternative]))
        if engine is None:
            return None
        try:
            for group in groups:
                found = engine.count({}, group.representative, work.on, solutions=1)
                if found.count > 0:
                    return False
                if not found.exact:
                    return None
        finally:
            engine.close()
    return True


def _classify(work: Work, places: Places, rule: Rule, others: list[Rule], groups: list[ContextGroup]) -> Finding:
    """A redundant rule as a finding: it never binds (excludes nothing, or its condition never holds), or is implied."""
    location = places.rule(rule.id)
    message = localize(rule.message)
    if _empty(work, [], negations(work.product, rule), groups):
        said = f"rule '{rule.id}' never binds: no choice of options breaks it"
        return Finding("rule_never_binds", "warning", location, said, (places.cause(rule.id, message),))
    condition = premise(rule)
    if condition is not None and _empty(work, others, [holding(f"{rule.id}-holds", condition)], groups):
        said = f"rule '{rule.id}' never binds: its condition holds in no configuration the other rules allow"
        return Finding("rule_never_binds", "warning", location, said, (places.cause(rule.id, message),))
    said = f"rule '{rule.id}' is redundant: the other rules already exclude everything it excludes"
    return Finding("redundant_rule", "info", location, said, (places.cause(rule.id, message),))
