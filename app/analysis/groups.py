"""One product in one context group: satisfiable (or a minimal conflict), counts, dead and forced options."""

from __future__ import annotations

from app.analysis.budget import Work
from app.analysis.locations import Places
from app.analysis.results import Cause, ContextAnalysis, ContextGroup, Tally
from app.analysis.variants import alone, not_equal
from app.catalog.attributes import Attribute, ManyOf, Numeric
from app.catalog.evaluate import Choices
from app.engine.answers import Options, Reason, Value
from app.engine.engine import Engine


def analyse_group(
    engine: Engine, work: Work, places: Places, group: ContextGroup
) -> tuple[ContextAnalysis, dict[str, list[Value]]]:
    """Counts, conflict and dead options of the product in one context group, and its valid options."""
    context = group.representative
    answer = engine.options({}, context, work.on)
    count = Tally(answer.count or 0, answer.count_exact, "; ".join(answer.narrowed) or None)
    if answer.count_exact and not answer.count:
        conflict = answer.conflict.rules if answer.conflict is not None else ()
        causes = tuple(places.cause(r.rule, r.message) for r in conflict)
        return ContextAnalysis(group, False, count, conflict=causes), {}
    found = ContextAnalysis(group, True if answer.count else None, count)
    found.dead = _dead(work, places, answer)
    found.modules = _module_counts(engine, work, context, answer.valid)
    return found, answer.valid


def _dead(work: Work, places: Places, answer: Options) -> dict[str, dict[str, tuple[Cause, ...]]]:
    """Options in force that no valid configuration has, with the rules that exclude them."""
    dead: dict[str, dict[str, tuple[Cause, ...]]] = {}
    for attribute_id, options in answer.excluded.items():
        attribute = work.product.attribute(attribute_id)
        for option, reasons in options.items():
            if _in_force(work, attribute, option):
                dead.setdefault(attribute_id, {})[option] = _causes(places, reasons)
    return dead


def _in_force(work: Work, attribute: Attribute, option: str) -> bool:
    if isinstance(attribute, Numeric):
        return True
    return any(o.id == option and o.in_force(work.on) for o in attribute.options)


def _causes(places: Places, reasons: list[Reason]) -> tuple[Cause, ...]:
    return tuple(dict.fromkeys(places.cause(reason.rule, reason.message) for reason in reasons))


def _module_counts(
    engine: Engine, work: Work, context: dict[str, str], valid: dict[str, list[Value]]
) -> dict[str, Tally]:
    """Per module, the combinations of its attributes that extend to a valid configuration (diagram only)."""
    if engine.method != "diagram":
        return {}
    counts = {}
    for module in work.product.modules:
        single = module.attributes[0]
        if len(module.attributes) == 1 and not isinstance(single, ManyOf):
            counts[module.id] = Tally(len(valid.get(single.id, [])))
            continue
        project = [attribute.id for attribute in module.attributes]
        counted = engine.count({}, context, work.on, project=project)
        counts[module.id] = Tally(counted.count, counted.exact, counted.narrowed)
    return counts


def forced(
    work: Work, group: ContextAnalysis, valid: dict[str, list[Value]], samples: list[Choices]
) -> dict[str, list[str]]:
    """Options in every valid configuration, where the attribute offers more than one (many-of: checked exactly)."""
    found: dict[str, list[str]] = {}
    for attribute in work.product.attributes():
        offered = _offered(work, attribute)
        values = valid.get(attribute.id, [])
        if isinstance(attribute, ManyOf):
            always = [str(o) for o in values if samples and all(o in sample[attribute.id] for sample in samples)]  # type: ignore[operator]
            kept = [o for o in always if _cannot_leave_out(work, group, attribute.id, o)]
            if kept:
                found[attribute.id] = kept
        elif len(values) == 1 and offered > 1:
            found[attribute.id] = [str(values[0])]
    return found


def _offered(work: Work, attribute: Attribute) -> int:
    if isinstance(attribute, Numeric):
        return attribute.size
    return sum(1 for option in attribute.options if option.in_force(work.on))


def _cannot_leave_out(work: Work, group: ContextAnalysis, attribute: str, option: str) -> bool:
    """Whether every valid configuration has `option` of the many-of `attribute` (False when not decided)."""
    rules = [*work.product.rules, not_equal("analysis-leave-out", attribute, option)]
    engine = work.variant(alone(work.catalog, work.product, rules))
    if engine is None:
        return False
    try:
        found = engine.count({}, group.group.representative, work.on, solutions=1)
    finally:
        engine.close()
    return found.exact and found.count == 0
