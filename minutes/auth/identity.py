"""The accounts domain's answer to the web shell's question: who sent this request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.auth import factors, service, signin
from minutes.config import Settings
from minutes.web.deps import Viewer


class AccountsIdentity:
    """Resolves session cookies and API tokens through the accounts' own tables."""

    def viewer(self, session: Session, *, token: str, settings: Settings) -> Viewer | None:
        """The person signed in with this session token, or None once it expired or ended."""
        resumed = signin.resume_web_session(session, token=token, settings=settings)
        if resumed is None:
            return None
        user, web_session = resumed
        actor = service.load_actor(session, user=user)
        return Viewer(
            actor=actor,
            full_name=user.full_name,
            csrf_token=web_session.csrf_token,
            must_enrol=factors.required(actor, settings) and not factors.in_force(user),
        )

    def api_caller(self, session: Session, *, token: str) -> Actor | None:
        """The active holder of an unexpired, unrevoked API token, or None."""
        user = signin.user_for_api_token(session, token=token)
        return service.load_actor(session, user=user) if user is not None else None
