"""Checks a catalog's meaning once its shape is valid: ids, references, domains, terms.

Each check yields `(loc, message)` pairs so the loader can place every problem in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import app.catalog.check_messages as msg
from app.catalog.attributes import Attribute, ManyOf, Numeric, OneOf, YesNo
from app.catalog.conditions import AllOf, AnyOf, AttributeCondition, Condition, ContextCondition, NotOf
from app.catalog.drawing import drawing_problems
from app.catalog.errors import Loc, Message, format_path
from app.catalog.model import Catalog, Product
from app.catalog.price_rules import PriceRule, Promotion, TierDiscount
from app.catalog.rules import Cardinality, Eligibility, Excludes, Linear, Requires, Rule, Table
from app.catalog.size_checks import formula_problems, product_size_problems

Problem = tuple[Loc, str]
BUILTIN_PROPERTIES = frozenset({"price", "cost"})


def check_catalog(catalog: Catalog) -> list[Problem]:
    """Every meaning problem in a catalog whose shape already validated."""
    problems = list(_duplicates(((p.id, ("products", i)) for i, p in enumerate(catalog.products)), "product"))
    for index, product in enumerate(catalog.products):
        problems.extend(check_product(product, ("products", index), catalog.context))
        attribute_ids = set(product.attribute_index)
        problems.extend(drawing_problems(product.drawing, attribute_ids, product.id, ("products", index, "drawing")))
    return problems


def check_product(product: Product | ProductParts, loc: Loc, context: dict[str, list[str]]) -> list[Problem]:
    """Every meaning problem inside one product (or inside the parts of it that validated)."""
    parts = product if isinstance(product, ProductParts) else ProductParts.of(product)
    return list(_ProductChecker(parts, loc, context).run())


@dataclass
class ProductParts:
    """A product's pieces, where a piece whose shape was invalid is None (already reported)."""

    id: str
    base_properties: set[str]
    module_ids: list[str | None]
    modules: list[list[Attribute | None]]
    rules: list[Rule | None]
    price_rules: list[PriceRule | None]
    broken_attribute_ids: set[str] = field(default_factory=set)
    designs: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, product: Product) -> ProductParts:
        """The parts of a product that validated whole."""
        return cls(
            id=product.id,
            base_properties=set(product.base_properties),
            module_ids=[m.id for m in product.modules],
            modules=[list(m.attributes) for m in product.modules],
            rules=list(product.rules),
            price_rules=list(product.price_rules),
            designs=list(product.designs),
        )


def _duplicates(items: Iterable[tuple[str, Loc]], what: str) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}
    for item_id, loc in items:
        if item_id in seen:
            yield (*loc, "id"), Message(msg.DUPLICATE[what], id=item_id, first=format_path(seen[item_id]))
        else:
            seen[item_id] = loc


class _ProductChecker:
    """Walks one product, remembering where each attribute was declared."""

    def __init__(self, product: ProductParts, loc: Loc, context: dict[str, list[str]]) -> None:
        self.product, self.loc, self.context = product, loc, context
        self.attributes: dict[str, Attribute] = {}
        for module in product.modules:
            for attribute in module:
                if attribute is not None:
                    self.attributes.setdefault(attribute.id, attribute)
        self.properties = product.base_properties | BUILTIN_PROPERTIES
        for attribute in self.attributes.values():
            if isinstance(attribute, YesNo):
                self.properties |= set(attribute.properties)
            elif isinstance(attribute, OneOf | ManyOf):
                for option in attribute.options:
                    self.properties |= set(option.properties)

    def run(self) -> Iterator[Problem]:
        loc = self.loc
        parts = self.product
        yield from _duplicates(
            ((m, (*loc, "modules", i)) for i, m in enumerate(parts.module_ids) if m is not None), "module"
        )
        yield from _duplicates(
            (
                (a.id, self._attr_loc(m, i))
                for m, module in enumerate(parts.modules)
                for i, a in enumerate(module)
                if a is not None
            ),
            "attribute",
        )
        yield from product_size_problems(parts.modules, loc)
        roles: dict[str, str] = {}
        for m, module in enumerate(parts.modules):
            for i, attribute in enumerate(module):
                if attribute is not None:
                    yield from self._attribute(attribute, self._attr_loc(m, i))
                    role = attribute.role if isinstance(attribute, OneOf) else None
                    if role is not None and role in roles:
                        message = Message(msg.ONE_ROLE[role], first=roles[role])
                        yield (*self._attr_loc(m, i), "role"), message
                    elif role is not None:
                        roles[role] = attribute.id
        known_modules = {m for m in parts.module_ids if m is not None}
        for i, module_id in enumerate(parts.designs):
            if module_id not in known_modules:
                yield (*loc, "designs", i), msg.unknown_module(module_id, parts.id)
        yield from _duplicates(((r.id, (*loc, "rules", i)) for i, r in enumerate(parts.rules) if r), "rule")
        for i, rule in enumerate(parts.rules):
            if rule is not None:
                yield from self._rule(rule, (*loc, "rules", i))
        yield from _duplicates(
            ((r.id, (*loc, "price_rules", i)) for i, r in enumerate(parts.price_rules) if r), "price rule"
        )
        for i, price_rule in enumerate(parts.price_rules):
            if price_rule is not None:
                yield from self._price_rule(price_rule, (*loc, "price_rules", i))

    def _attr_loc(self, module: int, index: int) -> Loc:
        return (*self.loc, "modules", module, "attributes", index)

    # attributes -----------------------------------------------------------------------

    def _attribute(self, attribute: Attribute, loc: Loc) -> Iterator[Problem]:
        if isinstance(attribute, Numeric):
            yield from formula_problems(attribute, loc)
            for f, formula in enumerate(attribute.price_formula):
                if not attribute.min <= formula.above <= attribute.max:
                    yield (
                        (*loc, "price_formula", f, "above"),
                        msg.above_outside(formula.above, attribute.min, attribute.max),
                    )
            yield from _duplicates(
                ((f.id, (*loc, "price_formula", i)) for i, f in enumerate(attribute.price_formula)), "formula"
            )
            return
        if not isinstance(attribute, OneOf | ManyOf):
            return
        if not attribute.options:
            yield (*loc, "options"), msg.empty_domain(attribute.id)
            return
        yield from _duplicates(((o.id, (*loc, "options", i)) for i, o in enumerate(attribute.options)), "option")
        ids = {option.id for option in attribute.options}
        defaults = [attribute.default] if isinstance(attribute, OneOf) else attribute.default
        for default in defaults:
            if default is not None and default not in ids:
                yield (*loc, "default"), self._unknown_option(attribute, default)
        if isinstance(attribute, ManyOf):
            yield from self._many_of_counts(attribute, loc)
        role = attribute.role if isinstance(attribute, OneOf) else None
        for i, option in enumerate(attribute.options):
            for term in ("service", "payment"):
                has_terms = getattr(option, term) is not None
                if role == term and not has_terms and not option.none:
                    yield (*loc, "options", i), Message(msg.NEEDS_TERMS[term], option=option.id)
                if has_terms and role != term:
                    yield (*loc, "options", i, term), Message(msg.TERMS_BELONG[term])

    def _many_of_counts(self, attribute: ManyOf, loc: Loc) -> Iterator[Problem]:
        size = len(attribute.options)
        if attribute.max_count is not None and attribute.max_count < attribute.min_count:
            yield (
                (*loc, "max_count"),
                msg.counts_reversed(attribute.max_count, attribute.min_count),
            )
        if attribute.min_count > size:
            yield (*loc, "min_count"), msg.min_count_too_big(attribute.min_count, size)

    def _unknown_option(self, attribute: Attribute, value: object) -> Message:
        known = ", ".join(o.id for o in attribute.options[:12]) if not isinstance(attribute, Numeric) else ""
        more = ", ..." if not isinstance(attribute, Numeric) and len(attribute.options) > 12 else ""
        return msg.unknown_option(value, attribute.id, known + more)

    # rules ----------------------------------------------------------------------------

    def _rule(self, rule: Rule, loc: Loc) -> Iterator[Problem]:
        if isinstance(rule, Requires):
            if rule.if_ is not None:
                yield from self._condition(rule.if_, (*loc, "if"))
            yield from self._condition(rule.then, (*loc, "then"))
        elif isinstance(rule, Excludes):
            yield from self._condition(rule.if_, (*loc, "if"))
            yield from self._condition(rule.then, (*loc, "then"))
        elif isinstance(rule, Table):
            yield from self._table(rule, loc)
        elif isinstance(rule, Linear):
            yield from self._linear(rule, loc)
        elif isinstance(rule, Cardinality):
            yield from self._cardinality(rule, loc)
        elif isinstance(rule, Eligibility):
            yield from self._condition(rule.options, (*loc, "options"), allow_context=False)
            yield from self._condition(rule.when, (*loc, "when"), allow_attributes=False)

    def _table(self, rule: Table, loc: Loc) -> Iterator[Problem]:
        field = "allowed" if rule.allowed is not None else "forbidden"
        attributes: list[Attribute | None] = []
        for i, attribute_id in enumerate(rule.attributes):
            attribute = self.attributes.get(attribute_id)
            if attribute is None:
                yield from self._missing((*loc, "attributes", i), attribute_id)
            elif isinstance(attribute, ManyOf):
                yield (*loc, "attributes", i), msg.table_many_of(attribute_id)
                attribute = None
            attributes.append(attribute)
        if len(set(rule.attributes)) != len(rule.attributes):
            yield (*loc, "attributes"), Message("an attribute appears twice in the table")
        domains = [self._domain(a) for a in attributes]
        reported = 0
        for r, row in enumerate(rule.rows()):
            if reported >= 20:
                break
            if len(row) != len(rule.attributes):
                reported += 1
                yield (*loc, field, r), msg.tuple_size(len(row), len(rule.attributes))
                continue
            for value, attribute, domain in zip(row, attributes, domains, strict=True):
                if attribute is not None and value != "*" and not self._in_domain(attribute, domain, value):
                    reported += 1
                    yield (*loc, field, r), self._unknown_option(attribute, value)

    @staticmethod
    def _domain(attribute: Attribute | None) -> set[str] | None:
        if attribute is None or isinstance(attribute, Numeric):
            return None
        return {option.id for option in attribute.options}

    @staticmethod
    def _in_domain(attribute: Attribute, domain: set[str] | None, value: str) -> bool:
        if isinstance(attribute, Numeric):
            try:
                return attribute.contains(Decimal(value))
            except InvalidOperation:
                return False
        return domain is not None and value in domain

    def _linear(self, rule: Linear, loc: Loc) -> Iterator[Problem]:
        if rule.if_ is not None:
            yield from self._condition(rule.if_, (*loc, "if"))
        for t, term in enumerate(rule.terms):
            tloc = (*loc, "terms", t)
            if term.attribute is not None:
                attribute = self.attributes.get(term.attribute)
                if attribute is None:
                    yield from self._missing((*tloc, "attribute"), term.attribute)
                elif not isinstance(attribute, Numeric):
                    yield (
                        (*tloc, "attribute"),
                        msg.not_numeric(term.attribute),
                    )
            if term.property is not None and term.property not in self.properties:
                yield (*tloc, "property"), msg.unknown_property(term.property)
            for s, attribute_id in enumerate(term.attributes or []):
                if attribute_id not in self.attributes:
                    yield from self._missing((*tloc, "attributes", s), attribute_id)

    def _cardinality(self, rule: Cardinality, loc: Loc) -> Iterator[Problem]:
        attribute = self.attributes.get(rule.attribute)
        if attribute is None:
            yield from self._missing((*loc, "attribute"), rule.attribute)
            return
        if not isinstance(attribute, ManyOf):
            yield (*loc, "attribute"), msg.cardinality_kind(rule.attribute, attribute.kind)
            return
        ids = {option.id for option in attribute.options}
        for i, option_id in enumerate(rule.options or []):
            if option_id not in ids:
                yield (*loc, "options", i), self._unknown_option(attribute, option_id)
        size = len(rule.options) if rule.options is not None else len(ids)
        if rule.min > size:
            yield (*loc, "min"), msg.min_too_big(rule.min, size)

    def _missing(self, loc: Loc, attribute_id: str) -> Iterator[Problem]:
        """An unknown-attribute problem, unless the attribute exists but its shape was invalid."""
        if attribute_id not in self.product.broken_attribute_ids:
            yield loc, msg.unknown_attribute(attribute_id, self.product.id)

    # conditions -----------------------------------------------------------------------

    def _condition(
        self, condition: Condition, loc: Loc, *, allow_context: bool = True, allow_attributes: bool = True
    ) -> Iterator[Problem]:
        if isinstance(condition, AllOf | AnyOf):
            key = "all" if isinstance(condition, AllOf) else "any"
            parts = condition.all if isinstance(condition, AllOf) else condition.any
            for i, part in enumerate(parts):
                yield from self._condition(
                    part, (*loc, key, i), allow_context=allow_context, allow_attributes=allow_attributes
                )
        elif isinstance(condition, NotOf):
            yield from self._condition(
                condition.not_, (*loc, "not"), allow_context=allow_context, allow_attributes=allow_attributes
            )
        elif isinstance(condition, ContextCondition):
            if not allow_context:
                yield loc, Message("this condition is about the customer's choices; move context tests to 'when'")
            else:
                yield from self._context_condition(condition, loc)
        elif not allow_attributes:
            yield loc, Message("this condition is about the customer context; attribute tests belong in 'options'")
        else:
            yield from self._attribute_condition(condition, loc)

    def _context_condition(self, condition: ContextCondition, loc: Loc) -> Iterator[Problem]:
        allowed = self.context.get(condition.context)
        if allowed is None:
            declared = ", ".join(self.context) or "none"
            yield (*loc, "context"), msg.unknown_context_key(condition.context, declared)
            return
        values = [condition.equals] if condition.equals is not None else (condition.in_ or condition.not_in or [])
        for value in values:
            if allowed and value not in allowed:
                yield loc, msg.unknown_value(value, condition.context, allowed)

    def _attribute_condition(self, condition: AttributeCondition, loc: Loc) -> Iterator[Problem]:
        attribute = self.attributes.get(condition.attribute)
        if attribute is None:
            yield from self._missing((*loc, "attribute"), condition.attribute)
            return
        operator, operand = condition.operator, condition.operand
        values = operand if isinstance(operand, list) else [operand]
        if isinstance(attribute, Numeric):
            for value in values:
                if operator in ("equals", "not_equals", "in", "not_in") and not _numeric_in(attribute, value):
                    yield (
                        (*loc, operator),
                        msg.not_a_value(value, attribute.id, attribute.min, attribute.max, attribute.step),
                    )
            return
        if operator in ("lt", "le", "gt", "ge"):
            yield (*loc, operator), msg.compares_numbers(operator, attribute.id, attribute.kind)
            return
        ids = {option.id for option in attribute.options}
        for value in values:
            if str(value) not in ids:
                yield (*loc, operator), self._unknown_option(attribute, value)

    def _price_rule(self, rule: PriceRule, loc: Loc) -> Iterator[Problem]:
        for i, attribute_id in enumerate(rule.targets or []):
            if attribute_id not in self.attributes:
                yield from self._missing((*loc, "targets", i), attribute_id)
        if isinstance(rule, TierDiscount):
            allowed = self.context.get(rule.context)
            if allowed is None:
                yield (
                    (*loc, "context"),
                    msg.unknown_context_key(rule.context, ", ".join(self.context) or "none"),
                )
            elif allowed:
                for value in rule.discounts:
                    if value not in allowed:
                        yield (
                            (*loc, "discounts", value),
                            msg.unknown_value(value, rule.context, allowed),
                        )
        if isinstance(rule, Promotion) and rule.when is not None:
            yield from self._condition(rule.when, (*loc, "when"))


def _numeric_in(attribute: Numeric, value: object) -> bool:
    try:
        return attribute.contains(Decimal(str(value)))
    except InvalidOperation:
        return False
