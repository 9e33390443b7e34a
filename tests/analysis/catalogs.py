"""A small hand-made catalog for the analysis tests, with rules added by name."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from app.catalog import Catalog, load_catalog_text

ON = date(2026, 6, 1)

BASE: dict[str, Any] = {
    "id": "tiny",
    "context": {"tier": ["gold", "plain"]},
    "products": [
        {
            "id": "shirt",
            "modules": [
                {
                    "id": "style",
                    "attributes": [
                        {"id": "colour", "kind": "one_of", "options": [{"id": "red"}, {"id": "blue"}, {"id": "green"}]},
                        {"id": "collar", "kind": "one_of", "options": [{"id": "round"}, {"id": "pointed"}]},
                    ],
                },
                {
                    "id": "extras",
                    "attributes": [
                        {"id": "extras", "kind": "many_of", "options": [{"id": "pocket"}, {"id": "badge"}]},
                        {"id": "size", "kind": "numeric", "min": 1, "max": 4},
                    ],
                },
            ],
            "rules": [],
        }
    ],
}

RULES: dict[str, dict[str, Any]] = {
    "no_green": {"kind": "requires", "then": {"attribute": "colour", "not_equals": "green"}},
    "red_round": {
        "kind": "requires",
        "if": {"attribute": "colour", "equals": "red"},
        "then": {"attribute": "collar", "equals": "round"},
    },
    "blue_pointed": {
        "kind": "excludes",
        "if": {"attribute": "colour", "equals": "blue"},
        "then": {"attribute": "collar", "equals": "round"},
    },
    "not_blue_round": {
        "kind": "excludes",
        "if": {"attribute": "colour", "equals": "blue"},
        "then": {"attribute": "collar", "equals": "round"},
    },
    "green_small": {
        "kind": "requires",
        "if": {"attribute": "colour", "equals": "green"},
        "then": {"attribute": "size", "le": 2},
    },
    "size_anything": {"kind": "requires", "then": {"attribute": "size", "ge": 1}},
    "always_pocket": {"kind": "cardinality", "attribute": "extras", "options": ["pocket"], "min": 1},
    "badge_gold": {
        "kind": "eligibility",
        "options": {"attribute": "extras", "equals": "badge"},
        "when": {"context": "tier", "equals": "gold"},
    },
    "no_red": {"kind": "requires", "then": {"attribute": "colour", "not_equals": "red"}},
    "no_blue": {"kind": "requires", "then": {"attribute": "colour", "not_equals": "blue"}},
    "small": {"kind": "linear", "terms": [{"attribute": "size"}], "op": "<=", "rhs": 2},
}


def tiny(*names: str) -> Catalog:
    """The tiny catalog with the named rules."""
    document = yaml.safe_load(yaml.safe_dump(BASE))
    document["products"][0]["rules"] = [{"id": name, "message": f"rule {name}", **RULES[name]} for name in names]
    return load_catalog_text(yaml.safe_dump(document))
