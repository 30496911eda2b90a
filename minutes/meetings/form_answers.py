"""How the minutes form is answered after a save: in place for its script (JSON), or as the page
again with each refused field marked, a conflict laid side by side, nothing typed cleared."""

from __future__ import annotations

import json
from typing import Any

from babel.numbers import format_decimal
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from minutes.errors import Conflict, Invalid, InvalidTransition
from minutes.i18n import N_, current_language, translate
from minutes.meetings import compare, forms, history, merge, refusals, screen
from minutes.meetings.findings import Finding
from minutes.web.deps import Viewer
from minutes.web.errors import json_error
from minutes.web.forms import undone
from minutes.web.templating import render

NOT_ALL_SAVED = N_("Saved as version {version}, except the fields marked below: correct them and save again.")


def wants_json(request: Request) -> bool:
    """Whether the form's script sent the save (it reads JSON) rather than the page."""
    return "application/json" in request.headers.get("accept", "")


def as_invalid(refused_fields: list[refusals.Refusal]) -> Invalid:
    """The refused fields as one refusal that names each field."""
    details = [{"field": r.field, "message": r.message, "params": r.params} for r in refused_fields]
    return Invalid(N_("Some of the information is not valid. Please correct it."), details=details)


def saved_but(
    request: Request,
    session: Any,
    viewer: Viewer,
    meeting_id: int,
    form: dict[str, str],
    body: dict[str, Any],
    refused_fields: list[refusals.Refusal],
    version: int,
) -> Response:
    """The form after a save that stored all but some fields: each marked with its reason, and
    everything as she typed it, the refused text included, for her to correct."""
    context = screen.form_context(session, viewer.actor, meeting_id)
    context["values"] = forms.form_values({**body, "votes": forms.posted_votes(form)})
    errors = {r.field: translate(r.message, **_numbers_in_words(r.params)) for r in refused_fields}
    errors[""] = translate(NOT_ALL_SAVED, version=version)
    return render(
        request, "meetings/minutes.html", {**context, "conflict": None, "errors": errors}, status_code=422
    )


def _numbers_in_words(params: dict[str, Any]) -> dict[str, Any]:
    """Counts written as the reader writes them: 199.999 in Vietnamese, 199,999 in English."""
    return {
        key: format_decimal(value, locale=current_language()) if isinstance(value, int) else value
        for key, value in params.items()
    }


def finding_items(request: Request, findings: list[Finding], structure: Any) -> dict[str, str]:
    """Each section's findings as the page writes them, and the summary ("*"), for the form's script
    to swap in."""
    templates: Jinja2Templates = request.app.state.templates
    macros: Any = templates.env.get_template("meetings/_findings.html").module
    by_section = screen.grouped(findings)
    items = {key or "": str(macros.finding_items(found)) for key, found in by_section.items()}
    summary = str(macros.finding_link_items(by_section, screen.finding_titles(structure)))
    return {**items, "*": summary}


def sent_items(request: Request, content: dict[str, Any], state: Any, version: int) -> str:
    """The submit step's summary of the version just saved, as the page writes it, for the script to swap in."""
    templates: Jinja2Templates = request.app.state.templates
    macros: Any = templates.env.get_template("meetings/_sent.html").module
    return str(macros.sent_items(screen.sent_summary_of(content, state, version)))


def refused(
    request: Request, session: Any, viewer: Viewer, meeting_id: int, body: dict[str, Any], refused: Exception
) -> Response:
    """The form shown again after a refused save: its problems marked, a conflict laid side by side."""
    assert isinstance(refused, (Conflict, Invalid, InvalidTransition))
    errors = undone(session, refused)
    if wants_json(request):
        return json_error(refused)  # the API's error body, so the script reads one contract
    context = screen.form_context(session, viewer.actor, meeting_id)
    conflict = None
    if isinstance(refused, Conflict) and not isinstance(refused, InvalidTransition):
        theirs = context["state"].revision.content if context["state"].revision else {}
        parts = compare.differences(
            body,
            theirs,
            structure=context["structure"],
            names=context["member_names"],
            task_titles={task.id: task.title for task in context["previous_tasks"]},
        )
        conflict = {
            "mine": body,
            "mine_json": json.dumps(
                {k: v for k, v in body.items() if k != "client_save_id"}, ensure_ascii=False, default=str
            ),
            "joinable": merge.joinable,
            "theirs": theirs,
            "parts": parts,
            "choices": history.proposed_choices(
                session,
                actor=viewer.actor,
                meeting_id=meeting_id,
                body=body,
                parts=[part.key for part in parts],
            ),
        }
    context["values"] = forms.form_values(
        {**body, "votes": {k: v for k, v in body["votes"].items() if forms.counts_are_numbers(v)}}
    )
    return render(
        request,
        "meetings/minutes.html",
        {**context, "conflict": conflict, "errors": {**errors, "": refused.message}},
        status_code=refused.status_code,
    )
