"""The accounts domain's answer to the web shell's question: who sent this request."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from minutes.access import Actor
from minutes.auth import factors, holders, signin
from minutes.config import Settings
from minutes.db import WriteBusy
from minutes.web.deps import Viewer


class AccountsIdentity:
    """Resolves session cookies and API tokens through the accounts' own tables."""

    def viewer(self, session: Session, *, token: str, settings: Settings) -> Viewer | None:
        """The person signed in with this session token, or None once it expired or ended."""
        holder = holders.of_web_session(session, token=token, settings=settings)
        if holder is None:
            return None
        return Viewer(
            actor=holder.actor,
            full_name=holder.actor.full_name,
            csrf_token=holder.csrf_token,
            must_enrol=factors.required(holder.actor, settings) and not holder.has_factor,
            use_due=holder.use_due,
        )

    def api_caller(self, session: Session, *, token: str) -> tuple[Actor, bool] | None:
        """The active holder of an unexpired, unrevoked API token, and whether its use is due to be noted."""
        holder = holders.of_api_token(session, token=token)
        return None if holder is None else (holder.actor, holder.use_due)

    def note_use(
        self, sessions: sessionmaker[Session], *, session_token: str | None, api_token: str | None
    ) -> None:
        """Note a session's or token's use in a short write of its own; skipped while the database is busy."""
        with sessions() as session:
            try:
                session.connection(execution_options={"sqlite_write_wait": 0})  # busy: skip, never queue
                if session_token:
                    signin.note_web_session_use(session, token=session_token)
                if api_token:
                    signin.note_api_token_use(session, token=api_token)
                session.commit()
            except (OperationalError, WriteBusy):  # a writer is at work: the next request notes it
                session.rollback()
