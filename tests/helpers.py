"""Small builders of test data and user actions, all through the public interfaces."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import clock
from minutes.audit.models import AuditEvent
from minutes.auth import service as auth_service
from minutes.auth import signin
from minutes.auth.models import RoleGrant, User
from minutes.config import Settings
from minutes.orgs import members as orgs_members
from minutes.orgs import service as orgs_service
from minutes.orgs.models import Member, OrgUnit

PASSWORD = "Mot-cau-mat-khau-dai"


def create_root(db: Session, name: str = "Đảng bộ huyện Lộc Bình") -> OrgUnit:
    """A committee at the top of the tree."""
    return orgs_service.create_root(db, name=name, kind="committee")


def create_unit(
    db: Session, *, parent: OrgUnit, name: str, kind: str = "branch", branch_type: str | None = None
) -> OrgUnit:
    """A unit below a committee (built directly, as an administrator would)."""
    from minutes.cli import CONSOLE

    if kind == "branch" and branch_type is None:
        branch_type = "rural"
    return orgs_service.create_unit(
        db, actor=CONSOLE, name=name, kind=kind, parent_id=parent.id, branch_type=branch_type
    )


def create_member(
    db: Session, *, branch: OrgUnit, full_name: str, status: str = "official", **fields: Any
) -> Member:
    """A member of a branch."""
    from minutes.cli import CONSOLE

    return orgs_members.add_member(
        db, actor=CONSOLE, unit_id=branch.id, fields={"full_name": full_name, "status": status, **fields}
    )


def create_user(
    db: Session,
    *,
    username: str,
    role: str | None = None,
    unit: OrgUnit | None = None,
    whole_tree: bool = False,
) -> User:
    """An account, with a role on a unit (or on the whole tree)."""
    user = User(
        username=username,
        full_name=username.title(),
        password_hash=auth_service.passwords.hash_password(PASSWORD),
        home_unit_id=unit.id if unit is not None else None,
    )
    db.add(user)
    db.flush()
    if role is not None:
        db.add(
            RoleGrant(
                user_id=user.id, role=role, org_unit_id=None if whole_tree else unit.id if unit else None
            )
        )
        db.flush()
    return user


def district(db: Session) -> dict[str, OrgUnit]:
    """A district with two communes, each with branches: the usual scene of a test."""
    root = create_root(db)
    minh_phat = create_unit(db, parent=root, name="Đảng bộ xã Minh Phát", kind="committee")
    khuat_xa = create_unit(db, parent=root, name="Đảng bộ xã Khuất Xá", kind="committee")
    return {
        "district": root,
        "minh_phat": minh_phat,
        "khuat_xa": khuat_xa,
        "na_noong": create_unit(db, parent=minh_phat, name="Chi bộ thôn Nà Noong"),
        "ban_khun": create_unit(db, parent=minh_phat, name="Chi bộ thôn Bản Khun"),
        "po_meo": create_unit(db, parent=khuat_xa, name="Chi bộ thôn Pò Mèo"),
    }


def login(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    """Sign in through the login form, as a person does."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page), "next": "/"},
        follow_redirects=False,
    )
    return response


def csrf_from(response: Response) -> str:
    """The CSRF token of the first form on a page."""
    field = BeautifulSoup(response.text, "html.parser").find("input", {"name": "csrf_token"})
    assert field is not None, "the page has no form"
    return str(field["value"])


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """What a browser would post from a form as the page shows it: every named field with its
    value (checked boxes and radios only, each select's chosen option)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, form_id
    fields: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            fields[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            fields[name] = str(chosen.get("value", "")) if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                fields[name] = str(field.get("value", "on"))
        else:
            fields[name] = str(field.get("value", ""))
    return fields


def post_form(client: TestClient, url: str, data: dict[str, str], *, page: str | None = None) -> Response:
    """Submit a form with the CSRF token taken from the page that shows it."""
    token = csrf_from(client.get(page or url))
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def api_headers(db: Session, user: User) -> dict[str, str]:
    """Bearer headers for a user, as after POST /auth/token."""
    token, _ = signin.issue_api_token(db, user=user, settings=Settings())
    return {"Authorization": f"Bearer {token}"}


def text_of(response: Response) -> str:
    """The visible text of a page, white space collapsed."""
    return " ".join(BeautifulSoup(response.text, "html.parser").get_text(" ").split())


def today() -> dt.date:
    """Today at the offices."""
    return clock.today()


def run_at_once(work: Callable[[int], None], workers: int) -> list[BaseException]:
    """Run ``work(0)`` to ``work(workers - 1)`` in threads released together; return what they raised."""
    start = threading.Barrier(workers)
    failures: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as error:  # reported by the caller, in the test's own thread
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def sign_in_events(db: Session, action: str = "sign_in.failed") -> list[tuple[str, str]]:
    """The (username, address) of each audited sign-in event of one kind, oldest first."""
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))
    return [(str(event.data["username"]), str(event.data["address"])) for event in events]
