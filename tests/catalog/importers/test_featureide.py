"""FeatureIDE import: the PC configurator with its prices, and small models checked by counting."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from lxml import etree

from app.catalog.attributes import OneOf
from app.catalog.importers import ImportResult, ModelImportError
from app.catalog.importers.featureide import import_featureide, read_featureide
from app.catalog.importers.uvl import import_uvl
from tests.catalog.importers.support import (
    all_options,
    count_configurations,
    count_feature_selections,
    round_trip,
)

SPREY = "feature_models/pc-richmond/Sprey2020.xml"


@pytest.fixture(scope="module")
def sprey(bench_dir: Path) -> ImportResult:
    return import_featureide(bench_dir / SPREY)


def option_prices(result: ImportResult) -> dict[str, int]:
    return {option_id: o.price for option_id, o in all_options(result.catalog.products[0]).items()}


@pytest.mark.bench_data
def test_round_trip_and_counts(sprey: ImportResult, bench_dir: Path, tmp_path: Path) -> None:
    catalog = round_trip(sprey, tmp_path)
    product = catalog.products[0]
    text = (bench_dir / SPREY).read_text(encoding="utf-8")
    tree = etree.parse(str(bench_dir / SPREY))
    groups = sum(
        len(list(tree.iterfind(f".//struct//{tag}")))
        for tag in ("alt", "or")  # every alt and or element of this model has children
    )
    groups += sum(
        1
        for node in tree.iterfind(".//struct//and")
        if any(c.get("mandatory") != "true" and c.tag != "attribute" for c in node)
    )
    assert len(product.attribute_index) == groups
    assert len([rule for rule in product.rules if re.fullmatch(r"c\d+", rule.id)]) == text.count("<rule>")
    assert (catalog.id, product.id, catalog.currency) == ("Sprey2020", "PC RICHMOND F", "EUR")


@pytest.mark.bench_data
def test_prices_in_cents(sprey: ImportResult) -> None:
    product = sprey.catalog.products[0]
    assert product.base_price == 84190  # the root's 841.9 €
    prices = option_prices(sprey)
    assert prices["G4560 Kaby Lake"] == 400
    assert prices["i7-7700K Kaby Lake"] == 17790
    assert prices["1070-Ti Series"] == 49180  # its mandatory child MSI Gaming 8G costs 491.8 €
    assert sum(1 for price in prices.values() if price) > 250
    assert not [note for note in sprey.unmapped if "price" in note]


@pytest.mark.bench_data
def test_every_price_lands_once(sprey: ImportResult, bench_dir: Path) -> None:
    """The catalog's prices add up to the source's (the root's is the base price)."""
    text = (bench_dir / SPREY).read_text(encoding="utf-8")
    total = sum(round(float(v) * 100) for v in re.findall(r'name="Price"[^>]*value="([^"]+)"', text))
    product = sprey.catalog.products[0]
    assert product.base_price + sum(option_prices(sprey).values()) == total


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.xml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


MOBILE_PHONE = """\
<featureModel>
  <struct>
    <and abstract="true" mandatory="true" name="Mobile Phone">
      <description>A phone</description>
      <feature mandatory="true" name="Calls"/>
      <alt mandatory="true" name="Screen">
        <feature name="Basic"/><feature name="Color"/><feature name="High Resolution"/>
      </alt>
      <feature name="GPS"/>
      <or name="Media"><feature name="Camera"/><feature name="MP3"/></or>
    </and>
  </struct>
  <constraints>
    <rule><imp><var>GPS</var><not><var>Basic</var></not></imp></rule>
    <rule><description>camera</description><imp><var>Camera</var><var>High Resolution</var></imp></rule>
  </constraints>
  <comments/>
</featureModel>
"""


def test_plain_feature_model_counts_like_the_source(tmp_path: Path) -> None:
    path = write(tmp_path, MOBILE_PHONE)
    result = import_featureide(path)
    assert result.unmapped == []
    product = result.catalog.products[0]
    assert product.description == "A phone"
    assert count_configurations(product) == count_feature_selections(read_featureide(path)) == 14


@pytest.mark.bench_data
def test_same_catalog_as_the_uvl_model(tmp_path: Path, bench_dir: Path) -> None:
    from_xml = import_featureide(write(tmp_path, MOBILE_PHONE)).catalog.products[0]
    from_uvl = import_uvl(bench_dir / "feature_models/MobilePhone.uvl").catalog.products[0]
    assert from_xml.modules == from_uvl.modules
    assert from_xml.rules == from_uvl.rules


def test_equivalence_and_unmapped_elements(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        <extendedFeatureModel>
          <struct>
            <and name="Root">
              <attribute name="Weight" value="3"/>
              <feature name="A"><attribute name="Price" unit="$" value="2"/></feature>
              <feature name="B"><attribute name="Price" unit="€" value="1.005"/></feature>
            </and>
          </struct>
          <constraints>
            <rule><eq><var>A</var><var>B</var></eq></rule>
            <rule><atmost1><var>A</var><var>B</var></atmost1></rule>
          </constraints>
          <extra/>
        </extendedFeatureModel>
        """,
    )
    result = import_featureide(path)
    assert result.unmapped == [
        "line 5: price of 'A' in $; ignored",
        "line 11: formula element <atmost1> not mapped; its rule is skipped",
        "line 13: element <extra> not mapped",
        "attribute 'Weight' (1 features) not mapped",
        "price 1.005 of 'B' rounded to 101 cents",
    ]
    product = result.catalog.products[0]
    assert [rule.id for rule in product.rules] == ["c1"]
    assert count_configurations(product) == 2  # none or both
    root = product.attribute("Root")
    assert not isinstance(root, OneOf)


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ModelImportError, match=r"model\.xml:3:\d+: not well-formed XML"):
        import_featureide(write(tmp_path, "<featureModel>\n<struct>\n</featureModel>\n"))


def test_not_a_feature_model(tmp_path: Path) -> None:
    with pytest.raises(ModelImportError, match=r"model\.xml:1: expected <featureModel>, found <html>"):
        import_featureide(write(tmp_path, "<html/>"))
    with pytest.raises(ModelImportError, match="exactly one root feature"):
        import_featureide(write(tmp_path, "<featureModel><struct/></featureModel>"))


def test_duplicate_feature_names_are_an_error(tmp_path: Path) -> None:
    body = (
        '<featureModel><struct><and name="R">\n<feature name="A"/>\n<feature name="A"/></and></struct></featureModel>'
    )
    with pytest.raises(ModelImportError, match=r"model\.xml:3: feature name 'A' is used twice"):
        import_featureide(write(tmp_path, body))
