"""One's own password: proving it again, and changing it (ASVS 6.2.2, 6.2.3, 7.5.1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth import passwords, rules, signin
from minutes.auth.models import RoleGrant, User
from minutes.config import Settings
from minutes.errors import PermissionDenied, invalid_field
from minutes.i18n import N_
from minutes.orgs.models import OrgUnit


def unit_names_of(session: Session, user: User) -> tuple[str, ...]:
    """The names of the units an account works in (its roles' and its home unit), which no password may be."""
    unit_ids = set(session.scalars(select(RoleGrant.org_unit_id).where(RoleGrant.user_id == user.id)))
    unit_ids = {unit_id for unit_id in {*unit_ids, user.home_unit_id} if unit_id is not None}
    return tuple(session.scalars(select(OrgUnit.name).where(OrgUnit.id.in_(unit_ids))))


def proves_own_password(
    session: Session, *, user: User, password: str, address: str, settings: Settings
) -> bool:
    """Whether a signed-in person typed their own password again (ASVS 7.5.1), throttled and audited.

    A wrong one counts as a failed sign-in and is answered False, not raised, so that the count
    is committed with the answer: a stolen session cannot guess its way on.
    """
    return signin.attempt(
        session,
        user=user,
        address=address[:64],
        settings=settings,
        proves=lambda: passwords.verify_password(password, user.password_hash),
        reason="wrong_current_password",
    )


def change_own_password(
    session: Session,
    *,
    actor: Actor,
    current_password: str,
    new_password: str,
    keep_token: str | None,
    address: str,
    settings: Settings,
    keep_session: str | None = None,
) -> bool:
    """Change one's own password, proving the current one (False when wrong); every other session and token ends."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise PermissionDenied()
    if not proves_own_password(
        session, user=user, password=current_password, address=address, settings=settings
    ):
        return False
    if problem := rules.password_problem(
        new_password,
        username=user.username,
        full_name=user.full_name,
        unit_names=unit_names_of(session, user),
    ):
        raise invalid_field("new_password", problem)
    user.password_hash = passwords.hash_password(new_password)
    signin.end_credentials(session, user_id=user.id, keep_token=keep_token, keep_session=keep_session)
    audit.record(session, actor=actor, action="user.password_changed", record_type="user", record_id=user.id)
    session.flush()
    return True


WRONG_CURRENT_PASSWORD = N_("The current password is not right. Type it again.")
