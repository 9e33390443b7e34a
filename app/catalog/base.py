"""Common base model for catalog documents: unknown fields are errors, ids keep their spelling."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, model_validator

from app.catalog.errors import ProblemValueError


class CatalogModel(BaseModel):
    """Every part of a catalog document: strict about unknown fields, frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)


class Dated(CatalogModel):
    """Something in force only between `valid_from` and `valid_to` (both inclusive, optional)."""

    valid_from: date | None = None
    valid_to: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Dated:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ProblemValueError(
                "valid_to {valid_to} is before valid_from {valid_from}",
                valid_to=self.valid_to,
                valid_from=self.valid_from,
            )
        return self

    def in_force(self, on: date) -> bool:
        """True when `on` lies within the validity dates."""
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)
