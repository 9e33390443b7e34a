"""Duplicate review from the reps' console: side by side, merge with a chosen survivor, undo, reject."""

from __future__ import annotations

import re

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Customer, DuplicateCandidate, Merge
from tests.services.customers.test_review import pair
from tests.web.accounts import account, csrf
from tests.web.reps_roles import assert_only_reps


def _queued(db: Engine) -> tuple[int, int, int]:
    with Session(db) as session:
        web, shop = pair(session)
        candidate = session.exec(select(DuplicateCandidate)).one()
        return web, shop, int(candidate.id or 0)


def test_merge_with_a_chosen_survivor_and_undo_from_the_page(app_on: FastAPI, db: Engine) -> None:
    web, shop, candidate = _queued(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    page = rep.get("/reps/duplicates")
    assert page.status_code == 200
    assert '<tr class="differ"><th scope="row">city</th><td>Madrid</td><td>Getafe</td></tr>' in page.text
    assert '<tr class="agree"><th scope="row">street</th>' in page.text
    merged = rep.post(f"/reps/duplicates/{candidate}/merge", data={"_csrf": csrf(rep, "/reps/duplicates"),
                                                                   "survivor": str(shop)})  # fmt: skip
    assert merged.status_code == 200
    assert "The two records are merged." in merged.text
    with Session(db) as session:
        folded = session.get(Customer, web)
        assert folded is not None
        assert folded.merged_into_id == shop
        merge = session.exec(select(Merge)).one()
    undo = re.search(r'action="[^"]*(/reps/merges/\d+/undo)"', merged.text)
    assert undo
    assert undo.group(1) == f"/reps/merges/{merge.id}/undo"
    undone = rep.post(undo.group(1), data={"_csrf": csrf(rep, "/reps/duplicates")})
    assert "The merge is undone" in undone.text
    with Session(db) as session:
        back = session.get(Customer, web)
        assert back is not None
        assert back.merged_into_id is None
    again = rep.post(undo.group(1), data={"_csrf": csrf(rep, "/reps/duplicates")})
    assert again.status_code == 409


def test_a_survivor_outside_the_pair_is_refused_and_a_pair_can_be_rejected(app_on: FastAPI, db: Engine) -> None:
    _, _, candidate = _queued(db)
    rep = account(app_on, db, "rui@tailor.example", "rep")
    token = csrf(rep, "/reps/duplicates")
    wrong = rep.post(f"/reps/duplicates/{candidate}/merge", data={"_csrf": token, "survivor": "999"})
    assert wrong.status_code == 422
    assert "survivor: choose one of the two records" in wrong.text
    assert "No pair waits" in rep.post(f"/reps/duplicates/{candidate}/reject", data={"_csrf": token}).text
    assert rep.post(f"/reps/duplicates/{candidate}/reject", data={"_csrf": token}).status_code == 409


def test_duplicate_review_is_for_reps_only_needs_csrf_and_404s(app_on: FastAPI, db: Engine) -> None:
    _, _, candidate = _queued(db)
    assert_only_reps(
        app_on, db,
        lambda c: c.get("/reps/duplicates"),
        lambda c: c.post(f"/reps/duplicates/{candidate}/merge", data={"_csrf": csrf(c, "/signin")}),
        lambda c: c.post(f"/reps/duplicates/{candidate}/reject", data={"_csrf": csrf(c, "/signin")}),
        lambda c: c.post("/reps/merges/1/undo", data={"_csrf": csrf(c, "/signin")}),
    )  # fmt: skip
    rep = account(app_on, db, "rui@tailor.example", "rep")
    assert rep.post(f"/reps/duplicates/{candidate}/merge", data={"survivor": "1"}).status_code == 403
    token = csrf(rep, "/reps/duplicates")
    for url in ("/reps/duplicates/99999/merge", "/reps/duplicates/99999/reject", "/reps/merges/99999/undo"):
        assert rep.post(url, data={"_csrf": token}).status_code == 404, url
