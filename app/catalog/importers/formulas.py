"""Feature formulas as catalog conditions, with constants folded away.

"Feature F is selected" is a condition the converter supplies: `True` for features that are
always selected, else `{attribute: A, equals: F}`. Negation flips the operator (`equals` to
`not_equals`, `in` to `not_in`), `or` over one attribute merges into `in: [...]` and `and`
over negated atoms of one attribute into `not_in: [...]`; on a many-of attribute these mean
"any of them is chosen" and "none is", exactly the disjunction and conjunction they replace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.catalog.importers.features import And, Expr, Iff, Implies, Not, Or, Ref

Cond = dict[str, Any]
Lit = Cond | bool
"""A condition as catalog data, or a constant once folded."""

_FLIP = {"equals": "not_equals", "not_equals": "equals", "in": "not_in", "not_in": "in"}


def to_condition(expr: Expr, selected: Callable[[str], Lit]) -> Lit:
    """The condition for `expr`, where `selected(name)` says when a feature is selected."""
    if isinstance(expr, Ref):
        return selected(expr.name)
    if isinstance(expr, Not):
        return negate(to_condition(expr.operand, selected))
    if isinstance(expr, And):
        return conjoin([to_condition(part, selected) for part in expr.operands])
    if isinstance(expr, Or):
        return disjoin([to_condition(part, selected) for part in expr.operands])
    left, right = to_condition(expr.left, selected), to_condition(expr.right, selected)
    if isinstance(expr, Implies):
        return disjoin([negate(left), right])
    assert isinstance(expr, Iff)
    return disjoin([conjoin([left, right]), conjoin([negate(left), negate(right)])])


def negate(cond: Lit) -> Lit:
    """The negation of a condition, flipping an atom's operator rather than wrapping it."""
    if isinstance(cond, bool):
        return not cond
    if "attribute" in cond:
        (operator,) = (key for key in cond if key != "attribute")
        return {"attribute": cond["attribute"], _FLIP[operator]: cond[operator]}
    if "not" in cond:
        inner: Cond = cond["not"]
        return inner
    return {"not": cond}


def conjoin(parts: list[Lit]) -> Lit:
    """All of `parts`: False when one is False, True parts dropped, nested `all` flattened."""
    return _combine(parts, absorbing=False, key="all", operators=("not_equals", "not_in"), merged="not_in")


def disjoin(parts: list[Lit]) -> Lit:
    """Any of `parts`: True when one is True, False parts dropped, nested `any` flattened."""
    return _combine(parts, absorbing=True, key="any", operators=("equals", "in"), merged="in")


def _combine(parts: list[Lit], *, absorbing: bool, key: str, operators: tuple[str, str], merged: str) -> Lit:
    if any(part is absorbing for part in parts):
        return absorbing
    items: list[Cond] = []
    for part in parts:
        if isinstance(part, bool):
            continue
        items.extend(part[key] if set(part) == {key} else [part])
    items = _merge(items, operators, merged)
    if not items:
        return not absorbing
    return items[0] if len(items) == 1 else {key: items}


def _merge(items: list[Cond], operators: tuple[str, str], merged: str) -> list[Cond]:
    """Atoms on one attribute with one of `operators` become a single atom with `merged`."""
    values: dict[str, list[Any]] = {}
    for item in items:
        operator = _operator(item)
        if operator in operators:
            found = item[operator] if operator == merged else [item[operator]]
            values.setdefault(item["attribute"], []).extend(found)
    result: list[Cond] = []
    done: set[str] = set()
    for item in items:
        attribute = item.get("attribute")
        if _operator(item) not in operators or attribute is None or len(values[attribute]) < 2:
            result.append(item)
        elif attribute not in done:
            done.add(attribute)
            result.append({"attribute": attribute, merged: list(dict.fromkeys(values[attribute]))})
    return result


def _operator(item: Cond) -> str | None:
    if "attribute" not in item:
        return None
    return next(key for key in item if key != "attribute")


def expanded_atoms(expr: Expr) -> int:
    """Feature references `to_condition` writes for `expr` (`<=>` writes both sides twice), without recursion."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, done = stack.pop()
        children = _operands(node)
        if not done and children:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        total = sum(sizes[id(child)] for child in children) if children else 1
        sizes[id(node)] = 2 * total if isinstance(node, Iff) else total
    return sizes[id(expr)]


def _operands(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Ref):
        return ()
    if isinstance(expr, Not):
        return (expr.operand,)
    if isinstance(expr, And | Or):
        return expr.operands
    return (expr.left, expr.right)


def condition_depth(cond: Lit) -> int:
    """How many `all`, `any` and `not` levels a condition nests (an atom is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Lit, int]] = [(cond, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, bool) or "attribute" in node:
            deepest = max(deepest, depth)
        elif "not" in node:
            stack.append((node["not"], depth + 1))
        else:
            parts: list[Lit] = node["all"] if "all" in node else node["any"]
            stack.extend((part, depth + 1) for part in parts)
    return deepest
