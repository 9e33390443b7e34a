"""Printing an analysis or a diff for `tailor catalog check` and `tailor catalog diff`, placed in the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from app.analysis import CatalogAnalysis, Finding
from app.analysis.diff import CatalogDiff
from app.catalog.errors import CatalogIssue, Loc, format_path
from app.catalog.limits import FileTooLargeError, read_bounded
from app.catalog.source import SourceSyntaxError, parse
from app.cli.output import console, errors

Place = Callable[[Loc, str], CatalogIssue]


def placer(file: str) -> Place:
    """A function placing a message at a document path of `file` (file:line:column: path: message)."""
    try:
        source = parse(read_bounded(Path(file)).decode("utf-8"))
    except (OSError, UnicodeDecodeError, FileTooLargeError, SourceSyntaxError):
        return lambda loc, message: CatalogIssue(file, None, None, format_path(loc), message)
    return lambda loc, message: CatalogIssue(file, *source.position(loc), format_path(loc), message)


def merged(findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Findings with the values of one numeric attribute that share kind, contexts and causes merged into one."""
    groups: dict[tuple[Any, ...], tuple[Finding, list[str]]] = {}
    for finding in findings:
        where = finding.location
        numeric = where.option is not None and len(where.path) > 1 and where.path[-2] == "attributes"
        option = None if numeric else where.option
        key = (finding.kind, where.product, where.path, finding.contexts, finding.causes, where.rule, option)
        groups.setdefault(key, (finding, []))[1].append(where.option or "")
    return list(groups.values())


def said(finding: Finding, values: list[str]) -> str:
    """The finding's message, with every merged value and the rules behind it."""
    message = finding.message
    if len(values) > 1:
        first = f"option '{values[0]}' of"
        message = message.replace(first, f"values {', '.join(values)} of", 1).replace(" is in ", " are in ", 1)
    rules = [c.rule for c in finding.causes if c.rule is not None]
    if rules and finding.kind != "redundant_rule" and finding.kind != "rule_never_binds":
        message += f" (because of {', '.join(repr(r) for r in rules)})"
    return message


def print_findings(file: str, analysis: CatalogAnalysis, *, least: str = "warning") -> int:
    """Print the findings at least as severe as `least`, placed in `file`; the number of errors."""
    place = placer(file)
    shown = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info")}[least]
    found = [f for f in analysis.findings() if f.severity in shown]
    for finding, values in merged(found):
        issue = place(finding.location.path, said(finding, values))
        colour = {"error": "red", "warning": "yellow", "info": "blue"}[finding.severity]
        errors.print(f"[{colour}]{finding.severity}:[/{colour}] {escape(str(issue))}", soft_wrap=True)
    for part in analysis.not_computed():
        errors.print(f"[yellow]note:[/yellow] {escape(f'{part.product}: {part.part} not computed: {part.why}')}")
    return sum(1 for f in found if f.severity == "error")


def findings_json(file: str, analysis: CatalogAnalysis) -> list[dict[str, Any]]:
    """Every finding as JSON, with its document path and its line and column in `file`."""
    place = placer(file)
    return [
        {
            "kind": f.kind,
            "severity": f.severity,
            "product": f.location.product,
            "field": f.location.field,
            "line": (where := place(f.location.path, "")).line,
            "column": where.column,
            "rule": f.location.rule,
            "attribute": f.location.attribute,
            "option": f.location.option,
            "message": f.message,
            "causes": [c.rule for c in f.causes],
            "contexts": list(f.contexts),
        }
        for f in analysis.findings()
    ]


def print_diff(before_file: str, after_file: str, diff: CatalogDiff) -> None:
    """The structural changes (placed in the file each part is in), price changes and counts per context."""
    old, new = placer(before_file), placer(after_file)
    for change in diff.changes:
        where = new(change.after, "") if change.after is not None else old(change.before or (), "")
        fields = ", ".join(f.field for f in change.fields)
        text = f"{change.change} {change.part} '{change.id}'" + (f": {fields}" if fields else "")
        console.print(f"{escape(str(where).rstrip(': '))}: {escape(text)}", soft_wrap=True)
    for price in diff.prices:
        console.print(
            f"price {price.product}/{price.attribute}/{price.option}: {price.price_before} -> {price.price_after}"
            f" (cost {price.cost_before} -> {price.cost_after})"
        )
    for product in diff.products:
        table = Table(
            "context", "before", "after", "valid before, not after", "valid after, not before", "availability"
        )
        for delta in product.groups:
            moved = [f"-{a}:{','.join(v)}" for a, v in delta.unavailable.items()]
            moved += [f"+{a}:{','.join(v)}" for a, v in delta.available.items()]
            table.add_row(
                delta.group.describe(),
                *(f"{t.count:,}" if t is not None else "-" for t in (delta.before, delta.after)),
                *(f"{n:,}" if n is not None else (delta.note or "-") for n in (delta.removed, delta.added)),
                " ".join(moved),
            )
        console.print(f"product {product.product}" + (" (on shared attributes)" if product.projected_on else ""))
        console.print(table)
        for part in product.not_computed:
            errors.print(f"[yellow]note:[/yellow] {escape(f'{part.product}: {part.part} not computed: {part.why}')}")
