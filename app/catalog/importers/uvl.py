"""UVL (Universal Variability Language) feature models as catalogs.

Parsing is the `uvlparser` package's ANTLR grammar (its `uvl` modules); this module walks the
parse tree into the neutral `FeatureModel` of `features.py`, and `tree.py` maps that to a
catalog (see there for the mapping). Read: the feature tree with its group kinds and group
cardinalities, Boolean cross-tree constraints (`!`, `&`, `|`, `=>`, `<=>`, parentheses),
constraints written as feature attributes, and the feature attributes `featureDescription__`
/ `description` (the description) and `Price` / `price` (major units, euros).
Not mapped, each reported: arithmetic constraints, other attributes, feature types and
clone cardinalities, imports and includes.

Two habits of published models that the grammar rejects are normalised first, and reported:
attribute values in double quotes (`{featureDescription__ "..."}`, read as strings) and
feature names that are UVL keywords written bare (`Type`, read as `"Type"`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener
from uvl.UVLCustomLexer import UVLCustomLexer  # type: ignore[import-untyped]  # uvlparser ships no types
from uvl.UVLPythonParser import UVLPythonParser  # type: ignore[import-untyped]

from app.catalog.importers.common import price_problem, read_model_text
from app.catalog.importers.depth import check_uvl_nesting, too_deep
from app.catalog.importers.features import (
    CrossTree,
    Expr,
    Feature,
    FeatureModel,
    Group,
    GroupKind,
    Iff,
    Implies,
    Not,
    Ref,
    conjunction,
    disjunction,
)
from app.catalog.importers.result import ImportResult, ModelImportError
from app.catalog.importers.tree import convert
from app.catalog.limits import MAX_DEPTH, MAX_UVL_BYTES

P = UVLPythonParser
_GROUPS: dict[type, GroupKind] = {
    P.MandatoryGroupContext: "mandatory",
    P.OptionalGroupContext: "optional",
    P.AlternativeGroupContext: "alternative",
    P.OrGroupContext: "or",
    P.CardinalityGroupContext: "cardinality",
}
_KEYWORDS = (
    "String|Boolean|Integer|Real|Type|Arithmetic|len|sum|avg|floor|ceil|as|cardinality|constraint|"
    "include|imports|namespace|features"
)
_BARE_KEYWORD = re.compile(rf"^(\t+| +)({_KEYWORDS})(?=\s*(?:\{{|$))", re.MULTILINE)
_SECTION = re.compile(r"^(features|constraints)[ \t]*$", re.MULTILINE)
_QUOTED_NAME = re.compile(r'("[^"\n]*")')
_QUOTED_VALUE = re.compile(r"""([{,]\s*[A-Za-z_][\w]*\s+)"([^"'\n]*)"(?=\s*[,}])""")


def import_uvl(path: Path) -> ImportResult:
    """Import a UVL feature model."""
    return convert(read_uvl(path), path, "UVL")


def read_uvl(path: Path) -> FeatureModel:
    """Parse a UVL file into the neutral feature model."""
    text = read_model_text(path, MAX_UVL_BYTES)
    check_uvl_nesting(text, path)  # before the grammar's recursive parser sees it
    text, notes = _normalise(text)
    tree = _parse(text, path)
    features = tree.features()
    if features is None or features.feature() is None:
        raise ModelImportError("{path}: no 'features' section", path=path)
    reader = _Reader(text, notes, path)
    root = reader.feature(features.feature())
    if tree.constraints() is not None:
        for line in tree.constraints().constraintLine():
            reader.constraint(line.constraint())
    reader.notes.extend(_header_notes(tree))
    label = _reference(tree.namespace().reference()) if tree.namespace() is not None else None
    return FeatureModel(root=root, constraints=reader.constraints, unmapped=reader.notes, label=label)


def _normalise(text: str) -> tuple[str, list[str]]:
    """Rewrite double-quoted attribute values and bare keyword names the grammar rejects."""
    notes = []
    text, quoted = _QUOTED_VALUE.subn(lambda m: f"{m.group(1)}'{m.group(2)}'", text)
    if quoted:
        notes.append(f"read {quoted} double-quoted attribute value(s) as strings (UVL writes them in single quotes)")
    sections = {match.group(1): match.start() for match in _SECTION.finditer(text)}
    start = sections.get("features", 0)
    end = sections.get("constraints", len(text))
    head, features, tail = text[:start], text[start:end], text[end:]
    names = sorted({match.group(2) for match in _BARE_KEYWORD.finditer(features)})
    if names:
        features = _BARE_KEYWORD.sub(lambda m: f'{m.group(1)}"{m.group(2)}"', features)
        bare = re.compile(rf"(?<!\w)(?:{'|'.join(names)})(?!\w)")
        pieces = _QUOTED_NAME.split(tail)  # odd pieces are quoted names: left alone
        tail = "".join(p if i % 2 else bare.sub(lambda m: f'"{m.group(0)}"', p) for i, p in enumerate(pieces))
        notes.append(f"read the keyword(s) {', '.join(names)} used as feature names as quoted names")
    return head + features + tail, notes


class _Errors(ErrorListener):  # type: ignore[misc]
    """Collects syntax errors with their positions instead of printing them."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def syntaxError(self, recognizer: Any, offendingSymbol: Any, line: int, column: int, msg: str, e: Any) -> None:  # noqa: N802, N803
        self.errors.append(f"{line}:{column + 1}: {msg}")


def _parse(text: str, path: Path) -> Any:
    errors = _Errors()
    lexer = UVLCustomLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = UVLPythonParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    tree = parser.featureModel()
    if errors.errors:
        more = f" (and {len(errors.errors) - 1} more)" if len(errors.errors) > 1 else ""
        raise ModelImportError("{path}:{errors}{more}", path=path, errors=errors.errors[0], more=more)
    return tree


def _identifier(context: Any) -> str:
    text = str(context.getText())
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _reference(context: Any) -> str:
    return ".".join(_identifier(part) for part in context.id_())


def _header_notes(tree: Any) -> list[str]:
    notes = []
    if tree.includes() is not None:
        levels = [line.getText().strip() for line in tree.includes().includeLine()]
        notes.append(f"include {', '.join(levels)}: language levels are not checked")
    if tree.imports() is not None:
        for line in tree.imports().importLine():
            notes.append(f"line {line.start.line}: import {_reference(line.reference(0))} is not resolved")
    return notes


class _Reader:
    """Turns parse-tree nodes into features and formulas, noting what it cannot map."""

    def __init__(self, text: str, notes: list[str], path: Path) -> None:
        self.text, self.notes, self.path = text, notes, path
        self.constraints: list[CrossTree] = []
        self.count = 0

    def feature(self, context: Any, depth: int = 1) -> Feature:
        name = _reference(context.reference())
        feature = Feature(name=name, line=context.start.line)
        if depth > MAX_DEPTH:
            raise too_deep(self.path, feature.line, "feature tree")
        if context.featureType() is not None:
            self.notes.append(
                f"line {feature.line}: '{name}' is typed {context.featureType().getText()}; read as Boolean"
            )
        if context.featureCardinality() is not None:
            cardinality = context.featureCardinality().getText()
            self.notes.append(f"line {feature.line}: clone cardinality {cardinality} of '{name}' not mapped")
        if context.attributes() is not None:
            for attribute in context.attributes().attribute():
                self._attribute(feature, attribute)
        for group in context.group():
            feature.groups.append(self._group(group, depth))
        return feature

    def _group(self, context: Any, depth: int) -> Group:
        kind = _GROUPS[type(context)]
        children = [self.feature(child, depth + 1) for child in context.groupSpec().feature()]
        group = Group(kind=kind, children=children)
        if kind == "cardinality":
            bounds = context.CARDINALITY().getText().strip("[]").split("..")
            group.low = int(bounds[0])
            high = bounds[-1]
            group.high = None if high == "*" else int(high)
        return group

    def _attribute(self, feature: Feature, context: Any) -> None:
        holder = context.constraintAttribute()
        if isinstance(holder, P.SingleConstraintAttributeContext):
            self.constraint(holder.constraint())
            return
        if isinstance(holder, P.ListConstraintAttributeContext):
            for item in holder.constraintList().constraint():
                self.constraint(item)
            return
        pair = context.valueAttribute()
        key = _identifier(pair.key())
        value = pair.value()
        text = value.getText() if value is not None else None
        if key in ("featureDescription__", "description") and text is not None:
            feature.description = text[1:-1] if text[:1] in "'\"" else text
        elif key in ("Price", "price") and text is not None:
            feature.price = self._price(feature, text)
        elif key != "abstract":
            self.notes.append(f"line {feature.line}: attribute '{key}' of '{feature.name}' not mapped")

    def _price(self, feature: Feature, text: str) -> Decimal | None:
        try:
            price = Decimal(text)
        except InvalidOperation:
            self.notes.append(f"line {feature.line}: price '{text}' of '{feature.name}' is not a number; ignored")
            return None
        problem = price_problem(price)
        if problem is not None:
            raise ModelImportError(
                "{path}:{line}: price '{text}' of '{name}' {problem}",
                path=self.path,
                line=feature.line,
                text=text,
                name=feature.name,
                problem=problem,
            )
        return price

    def constraint(self, context: Any) -> None:
        self.count += 1
        expr = self._expr(context)
        if expr is not None:
            self.constraints.append(CrossTree(expr=expr, number=self.count, line=context.start.line))

    def _expr(self, context: Any, depth: int = 1) -> Expr | None:
        """The formula, or None (noted) when it holds arithmetic."""
        if depth > MAX_DEPTH:
            raise too_deep(self.path, context.start.line, "formula")
        if isinstance(context, P.LiteralConstraintContext):
            return Ref(_reference(context.reference()))
        if isinstance(context, P.ParenthesisConstraintContext):
            return self._expr(context.constraint(), depth + 1)
        if isinstance(context, P.NotConstraintContext):
            operand = self._expr(context.constraint(), depth + 1)
            return Not(operand) if operand is not None else None
        if isinstance(context, P.EquationConstraintContext):
            source = self.text[context.start.start : context.stop.stop + 1]
            self.notes.append(f"line {context.start.line}: arithmetic constraint '{source}' not mapped")
            return None
        if isinstance(context, P.AndConstraintContext | P.OrConstraintContext):
            parts = [self._expr(part, depth + 1) for part in _chain(context)]
            if any(part is None for part in parts):
                return None
            operands = [part for part in parts if part is not None]
            return conjunction(operands) if isinstance(context, P.AndConstraintContext) else disjunction(operands)
        left, right = self._expr(context.constraint(0), depth + 1), self._expr(context.constraint(1), depth + 1)
        if left is None or right is None:
            return None
        if isinstance(context, P.ImplicationConstraintContext):
            return Implies(left, right)
        return Iff(left, right)


def _chain(context: Any) -> list[Any]:
    """The operands of `a & b & c` (parsed as `(a & b) & c`), gathered without recursion.

    A long chain is one flat conjunction, however many operands it has, rather than a formula
    as deep as it is long.
    """
    kind, operands, stack = type(context), [], [context]
    while stack:
        node = stack.pop()
        if type(node) is kind:
            stack.extend((node.constraint(1), node.constraint(0)))
        else:
            operands.append(node)
    return operands
