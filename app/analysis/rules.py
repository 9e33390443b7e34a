"""Rules that change no answer: redundant ones (implied by the others) and ones that never bind.

A rule is redundant when no configuration keeps every other rule and breaks it, in any context
group where the product has configurations. Most rules are cleared at once by a configuration
that breaks them alone (`breaks.Breaks`); the rest are decided exactly by the engine on
the product with the rule negated. A redundant rule never binds when it excludes nothing at all
(its negation has no configuration even without the other rules) or when its condition holds
in no configuration the other rules allow. Each redundant rule can go on its own: two rules that
say the same thing are both redundant, though removing both would change the answers.
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
        if not work.affordable():
            skipped += [r.id for r in open_rules[done:]]
            break
        work.progress(f"checking rule '{rule.id}'", done, len(open_rules))
        others = [other for other in rules if other.id != rule.id]
        empty = _empty(work, others, negations(work.product, rule), groups)
        if empty is None:
            skipped.append(rule.id)
        elif empty:
            findings.append(_classify(work, places, rule, others, groups))
    work.progress("rules checked", len(open_rules), len(open_rules))
    if skipped:
        shown = ", ".join(skipped[:20]) + (f" and {len(skipped) - 20} more" if len(skipped) > 20 else "")
        why = f"past the work budget of {work.budget.rule_work} rules compiled for exact checks: {shown}"
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
    causes = (places.cause(rule.id, localize(rule.message)),)
    idle = _empty(work, [], negations(work.product, rule), groups)
    if idle:
        said = f"rule '{rule.id}' never binds: no choice of options breaks it"
        return Finding("rule_never_binds", "warning", location, said, causes)
    condition = premise(rule)
    vacuous = _empty(work, others, [holding(f"{rule.id}-holds", condition)], groups) if condition is not None else False
    if vacuous:
        said = f"rule '{rule.id}' never binds: its condition holds in no configuration the other rules allow"
        return Finding("rule_never_binds", "warning", location, said, causes)
    said = f"rule '{rule.id}' is redundant: the other rules already exclude everything it excludes"
    if idle is None or vacuous is None:
        said += " (whether it never binds at all was past the work budget)"
    return Finding("redundant_rule", "info", location, said, causes)
