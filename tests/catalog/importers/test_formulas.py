"""Formulas to conditions: constants fold away and atoms on one attribute merge."""

from __future__ import annotations

from app.catalog.importers.features import And, Iff, Implies, Not, Or, Ref, message, render
from app.catalog.importers.formulas import Lit, to_condition

SLOTS: dict[str, Lit] = {
    "Root": True,
    "A": {"attribute": "G", "equals": "A"},
    "B": {"attribute": "G", "equals": "B"},
    "C": {"attribute": "H", "equals": "C"},
}


def condition(expr: object) -> Lit:
    return to_condition(expr, SLOTS.__getitem__)  # type: ignore[arg-type]


def test_negated_atoms_flip_their_operator() -> None:
    assert condition(Not(Ref("A"))) == {"attribute": "G", "not_equals": "A"}
    assert condition(Not(Not(Ref("A")))) == {"attribute": "G", "equals": "A"}


def test_or_on_one_attribute_is_in_and_and_of_negations_is_not_in() -> None:
    assert condition(Or((Ref("A"), Ref("B"), Ref("C")))) == {
        "any": [{"attribute": "G", "in": ["A", "B"]}, {"attribute": "H", "equals": "C"}]
    }
    assert condition(And((Not(Ref("A")), Not(Ref("B"))))) == {"attribute": "G", "not_in": ["A", "B"]}
    assert condition(Not(Or((Ref("A"), Ref("B"))))) == {"attribute": "G", "not_in": ["A", "B"]}


def test_constants_fold() -> None:
    assert condition(Or((Ref("A"), Ref("Root")))) is True
    assert condition(And((Ref("A"), Not(Ref("Root"))))) is False
    assert condition(And((Ref("A"), Ref("Root")))) == {"attribute": "G", "equals": "A"}
    assert condition(Implies(Ref("A"), Ref("Root"))) is True


def test_equivalence() -> None:
    assert condition(Iff(Ref("A"), Ref("C"))) == {
        "any": [
            {"all": [{"attribute": "G", "equals": "A"}, {"attribute": "H", "equals": "C"}]},
            {"all": [{"attribute": "G", "not_equals": "A"}, {"attribute": "H", "not_equals": "C"}]},
        ]
    }


def test_messages_read_like_the_formula() -> None:
    assert message(Implies(Ref("GPS"), Not(Ref("Basic")))) == "GPS excludes Basic"
    assert message(Implies(Or((Ref("A"), Ref("B"))), Ref("C"))) == "(A or B) requires C"
    assert message(Not(And((Ref("A"), Ref("B"))))) == "Not together: A, B"
    assert message(Or((Ref("A"), Not(Ref("B"))))) == "Required: A or not B"
    assert render(Iff(Ref("A"), And((Ref("B"), Ref("C"))))) == "A if and only if (B and C)"
