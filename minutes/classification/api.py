"""JSON routes of the yearly classification: set a unit's or a member's level, and the report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from minutes.classification import overview, service
from minutes.classification.schemas import (
    ClassificationReportOut,
    MemberClassificationIn,
    MemberClassificationOut,
    TallyOut,
    UnitClassificationIn,
    UnitClassificationOut,
)
from minutes.web.deps import ApiActor, DbSession, Id, RequiredIdQuery, RequiredYearQuery, Year

router = APIRouter(tags=["classification"])


@router.put("/classification/{year}/org-units/{unit_id}", response_model=UnitClassificationOut)
def classify_unit(
    year: Year, unit_id: Id, body: UnitClassificationIn, session: DbSession, actor: ApiActor
) -> UnitClassificationOut:
    """Set a unit's level for a year (reviewers and administrators of a unit above it)."""
    row = service.classify_unit(session, actor=actor, year=year, org_unit_id=unit_id, **body.model_dump())
    return UnitClassificationOut.model_validate(row)


@router.put("/classification/{year}/members/{member_id}", response_model=MemberClassificationOut)
def classify_member(
    year: Year, member_id: Id, body: MemberClassificationIn, session: DbSession, actor: ApiActor
) -> MemberClassificationOut:
    """Set a member's level for a year (reviewers and administrators above the member's branch)."""
    row = service.classify_member(session, actor=actor, year=year, member_id=member_id, **body.model_dump())
    return MemberClassificationOut.model_validate(row)


@router.get("/reports/classification", response_model=ClassificationReportOut)
def classification_report(
    org_unit_id: RequiredIdQuery,
    year: RequiredYearQuery,
    session: DbSession,
    actor: ApiActor,
    depth: Annotated[int, Query(ge=1, le=overview.MAX_DEPTH)] = 1,
) -> ClassificationReportOut:
    """Counts and percents per level of the units ``depth`` levels below a unit (direct children by
    default) and of the members below it, with the denominators."""
    tallies = overview.report(session, actor=actor, org_unit_id=org_unit_id, year=year, depth=depth)
    return ClassificationReportOut(
        org_units=TallyOut.of(tallies["org_units"]), members=TallyOut.of(tallies["members"])
    )
