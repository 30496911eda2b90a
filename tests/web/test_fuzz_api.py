"""Whatever a client sends that fits the API's own schema, the server answers without crashing and
as its schema says (#15: hostile input). Schemathesis draws requests from /openapi.json, across
every operation, as a district administrator and as a branch secretary, from a fixed seed."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests.helpers import api_headers, create_user
from tests.meetings.scene import na_noong, submit_october

EXAMPLES = 300  # spread over the ~50 operations; each request takes a few milliseconds
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize("role", ["admin", "secretary"])
def test_no_request_that_fits_the_schema_crashes_the_server_or_breaks_the_schema(
    app: FastAPI, client: TestClient, db: Session, role: str
) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    caller = (
        api_headers(db, create_user(db, username="fuzz.admin", role="admin", whole_tree=True))
        if role == "admin"
        else api_headers(db, scene.secretary)
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    broken: list[str] = []

    @seed(2019)
    @given(case=schema.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        response = case.call(headers=caller)
        where = f"{case.method} {case.formatted_path}: {response.status_code}"
        if response.status_code >= 500:
            broken.append(f"{where} {response.text[:200]}")
            return
        try:
            case.validate_response(response, checks=CHECKS, headers=caller)
        except AssertionError as failure:  # schemathesis reports every failed check at once
            broken.append(f"{where} {str(failure)[:300]}")

    fuzz()
    assert broken == []
