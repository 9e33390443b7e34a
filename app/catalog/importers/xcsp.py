"""XCSP 2.1 extensional models (the Renault benchmarks) as catalogs.

Mapping: one catalog (id = the file's stem) with one product. Each XCSP `<variable>` is a
`one_of` attribute whose id is the variable's name exactly as written (`1`, `v12`) and whose
options are its domain's values as written (`0`, `1`, `-1`); ranges (`0..8`) are expanded. A
domain marked `optional="-1"` makes value `-1` the "option absent" value (`none: true`).
Each `<constraint>` that references a `<relation>` with `supports` or `conflicts` semantics
becomes a `table` rule (id = the constraint's name) over the constraint's scope, its tuples
written as a text block, one tuple a line. Tuples holding a value outside the domains can
never match and are dropped (and reported). Attributes are cut into modules of 25 in the
file's order, which keeps variables that the file lists together (and their tables) together.

Not mapped, each reported in `ImportResult.unmapped` and skipped: predicates (intension
constraints), global constraints, weighted (`soft`) relations, unknown elements.

A names file (`VarN : name1, name2, ...`) gives labels: variable `k` is `Vark`, and value `i`
is the `i`-th name once the names are sorted in ASCII order (Var33 = {KM=0, MILES=1}).
Prices are 0: the sources have none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from app.catalog.importers.common import catalog_id, check_size, finish_catalog
from app.catalog.importers.result import ImportResult, ModelImportError
from app.catalog.limits import MAX_ATTRIBUTES, MAX_DOMAIN, MAX_PRODUCT_VALUES, FileTooLargeError, read_bounded

MODULE_SIZE = 25
_SECTIONS = {"instance", "presentation", "domains", "variables", "relations", "predicates", "constraints"}


@dataclass
class _Relation:
    semantics: str
    rows: list[list[str]]


@dataclass
class _Constraint:
    name: str
    scope: list[str]
    reference: str
    line: int


@dataclass
class _Instance:
    """What the file declares, in document order."""

    name: str | None = None
    domains: dict[str, tuple[list[str], str | None]] = field(default_factory=dict)
    variables: list[tuple[str, str]] = field(default_factory=list)
    relations: dict[str, _Relation] = field(default_factory=dict)
    predicates: set[str] = field(default_factory=set)
    constraints: list[_Constraint] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    values: int = 0
    """Values of all the variables so far, held against `MAX_PRODUCT_VALUES`."""


def import_xcsp(path: Path, names: Path | None = None) -> ImportResult:
    """Import an XCSP 2.1 file, with value names from `names` when given."""
    instance = _read(path)
    labels = _read_names(names) if names is not None else {}
    product = _product(instance, labels, catalog_id(path))
    data = {
        "id": catalog_id(path),
        "label": instance.name or path.stem,
        "description": f"Imported from the XCSP 2.1 model {path.name}.",
        "products": [product],
    }
    return ImportResult(catalog=finish_catalog(data, path), unmapped=instance.unmapped)


# reading ------------------------------------------------------------------------------


def _read(path: Path) -> _Instance:
    """Stream through the file, keeping only what the catalog needs."""
    check_size(path)
    instance = _Instance()
    try:
        for _, element in etree.iterparse(
            str(path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            _element(instance, element, path)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ModelImportError(
            "{path}:{line}:{column}: not well-formed XML: {msg}", path=path, line=line, column=column, msg=error.msg
        ) from None
    if not instance.variables:
        raise ModelImportError("{path}: no <variable> found; is this an XCSP 2.1 instance?", path=path)
    return instance


def _element(instance: _Instance, element: Any, path: Path) -> None:
    tag, parent = _local(element.tag), element.getparent()
    parent_tag = _local(parent.tag) if parent is not None else None
    if parent_tag not in _SECTIONS and parent is not None:
        return
    handler = _HANDLERS.get(tag)
    if handler is not None:
        handler(instance, element, path)
    elif tag not in _SECTIONS:
        instance.unmapped.append(f"line {element.sourceline}: element <{tag}> is not part of XCSP 2.1 tables; skipped")
    if tag not in _SECTIONS:
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del parent[0]


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _presentation(instance: _Instance, element: Any, path: Path) -> None:
    instance.name = element.get("name") or None


def _domain(instance: _Instance, element: Any, path: Path) -> None:
    name = _required(element, "name", path)
    ranges: list[range | str] = []
    size = 0
    for token in (element.text or "").split():
        low, dots, high = token.partition("..")
        try:
            bounds = (int(low), int(high)) if dots else None
        except ValueError:
            where = f"{path}:{element.sourceline}"
            raise ModelImportError(
                "{where}: bad range '{token}' in domain {name}", where=where, token=_short(token), name=name
            ) from None
        size += max(0, bounds[1] - bounds[0] + 1) if bounds else 1
        if size > MAX_DOMAIN:  # counted before a single value is listed
            raise ModelImportError(
                "{path}:{sourceline}: domain {name} has more than {max_domain:,} values (at '{token}');"
                " an attribute has at most {max_domain:,}",
                path=path,
                sourceline=element.sourceline,
                name=name,
                max_domain=MAX_DOMAIN,
                token=_short(token),
            )
        ranges.append(range(bounds[0], bounds[1] + 1) if bounds else token)
    values = [str(value) for part in ranges for value in (part if isinstance(part, range) else [part])]
    instance.domains[name] = (list(dict.fromkeys(values)), element.get("optional"))


def _short(token: str) -> str:
    return token if len(token) <= 40 else f"{token[:30]}... ({len(token):,} characters)"


def _variable(instance: _Instance, element: Any, path: Path) -> None:
    name, domain = _required(element, "name", path), _required(element, "domain", path)
    if domain not in instance.domains:
        raise ModelImportError(
            "{path}:{sourceline}: variable {name} uses unknown domain {domain}",
            path=path,
            sourceline=element.sourceline,
            name=name,
            domain=domain,
        )
    instance.variables.append((name, domain))
    instance.values += len(instance.domains[domain][0])
    if len(instance.variables) > MAX_ATTRIBUTES or instance.values > MAX_PRODUCT_VALUES:
        raise ModelImportError(
            "{path}:{sourceline}: variable {name} is one too many: a product has at most {max_attributes:,} attributes"
            " and {max_product_values:,} values in all",
            path=path,
            sourceline=element.sourceline,
            name=name,
            max_attributes=MAX_ATTRIBUTES,
            max_product_values=MAX_PRODUCT_VALUES,
        )


def _relation(instance: _Instance, element: Any, path: Path) -> None:
    text = element.text or ""
    rows = [part.split() for part in text.split("|")] if text.strip() else []
    semantics = element.get("semantics", "supports")
    instance.relations[_required(element, "name", path)] = _Relation(semantics, rows)


def _predicate(instance: _Instance, element: Any, path: Path) -> None:
    instance.predicates.add(_required(element, "name", path))


def _constraint(instance: _Instance, element: Any, path: Path) -> None:
    name, reference = _required(element, "name", path), _required(element, "reference", path)
    scope = (element.get("scope") or "").split()
    instance.constraints.append(_Constraint(name, scope, reference, element.sourceline or 0))


def _required(element: Any, attribute: str, path: Path) -> str:
    value = element.get(attribute)
    if not value:
        tag = _local(element.tag)
        raise ModelImportError(
            "{path}:{sourceline}: <{tag}> needs a '{attribute}' attribute",
            path=path,
            sourceline=element.sourceline,
            tag=tag,
            attribute=attribute,
        )
    return str(value)


_HANDLERS = {
    "presentation": _presentation,
    "domain": _domain,
    "variable": _variable,
    "relation": _relation,
    "predicate": _predicate,
    "constraint": _constraint,
}


def _read_names(path: Path) -> dict[str, list[str]]:
    """Value names by variable name (`Var33 : MILES, KM` -> {'33': ['KM', 'MILES']})."""
    try:
        lines = read_bounded(path).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError, FileTooLargeError) as error:
        raise ModelImportError("{path}: cannot read the names file: {error}", path=path, error=error) from None
    names: dict[str, list[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        head, colon, rest = line.partition(":")
        variable = head.strip()
        if not colon or not variable.startswith("Var") or len(variable) == 3:
            raise ModelImportError("{path}:{number}: expected 'VarN : name1, name2, ...'", path=path, number=number)
        names[variable[3:]] = sorted(name.strip() for name in rest.split(",") if name.strip())
    return names


# building -----------------------------------------------------------------------------


def _product(instance: _Instance, labels: dict[str, list[str]], product_id: str) -> dict[str, Any]:
    attributes = [_attribute(instance, name, domain, labels) for name, domain in instance.variables]
    label_of = {a["id"]: a.get("label", a["id"]) for a in attributes}
    domains = {a["id"]: {o["id"] for o in a["options"]} for a in attributes}
    rules = [rule for c in instance.constraints if (rule := _rule(instance, c, domains, label_of)) is not None]
    chunks = [attributes[index : index + MODULE_SIZE] for index in range(0, len(attributes), MODULE_SIZE)]
    modules = [
        {"id": f"part-{number}", "label": _span(chunk), "attributes": chunk} for number, chunk in enumerate(chunks, 1)
    ]
    if labels:
        missing = [name for name, _ in instance.variables if name not in labels]
        if missing:
            instance.unmapped.append(f"names file: no names for variables {', '.join(missing[:10])}")
    return {"id": product_id, "label": instance.name or product_id, "modules": modules, "rules": rules}


def _span(attributes: list[dict[str, Any]]) -> str:
    first, last = attributes[0], attributes[-1]
    return f"{first.get('label', first['id'])} – {last.get('label', last['id'])}"


def _attribute(instance: _Instance, name: str, domain: str, labels: dict[str, list[str]]) -> dict[str, Any]:
    values, absent = instance.domains[domain]
    names = labels.get(name)
    options: list[dict[str, Any]] = []
    for value in values:
        option: dict[str, Any] = {"id": value}
        if value == absent:
            option |= {"label": "none", "none": True}
        elif names is not None:
            option |= _option_label(instance, name, value, names)
        options.append(option)
    attribute: dict[str, Any] = {"id": name, "kind": "one_of", "options": options}
    if names is not None:
        attribute["label"] = f"Var{name}"
    return attribute


def _option_label(instance: _Instance, variable: str, value: str, names: list[str]) -> dict[str, Any]:
    index = int(value) if value.lstrip("-").isdigit() else -1
    if 0 <= index < len(names):
        return {"label": names[index]}
    instance.unmapped.append(f"names file: Var{variable} has no name for value {value}")
    return {}


def _rule(
    instance: _Instance, constraint: _Constraint, domains: dict[str, set[str]], label_of: dict[str, str]
) -> dict[str, Any] | None:
    where = f"line {constraint.line}: constraint {constraint.name}"
    relation = instance.relations.get(constraint.reference)
    problem = _unmappable(instance, constraint, relation, domains)
    if problem is not None:
        instance.unmapped.append(f"{where}: {problem}; skipped")
        return None
    assert relation is not None
    scope = constraint.scope
    rows = [row for row in relation.rows if all(value in domains[v] for v, value in zip(scope, row, strict=True))]
    if len(rows) < len(relation.rows):
        dropped = len(relation.rows) - len(rows)
        instance.unmapped.append(f"{where}: {dropped} tuple(s) with values outside the domains dropped")
    field_name = "allowed" if relation.semantics == "supports" else "forbidden"
    names = ", ".join(label_of[v] for v in scope)
    return {
        "id": constraint.name,
        "kind": "table",
        "message": f"These choices are not sold together: {names}",
        "attributes": scope,
        field_name: "".join(" ".join(row) + "\n" for row in rows),
    }


def _unmappable(
    instance: _Instance, constraint: _Constraint, relation: _Relation | None, domains: dict[str, set[str]]
) -> str | None:
    """Why the constraint cannot become a table, or None when it can."""
    if constraint.reference.startswith("global:"):
        return f"global constraint {constraint.reference} is not mapped"
    if constraint.reference in instance.predicates:
        return f"intension constraint (predicate {constraint.reference}) is not mapped"
    if relation is None:
        return f"unknown reference {constraint.reference}"
    if relation.semantics not in ("supports", "conflicts"):
        return f"relation {constraint.reference} has '{relation.semantics}' semantics (weighted), not mapped"
    unknown = [name for name in constraint.scope if name not in domains]
    if unknown or not constraint.scope:
        return f"scope names unknown variables: {', '.join(unknown)}" if unknown else "empty scope"
    if len(set(constraint.scope)) != len(constraint.scope):
        return "a variable appears twice in the scope"
    if any(len(row) != len(constraint.scope) for row in relation.rows):
        return f"relation {constraint.reference} has tuples of another arity than the scope"
    return None
