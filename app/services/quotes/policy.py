"""The discount authority policy in force: the newest one an admin saved, or the default below."""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.errors import ForbiddenError, TailorError
from app.models import Account, AuthorityPolicyRecord
from app.quotes.authority import AuthorityPolicy, TierLimits

DEFAULT_POLICY = AuthorityPolicy(
    tiers={
        "retain": TierLimits(max_discount_percent=Decimal(15), margin_floor_percent=Decimal(15)),
        "grow": TierLimits(max_discount_percent=Decimal(12), margin_floor_percent=Decimal(18)),
        "ordinary": TierLimits(max_discount_percent=Decimal(8), margin_floor_percent=Decimal(20)),
        "below_zero": TierLimits(max_discount_percent=Decimal(3), margin_floor_percent=Decimal(25)),
    }
)
"""Until an admin saves one: the most valuable customers get the most room, those below zero the least."""


def authority_policy(*, session: Session) -> AuthorityPolicy:
    """The policy in force (the newest saved; the default when none was saved)."""
    row = session.exec(select(AuthorityPolicyRecord).order_by(col(AuthorityPolicyRecord.id).desc())).first()
    return DEFAULT_POLICY if row is None else AuthorityPolicy.model_validate(row.document)


def save_policy(*, session: Session, policy: AuthorityPolicy, actor: Account) -> AuthorityPolicyRecord:
    """Put `policy` in force from now on (admins only); earlier policies are kept."""
    if actor.role != "admin":
        raise ForbiddenError("Only an admin changes the discount authority policy.")
    row = AuthorityPolicyRecord(document=policy.model_dump(mode="json"), saved_by=actor.id)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def policy_from_form(values: dict[str, str]) -> AuthorityPolicy:
    """The policy typed in a form (`TIER.max_discount_percent`, `TIER.margin_floor_percent`), or a
    `TailorError` naming the first field that is wrong."""
    tiers: dict[str, TierLimits] = {}
    for tier in DEFAULT_POLICY.tiers:
        read = {}
        for name in ("max_discount_percent", "margin_floor_percent"):
            field = f"{tier}.{name}"
            text = values.get(field, "").strip().replace(",", ".")
            try:
                read[name] = Decimal(text)
            except ArithmeticError:
                raise TailorError("{field}: '{text}' is not a percent", field=field, text=text[:20]) from None
        try:
            tiers[tier] = TierLimits(**read)
        except ValidationError as error:
            place = ".".join(str(part) for part in error.errors()[0]["loc"])
            raise TailorError(
                "{field}: a percent between -100 and 100 with at most two decimals (a discount: 0 or more)",
                field=f"{tier}.{place}",
            ) from None
    return AuthorityPolicy(tiers=tiers)
