"""Document paths of a product's parts, and the attributes each rule reads."""

from __future__ import annotations

from app.analysis.results import Cause, Location
from app.catalog.attributes import Numeric, YesNo
from app.catalog.conditions import AttributeCondition, walk
from app.catalog.errors import Loc
from app.catalog.model import Catalog, Product
from app.catalog.rules import Cardinality, Linear, Rule, Table, rule_conditions


class Places:
    """Locations of one product's rules, attributes and options in the catalog document."""

    def __init__(self, catalog: Catalog, product: Product) -> None:
        self.product = product
        self.base: Loc = ("products", next(i for i, p in enumerate(catalog.products) if p.id == product.id))
        self._attributes: dict[str, Loc] = {}
        for m, module in enumerate(product.modules):
            for a, attribute in enumerate(module.attributes):
                self._attributes[attribute.id] = (*self.base, "modules", m, "attributes", a)
        self._rules = {rule.id: (*self.base, "rules", r) for r, rule in enumerate(product.rules)}

    def product_location(self) -> Location:
        """Where the product is."""
        return Location(self.product.id, self.base)

    def rule(self, rule_id: str) -> Location:
        """Where a rule is."""
        return Location(self.product.id, self._rules.get(rule_id, self.base), rule=rule_id)

    def attribute(self, attribute_id: str) -> Location:
        """Where an attribute is."""
        return Location(self.product.id, self._attributes[attribute_id], attribute=attribute_id)

    def option(self, attribute_id: str, option: str) -> Location:
        """Where an option is (a yes/no or numeric value: its attribute)."""
        path = self._attributes[attribute_id]
        attribute = self.product.attribute(attribute_id)
        if not isinstance(attribute, Numeric | YesNo):
            ids = [o.id for o in attribute.options]
            if option in ids:
                path = (*path, "options", ids.index(option))
        return Location(self.product.id, path, attribute=attribute_id, option=option)

    def cause(self, rule_id: str | None, message: str) -> Cause:
        """A rule (or structure fact, without id) as a cause with its place."""
        return Cause(rule_id, message, self.rule(rule_id) if rule_id is not None else None)


def rule_scope(product: Product, rule: Rule) -> list[str]:
    """The attributes a rule reads, in document order (a property sum reads every attribute it sums)."""
    found: set[str] = set()
    for condition in rule_conditions(rule):
        found.update(atom.attribute for atom in walk(condition) if isinstance(atom, AttributeCondition))
    if isinstance(rule, Table):
        found.update(rule.attributes)
    if isinstance(rule, Cardinality):
        found.add(rule.attribute)
    if isinstance(rule, Linear):
        for term in rule.terms:
            if term.attribute is not None:
                found.add(term.attribute)
            else:
                found.update(term.attributes if term.attributes is not None else product.attribute_index)
    return [a for a in product.attribute_index if a in found]
