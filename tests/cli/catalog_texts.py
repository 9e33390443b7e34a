"""Catalog files the CLI tests write: a small mug whose colour and size a rule ties."""

from __future__ import annotations

MUG = """\
id: demo
products:
  - id: mug
    label: Custom mug
    modules:
      - id: look
        attributes:
          - {id: colour, kind: one_of, options: [{id: red}, {id: blue}]}
          - {id: size, kind: numeric, min: 8, max: 12, unit: cm}
    rules:
      - {id: r, kind: requires, message: m, if: {attribute: colour, equals: red}, then: {attribute: size, le: 10}}
"""
