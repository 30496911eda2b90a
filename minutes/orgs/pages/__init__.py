"""HTML routes of the organisation: its units and their members."""

from __future__ import annotations

from fastapi import APIRouter

from minutes.orgs.pages import members, units

router = APIRouter(include_in_schema=False)
router.include_router(units.router)
router.include_router(members.router)
# The unit forms answer /units/{id}/{form}: the app registers them after every other router.
unit_forms = units.unit_forms
