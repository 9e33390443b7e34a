"""Templates of the meaning checks' messages that vary by part, each written whole so that it
translates whole (`app/locales/*/LC_MESSAGES/catalog-problems.po`)."""

from __future__ import annotations

from app.catalog.errors import Message

DUPLICATE = {
    what: f"duplicate {what} id '{{id}}' (first at {{first}})"
    for what in ("product", "module", "attribute", "formula", "option", "rule", "price rule")
}
"""One template per kind of part, so each reads whole in another language."""
ONE_ROLE = {role: f"a product has one {role} attribute; '{{first}}' already is" for role in ("service", "payment")}
NEEDS_TERMS = {
    term: f"option '{{option}}' of a {term} attribute needs '{term}' terms" for term in ("service", "payment")
}
TERMS_BELONG = {term: f"'{term}' terms belong on an attribute with role: {term}" for term in ("service", "payment")}


def unknown_value(value: str, key: str, allowed: list[str]) -> Message:
    """A context value that the catalog's context does not allow."""
    return Message("unknown value '{value}' for context '{key}' (allowed: {allowed})",
                   value=value, key=key, allowed=", ".join(allowed))  # fmt: skip


def unknown_module(module: str, product: str) -> Message:
    """A design naming a module the product does not have."""
    return Message("unknown module '{module}' in product '{product}'", module=module, product=product)


def above_outside(above: object, low: object, high: object) -> Message:
    """A price formula starting outside its attribute's range."""
    return Message("bad range: 'above' {above} is outside {min}..{max}", above=above, min=low, max=high)


def empty_domain(attribute: str) -> Message:
    """A choice attribute without options."""
    return Message("empty domain: attribute '{attribute}' has no options", attribute=attribute)


def counts_reversed(max_count: int, min_count: int) -> Message:
    """A many-of attribute whose maximum count is below its minimum."""
    return Message("bad range: max_count {max_count} is below min_count {min_count}",
                   max_count=max_count, min_count=min_count)  # fmt: skip


def min_count_too_big(min_count: int, size: int) -> Message:
    """A many-of attribute asking for more options than it has."""
    return Message("bad range: min_count {min_count} is above the {size} options", min_count=min_count, size=size)


def unknown_option(option: object, attribute: str, options: str) -> Message:
    """A value that is not an option of the attribute."""
    return Message("unknown option '{option}' for attribute '{attribute}' (options: {options})",
                   option=option, attribute=attribute, options=options)  # fmt: skip


def table_many_of(attribute: str) -> Message:
    """A table naming a many-of attribute."""
    return Message("a table cannot use many-of attribute '{attribute}'", attribute=attribute)


def tuple_size(count: int, size: int) -> Message:
    """A table row with the wrong number of values."""
    return Message("tuple has {count} values, the table has {size} attributes", count=count, size=size)


def not_numeric(attribute: str) -> Message:
    """A linear term on a choice attribute."""
    return Message("attribute '{attribute}' is not numeric; sum one of its option properties instead",
                   attribute=attribute)  # fmt: skip


def unknown_property(name: str) -> Message:
    """A linear term summing a property no option declares."""
    return Message("unknown property '{property}': no option or base declares it", property=name)


def cardinality_kind(attribute: str, kind: str) -> Message:
    """A cardinality rule on an attribute that is not many-of."""
    return Message("cardinality needs a many-of attribute; '{attribute}' is {kind}", attribute=attribute, kind=kind)


def min_too_big(low: int, size: int) -> Message:
    """A cardinality rule asking for more options than it counts."""
    return Message("bad range: min {min} is above the {size} options counted", min=low, size=size)


def unknown_attribute(attribute: str, product: str) -> Message:
    """A reference to an attribute the product does not have."""
    return Message("unknown attribute '{attribute}' in product '{product}'", attribute=attribute, product=product)


def unknown_context_key(key: str, declared: str) -> Message:
    """A condition on a context key the catalog does not declare."""
    return Message("unknown context key '{key}' (declared: {declared})", key=key, declared=declared)


def not_a_value(value: object, attribute: str, low: object, high: object, step: object) -> Message:
    """A condition value outside a numeric attribute's values."""
    return Message("value {value} is not a value of numeric attribute '{attribute}' ({min}..{max} step {step})",
                   value=value, attribute=attribute, min=low, max=high, step=step)  # fmt: skip


def compares_numbers(operator: str, attribute: str, kind: str) -> Message:
    """A numeric comparison on a choice attribute."""
    return Message("'{operator}' compares numbers; attribute '{attribute}' is {kind}",
                   operator=operator, attribute=attribute, kind=kind)  # fmt: skip
