"""The hand-drawn SVG pictures of templates/_drawings.html: well-formed, following the choices, accessible."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from app.catalog import Catalog, Product, load_catalog
from app.catalog.attributes import ManyOf, Numeric, OneOf, YesNo
from app.web.templating import get_templates

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]

Render = Callable[..., str]


@pytest.fixture(scope="module")
def env() -> Environment:
    """The app's own Jinja environment (autoescape, trim_blocks and default undefined, as the pages have)."""
    return get_templates().env


@pytest.fixture(scope="module")
def drawings(env: Environment) -> Any:
    """The macros of _drawings.html."""
    return env.get_template("_drawings.html").module


@pytest.fixture(scope="module")
def catalogs() -> list[Catalog]:
    """Every shipped catalog."""
    return [load_catalog(path) for path in sorted((ROOT / "catalog").glob("*.yaml"))]


@pytest.fixture(scope="module")
def jeans_product(catalogs: list[Catalog]) -> Product:
    """The jeans of catalog/jeans.yaml."""
    (catalog,) = [catalog for catalog in catalogs if catalog.id == "jeans"]
    return catalog.product("jeans")


def svg(markup: object) -> ET.Element:
    """The parsed picture; fails unless the output is one well-formed SVG element."""
    root = ET.fromstring(str(markup).strip())
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    return root


def body(drawing: ET.Element) -> ET.Element:
    """The jeans' silhouette."""
    found = drawing.find(f"{SVG}path[@class='jeans-body']")
    assert found is not None
    return found


def option_ids(product: Product, attribute_id: str) -> list[str]:
    """The option ids of one of the product's attributes."""
    attribute = product.attribute(attribute_id)
    assert isinstance(attribute, OneOf | ManyOf)
    return [option.id for option in attribute.options]


def defaults(product: Product) -> dict[str, object]:
    """The product's default choices, as the configurator starts with them."""
    chosen: dict[str, object] = {}
    for attribute in product.attributes():
        if isinstance(attribute, OneOf | YesNo | Numeric) and attribute.default is not None:
            chosen[attribute.id] = attribute.default
    return chosen


def points(path_data: str) -> Iterator[tuple[float, float]]:
    """The (x, y) pairs of a path made of absolute M, L, Q and C commands."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path_data)]
    assert re.fullmatch(r"[MLQCZ0-9.\s-]+", path_data)
    assert len(numbers) % 2 == 0
    yield from zip(numbers[::2], numbers[1::2], strict=True)


# ------------------------------------------------------------------------------------------------ the jeans


def test_an_empty_selection_draws_the_default_jeans(drawings: Any, jeans_product: Product) -> None:
    empty = svg(drawings.jeans({}))
    assert empty.get("role") == "img"
    assert ET.tostring(empty) == ET.tostring(svg(drawings.jeans(defaults(jeans_product))))
    assert (empty.get("data-fit"), empty.get("data-opening"), empty.get("data-wash")) == (
        "classic",
        "boot_cut",
        "rinse",
    )


@pytest.mark.parametrize("selection", [None, "jeans", 42, [], {"fit": None, "addons": None}])
def test_a_selection_that_is_not_a_mapping_or_is_empty_draws_the_default(drawings: Any, selection: object) -> None:
    assert ET.tostring(svg(drawings.jeans(selection))) == ET.tostring(svg(drawings.jeans({})))


def test_an_undefined_selection_is_drawn_with_the_default_undefined(env: Environment, drawings: Any) -> None:
    template = env.from_string('{% from "_drawings.html" import jeans %}{{ jeans(sel) }}')
    assert ET.tostring(svg(template.render())) == ET.tostring(svg(drawings.jeans({})))
    assert svg(template.render(sel={"fit": "tapered"})).get("data-fit") == "tapered"


def test_unknown_values_fall_back_to_the_defaults(drawings: Any) -> None:
    odd = {
        "fit": "bogus",
        "opening": ["nope"],
        "bagginess": {"x": 1},
        "wash": 7,
        "closure": "",
        "waist": "abc",
        "seat": "nan",
        "inseam": [],
        "addons": "nonsense, more",
        "gift_wrap": "maybe",
        "not_an_attribute": "x",
    }
    assert ET.tostring(svg(drawings.jeans(odd))) == ET.tostring(svg(drawings.jeans({})))


def test_values_may_be_strings_numbers_or_lists(drawings: Any) -> None:
    as_list = svg(drawings.jeans({"fit": ["tapered"], "inseam": [Decimal("34.5")], "addons": ["rivet_upgrade"]}))
    as_text = svg(drawings.jeans({"fit": " Tapered ", "inseam": "34.5", "addons": "rivet_upgrade"}))
    as_number = svg(drawings.jeans({"fit": "tapered", "inseam": 34.5, "addons": {"rivet_upgrade": True}}))
    assert ET.tostring(as_list) == ET.tostring(as_text) == ET.tostring(as_number)
    assert "inseam 34.5 in" in as_list.get("aria-label", "")


def test_every_option_of_the_catalog_is_drawn_as_itself(drawings: Any, jeans_product: Product) -> None:
    for attribute_id in ["fit", "opening", "bagginess", "closure", "wash"]:
        for option_id in option_ids(jeans_product, attribute_id):
            drawing = svg(drawings.jeans({attribute_id: option_id}))
            assert drawing.get(f"data-{attribute_id}") == option_id, (attribute_id, option_id)


@pytest.mark.parametrize("attribute_id", ["fit", "opening", "bagginess"])
def test_each_cut_gives_a_different_silhouette(drawings: Any, jeans_product: Product, attribute_id: str) -> None:
    outlines = {
        option_id: body(svg(drawings.jeans({attribute_id: option_id}))).get("d")
        for option_id in option_ids(jeans_product, attribute_id)
    }
    assert len(set(outlines.values())) == len(outlines), outlines


def test_the_opening_widens_the_hem(drawings: Any) -> None:
    def hem_width(opening: str) -> float:
        xs = [x for x, y in points(body(svg(drawings.jeans({"opening": opening}))).get("d", "")) if y > 250]
        return max(xs) - min(xs)

    assert hem_width("boot_cut") < hem_width("wide") < hem_width("flare")


def test_bagginess_and_fit_change_the_leg_width(drawings: Any) -> None:
    def width(selection: dict[str, str]) -> float:
        xs = [x for x, y in points(body(svg(drawings.jeans(selection))).get("d", "")) if 150 < y < 200]
        return max(xs) - min(xs)

    widths = [width({"bagginess": b}) for b in ["skinny", "slim", "regular", "loose", "baggy"]]
    assert widths == sorted(widths)
    assert width({"fit": "tapered"}) < width({"fit": "classic"}) < width({"fit": "relaxed"})


def test_the_wash_colours_the_denim_from_light_to_black(drawings: Any, jeans_product: Product) -> None:
    def lightness(wash: str) -> int:
        fill = body(svg(drawings.jeans({"wash": wash}))).get("fill", "")
        assert re.fullmatch(r"#[0-9a-f]{6}", fill)
        return sum(int(fill[i : i + 2], 16) for i in (1, 3, 5))

    washes = option_ids(jeans_product, "wash")
    assert len({lightness(wash) for wash in washes}) == len(washes)
    assert lightness("stonewash") > lightness("rinse") > lightness("raw")
    assert lightness("black") < lightness("rinse")


def test_low_cut_lowers_the_waistband(drawings: Any) -> None:
    def top(fit: str) -> float:
        return min(y for _, y in points(body(svg(drawings.jeans({"fit": fit}))).get("d", "")))

    assert top("low_cut") > top("classic")


def test_a_longer_inseam_draws_longer_legs(drawings: Any) -> None:
    def bottom(inseam: object) -> float:
        return max(y for _, y in points(body(svg(drawings.jeans({"inseam": inseam}))).get("d", "")))

    assert bottom(26) < bottom(32) < bottom(38)
    assert bottom(99) == bottom(38)
    assert bottom(-5) == bottom(26)


def test_every_add_on_shows_in_the_drawing(drawings: Any, jeans_product: Product) -> None:
    plain = ET.tostring(svg(drawings.jeans({})))
    seen = {plain}
    for option_id in option_ids(jeans_product, "addons"):
        drawing = ET.tostring(svg(drawings.jeans({"addons": [option_id]})))
        assert drawing not in seen, option_id
        seen.add(drawing)
    assert ET.tostring(svg(drawings.jeans({"gift_wrap": "yes"}))) != plain


def test_details_are_drawn_where_they_belong(drawings: Any) -> None:
    def classes(selection: dict[str, object]) -> set[str]:
        return {element.get("class", "") for element in svg(drawings.jeans(selection)).iter()}

    assert {"waistband", "belt-loops", "fly", "coin-pocket", "rivets", "button", "zip-pull"} <= classes({})
    assert "fly-buttons" in classes({"closure": "buttoned"})
    assert "zip-pull" not in classes({"closure": "buttoned"})
    assert "phone-pocket" in classes({"addons": ["phone_pocket"]})
    assert "initials" in classes({"addons": ["initials"]})
    assert "gift-tag" in classes({"gift_wrap": "yes"})
    assert "gift-tag" not in classes({"gift_wrap": "no"})


def test_copper_rivets_change_the_metal(drawings: Any) -> None:
    def rivet_fill(selection: dict[str, object]) -> str | None:
        rivets = svg(drawings.jeans(selection)).find(f"{SVG}g[@class='rivets']")
        assert rivets is not None
        assert len(rivets.findall(f"{SVG}circle")) >= 4
        return rivets.get("fill")

    assert rivet_fill({}) != rivet_fill({"addons": ["rivet_upgrade"], "closure": "buttoned"})


def test_the_stitching_follows_the_wash(drawings: Any) -> None:
    def stitches(wash: str) -> set[str]:
        drawing = svg(drawings.jeans({"wash": wash}))
        return {e.get("stroke", "") for e in drawing.iter() if e.get("stroke-dasharray")}

    assert stitches("black") != stitches("rinse")


def test_the_label_names_the_choices(drawings: Any) -> None:
    selection = {
        "fit": "tapered",
        "opening": "flare",
        "bagginess": "slim",
        "closure": "buttoned",
        "wash": "black",
        "waist": 30,
        "inseam": Decimal("33.5"),
        "addons": ["initials", "rivet_upgrade", "turn_up_hem"],
        "gift_wrap": "yes",
    }
    drawing = svg(drawings.jeans(selection))
    label = drawing.get("aria-label", "")
    for words in ["tapered", "flared", "slim", "button fly", "black", "waist 30 in", "inseam 33.5 in"]:
        assert words in label, words
    for words in ["embroidered initials", "copper rivets", "turn-up hem", "gift wrapped"]:
        assert words in label, words
    title = drawing.find(f"{SVG}title")
    assert title is not None
    assert title.text == label


def test_a_label_can_be_given_and_is_escaped(drawings: Any) -> None:
    drawing = svg(drawings.jeans({}, label='Vaqueros <a medida> & "más"'))
    assert drawing.get("aria-label") == 'Vaqueros <a medida> & "más"'


def test_each_drawing_can_have_its_own_ids(drawings: Any) -> None:
    first, second = svg(drawings.jeans({})), svg(drawings.jeans({}, uid="preview-2"))
    ids = [{e.get("id") for e in d.iter() if e.get("id")} for d in (first, second)]
    assert ids[0]
    assert ids[1]
    assert not ids[0] & ids[1]


@pytest.mark.parametrize(
    "selection",
    [
        {"fit": "relaxed", "bagginess": "baggy", "opening": "flare", "waist": 47, "seat": 49, "inseam": 38},
        {"fit": "tapered", "bagginess": "skinny", "opening": "boot_cut", "waist": 26, "seat": 32, "inseam": 26},
        {"fit": "low_cut", "bagginess": "baggy", "opening": "wide", "waist": 47, "seat": 32, "gift_wrap": "yes"},
    ],
)
def test_the_jeans_stay_inside_the_picture(drawings: Any, selection: dict[str, object]) -> None:
    drawing = svg(drawings.jeans({**selection, "addons": ["turn_up_hem", "phone_pocket", "initials"]}))
    _, _, width, height = (float(n) for n in drawing.get("viewBox", "").split())
    for x, y in points(body(drawing).get("d", "")):
        assert 0 <= x <= width
        assert 0 <= y <= height
    for element in drawing.iter():
        for name in ("x", "cx"):
            if element.get(name) is not None:
                assert 0 <= float(element.get(name, "")) <= width, ET.tostring(element)


# ------------------------------------------------------------------------------------------------ the icons


@pytest.mark.parametrize(("macro", "attributes"), [("opening_icon", ["opening"]), ("fit_icon", ["fit", "bagginess"])])
def test_one_leg_icons_differ_per_option(
    drawings: Any, jeans_product: Product, macro: str, attributes: list[str]
) -> None:
    icon = getattr(drawings, macro)
    for attribute_id in attributes:
        drawn: dict[str, bytes] = {}
        for option_id in option_ids(jeans_product, attribute_id):
            picture = svg(icon(option_id))
            assert picture.get("aria-hidden") == "true"
            assert picture.get("role") is None
            assert picture.get("data-value") == option_id
            assert "currentColor" in ET.tostring(picture).decode()
            outline = picture.find(f"{SVG}path")
            assert outline is not None
            drawn[option_id] = ET.tostring(outline)
        assert len(set(drawn.values())) == len(drawn), attribute_id


def test_icons_of_unknown_values_fall_back(env: Environment, drawings: Any) -> None:
    assert svg(drawings.opening_icon("bogus")).get("data-value") == "boot_cut"
    assert svg(drawings.fit_icon(None)).get("data-value") == "classic"
    template = env.from_string('{% from "_drawings.html" import opening_icon, fit_icon %}{{ opening_icon(x) }}')
    assert svg(template.render()).get("data-value") == "boot_cut"
    assert svg(drawings.opening_icon(["flare"])).get("data-value") == "flare"


def test_every_product_of_the_catalogs_has_its_picture(drawings: Any, catalogs: list[Catalog]) -> None:
    kinds = {}
    for catalog in catalogs:
        for product in catalog.products:
            picture = svg(drawings.product_icon(product.id))
            assert picture.get("role") == "img"
            assert picture.get("aria-label")
            title = picture.find(f"{SVG}title")
            assert title is not None
            assert title.text == picture.get("aria-label")
            kinds[product.id] = picture.get("data-kind")
    assert kinds["jeans"] == "jeans"
    assert kinds["bike"] == "bike"
    assert kinds["connectivity"] == "connectivity"
    assert "box" not in kinds.values()


def test_other_products_get_a_parcel(env: Environment, drawings: Any) -> None:
    assert svg(drawings.product_icon("mug")).get("data-kind") == "box"
    assert svg(drawings.product_icon("laptop")).get("data-kind") == "laptop"
    assert svg(drawings.product_icon("mug", label="Custom mug")).get("aria-label") == "Custom mug"
    template = env.from_string('{% from "_drawings.html" import product_icon %}{{ product_icon(p) }}')
    assert svg(template.render()).get("data-kind") == "box"


def test_the_stylesheet_styles_every_class(drawings: Any) -> None:
    css = (ROOT / "app" / "static" / "css" / "drawings.css").read_text()
    for name in ["drawing", "jeans-drawing", "leg-icon", "product-icon"]:
        assert f".{name}" in css, name
    assert "var(--denim" in css


# --- the drawing as an image of its own -------------------------------------------------------


def test_the_configurator_links_the_drawing_of_the_choices_it_shows() -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    client = TestClient(create_app())
    page = client.get(
        "/configure/jeans/jeans", params={"fit": "tapered", "wash": "black", "service": "care_plan", "lang": "es"}
    )
    img = re.search(r'<img class="drawing jeans-drawing"[^>]*src="([^"]+)"\s+alt="([^"]+)">', page.text)
    assert img, "the page shows the drawing as an image with its text alternative"
    assert img.group(2) == "Vaqueros a medida: Cónico, Negro"
    src = img.group(1).replace("&amp;", "&")
    assert "service" not in src, "only what the drawing shows is in its address"
    drawn = client.get(src)
    assert drawn.status_code == 200
    assert drawn.headers["content-type"] == "image/svg+xml"
    assert "max-age" in drawn.headers["cache-control"]
    root = ET.fromstring(drawn.text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-label") == "Vaqueros a medida: Cónico, Negro"
    assert root.get("data-fit") == "tapered"
    assert root.get("data-wash") == "black"


def test_a_drawing_that_cannot_be_made_says_why() -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    client = TestClient(create_app())
    assert client.get("/configure/bikes/bike/drawing.svg").status_code == 404
    bad = client.get("/configure/jeans/jeans/drawing.svg", params={"waist": "wide"})
    assert bad.status_code == 422
    assert "Waist: &#39;wide&#39; is not a number" in bad.text


# --- drawings named by the catalog --------------------------------------------------------------


def test_every_drawing_a_catalog_may_name_has_a_picture(env: Environment) -> None:
    from app.catalog.drawing import DRAWINGS
    from app.web.drawings import PICTURES

    assert set(PICTURES) == set(DRAWINGS)
    macros = env.get_template("_drawings.html").module
    for name, picture in PICTURES.items():
        assert callable(getattr(macros, name))
        assert all(callable(getattr(macros, icon)) for icon in picture.icons.values())
        assert set(picture.icons) <= set(DRAWINGS[name])


def test_the_catalog_says_which_attributes_feed_the_drawing_and_its_icons() -> None:
    from app.catalog import load_catalog_text
    from app.web.drawings import drawn, drawn_query, has_drawing, option_icon

    text = """\
id: demo
products:
  - id: trousers
    drawing: {name: jeans, attributes: {fit: cut, wash: colour}}
    modules:
      - id: style
        attributes:
          - {id: cut, kind: one_of, options: [{id: classic}, {id: tapered}]}
          - {id: colour, kind: one_of, options: [{id: rinse}, {id: black}]}
          - {id: fit, kind: one_of, options: [{id: classic}]}
  - id: plain
    modules: [{id: m, attributes: [{id: fit, kind: one_of, options: [{id: classic}]}]}]
"""
    catalog = load_catalog_text(text)
    trousers, plain = catalog.product("trousers"), catalog.product("plain")
    assert has_drawing(trousers)
    assert not has_drawing(plain)
    choices = {"cut": "tapered", "colour": "black", "fit": "classic"}
    assert drawn(trousers, choices) == {"cut": "tapered", "colour": "black"}
    assert drawn_query(trousers, choices) == "cut=tapered&colour=black"
    assert drawn(plain, choices) == {}
    assert 'class="leg-icon leg-icon-fit"' in option_icon(trousers, "cut", "tapered")
    assert option_icon(trousers, "fit", "classic") == ""
    assert option_icon(trousers, "colour", "black") == ""
    assert option_icon(plain, "fit", "classic") == ""
