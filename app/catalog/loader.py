"""Loading a catalog file: parse, validate the shape, check the meaning, report every problem.

`load_catalog(path)` returns a `Catalog` or raises `CatalogError` listing every problem with its
file, line, column, field path and message; it never lets a traceback through for bad input.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.catalog.attributes import Attribute
from app.catalog.checks import ProductParts, check_catalog, check_product
from app.catalog.conditions import CONDITION_TAGS
from app.catalog.errors import CatalogError, CatalogIssue, Loc, Message, format_path
from app.catalog.limits import FileTooLargeError, read_bounded
from app.catalog.model import Catalog
from app.catalog.price_rules import PriceRule
from app.catalog.pydantic_messages import pydantic_message
from app.catalog.rules import Rule
from app.catalog.source import Source, SourceSyntaxError, parse

_TAGS = frozenset(
    {
        "one_of",
        "many_of",
        "yes_no",
        "numeric",
        "requires",
        "excludes",
        "table",
        "linear",
        "cardinality",
        "eligibility",
        "tier_discount",
        "volume",
        "promotion",
        *CONDITION_TAGS,
        "str",
        "int",
        "decimal",
        "dict[str,str]",
    }
)
_ATTRIBUTE = TypeAdapter(Attribute)
_RULE = TypeAdapter(Rule)
_PRICE_RULE = TypeAdapter(PriceRule)


def load_catalog(path: str | Path) -> Catalog:
    """Load and check a catalog file (`.yaml`, `.yml` or `.json`) of at most `MAX_FILE_BYTES`."""
    path = Path(path)
    try:
        text = read_bounded(path).decode("utf-8")
    except FileNotFoundError:
        raise CatalogError([_file_issue(path, Message("file not found"))]) from None
    except UnicodeDecodeError as error:
        raise CatalogError([_file_issue(path, Message("not UTF-8 text (byte {byte})", byte=error.start))]) from None
    except FileTooLargeError as error:
        too_large = Message(
            "file larger than {size} bytes (limit {mib} MiB)", size=f"{error.limit:,}", mib=error.limit // 2**20
        )
        raise CatalogError([_file_issue(path, too_large)]) from None
    except OSError as error:
        raise CatalogError([_file_issue(path, error.strerror or str(error))]) from None
    return load_catalog_text(text, str(path))


def issue_at(path: str | Path, loc: Loc, message: str) -> CatalogIssue:
    """A problem found after loading (by the engine), placed at `loc` in the file it came from."""
    try:
        source = parse(read_bounded(Path(path)).decode("utf-8"))
    except (OSError, UnicodeDecodeError, FileTooLargeError, SourceSyntaxError):
        return CatalogIssue(str(path), None, None, format_path(loc), message)
    return CatalogIssue(str(path), *source.position(loc), format_path(loc), message)


def _file_issue(path: Path, message: str) -> CatalogIssue:
    return CatalogIssue(str(path), None, None, "(file)", message)


def load_catalog_text(text: str, filename: str = "<catalog>") -> Catalog:
    """Load and check a catalog from its text; `filename` is used in error messages."""
    try:
        source = parse(text)
    except SourceSyntaxError as error:
        issue = CatalogIssue(filename, error.line, error.column, format_path(error.loc), error.message)
        raise CatalogError([issue]) from None
    if not isinstance(source.data, dict):
        kind = "empty" if source.data is None else type(source.data).__name__
        issue = CatalogIssue(
            filename, *source.position(()), "(document)", Message("a catalog is a mapping; this is {kind}", kind=kind)
        )
        raise CatalogError([issue])
    duplicates = [
        CatalogIssue(
            filename,
            key.start_mark.line + 1,
            key.start_mark.column + 1,
            format_path(loc),
            Message("duplicate key '{key}'", key=key.value),
        )
        for loc, key in source.duplicate_keys()
    ]
    problems: list[tuple[Loc, str]] = []
    catalog: Catalog | None = None
    try:
        catalog = Catalog.model_validate(source.data)
    except ValidationError as error:
        problems.extend(_shape_problems(error, source.data))
        problems.extend(_partial_meaning_problems(source.data))
    if catalog is not None:
        problems.extend(check_catalog(catalog))
    if problems or duplicates:
        issues = duplicates + _issues(problems, source, filename)
        issues.sort(key=lambda issue: (issue.line or 0, issue.column or 0))
        raise CatalogError(issues)
    assert catalog is not None
    return catalog


def _issues(problems: list[tuple[Loc, str]], source: Source, filename: str) -> list[CatalogIssue]:
    issues = []
    seen: set[tuple[str, str]] = set()
    for loc, message in problems:
        key = (format_path(loc), message)
        if key in seen:
            continue
        seen.add(key)
        line, column = source.position(loc, at_key=message.startswith("unknown field"))
        issues.append(CatalogIssue(filename, line, column, key[0], message))
    return issues


def _shape_problems(error: ValidationError, data: Any, prefix: Loc = ()) -> list[tuple[Loc, str]]:
    problems = []
    for detail in error.errors():
        loc = _data_loc(detail["loc"], data)
        if detail["type"] == "union_tag_invalid":
            loc = (*loc, str(detail.get("ctx", {}).get("discriminator", "kind")).strip("'"))
        problems.append(((*prefix, *loc), _message(detail, loc)))
    return problems


def _data_loc(loc: tuple[str | int, ...], data: Any) -> Loc:
    """Drop pydantic's union tags from `loc`, keeping only the steps that exist in the data."""
    result: list[str | int] = []
    node = data
    for part in loc:
        child = _step(node, part)
        if child is not _MISSING:
            node = child
        elif isinstance(part, str) and (part in _TAGS or "[" in part or part.startswith("function-")):
            continue
        else:
            node = None
        result.append(part)
    return tuple(result)


_MISSING = object()


def _step(node: Any, part: str | int) -> Any:
    """The child of `node` at `part`, or `_MISSING` when there is none."""
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def _message(detail: Any, loc: Loc) -> str:
    kind = detail["type"]
    field = loc[-1] if loc else ""
    context = detail.get("ctx", {})
    if kind == "missing":
        return Message("missing required field '{field}'", field=field)
    if kind == "extra_forbidden":
        return Message("unknown field '{field}'", field=field)
    if kind == "union_tag_invalid":
        expected = str(context.get("expected_tags", "")).replace("'", "")
        discriminator = str(context.get("discriminator", "kind")).strip("'")
        return Message("unknown {field} '{tag}' (expected {expected})",
                       field=discriminator, tag=context.get("tag"), expected=expected)  # fmt: skip
    if kind == "union_tag_not_found":
        return Message("missing required field {field}", field=context.get("discriminator", "kind"))
    if kind in _DATE_ERRORS:
        if context.get("error"):
            return Message("not a date: '{value}' ({reason})", value=detail.get("input"), reason=context["error"])
        return Message("not a date: '{value}' (expected YYYY-MM-DD)", value=detail.get("input"))
    if kind in BOUNDS:
        bound = context.get(BOUNDS[kind][0])
        return Message(BOUNDS[kind][1], value=_shown(detail.get("input")), bound=_shown(bound))
    message = str(detail["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return pydantic_message(kind, context, message[0].lower() + message[1:] if message else message)


_DATE_ERRORS = frozenset({"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"})
BOUNDS = {
    "greater_than_equal": ("ge", "{value} is below the minimum {bound}"),
    "greater_than": ("gt", "{value} must be above {bound}"),
    "less_than_equal": ("le", "{value} is above the maximum {bound}"),
    "less_than": ("lt", "{value} must be below {bound}"),
    "decimal_max_places": ("decimal_places", "{value} has more than {bound} decimal places"),
}


def _shown(value: Any) -> str:
    """A number as people read it (1,000,000,000); anything else as text, cut when long."""
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if number and abs(value) < 10**30 and value == int(value):  # never int() of 1E+999999
        return f"{int(value):,}"
    text = str(value)
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text):,} characters)"


def _partial_meaning_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Meaning checks on the pieces that validated, so one bad piece does not hide the rest."""
    context = data.get("context") if isinstance(data.get("context"), dict) else {}
    products = data.get("products")
    if not isinstance(products, list):
        return []
    problems: list[tuple[Loc, str]] = []
    for index, product in enumerate(products):
        if isinstance(product, dict):
            parts = _product_parts(product)
            problems.extend(check_product(parts, ("products", index), _clean_context(context)))
    return problems


def _clean_context(context: Any) -> dict[str, list[str]]:
    clean: dict[str, list[str]] = {}
    for key, values in (context or {}).items():
        if isinstance(values, list):
            clean[str(key)] = [str(value) for value in values]
    return clean


def _product_parts(product: dict[str, Any]) -> ProductParts:
    modules = _list(product.get("modules"))
    module_ids: list[str | None] = []
    attributes: list[list[Attribute | None]] = []
    broken: set[str] = set()
    for module in modules:
        raw = module.get("attributes") if isinstance(module, dict) else None
        module_ids.append(str(module["id"]) if isinstance(module, dict) and "id" in module else None)
        items = [_try(_ATTRIBUTE, item) for item in (raw if isinstance(raw, list) else [])]
        for item, parsed in zip(raw if isinstance(raw, list) else [], items, strict=True):
            if parsed is None and isinstance(item, dict) and "id" in item:
                broken.add(str(item["id"]))
        attributes.append(items)
    properties = product.get("base_properties")
    return ProductParts(
        id=str(product.get("id", "?")),
        base_properties=set(map(str, properties)) if isinstance(properties, dict) else set(),
        module_ids=module_ids,
        modules=attributes,
        rules=[_try(_RULE, item) for item in _list(product.get("rules"))],
        price_rules=[_try(_PRICE_RULE, item) for item in _list(product.get("price_rules"))],
        broken_attribute_ids=broken,
        designs=[str(module) for module in _list(product.get("designs"))],
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _try(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None
