"""Rules as form values and back (the workspace's rule editor), compatibility tables as grids.

A simple condition (one attribute or context key, one operator, its values) has three inputs
(`then_subject`, `then_op`, `then_values`); a compound one (all/any/not) is edited as JSON text
(`then_json`). A two-attribute table is a grid: a checkbox per pair of options, checked = allowed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.catalog.form_values import FieldProblem, Reader, number_json, set_optional, text_values

RULE_KINDS = ("requires", "excludes", "table", "linear", "cardinality", "eligibility")
CONDITIONS = {"requires": ("if", "then"), "excludes": ("if", "then"), "linear": ("if",),
              "eligibility": ("options", "when")}  # fmt: skip
OPERATORS = ("equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge")
LIST_OPERATORS = ("in", "not_in")
CONTEXT = "context:"
"""A subject naming a customer-context key (`context:tier`) rather than an attribute."""


def condition_values(name: str, condition: Any) -> dict[str, str]:
    """A condition as `name_subject`, `name_op`, `name_values` (or `name_json` when compound)."""
    if not condition:
        return {f"{name}_subject": "", f"{name}_op": "equals", f"{name}_values": ""}
    key = "attribute" if "attribute" in condition else "context" if "context" in condition else None
    operators = [op for op in OPERATORS if op in condition]
    if key is None or len(operators) != 1:
        return {f"{name}_json": json.dumps(condition, ensure_ascii=False, indent=1)}
    subject = str(condition[key]) if key == "attribute" else CONTEXT + str(condition[key])
    value = condition[operators[0]]
    shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return {f"{name}_subject": subject, f"{name}_op": operators[0], f"{name}_values": shown}


def condition_of(read: Reader, name: str) -> dict[str, Any] | None:
    """The condition the inputs `name_*` describe (None when left empty)."""
    if f"{name}_json" in read.values:
        text = read.text(f"{name}_json")
        try:
            found = json.loads(text) if text else None
        except ValueError:
            read.problems.append(FieldProblem(f"{name}_json", "this is not JSON"))
            return None
        return found if isinstance(found, dict) else None
    subject, op = read.text(f"{name}_subject"), read.text(f"{name}_op") or "equals"
    if not subject:
        return None
    if op not in OPERATORS:
        read.problems.append(FieldProblem(f"{name}_op", "choose an operator"))
        return None
    words = read.words(f"{name}_values")
    if not words:
        read.problems.append(FieldProblem(f"{name}_values", "this field is required"))
        return None
    key, subject = ("context", subject[len(CONTEXT) :]) if subject.startswith(CONTEXT) else ("attribute", subject)
    value: Any = words if op in LIST_OPERATORS else words[0]
    if op in ("lt", "le", "gt", "ge"):
        number = read.number(f"{name}_values")
        value = None if number is None else number_json(number)
    return {key: subject, op: value}


def rule_values(rule: Mapping[str, Any]) -> dict[str, str]:
    """A rule as its editor's form values."""
    kind = str(rule.get("kind", "requires"))
    values = {"id": str(rule.get("id", "")), "kind": kind, **text_values("message", rule.get("message")),
              "valid_from": str(rule.get("valid_from") or ""), "valid_to": str(rule.get("valid_to") or "")}  # fmt: skip
    for name in CONDITIONS.get(kind, ()):
        values.update(condition_values(name, rule.get(name)))
    if kind == "cardinality":
        values.update(attribute=str(rule.get("attribute", "")), options=", ".join(rule.get("options") or []),
                      min=str(rule.get("min", "")), max=str(rule.get("max", "")))  # fmt: skip
    if kind == "linear":
        values.update(terms_json=json.dumps(rule.get("terms") or [{"coef": 1, "attribute": ""}], ensure_ascii=False),
                      op=str(rule.get("op", "<=")), rhs=str(rule.get("rhs", "")))  # fmt: skip
    if kind == "table":
        values.update(attributes=", ".join(rule.get("attributes") or []),
                      mode="forbidden" if "forbidden" in rule else "allowed", rows=_rows_text(rule))  # fmt: skip
    return values


def _rows_text(rule: Mapping[str, Any]) -> str:
    rows = rule.get("allowed", rule.get("forbidden")) or []
    return rows if isinstance(rows, str) else "\n".join("  ".join(str(v) for v in row) for row in rows)


def rule_fields(kind: str) -> dict[str, str]:
    """Loader path names -> the rule editor's inputs, for a rule of `kind`."""
    fields = {name: name for name in rule_values({"kind": kind})}
    for name in CONDITIONS.get(kind, ()):
        fields[name] = f"{name}_values"
        fields[f"{name}_attribute"] = f"{name}_subject"
    fields.update(message="message_en", terms="terms_json", allowed="rows", forbidden="rows")
    return fields


def rule_of(values: Mapping[str, str], old: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The rule a posted editor describes (fields the form does not show are kept from `old`)."""
    read = Reader(values)
    kind = str(old.get("kind") or values.get("kind") or "")
    if kind not in RULE_KINDS:
        return dict(old), [FieldProblem("kind", "choose a kind of rule")]
    part = {**old, "id": read.required("id"), "kind": kind, "message": read.texts("message")}
    if part["message"] is None:
        read.problems.append(FieldProblem("message_en", "this field is required"))
    for key in ("valid_from", "valid_to"):
        set_optional(part, key, read.text(key))
    for name in CONDITIONS.get(kind, ()):
        set_optional(part, name, condition_of(read, name))
    if kind == "cardinality":
        part["attribute"] = read.required("attribute")
        set_optional(part, "options", read.words("options") or None)
        set_optional(part, "min", read.whole("min"))
        set_optional(part, "max", read.whole("max"))
    if kind == "linear":
        _linear(read, part)
    if kind == "table" and "rows" in values:
        _table(read, part)
    return part, read.problems


def _linear(read: Reader, part: dict[str, Any]) -> None:
    try:
        part["terms"] = json.loads(read.text("terms_json") or "[]")
    except ValueError:
        read.problems.append(FieldProblem("terms_json", "this is not JSON"))
    part["op"] = read.text("op") or "<="
    rhs = read.number("rhs")
    part["rhs"] = number_json(rhs) if rhs is not None else 0


def _table(read: Reader, part: dict[str, Any]) -> None:
    part["attributes"] = read.words("attributes")
    mode = "forbidden" if read.text("mode") == "forbidden" else "allowed"
    rows = [line.split() for line in read.text("rows").splitlines() if line.strip()]
    old = part.get(mode)
    if isinstance(old, str) and [line.split() for line in old.splitlines() if line.strip()] == rows:
        return  # the same rows: kept as the document writes them
    part.pop("allowed", None)
    part.pop("forbidden", None)
    part[mode] = rows


def grid_cells(rule: Mapping[str, Any], rows: list[str], columns: list[str]) -> set[tuple[int, int]]:
    """The allowed cells (row index, column index) of a two-attribute table over these options."""
    allowed = "allowed" in rule
    listed = rule.get("allowed", rule.get("forbidden")) or []
    tuples = [line.split() for line in listed.splitlines()] if isinstance(listed, str) else listed
    pairs = {(str(t[0]), str(t[1])) for t in tuples if len(t) == 2}

    def listed_pair(row: str, column: str) -> bool:
        return any((r in (row, "*")) and (c in (column, "*")) for r, c in pairs)

    return {(i, j) for i, row in enumerate(rows) for j, column in enumerate(columns)
            if listed_pair(row, column) == allowed}  # fmt: skip


def grid_rule(
    rule: Mapping[str, Any], rows: list[str], columns: list[str], checked: set[tuple[int, int]]
) -> dict[str, Any]:
    """The table with the grid's cells: `allowed` pairs are the checked ones, `forbidden` the others."""
    allowed = "forbidden" not in rule
    pairs = [[row, column] for i, row in enumerate(rows) for j, column in enumerate(columns)
             if ((i, j) in checked) == allowed]  # fmt: skip
    table = {key: value for key, value in rule.items() if key not in ("allowed", "forbidden")}
    table["allowed" if allowed else "forbidden"] = pairs
    return table
