"""Domain errors: raised by services, translated once per channel (HTML or JSON)."""

from __future__ import annotations

from typing import Any

from minutes.i18n import N_, translate


class DomainError(Exception):
    """A use case refused; carries an English message id translated when shown."""

    code = "error"
    status_code = 400
    default_message = N_("The request could not be carried out.")

    def __init__(
        self,
        message: str | None = None,
        *,
        details: list[dict[str, Any]] | None = None,
        **params: object,
    ) -> None:
        self.message_id = message or self.default_message
        self.params = params
        self.details = details or []
        super().__init__(self.message_id)

    @property
    def message(self) -> str:
        """Return the message in the current language."""
        return translate(self.message_id, **self.params)


class NotFound(DomainError):
    """The record does not exist, or lies outside the actor's part of the organisation."""

    code = "not_found"
    status_code = 404
    default_message = N_("This page does not exist or you do not have access to it.")


class PermissionDenied(DomainError):
    """The actor sees the record but their role does not allow the action."""

    code = "forbidden"
    status_code = 403
    default_message = N_("Your role does not allow this action.")


class Conflict(DomainError):
    """The write collides with another (stale version, duplicate name)."""

    code = "conflict"
    status_code = 409
    default_message = N_("Someone else changed this record in the meantime.")


class InvalidTransition(DomainError):
    """The record's state forbids the write."""

    code = "invalid_state"
    status_code = 409
    default_message = N_("This record can no longer be changed in its current state.")


class Invalid(DomainError):
    """The input breaks a rule; ``details`` names each field."""

    code = "validation_error"
    status_code = 422
    default_message = N_("Some of the information is not valid. Please correct it.")


def invalid_field(field: str, message: str, **params: object) -> Invalid:
    """An Invalid error about one field."""
    return Invalid(details=[{"field": field, "message": message, "params": params}])


class Unauthenticated(DomainError):
    """No valid credentials came with the request."""

    code = "unauthenticated"
    status_code = 401
    default_message = N_("Please sign in.")


class Throttled(DomainError):
    """Too many failed sign-ins; the caller must wait."""

    code = "throttled"
    status_code = 429
    default_message = N_("Too many failed sign-in attempts. Please wait {minutes} minutes.")

    @property
    def retry_after(self) -> int:
        """Seconds to wait before trying again (the answer's Retry-After)."""
        seconds = self.params.get("seconds")
        return int(str(seconds)) if seconds is not None else int(str(self.params.get("minutes", 1))) * 60
