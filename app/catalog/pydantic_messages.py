"""Pydantic's own English messages for the shape errors a catalog meets, as templates with places,
so a page can say them in its language.

Each error type has the template(s) pydantic writes it with (first letter lowered, as the loader
shows it), filled from the error's context; a template is used only when it gives back exactly the
message pydantic wrote, so the English never changes. A validator of the catalog model that raises
`ProblemValueError` gives its own template.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.catalog.errors import Message, ProblemValueError

PYDANTIC_TEMPLATES: dict[str, tuple[str, ...]] = {
    "string_type": ("input should be a valid string",),
    "string_too_short": (
        "string should have at least {min_length} characters",
        "string should have at least {min_length} character",
    ),
    "string_too_long": (
        "string should have at most {max_length} characters",
        "string should have at most {max_length} character",
    ),
    "string_pattern_mismatch": ("string should match pattern '{pattern}'",),
    "int_type": ("input should be a valid integer",),
    "int_parsing": ("input should be a valid integer, unable to parse string as an integer",),
    "int_from_float": ("input should be a valid integer, got a number with a fractional part",),
    "float_type": ("input should be a valid number",),
    "float_parsing": ("input should be a valid number, unable to parse string as a number",),
    "decimal_type": ("decimal input should be an integer, float, string or Decimal object",),
    "decimal_parsing": ("input should be a valid decimal",),
    "finite_number": ("input should be a finite number",),
    "bool_type": ("input should be a valid boolean",),
    "bool_parsing": ("input should be a valid boolean, unable to interpret input",),
    "literal_error": ("input should be {expected}",),
    "enum": ("input should be {expected}",),
    "list_type": ("input should be a valid list",),
    "dict_type": ("input should be a valid dictionary",),
    "model_type": ("input should be a valid dictionary or instance of {class_name}",),
    "model_attributes_type": ("input should be a valid dictionary or object to extract fields from",),
    "too_short": (
        "list should have at least {min_length} items after validation, not {actual_length}",
        "list should have at least {min_length} item after validation, not {actual_length}",
    ),
    "too_long": (
        "list should have at most {max_length} items after validation, not {actual_length}",
        "list should have at most {max_length} item after validation, not {actual_length}",
    ),
    "multiple_of": ("input should be a multiple of {multiple_of}",),
}
"""Error type -> the English templates pydantic may write it with (one per plural form)."""


def pydantic_message(kind: str, context: Mapping[str, object], text: str) -> str:
    """`text` (pydantic's message, first letter lowered) as a `Message` with its template, when known."""
    error = context.get("error")
    if isinstance(error, ProblemValueError) and error.message == text:
        return error.message
    for template in PYDANTIC_TEMPLATES.get(kind, ()):
        values = {name: value for name, value in context.items() if "{" + name + "}" in template}
        try:
            candidate = Message(template, **values)
        except (KeyError, IndexError, ValueError):
            continue
        if candidate == text:
            return candidate
    return text
