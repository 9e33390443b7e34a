"""One converter from a feature model (UVL or FeatureIDE) to a catalog.

Mapping, for each feature P (ids are the feature names as written, unquoted):
- each non-mandatory group of P is one attribute whose options are the child features:
  `alternative` -> `one_of`; `or` -> `many_of` with `min_count: 1`; `optional` -> `many_of`;
  `[n..m]` -> `many_of` with those counts. The attribute's id is P's name; when P has several
  such groups the later ones are `P#2`, `P#3`, ..., which their label and description say.
- `mandatory` children need no attribute: each is selected exactly when P is.
- when P may be absent (it is not the root nor reached from it by mandatory links), an
  `alternative` attribute gets the option `(none)` (`none: true`; the parentheses keep it
  apart from feature names) and `many_of` attributes may be empty; two `requires` rules,
  `A:chosen` and `A:empty`, make the attribute `(none)`/empty exactly when P is not selected.
- "feature F is selected" is `{attribute: A, equals: F}` where F is an option of A; a mandatory
  feature is selected when its parent is; the root always is.
- each cross-tree constraint is a `requires` rule `c<k>` (k = its place in the source, so a
  skipped constraint leaves a gap), `not (a and b)` read as `if a then not b`, with
  `if`/`then` for an implication and `then` alone otherwise, and a message built from it.
- a price (major units, euros) goes, in minor units, to the option by which its feature is
  selected (a mandatory feature's price to its nearest optional ancestor's option), or to the
  product's base price when the feature is always selected.
Modules: one for the root's own attributes, then one per child subtree of the root.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from app.catalog.importers.common import catalog_id, finish_catalog, safe_id
from app.catalog.importers.depth import too_deep
from app.catalog.importers.features import (
    And,
    CrossTree,
    Expr,
    Feature,
    FeatureModel,
    Group,
    Implies,
    Not,
    conjunction,
    message,
    references,
)
from app.catalog.importers.formulas import Cond, Lit, condition_depth, expanded_atoms, negate, to_condition
from app.catalog.importers.result import ImportResult, ModelImportError
from app.catalog.limits import MAX_DEPTH, MAX_FORMULA_ATOMS

NONE_ID = "(none)"
Slot = tuple[str, str] | None
"""How a feature's selection shows: (attribute, option), or None when it is always selected."""


def convert(model: FeatureModel, path: Path, source_format: str) -> ImportResult:
    """The catalog for `model`, read from `path` (written in `source_format`)."""
    return _Converter(model, path).result(source_format)


class _Converter:
    """Walks the tree once, collecting attributes per module, linking rules and prices."""

    def __init__(self, model: FeatureModel, path: Path) -> None:
        self.model, self.path = model, path
        self.notes = list(model.unmapped)
        self.ids = self._assign_ids(model.features())
        self.used_ids = set(self.ids.values())
        self.slots: dict[str, Slot] = {}
        self.options: dict[tuple[str, str], dict[str, Any]] = {}
        self.rules: list[dict[str, Any]] = []
        self.base_price = 0
        self.first_attribute: dict[str, Any] = {}

    def result(self, source_format: str) -> ImportResult:
        root, path = self.model.root, self.path
        modules = self._modules(root)
        if not modules:
            raise ModelImportError("{path}: the model has nothing to choose (every feature is mandatory)", path=path)
        self.first_attribute = modules[0]["attributes"][0]
        self.rules.extend(self._cross_tree())
        self._prices()
        product: dict[str, Any] = {"id": self.ids[root.name], "label": root.name, "modules": modules}
        product |= {"description": root.description} if root.description else {}
        product |= {"base_price": self.base_price, "rules": self.rules}
        data = {
            "id": catalog_id(path),
            "label": self.model.label or root.name,
            "description": f"Imported from the {source_format} model {path.name}.",
            "products": [product],
        }
        return ImportResult(catalog=finish_catalog(data, path), unmapped=self.notes)

    # ids and modules --------------------------------------------------------------------

    def _assign_ids(self, features: list[Feature]) -> dict[str, str]:
        ids: dict[str, str] = {}
        taken: set[str] = set()
        for feature in features:
            if feature.name in ids:
                where = f"{self.path}:{feature.line}" if feature.line else str(self.path)
                raise ModelImportError("{where}: feature name '{name}' is used twice", where=where, name=feature.name)
            wanted = safe_id(feature.name)
            chosen = _free(wanted, taken)
            if chosen != feature.name:
                self.notes.append(f"feature '{feature.name}' has id '{chosen}' (ids cannot hold ',' or '=')")
            ids[feature.name] = chosen
            taken.add(chosen)
        return ids

    def _modules(self, root: Feature) -> list[dict[str, Any]]:
        self.slots[root.name] = None
        own: list[dict[str, Any]] = []
        subtrees: list[tuple[Feature, list[dict[str, Any]]]] = []

        def sink_for(child: Feature) -> list[dict[str, Any]]:
            subtrees.append((child, []))
            return subtrees[-1][1]

        self._expand(root, None, own, sink_for)
        modules = [(root, own)] if own else []
        modules += [(child, attributes) for child, attributes in subtrees if attributes]
        return [{"id": self.ids[f.name], "label": f.name, "attributes": attrs} for f, attrs in modules]

    def _walk(self, feature: Feature, slot: Slot, sink: list[dict[str, Any]]) -> None:
        self.slots[feature.name] = slot
        self._expand(feature, slot, sink, lambda child: sink)

    def _expand(
        self, feature: Feature, slot: Slot, sink: list[dict[str, Any]], child_sink: Callable[[Feature], list[Any]]
    ) -> None:
        """Attributes for the groups of `feature` (selected as `slot` says), then its subtrees."""
        count = 0
        for group in feature.groups:
            if group.kind == "mandatory":
                for child in group.children:
                    self._walk(child, slot, child_sink(child))
                continue
            count += 1
            attribute = self._attribute(feature, group, slot, count)
            sink.append(attribute)
            for child in group.children:
                self._walk(child, (attribute["id"], self.ids[child.name]), child_sink(child))

    # attributes -------------------------------------------------------------------------

    def _attribute(self, parent: Feature, group: Group, slot: Slot, number: int) -> dict[str, Any]:
        base = self.ids[parent.name]
        attribute_id = base if number == 1 else _free(f"{base}#{number}", self.used_ids)
        self.used_ids.add(attribute_id)
        options = [self._option(attribute_id, child) for child in group.children]
        attribute: dict[str, Any] = {"id": attribute_id}
        if number > 1:
            attribute["label"] = f"{parent.name} (group {number})"
            attribute["description"] = f"Group {number} of the children of {parent.name} (hence '#{number}' in the id)"
        elif base != parent.name:
            attribute["label"] = parent.name
        if group.kind == "alternative":
            if slot is not None:
                options.append({"id": _free(NONE_ID, {o["id"] for o in options}), "label": "None", "none": True})
            attribute |= {"kind": "one_of", "options": options}
        else:
            attribute |= {"kind": "many_of", "options": options, **self._counts(parent, group, slot)}
        if slot is not None:
            self.rules.extend(self._links(parent, group, attribute, slot))
        return attribute

    def _option(self, attribute_id: str, child: Feature) -> dict[str, Any]:
        option: dict[str, Any] = {"id": self.ids[child.name]}
        if option["id"] != child.name:
            option["label"] = child.name
        if child.description:
            option["description"] = child.description
        self.options[(attribute_id, option["id"])] = option
        return option

    def _counts(self, parent: Feature, group: Group, slot: Slot) -> dict[str, Any]:
        low = {"optional": 0, "or": 1}.get(group.kind, group.low)
        high = group.high if group.kind == "cardinality" else None
        size = len(group.children)
        if low > size:
            self.notes.append(f"group [{low}..] of '{parent.name}' has only {size} children; at least {size} kept")
        if slot is not None and low > 1:
            self.notes.append(f"group [{low}..] of '{parent.name}': at least {low} is enforced only as at least 1")
        counts: dict[str, Any] = {"min_count": min(low, size) if slot is None else 0}
        return counts | ({"max_count": high} if high is not None else {})

    def _links(self, parent: Feature, group: Group, attribute: dict[str, Any], slot: Slot) -> list[dict[str, Any]]:
        """`A:chosen` (parent selected -> something chosen) and `A:empty` (parent absent -> nothing)."""
        assert slot is not None
        attribute_id, label = attribute["id"], attribute.get("label", attribute["id"])
        present: Cond = {"attribute": slot[0], "equals": slot[1]}
        children = [option["id"] for option in attribute["options"] if not option.get("none")]
        if group.kind == "alternative":
            chosen: Cond = {"attribute": attribute_id, "not_equals": attribute["options"][-1]["id"]}
            empty: Cond = {"attribute": attribute_id, "equals": attribute["options"][-1]["id"]}
        else:
            chosen = {"attribute": attribute_id, "in": children}
            empty = {"attribute": attribute_id, "not_in": children}
        rules = []
        if group.kind in ("alternative", "or") or (group.kind == "cardinality" and group.low >= 1):
            amount = "one" if group.kind == "alternative" else "at least one"
            which = "" if label == parent.name else f" ({label})"
            text = f"{parent.name} needs {amount} of its options{which} chosen"
            rules.append(_requires(f"{attribute_id}:chosen", text, present, chosen))
        text = f"The options of {label} need {parent.name}"
        rules.append(_requires(f"{attribute_id}:empty", text, negate(present), empty))
        return rules

    # cross-tree constraints and prices --------------------------------------------------

    def _selected(self, name: str) -> Lit:
        slot = self.slots[name]
        return True if slot is None else {"attribute": slot[0], "equals": slot[1]}

    def _cross_tree(self) -> list[dict[str, Any]]:
        rules = []
        for constraint in self.model.constraints:
            rule = self._constraint_rule(f"c{constraint.number}", constraint)
            if rule is not None:
                rules.append(rule)
        return rules

    def _constraint_rule(self, rule_id: str, constraint: CrossTree) -> dict[str, Any] | None:
        where = f"constraint {rule_id}" + (f" (line {constraint.line})" if constraint.line else "")
        unknown = [name for name in references(constraint.expr) if name not in self.slots]
        if unknown:
            self.notes.append(f"{where}: unknown feature(s) {', '.join(unknown)}; skipped")
            return None
        expr = constraint.expr
        atoms = expanded_atoms(expr)
        if atoms > MAX_FORMULA_ATOMS:
            raise ModelImportError(
                "{detail}: constraint {rule_id} is too large: written as conditions it tests {atoms:,} features"
                " (at most {max_formula_atoms:,})",
                detail=self._where(constraint),
                rule_id=rule_id,
                atoms=atoms,
                max_formula_atoms=MAX_FORMULA_ATOMS,
            )
        if_, then = self._sides(expr)
        if then is False:
            if_, then = True, negate(if_)
        if max(condition_depth(if_), condition_depth(then)) > MAX_DEPTH:
            raise too_deep(self.path, constraint.line, f"constraint {rule_id}, written as conditions,")
        if if_ is False or then is True:
            self.notes.append(f"{where}: always holds once the tree is respected; no rule needed")
            return None
        if then is False:
            self.notes.append(f"{where}: can never hold, so the model has no valid configuration")
            then = self._contradiction()
        return _requires(rule_id, message(expr), if_, then)

    def _where(self, constraint: CrossTree) -> str:
        return f"{self.path}:{constraint.line}" if constraint.line else str(self.path)

    def _sides(self, expr: Expr) -> tuple[Lit, Lit]:
        """The rule's `if` and `then` for a formula (`True` for no `if`)."""
        if isinstance(expr, Not) and isinstance(expr.operand, And) and len(expr.operand.operands) > 1:
            *first, last = expr.operand.operands  # not (a and b) reads better as: if a then not b
            return to_condition(conjunction(first), self._selected), to_condition(Not(last), self._selected)
        if isinstance(expr, Implies):
            return to_condition(expr.left, self._selected), to_condition(expr.right, self._selected)
        return True, to_condition(expr, self._selected)

    def _contradiction(self) -> Cond:
        """A condition that never holds: the first attribute both has and lacks its first option."""
        attribute = self.first_attribute
        option = attribute["options"][0]["id"]
        atom: Cond = {"attribute": attribute["id"], "equals": option}
        return {"all": [atom, negate(atom)]}

    def _prices(self) -> None:
        for feature in self.model.features():
            if not feature.price:
                continue
            cents = _minor_units(feature.price)
            if Decimal(cents) != feature.price * 100:
                self.notes.append(f"price {feature.price} of '{feature.name}' rounded to {cents} cents")
            slot = self.slots[feature.name]
            if slot is None:
                self.base_price += cents
            else:
                option = self.options[slot]
                option["price"] = option.get("price", 0) + cents


def _requires(rule_id: str, text: str, if_: Lit, then: Lit) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": rule_id, "kind": "requires", "message": text}
    if not isinstance(if_, bool):
        rule["if"] = if_
    rule["then"] = then
    return rule


def _free(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted~2`, `wanted~3`, ... whichever is not taken."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}~{number}"
    return candidate


def _minor_units(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
