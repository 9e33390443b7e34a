"""The configurator page: full page and htmx fragment, valid and disabled options with reasons,
the conflict panel with repairs that apply in one click, the price panel, bad input."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.main import create_app

client = TestClient(create_app())
JEANS = "/configure/jeans/jeans"


def test_full_page_has_every_module_counts_and_price() -> None:
    page = client.get(JEANS, params={"fit": "classic", "waist": "32"})
    assert page.status_code == 200
    assert "<html" in page.text
    for module in ("Style", "Size"):
        assert module in page.text
    assert "824,365,296" in page.text
    assert "still match your choices" in page.text
    assert re.search(r'value="classic"\s+checked', page.text)
    assert "Your price" in page.text
    assert "€89.00" in page.text


def test_fragment_is_only_the_configurator_block() -> None:
    fragment = client.get(JEANS, params={"fit": "classic"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<header class="config-head">')
    assert '<form class="config-form"' in fragment.text
    assert 'hx-target="#configurator"' in fragment.text


def test_excluded_options_stay_visible_disabled_with_the_rules_message() -> None:
    page = client.get(JEANS, params={"inseam": "28"})
    hem = re.search(r'<label class="option is-disabled"[^>]*>\s*<input type="checkbox" name="addons" '
                    r'value="turn_up_hem"[^>]*disabled[^>]*>.*?</label>', page.text, re.S)  # fmt: skip
    assert hem, "the turn-up hem is shown, disabled"
    assert "A turn-up hem needs an inseam of 30 in or more." in hem.group(0)
    assert 'aria-describedby="r-addons-turn_up_hem"' in hem.group(0)


def test_a_clash_opens_the_conflict_panel_with_one_click_repairs() -> None:
    page = client.get(JEANS, params={"inseam": "28", "addons": "turn_up_hem"})
    assert "These choices do not go together" in page.text
    links = re.findall(r'<a class="button" href="([^"]+)">Change', page.text)
    assert len(links) >= 3
    repaired = client.get(links[0].replace("&amp;", "&"))
    assert "These choices do not go together" not in repaired.text
    assert "Your price" in repaired.text


def test_bad_input_is_reported_on_the_page_never_a_500() -> None:
    page = client.get(JEANS, params={"inseam": "long", "fit": "nonsense", "waist": "99"})
    assert page.status_code == 200
    assert "Inseam: &#39;long&#39; is not a number" in page.text
    assert "Leg cut: there is no option &#39;nonsense&#39;" in page.text
    assert "Waist: 99 is outside" in page.text
    missing = client.get("/configure/jeans/kilt")
    assert missing.status_code == 404
    assert "has no product &#39;kilt&#39;" in missing.text
    assert client.get("/configure/nope/jeans").status_code == 404


def test_every_shipped_product_has_a_configurator_linked_from_home() -> None:
    home = client.get("/")
    links = set(re.findall(r'href="(/configure/[^"]+)"', home.text)) or set(
        re.findall(r'href="https?://[^/]+(/configure/[^"]+)"', home.text)
    )
    assert len(links) >= 3
    for link in links:
        assert client.get(link).status_code == 200, link


def test_complete_it_for_me_offers_three_priced_configurations_within_budget() -> None:
    page = client.get(JEANS, params={"fit": "classic", "_complete": "1", "_budget": "150"})
    assert page.status_code == 200
    offers = re.findall(r'<span class="offer-price">([^<]+)</span>', page.text)
    assert len(offers) == 3
    assert all(float(o.replace("€", "").replace(",", "")) <= 150 for o in offers)
    use = re.findall(r'<a class="button" href="([^"]+)">Use this</a>', page.text)
    chosen = client.get(use[0].replace("&amp;", "&"))
    assert "These choices do not go together" not in chosen.text
    assert "0</strong> still match" not in chosen.text
    too_low = client.get(JEANS, params={"_complete": "1", "_budget": "1"})
    assert "Nothing fits the choices made within 1 EUR" in too_low.text
    bad = client.get(JEANS, params={"_complete": "1", "_budget": "lots"})
    assert "budget: &#39;lots&#39; is not an amount" in bad.text


def test_the_page_counts_the_seeds_1485000_jeans_and_everything_else() -> None:
    page = TestClient(create_app()).get("/configure/jeans/jeans")
    counts = re.sub(r"\s+", " ", page.text.split('<p class="counts">', 1)[1].split("</p>", 1)[0])
    assert "<strong>1,485,000</strong> combinations of style and size" in counts
    assert "<strong>824,365,296</strong> with everything else" in counts


def test_a_conflict_offers_to_take_back_the_clashing_pick() -> None:
    client = TestClient(create_app())
    page = client.get("/configure/jeans/jeans", params={"inseam": "28", "addons": "turn_up_hem"})
    back = re.search(r'<p class="take-back"><a class="button secondary" href="([^"]+)">([^<]+)</a>', page.text)
    assert back, "the way back is offered next to the repairs"
    assert back.group(2) == "Take back Extras: Turn-up hem"
    after = client.get(back.group(1).replace("&amp;", "&"))
    assert 'class="conflict"' not in after.text
    inseam = re.search(r'name="inseam" inputmode="decimal"[^>]*value="([^"]*)"', after.text)
    assert inseam
    assert inseam.group(1) == "28"


def test_the_page_and_its_fragment_lay_out_the_same_partials() -> None:
    visitor = TestClient(create_app())
    params = {"inseam": "28", "addons": "turn_up_hem", "_complete": "1"}
    visitor.get(JEANS)
    page = visitor.get(JEANS, params=params).text
    fragment = visitor.get(JEANS, params=params, headers={"HX-Request": "true"}).text
    inside = page.split('<div id="configurator" class="configurator">', 1)[1].rsplit("</div>", 1)[0]
    assert re.sub(r"\s+", " ", inside).strip() == re.sub(r"\s+", " ", fragment).strip()
    for part in ('class="conflict"', 'class="step"', 'class="drawing-frame"', 'class="price-panel"',
                 'class="complete-panel"', 'class="recognise"'):  # fmt: skip
        assert part in fragment, part
