"""One product holding two versions' rules at once: its configurations are those valid in both.

The combined product has every attribute of either version (those of the version before in its
modules, the new ones in one more module), every option of either, and both rule lists (ids
prefixed `before/` and `after/`). Options that are not in force in both versions on the date
are kept out by one more rule, and so are numbers outside either range and many-of counts
outside either version's bounds. Both versions' property sums must keep their own values: each
option carries the values of the version it comes from, and a sum of one version gets a second
term over a `before/delta-NAME` or `after/delta-NAME` property that corrects to its own values.
A price sum over a priced numeric attribute whose formula lines differ between the versions
cannot be corrected that way: the product is then refused with `CombineError`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.catalog.attributes import Attribute, ManyOf, Numeric, OneOf, YesNo
from app.catalog.conditions import AllOf, AttributeCondition
from app.catalog.model import Module, Product
from app.catalog.options import Option
from app.catalog.rules import Cardinality, Linear, Requires, Rule, Term


class CombineError(Exception):
    """Two versions of a product that cannot be combined into one, and why."""


AFTER_MODULE = "after/new-attributes"


def combined_product(before: Product, after: Product, on: date) -> Product:
    """The product whose configurations are exactly those valid in both versions on `on`."""
    names = _summed(before.rules) | _summed(after.rules)
    builder = _Builder(before, after, on, names)
    modules = [
        m.model_copy(update={"attributes": [builder.attribute(a) for a in m.attributes]}) for m in before.modules
    ]
    new = [builder.attribute(a) for a in after.attributes() if a.id not in before.attribute_index]
    if new:
        modules.append(Module(id=AFTER_MODULE, attributes=new))
    rules = [_renamed(r, "before", names) for r in before.rules] + [_renamed(r, "after", names) for r in after.rules]
    base = {**before.base_properties}
    for name in names:
        base[f"after/delta-{name}"] = after.base_value(name) - before.base_value(name)
    product = before.model_copy(
        update={
            "modules": modules,
            "rules": rules + builder.rules,
            "price_rules": [],
            "base_properties": base,
            "designs": [],
            "drawing": None,
            "valid_from": None,
            "valid_to": None,
        }
    )
    product.__dict__.pop("attribute_index", None)
    return product


def _summed(rules: list[Rule]) -> set[str]:
    """Property names the rules sum."""
    return {t.property for r in rules if isinstance(r, Linear) for t in r.terms if t.property is not None}


def _renamed(rule: Rule, side: str, names: set[str]) -> Rule:
    """The rule with its id prefixed by its version, and each property term corrected to that version's values."""
    update: dict[str, object] = {"id": f"{side}/{rule.id}"}
    if isinstance(rule, Linear):
        terms: list[Term] = []
        for term in rule.terms:
            terms.append(term)
            if term.property is not None:
                terms.append(term.model_copy(update={"property": f"{side}/delta-{term.property}"}))
        update["terms"] = terms
    return rule.model_copy(update=update)


class _Builder:
    """Builds the combined attributes, and the rules that keep out what one version does not offer."""

    def __init__(self, before: Product, after: Product, on: date, names: set[str]) -> None:
        self.before, self.after, self.on, self.names = before, after, on, names
        self.rules: list[Rule] = []

    def attribute(self, attribute: Attribute) -> Attribute:
        """The combined attribute of `attribute` (of either version)."""
        old = self.before.attribute_index.get(attribute.id)
        new = self.after.attribute_index.get(attribute.id)
        if old is not None and new is not None and old.kind != new.kind:
            raise CombineError(f"attribute '{attribute.id}' is a {old.kind} before and a {new.kind} after")
        if isinstance(attribute, Numeric):
            return self._numeric(attribute, old, new)
        if isinstance(attribute, YesNo):
            return self._yes_no(attribute, old, new)
        assert isinstance(attribute, OneOf | ManyOf)
        return self._options(attribute, old, new)

    def _options(self, attribute: OneOf | ManyOf, old: Attribute | None, new: Attribute | None) -> Attribute:
        first = {o.id: o for o in old.options} if isinstance(old, OneOf | ManyOf) else {}
        second = {o.id: o for o in new.options} if isinstance(new, OneOf | ManyOf) else {}
        options = []
        for option_id in dict.fromkeys([*first, *second]):
            a, b = first.get(option_id), second.get(option_id)
            options.append(self._option(a, b))
        shut = [
            option_id
            for option_id in dict.fromkeys([*first, *second])
            if (old is not None and not _offered(first.get(option_id), self.on))
            or (new is not None and not _offered(second.get(option_id), self.on))
        ]
        if shut:
            self._keep_out(attribute.id, AttributeCondition(attribute=attribute.id, not_in=list(shut)))
        combined = attribute.model_copy(update={"options": options, "default": attribute.default})
        bounds = (getattr(old, "min_count", 0), getattr(old, "max_count", None))
        if isinstance(new, ManyOf) and (new.min_count, new.max_count) != bounds:
            self.rules.append(
                Cardinality(
                    kind="cardinality",
                    id=f"after/count-{attribute.id}",
                    message={"en": "count"},
                    attribute=attribute.id,
                    min=new.min_count,
                    max=new.max_count,
                )
            )
        return combined

    def _option(self, a: Option | None, b: Option | None) -> Option:
        """The option with the values of the version it comes from, and each version's correction to its own."""
        option = a if a is not None else b
        assert option is not None
        properties = dict(option.properties)
        for name in self.names:
            value = option.property_on(name, self.on)
            before = a.property_on(name, self.on) if a is not None else Decimal(0)
            after = b.property_on(name, self.on) if b is not None else Decimal(0)
            properties[f"before/delta-{name}"] = before - value
            properties[f"after/delta-{name}"] = after - value
        return option.model_copy(update={"properties": properties})

    def _yes_no(self, attribute: YesNo, old: Attribute | None, new: Attribute | None) -> Attribute:
        yes_old = old.options[0] if isinstance(old, YesNo) else None
        yes_new = new.options[0] if isinstance(new, YesNo) else None
        yes = self._option(yes_old, yes_new)
        return attribute.model_copy(update={"properties": yes.properties})

    def _numeric(self, attribute: Numeric, old: Attribute | None, new: Attribute | None) -> Attribute:
        if not isinstance(old, Numeric) or not isinstance(new, Numeric):
            self._formula_unsummed(attribute, "in one version only")
            return attribute
        if old.price_formula != new.price_formula:
            self._formula_unsummed(attribute, "with different formula lines in the two versions")
        if (old.min, old.max, old.step) == (new.min, new.max, new.step):
            return old
        if old.step != new.step or (new.min - old.min) % old.step:
            raise CombineError(f"numeric attribute '{attribute.id}' changed its steps: its values cannot be matched")
        low, high = max(old.min, new.min), min(old.max, new.max)
        if low > high:
            self._keep_out(attribute.id, AttributeCondition(attribute=attribute.id, lt=old.min - 1))
            return old
        inside = AllOf(
            all=[
                AttributeCondition(attribute=attribute.id, ge=low),
                AttributeCondition(attribute=attribute.id, le=high),
            ]
        )
        self._keep_out(attribute.id, None, inside)
        return old.model_copy(update={"min": min(old.min, new.min), "max": max(old.max, new.max), "default": None})

    def _formula_unsummed(self, attribute: Numeric, why: str) -> None:
        if not attribute.price_formula:
            return
        for product in (self.before, self.after):
            for rule in product.rules:
                if isinstance(rule, Linear) and any(
                    t.property in ("price", "cost") and (t.attributes is None or attribute.id in t.attributes)
                    for t in rule.terms
                ):
                    raise CombineError(f"rule '{rule.id}' sums prices over '{attribute.id}', priced by formula {why}")

    def _keep_out(self, attribute: str, condition: AttributeCondition | None, holds: AllOf | None = None) -> None:
        then = holds if holds is not None else condition
        assert then is not None
        self.rules.append(Requires(kind="requires", id=f"both/{attribute}", message={"en": "both"}, then=then))


def _offered(option: Option | None, on: date) -> bool:
    return option is not None and option.in_force(on)
