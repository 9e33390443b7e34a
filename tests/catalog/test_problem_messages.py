"""The loader's problems carry a message template and its values that give back the English message,
so pages can say them in their language; every template has Spanish and Portuguese."""

from __future__ import annotations

import textwrap
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from app.catalog import CatalogError, CatalogIssue, load_catalog_text
from app.catalog.errors import Message
from app.i18n import FOLDER, say
from tests.catalog.problem_templates import problem_templates

CATALOG = """\
id: demo
currency: EUR
products:
  - id: jeans
    base_price: {base_price}
    modules:
      - id: style
        attributes:
          - id: fit
            kind: one_of
            options:
              - {{id: relaxed, price: 100}}
              - {{id: {second}}}
          - id: waist
            kind: numeric
            min: 26
            max: 47
            {waist_extra}
    rules:
      - id: r1
        kind: requires
        then: {{attribute: fit, equals: {rule_option}}}
        message: Fit
"""


def issues(**changes: str) -> list[CatalogIssue]:
    values = {"base_price": "100", "second": "classic", "rule_option": "relaxed", "waist_extra": ""} | changes
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(textwrap.dedent(CATALOG.format(**values)), "demo.yaml")
    return caught.value.issues


def only(**changes: str) -> CatalogIssue:
    found = issues(**changes)
    assert len(found) == 1, [str(issue) for issue in found]
    issue = found[0]
    assert issue.template in problem_templates(), f"not templated: {issue.message}"
    assert (issue.template.format(**issue.values) if issue.values else issue.template) == issue.message
    return issue


def test_a_negative_price_is_a_bound_with_its_values() -> None:
    issue = only(base_price="-5")
    assert issue.message == "-5 is below the minimum 0"
    assert issue.template == "{value} is below the minimum {bound}"
    assert say("es", issue.template, **issue.values) == "-5 está por debajo del mínimo 0"


def test_an_unknown_option_in_a_rule() -> None:
    issue = only(rule_option="skinny")
    assert issue.message == "unknown option 'skinny' for attribute 'fit' (options: relaxed, classic)"
    assert say("pt", issue.template, **issue.values).startswith("opção desconhecida 'skinny' para o atributo 'fit'")


def test_a_duplicate_id() -> None:
    issue = only(second="relaxed")
    assert issue.message == "duplicate option id 'relaxed' (first at products[0].modules[0].attributes[0].options[0])"
    assert say("es", issue.template, **issue.values).startswith("id de opción repetido 'relaxed'")


def test_a_missing_field() -> None:
    issue = only(second="classic}\n              - {price: 3")
    assert issue.message == "missing required field 'id'"
    assert say("es", issue.template, **issue.values) == "falta el campo obligatorio 'id'"


def test_a_validator_and_a_pydantic_type_error() -> None:
    step = only(waist_extra="step: 0")
    assert step.message == "0 must be above 0"
    ranged = only(waist_extra="default: 100")
    assert ranged.message == "default 100 is not a value of 26..47 step 1"
    assert ranged.template == "default {default} is not a value of {min}..{max} step {step}"
    typed = only(waist_extra="unit: [cm]")
    assert typed.message == "input should be a valid string"
    assert say("es", typed.template, **typed.values) == "el valor debe ser un texto"


def test_an_unconverted_message_keeps_its_english_as_template() -> None:
    issue = CatalogIssue("f.yaml", 1, 1, "products", "something new")
    assert (issue.template, dict(issue.values)) == ("something new", {})
    made = CatalogIssue("f.yaml", 1, 1, "products", Message("duplicate key '{key}'", key="id"))
    assert (made.message, made.template, dict(made.values)) == (
        "duplicate key 'id'",
        "duplicate key '{key}'",
        {"key": "id"},
    )
    assert type(made.message) is str


def _places(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", ["es", "pt"])
def test_every_problem_template_is_translated_with_its_places(locale: str) -> None:
    with (FOLDER / locale / "LC_MESSAGES" / "catalog-problems.po").open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    translated = {str(m.id): str(m.string) for m in catalog if isinstance(m.id, str) and m.id and m.string}
    missing = sorted(problem_templates() - set(translated))
    assert not missing, missing
    for template in problem_templates():
        assert _places(translated[template]) == _places(template), template


def test_a_file_limit_is_templated_too() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog_text("a: " + "[" * 120 + "]" * 120, "deep.yaml")
    issue = caught.value.issues[0]
    assert issue.message == "nested deeper than 100 levels"
    assert say("pt", issue.template, **issue.values) == "aninhado a mais de 100 níveis"
