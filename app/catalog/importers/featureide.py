"""FeatureIDE XML feature models (`<featureModel>` and `<extendedFeatureModel>`) as catalogs.

This module reads the XML into the neutral `FeatureModel` of `features.py`; `tree.py` maps it
to a catalog (see there for the mapping). Read: the `<struct>` tree (`and` children are
mandatory when `mandatory="true"`, else optional; `alt` is an alternative group, `or` an or
group), `<description>`, the `Price` attribute (euros; its unit must be € or EUR) and the
`<constraints>` rules built from `var`, `not`, `conj`, `disj`, `imp` and `eq`.
Not mapped, each reported: other feature attributes, other formula elements (`atmost1`, ...).
Layout and tool elements (`properties`, `calculations`, `comments`, `featureOrder`) carry no
meaning for a catalog and are skipped silently.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

import app.catalog.importers.features as features
from app.catalog.importers.common import check_size, price_problem
from app.catalog.importers.depth import too_deep
from app.catalog.importers.result import ImportResult, ModelImportError
from app.catalog.importers.tree import convert
from app.catalog.limits import MAX_DEPTH

_FEATURES = {"and", "alt", "or", "feature"}
_LAYOUT = {"properties", "calculations", "comments", "featureOrder"}
_PRICE_UNITS = {"€", "EUR", "", None}


def import_featureide(path: Path) -> ImportResult:
    """Import a FeatureIDE XML feature model."""
    return convert(read_featureide(path), path, "FeatureIDE")


def read_featureide(path: Path) -> features.FeatureModel:
    """Parse a FeatureIDE XML file into the neutral feature model."""
    check_size(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ModelImportError(
            "{path}:{line}:{column}: not well-formed XML: {msg}", path=path, line=line, column=column, msg=error.msg
        ) from None
    top = document.getroot()
    if top.tag not in ("featureModel", "extendedFeatureModel"):
        raise ModelImportError(
            "{path}:{sourceline}: expected <featureModel>, found <{tag}>",
            path=path,
            sourceline=top.sourceline,
            tag=top.tag,
        )
    reader = _Reader(path)
    struct = top.find("struct")
    roots = [child for child in struct if child.tag in _FEATURES] if struct is not None else []
    if len(roots) != 1:
        raise ModelImportError("{path}: <struct> must hold exactly one root feature", path=path)
    root = reader.feature(roots[0])
    for section in top:
        if section.tag == "constraints":
            reader.constraints(section)
        elif section.tag not in _LAYOUT and section.tag != "struct" and isinstance(section.tag, str):
            reader.notes.append(f"line {section.sourceline}: element <{section.tag}> not mapped")
    reader.notes.extend(f"attribute '{name}' ({count} features) not mapped" for name, count in reader.skipped.items())
    return features.FeatureModel(root=root, constraints=reader.rules, unmapped=reader.notes)


class _Reader:
    """Turns XML elements into features and formulas, noting what it cannot map."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[str] = []
        self.rules: list[features.CrossTree] = []
        self.skipped: Counter[str] = Counter()

    def feature(self, element: Any, depth: int = 1) -> features.Feature:
        name = element.get("name")
        if not name:
            raise ModelImportError(
                "{path}:{sourceline}: <{tag}> needs a 'name'",
                path=self.path,
                sourceline=element.sourceline,
                tag=element.tag,
            )
        if depth > MAX_DEPTH:
            raise too_deep(self.path, element.sourceline, "feature tree")
        feature = features.Feature(name=name, line=element.sourceline)
        children = [child for child in element if child.tag in _FEATURES]
        for child in element:
            if child.tag == "attribute":
                self._attribute(feature, child)
            elif child.tag == "description" and (child.text or "").strip():
                feature.description = " ".join(child.text.split())
        if element.tag == "and":
            mandatory = [self.feature(c, depth + 1) for c in children if c.get("mandatory") == "true"]
            optional = [self.feature(c, depth + 1) for c in children if c.get("mandatory") != "true"]
            feature.groups = [features.Group("mandatory", mandatory)] if mandatory else []
            feature.groups += [features.Group("optional", optional)] if optional else []
        elif element.tag in ("alt", "or") and children:
            kind: features.GroupKind = "alternative" if element.tag == "alt" else "or"
            feature.groups = [features.Group(kind, [self.feature(c, depth + 1) for c in children])]
        return feature

    def _attribute(self, feature: features.Feature, element: Any) -> None:
        name, value = element.get("name"), element.get("value")
        if name != "Price":
            self.skipped[str(name)] += 1
            return
        if value is None or not value.strip():
            return
        if element.get("unit") not in _PRICE_UNITS:
            self.notes.append(f"line {element.sourceline}: price of '{feature.name}' in {element.get('unit')}; ignored")
            return
        try:
            price = Decimal(value.strip())
        except InvalidOperation:
            self.notes.append(f"line {element.sourceline}: price '{value}' of '{feature.name}' is not a number")
            return
        problem = price_problem(price)
        if problem is not None:
            where = f"{self.path}:{element.sourceline}"
            raise ModelImportError(
                "{where}: price '{detail}' of '{name}' {problem}",
                where=where,
                detail=value.strip(),
                name=feature.name,
                problem=problem,
            )
        feature.price = price

    def constraints(self, section: Any) -> None:
        for number, rule in enumerate((r for r in section if r.tag == "rule"), start=1):
            formulas = [c for c in rule if isinstance(c.tag, str) and c.tag not in ("description", "tags")]
            expr = self._expr(formulas[0]) if len(formulas) == 1 else None
            if expr is not None:
                self.rules.append(features.CrossTree(expr=expr, number=number, line=rule.sourceline))
            elif len(formulas) != 1:
                self.notes.append(f"line {rule.sourceline}: a <rule> needs exactly one formula; skipped")

    def _expr(self, element: Any, depth: int = 1) -> features.Expr | None:
        """The formula, or None (noted) when it uses an element this importer does not map."""
        if depth > MAX_DEPTH:
            raise too_deep(self.path, element.sourceline, "formula")
        tag = element.tag
        if tag == "var":
            return features.Ref((element.text or "").strip())
        parts = [self._expr(child, depth + 1) for child in element if isinstance(child.tag, str)]
        if any(part is None for part in parts):
            return None
        operands: list[features.Expr] = [part for part in parts if part is not None]
        if tag == "not" and len(operands) == 1:
            return features.Not(operands[0])
        if tag in ("conj", "disj") and operands:
            return features.conjunction(operands) if tag == "conj" else features.disjunction(operands)
        if tag in ("imp", "eq") and len(operands) == 2:
            return features.Implies(*operands) if tag == "imp" else features.Iff(*operands)
        self.notes.append(f"line {element.sourceline}: formula element <{tag}> not mapped; its rule is skipped")
        return None
