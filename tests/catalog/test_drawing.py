"""A product's drawing in its catalog: which drawing, the attributes feeding it, refused with its place when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.catalog import Catalog, CatalogError, load_catalog, load_catalog_text
from app.catalog.drawing import DRAWINGS, Drawing

CATALOG = """\
id: demo
products:
  - id: trousers
    drawing:
      name: {name}
      attributes: {{fit: cut, {shown}: wash}}
    modules:
      - id: style
        attributes:
          - {{id: cut, kind: one_of, options: [{{id: classic}}, {{id: tapered}}]}}
          - {{id: wash, kind: one_of, options: [{{id: rinse}}, {{id: black}}]}}
"""
# The drawing's attributes are on line 6; `fit` at column 20, the second key after it.


def load(name: str = "jeans", shown: str = "wash", filename: str = "demo.yaml") -> Catalog:
    return load_catalog_text(CATALOG.format(name=name, shown=shown), filename)


def test_a_product_names_its_drawing_and_what_feeds_it() -> None:
    catalog = load()
    drawing = catalog.product("trousers").drawing
    assert drawing is not None
    assert drawing == Drawing(name="jeans", attributes={"fit": "cut", "wash": "wash"})
    assert drawing.shown({"cut": "tapered", "wash": "", "other": "x"}) == {"fit": "tapered"}


def test_a_drawing_that_names_an_unknown_attribute_is_refused_with_file_line_and_field() -> None:
    text = CATALOG.format(name="jeans", shown="wash").replace("fit: cut", "fit: leg")
    with pytest.raises(CatalogError) as raised:
        load_catalog_text(text, "demo.yaml")
    (issue,) = raised.value.issues
    assert (issue.file, issue.line, issue.path) == ("demo.yaml", 6, "products[0].drawing.attributes.fit")
    assert issue.message == "unknown attribute 'leg' in product 'trousers'"
    assert str(issue).startswith("demo.yaml:6:")


def test_a_drawing_shows_only_what_it_can() -> None:
    with pytest.raises(CatalogError) as raised:
        load(shown="sleeves")
    (issue,) = raised.value.issues
    assert (issue.line, issue.path) == (6, "products[0].drawing.attributes.sleeves")
    assert issue.message.startswith("drawing 'jeans' shows no 'sleeves' (it shows fit, opening,")


def test_an_unknown_drawing_is_refused() -> None:
    with pytest.raises(CatalogError) as raised:
        load(name="kilt")
    (issue,) = raised.value.issues
    assert (issue.line, issue.path) == (5, "products[0].drawing.name")
    assert issue.message == "unknown drawing 'kilt' (expected jeans)"


def test_a_drawing_needs_something_to_show() -> None:
    text = CATALOG.format(name="jeans", shown="wash").replace("{fit: cut, wash: wash}", "{}")
    with pytest.raises(CatalogError) as raised:
        load_catalog_text(text, "demo.yaml")
    assert [issue.path for issue in raised.value.issues] == ["products[0].drawing.attributes"]


def test_the_shipped_jeans_feed_everything_their_drawing_shows() -> None:
    jeans = load_catalog(Path(__file__).resolve().parents[2] / "catalog" / "jeans.yaml").product("jeans")
    assert jeans.drawing is not None
    assert tuple(jeans.drawing.attributes) == DRAWINGS["jeans"]
    assert set(jeans.drawing.attributes.values()) <= set(jeans.attribute_index)
