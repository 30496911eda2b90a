"""Form helpers every face shares: field errors, posted forms, undoing a refused change."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from minutes.errors import DomainError
from minutes.web.errors import translated_details


def field_errors(refused: DomainError) -> dict[str, str]:
    """Each field's problem, for a form shown again; a problem of the whole form under ''."""
    errors = {item["field"]: item["message"] for item in translated_details(refused.details)}
    if not errors:
        errors[""] = refused.message
    return errors


async def posted_form(request: Request) -> dict[str, str]:
    """The fields of a posted form whose names vary (the roll-call has one per member)."""
    return {key: value for key, value in (await request.form()).items() if isinstance(value, str)}


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


def undone(session: Session, refused: DomainError) -> dict[str, str]:
    """Roll back whatever a refused use case wrote, then give its problems for the form shown again.

    Every page that catches a refusal calls this first, so nothing half-done is committed with
    the page that explains it.
    """
    session.rollback()
    return field_errors(refused)
