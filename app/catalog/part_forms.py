"""Products, modules, attributes and price rules as form values and back (the workspace's editors).

Like `form_values` for options: the form shows each kind's own fields; reading a posted form back keeps
what the form does not show (options, rules, drawings) from the part as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from app.catalog.form_values import FieldProblem, Reader, money_text, number_json, pairs_text, set_optional, text_values
from app.catalog.rule_forms import condition_of, condition_values

ATTRIBUTE_KINDS = ("one_of", "many_of", "yes_no", "numeric")
PRICE_RULE_KINDS = ("tier_discount", "volume", "promotion")
Part = dict[str, Any]
Read = tuple[Part, list[FieldProblem]]


def _common(part: Mapping[str, Any]) -> dict[str, str]:
    return {
        "id": str(part.get("id", "")),
        **text_values("label", part.get("label")),
        **text_values("description", part.get("description")),
    }


def _read_common(read: Reader, part: Part) -> None:
    part["id"] = read.required("id")
    set_optional(part, "label", read.texts("label"))
    set_optional(part, "description", read.texts("description"))


def _number(read: Reader, part: Part, name: str, key: str | None = None) -> None:
    number = read.number(name)
    set_optional(part, key or name, None if number is None else number_json(number))


def product_values(product: Mapping[str, Any], precision: int = 2) -> dict[str, str]:
    """A product as its editor's form values (a new one also names its first module and attribute)."""
    return {
        **_common(product),
        "base_price": money_text(product.get("base_price"), precision),
        "base_cost": money_text(product.get("base_cost"), precision),
        "base_properties": pairs_text(product.get("base_properties")),
        "valid_from": str(product.get("valid_from") or ""),
        "valid_to": str(product.get("valid_to") or ""),
        **({} if product else {"module_id": "", "attribute_id": ""}),
    }


def product_of(values: Mapping[str, str], old: Mapping[str, Any], precision: int = 2) -> Read:
    """The product a posted editor describes."""
    read = Reader(values, precision)
    part = dict(old)
    _read_common(read, part)
    for key, value in (
        ("base_price", read.money("base_price")),
        ("base_cost", read.money("base_cost")),
        ("base_properties", read.pairs("base_properties")),
        ("valid_from", read.text("valid_from")),
        ("valid_to", read.text("valid_to")),
    ):
        set_optional(part, key, value)
    if not old:
        first = {"id": read.required("attribute_id"), "kind": "yes_no"}
        part["modules"] = [{"id": read.required("module_id"), "attributes": [first]}]
    return part, read.problems


def module_values(module: Mapping[str, Any]) -> dict[str, str]:
    """A module as its editor's form values (a new one also names its first attribute)."""
    return {**_common(module), **({} if module else {"attribute_id": ""})}


def module_of(values: Mapping[str, str], old: Mapping[str, Any]) -> Read:
    """The module a posted editor describes (a new one gets a yes/no attribute to start with)."""
    read = Reader(values)
    part = dict(old)
    _read_common(read, part)
    if not old:
        part["attributes"] = [{"id": read.required("attribute_id"), "kind": "yes_no"}]
    return part, read.problems


def attribute_values(attribute: Mapping[str, Any], precision: int = 2) -> dict[str, str]:
    """An attribute as its editor's form values, the fields of its kind."""
    kind = str(attribute.get("kind") or "one_of")
    default = attribute.get("default")
    values = {
        **_common(attribute),
        "kind": kind,
        "default": ", ".join(default) if isinstance(default, list) else str(default if default is not None else ""),
    }
    if kind in ("one_of", "many_of") and "id" not in attribute:
        values["option_id"] = ""
    if kind == "one_of":
        values["role"] = str(attribute.get("role") or "")
    if kind == "many_of":
        values.update(min_count=str(attribute.get("min_count", "")), max_count=str(attribute.get("max_count", "")))
    if kind == "yes_no":
        values.update(
            price=money_text(attribute.get("price"), precision),
            cost=money_text(attribute.get("cost"), precision),
            properties=pairs_text(attribute.get("properties")),
        )
    if kind == "numeric":
        values.update({key: str(attribute.get(key, "")) for key in ("min", "max", "step", "unit")})
        values["price_formula"] = json.dumps(attribute.get("price_formula") or [], ensure_ascii=False)
    return values


def attribute_of(values: Mapping[str, str], old: Mapping[str, Any], precision: int = 2) -> Read:
    """The attribute a posted editor describes."""
    read = Reader(values, precision)
    kind = str(old.get("kind") or values.get("kind") or "")
    if kind not in ATTRIBUTE_KINDS:
        return dict(old), [FieldProblem("kind", "choose a kind of attribute")]
    part = {**old, "kind": kind}
    _read_common(read, part)
    if kind in ("one_of", "many_of") and "id" not in old:
        part["options"] = [{"id": read.required("option_id")}]
    if kind == "many_of":
        set_optional(part, "default", read.words("default"))
        set_optional(part, "min_count", read.whole("min_count"))
        set_optional(part, "max_count", read.whole("max_count"))
    elif kind == "numeric":
        _numeric(read, part)
    else:
        set_optional(part, "default", read.text("default"))
    if kind == "one_of":
        set_optional(part, "role", read.text("role"))
    if kind == "yes_no":
        for key, value in (
            ("price", read.money("price")),
            ("cost", read.money("cost")),
            ("properties", read.pairs("properties")),
        ):
            set_optional(part, key, value)
    return part, read.problems


def _numeric(read: Reader, part: Part) -> None:
    for key in ("min", "max", "step", "default"):
        _number(read, part, key)
    set_optional(part, "unit", read.text("unit"))
    try:
        set_optional(part, "price_formula", json.loads(read.text("price_formula") or "[]"))
    except ValueError:
        read.problems.append(FieldProblem("price_formula", "this is not JSON"))


def price_rule_values(rule: Mapping[str, Any], precision: int = 2) -> dict[str, str]:
    """A price rule as its editor's form values, the fields of its kind."""
    kind = str(rule.get("kind") or "promotion")
    values = {
        "id": str(rule.get("id", "")),
        "kind": kind,
        **text_values("label", rule.get("label")),
        "targets": ", ".join(rule.get("targets") or []),
        "valid_from": str(rule.get("valid_from") or ""),
        "valid_to": str(rule.get("valid_to") or ""),
    }
    if kind == "tier_discount":
        values.update(context=str(rule.get("context", "tier")), discounts=pairs_text(rule.get("discounts")))
    if kind == "volume":
        values["breaks"] = ", ".join(f"{b.get('min_quantity')}={b.get('percent')}" for b in rule.get("breaks") or [])
    if kind == "promotion":
        values.update(
            condition_values("when", rule.get("when")),
            percent=str(rule.get("percent") or ""),
            amount=money_text(rule.get("amount"), precision),
        )
    return values


def price_rule_of(values: Mapping[str, str], old: Mapping[str, Any], precision: int = 2) -> Read:
    """The price rule a posted editor describes."""
    read = Reader(values, precision)
    kind = str(old.get("kind") or values.get("kind") or "")
    if kind not in PRICE_RULE_KINDS:
        return dict(old), [FieldProblem("kind", "choose a kind of price rule")]
    part = {**old, "id": read.required("id"), "kind": kind, "label": read.texts("label")}
    if part["label"] is None:
        read.problems.append(FieldProblem("label_en", "this field is required"))
    for key, value in (
        ("targets", read.words("targets")),
        ("valid_from", read.text("valid_from")),
        ("valid_to", read.text("valid_to")),
    ):
        set_optional(part, key, value)
    if kind == "tier_discount":
        context = read.text("context") or "tier"
        if context != "tier" or "context" in old:
            part["context"] = context
        part["discounts"] = read.pairs("discounts")
    if kind == "volume":
        breaks = read.pairs("breaks")
        part["breaks"] = [{"min_quantity": _whole(q), "percent": p} for q, p in breaks.items()]
    if kind == "promotion":
        set_optional(part, "when", condition_of(read, "when"))
        _number(read, part, "percent")
        set_optional(part, "amount", read.money("amount"))
    return part, read.problems


def _whole(text: str) -> int | str:
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return int(number) if number == number.to_integral_value() else text
