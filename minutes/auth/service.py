"""Use cases of accounts: the actor of a request, users, role grants, supervisors (sign-in: signin.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from minutes import access
from minutes.access import Actor, Grant
from minutes.alphabet import sort_key
from minutes.audit import service as audit
from minutes.auth import factors, own_password, passwords, rules, signin
from minutes.auth.models import ROLES, RoleGrant, Supervision, User
from minutes.errors import (
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    invalid_field,
)
from minutes.i18n import N_, nfc
from minutes.orgs import service as orgs_service
from minutes.orgs.models import Member, OrgUnit


def load_actor(session: Session, *, user: User) -> Actor:
    """Build the actor of a request: the user with their grants and the grants' paths."""
    rows = session.execute(
        select(RoleGrant.role, RoleGrant.org_unit_id, OrgUnit.path)
        .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_unit_id)
        .where(RoleGrant.user_id == user.id)
        .order_by(RoleGrant.id)
    ).all()
    grants = tuple(Grant(role=role, org_unit_id=unit_id, path=path or "") for role, unit_id, path in rows)
    return Actor(user_id=user.id, username=user.username, full_name=user.full_name, grants=grants)


def _validated_account(username: str, password: str, full_name: str) -> tuple[str, str]:
    username = rules.normalise_username(username)
    full_name = " ".join(nfc(full_name).split())
    details = []
    if problem := rules.username_problem(username):
        details.append({"field": "username", "message": problem})
    if not full_name or len(full_name) > 200:
        details.append({"field": "full_name", "message": N_("Enter a full name of 1 to 200 characters.")})
    if problem := rules.password_problem(password, username=username, full_name=full_name):
        details.append({"field": "password", "message": problem})
    if details:
        raise Invalid(details=details)
    return username, full_name


def _insert_user(
    session: Session,
    *,
    username: str,
    password: str,
    full_name: str,
    member_id: int | None,
    home_unit_id: int | None = None,
) -> User:
    username, full_name = _validated_account(username, password, full_name)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(
            N_("The username {username} is already taken. Please choose another."),
            username=username,
        )
    user = User(
        username=username,
        full_name=full_name,
        password_hash=passwords.hash_password(password),
        member_id=member_id,
        home_unit_id=home_unit_id,
    )
    session.add(user)
    session.flush()
    return user


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str,
    member_id: int | None = None,
) -> User:
    """Create an account (an administrator's task); it gets roles separately."""
    if not actor.can_anywhere("user.manage"):
        raise PermissionDenied()
    home_unit_id = next((g.org_unit_id for g in actor.grants if g.role == "admin"), None)
    if member_id is not None:
        member = session.get(Member, member_id)
        unit = session.get(OrgUnit, member.org_unit_id) if member and member.org_unit_id else None
        if unit is None or not actor.can("user.manage", unit.path):
            raise invalid_field("member_id", N_("This member was not found."))
        home_unit_id = unit.id
    user = _insert_user(
        session,
        username=username,
        password=password,
        full_name=full_name,
        member_id=member_id,
        home_unit_id=home_unit_id,
    )
    audit.record(
        session,
        actor=actor,
        action="user.created",
        record_type="user",
        record_id=user.id,
        org_unit_id=home_unit_id,
        data={"username": user.username},
    )
    return user


def create_admin(session: Session, *, username: str, password: str, org_unit_id: int | None) -> User:
    """Create the first administrator from the command line (no actor yet)."""
    if org_unit_id is not None and session.get(OrgUnit, org_unit_id) is None:
        raise NotFound(N_("There is no unit with id {id}."), id=org_unit_id)
    user = _insert_user(
        session,
        username=username,
        password=password,
        full_name=username,
        member_id=None,
        home_unit_id=org_unit_id,
    )
    session.add(RoleGrant(user_id=user.id, role="admin", org_unit_id=org_unit_id))
    audit.record(
        session,
        actor=None,
        action="user.created",
        record_type="user",
        record_id=user.id,
        org_unit_id=org_unit_id,
        data={"username": user.username},
    )
    audit.record(
        session,
        actor=None,
        action="role.granted",
        record_type="user",
        record_id=user.id,
        org_unit_id=org_unit_id,
        data={"role": "admin", "username": user.username},
    )
    session.flush()
    return user


def _administers(actor: Actor, grant_paths: list[str], home_path: str) -> bool:
    """Whether every grant of an account lies in the actor's part; without grants, its home unit."""
    if grant_paths:
        return all(actor.can("user.manage", path) for path in grant_paths)
    return actor.can("user.manage", home_path)


def _home_path(session: Session, user: User) -> str:
    home = session.get(OrgUnit, user.home_unit_id) if user.home_unit_id else None
    return home.path if home else ""


def _managed_user(session: Session, *, actor: Actor, user_id: int, from_above: bool = False) -> User:
    """The user if the actor administers them (404 otherwise, so accounts elsewhere stay unseen);
    ``from_above``: only from a unit above each of the account's (a peer administrator may not)."""
    user = session.get(User, user_id)
    if user is None or not actor.can_anywhere("user.manage"):
        raise NotFound()
    grant_paths = [
        path or ""
        for path in session.scalars(
            select(OrgUnit.path)
            .select_from(RoleGrant)
            .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_unit_id)
            .where(RoleGrant.user_id == user.id)
        )
    ]
    if not _administers(actor, grant_paths, _home_path(session, user)):
        raise NotFound()
    for path in grant_paths if from_above else []:
        access.require_admin_above(actor, path)
    return user


def get_user(session: Session, *, actor: Actor, user_id: int) -> User:
    """Return a user the actor administers."""
    return _managed_user(session, actor=actor, user_id=user_id)


def user_grants(session: Session, *, actor: Actor, user_id: int) -> list[tuple[RoleGrant, str | None]]:
    """The grants of a user the actor administers, with their units' names."""
    user = _managed_user(session, actor=actor, user_id=user_id)
    return list(
        session.execute(
            select(RoleGrant, OrgUnit.name)
            .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_unit_id)
            .where(RoleGrant.user_id == user.id)
            .order_by(RoleGrant.id)
        )
    )


def list_users(session: Session, *, actor: Actor) -> list[tuple[User, list[tuple[RoleGrant, str | None]]]]:
    """The users the actor administers, each with their grants and the grants' unit names."""
    if not actor.can_anywhere("user.manage"):
        raise PermissionDenied()
    home = aliased(OrgUnit)
    rows = session.execute(
        select(User, home.path, RoleGrant, OrgUnit.name, OrgUnit.path)
        .outerjoin(home, home.id == User.home_unit_id)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_unit_id)
        .order_by(User.username, RoleGrant.id)
    ).all()
    grouped: dict[int, tuple[User, list[tuple[RoleGrant, str | None]]]] = {}
    paths: dict[int, tuple[str, list[str]]] = {}
    for user, home_path, grant, unit_name, path in rows:
        entry = grouped.setdefault(user.id, (user, []))
        paths.setdefault(user.id, (home_path or "", []))
        if grant is not None:
            entry[1].append((grant, unit_name))
            paths[user.id][1].append(path or "")
    return [
        entry
        for user_id, entry in grouped.items()
        if _administers(actor, paths[user_id][1], paths[user_id][0])
    ]


def grant_role(
    session: Session, *, actor: Actor, user_id: int, role: str, org_unit_id: int | None
) -> RoleGrant:
    """Give a user a role on a unit the actor administers."""
    _grantable_path(session, actor=actor, org_unit_id=org_unit_id)  # 403 on a unit the actor sees
    user = _managed_user(session, actor=actor, user_id=user_id)
    if role not in ROLES:
        raise invalid_field("role", N_("Choose one of the roles in the list."))
    existing = session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == user.id,
            RoleGrant.role == role,
            RoleGrant.org_unit_id.is_(None) if org_unit_id is None else RoleGrant.org_unit_id == org_unit_id,
        )
    )
    if existing is not None:
        raise Conflict(N_("This account already has that role on that unit."))
    grant = RoleGrant(user_id=user.id, role=role, org_unit_id=org_unit_id)
    session.add(grant)
    audit.record(
        session,
        actor=actor,
        action="role.granted",
        record_type="user",
        record_id=user_id,
        org_unit_id=org_unit_id,
        data={"role": role},
    )
    session.flush()
    return grant


def _grantable_path(session: Session, *, actor: Actor, org_unit_id: int | None) -> str:
    if org_unit_id is None:
        if not actor.is_global_admin:
            raise PermissionDenied()
        return ""
    return orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="user.manage").path


def revoke_role(session: Session, *, actor: Actor, user_id: int, role: str, org_unit_id: int | None) -> None:
    """Take a role on a unit away from a user."""
    _grantable_path(session, actor=actor, org_unit_id=org_unit_id)  # 403 on a unit the actor sees
    _managed_user(session, actor=actor, user_id=user_id)
    grant = session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role == role,
            RoleGrant.org_unit_id.is_(None) if org_unit_id is None else RoleGrant.org_unit_id == org_unit_id,
        )
    )
    if grant is None:
        raise NotFound()
    session.delete(grant)
    audit.record(
        session,
        actor=actor,
        action="role.revoked",
        record_type="user",
        record_id=user_id,
        org_unit_id=org_unit_id,
        data={"role": role},
    )
    session.flush()


def set_user_active(session: Session, *, actor: Actor, user_id: int, active: bool) -> User:
    """Enable or disable an account; disabling ends its sessions and revokes its tokens."""
    user = _managed_user(session, actor=actor, user_id=user_id)
    if user.id == actor.user_id and not active:
        raise Invalid(N_("You cannot disable your own account."))
    user.is_active = active
    if not active:
        signin.end_credentials(session, user_id=user.id)
    audit.record(
        session,
        actor=actor,
        action="user.enabled" if active else "user.disabled",
        record_type="user",
        record_id=user.id,
    )
    session.flush()
    return user


def set_password(session: Session, *, actor: Actor, user_id: int, password: str) -> User:
    """An administrator's reset of another account's password: every session and token of it ends.

    One's own password is changed with the current one (own_password.change_own_password).
    """
    if user_id == actor.user_id:
        raise PermissionDenied(
            N_("Change your own password on your account page, with your current password.")
        )
    user = _managed_user(session, actor=actor, user_id=user_id, from_above=True)
    units = own_password.unit_names_of(session, user)
    if problem := rules.password_problem(
        password, username=user.username, full_name=user.full_name, unit_names=units
    ):
        raise invalid_field("password", problem)
    user.password_hash = passwords.hash_password(password)
    signin.end_credentials(session, user_id=user.id)
    audit.record(session, actor=actor, action="user.password_set", record_type="user", record_id=user.id)
    session.flush()
    return user


def supervisors_of(session: Session, *, branch: OrgUnit) -> list[User]:
    """The accounts assigned to follow a branch or a committee above it (to link delegates)."""
    return sorted(
        session.scalars(
            select(User)
            .join(Supervision, Supervision.user_id == User.id)
            .where(Supervision.unit_id.in_(branch.ancestor_ids), User.is_active)
            .distinct()
        ),
        key=lambda user: (sort_key(user.full_name), user.id),
    )


def reset_factor(session: Session, *, actor: Actor, user_id: int) -> User:
    """An administrator above the account takes its second factor away (a lost phone); it is signed out."""
    if user_id == actor.user_id:
        raise PermissionDenied(N_("Another administrator must reset your own second factor."))
    user = _managed_user(session, actor=actor, user_id=user_id, from_above=True)
    factors.remove(session, user=user)
    signin.end_credentials(session, user_id=user.id)
    audit.record(session, actor=actor, action="user.factor_reset", record_type="user", record_id=user.id)
    session.flush()
    return user


def sign_out_everywhere(session: Session, *, actor: Actor, user_id: int) -> User:
    """An administrator above the account ends its every session and API token."""
    user = _managed_user(session, actor=actor, user_id=user_id, from_above=user_id != actor.user_id)
    signin.end_credentials(session, user_id=user.id)
    audit.record(session, actor=actor, action="user.signed_out", record_type="user", record_id=user.id)
    session.flush()
    return user


def sign_out_all(session: Session, *, actor: Actor) -> tuple[int, int]:
    """End every session and API token of every account (an administrator of the whole tree)."""
    access.require(actor, "user.manage", "")
    ended = signin.end_everyones_credentials(session)
    audit.record(session, actor=actor, action="user.all_signed_out", record_type="user", record_id="*")
    session.flush()
    return ended
