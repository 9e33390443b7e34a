"""Each finding of the analysis on a tiny hand-made catalog, with its place in the document."""

from __future__ import annotations

from app.analysis import AnalysisBudget, analyse_catalog
from app.analysis.results import Finding
from tests.analysis.catalogs import ON, tiny


def findings(*rules: str, kind: str | None = None) -> list[Finding]:
    return [f for f in analyse_catalog(tiny(*rules), ON).findings() if kind is None or f.kind == kind]


def test_a_catalog_without_rules_has_nothing_to_say() -> None:
    analysis = analyse_catalog(tiny(), ON)
    assert analysis.findings() == []
    (group,) = analysis.products[0].groups
    assert group.satisfiable
    assert group.count is not None
    assert group.count.count == 3 * 2 * 4 * 4
    assert {m: t.count for m, t in group.modules.items()} == {"style": 6, "extras": 16}


def test_a_dead_option_names_the_rule_that_kills_it_and_its_place() -> None:
    (dead,) = findings("no_green", kind="dead_option")
    assert (dead.location.attribute, dead.location.option) == ("colour", "green")
    assert dead.location.path == ("products", 0, "modules", 0, "attributes", 0, "options", 2)
    assert [c.rule for c in dead.causes] == ["no_green"]
    assert dead.causes[0].location is not None
    assert dead.causes[0].location.path == ("products", 0, "rules", 0)
    assert dead.severity == "warning"
    assert dead.contexts == ()


def test_dead_by_a_combination_of_rules() -> None:
    dead = findings("no_green", "red_round", "blue_pointed", kind="dead_option")
    assert {(f.location.attribute, f.location.option) for f in dead} == {("colour", "green")}
    forced = findings("no_red", "no_green", "blue_pointed", kind="forced_option")
    assert {(f.location.attribute, f.location.option) for f in forced} == {("colour", "blue"), ("collar", "pointed")}


def test_an_empty_product_is_an_error_with_a_minimal_conflict() -> None:
    (empty,) = findings("no_red", "no_green", "no_blue", "small", kind="unsatisfiable")
    assert empty.severity == "error"
    assert empty.location.path == ("products", 0)
    assert {c.rule for c in empty.causes} == {"no_red", "no_green", "no_blue"}


def test_forced_many_of_option_and_numeric_value() -> None:
    forced = findings("always_pocket", kind="forced_option")
    assert {(f.location.attribute, f.location.option) for f in forced} == {("extras", "pocket")}


def test_eligibility_makes_an_option_unavailable_only_in_some_contexts() -> None:
    analysis = analyse_catalog(tiny("badge_gold"), ON)
    (dead,) = analysis.findings("dead_option")
    assert dead.severity == "info"
    assert dead.contexts
    groups = analysis.products[0].groups
    assert {g.group.index for g in groups if "extras" in g.dead} == set(dead.contexts)
    gold = next(g for g in groups if g.group.representative == {"tier": "gold"})
    assert "extras" not in gold.dead


def test_redundant_and_never_binding_rules() -> None:
    found = {f.location.rule: f.kind for f in findings("red_round", "not_blue_round", "blue_pointed", "size_anything")}
    assert found["size_anything"] == "rule_never_binds"
    assert found["not_blue_round"] == "redundant_rule" or found["blue_pointed"] == "redundant_rule"
    assert "red_round" not in found
    vacuous = {f.location.rule: f.kind for f in findings("no_green", "green_small")}
    assert vacuous == {"green_small": "rule_never_binds"} or vacuous.get("green_small") == "rule_never_binds"


def test_rules_past_the_budget_are_said_not_computed() -> None:
    budget = AnalysisBudget(rule_work=0, breaks=0)
    analysis = analyse_catalog(tiny("red_round", "no_green"), ON, budget=budget)
    (skipped,) = analysis.not_computed()
    assert skipped.part == "redundant rules"
    assert "red_round" in skipped.why


def test_progress_is_reported() -> None:
    steps: list[tuple[str, int, int]] = []
    analyse_catalog(tiny("red_round", "badge_gold"), ON, progress=lambda s, d, t: steps.append((s, d, t)))
    assert steps
    assert steps[0][0].startswith("compiling")
