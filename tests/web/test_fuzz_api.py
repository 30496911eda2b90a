"""Whatever a client sends that fits the API's own schema, the server answers without crashing
(#15: hostile input). Schemathesis draws requests from /openapi.json, across every operation."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from tests.helpers import api_headers, create_user
from tests.meetings.scene import na_noong, submit_october

EXAMPLES = 300  # spread over the ~50 operations; each request takes a few milliseconds


def test_no_request_that_fits_the_schema_crashes_the_server(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    admin = api_headers(db, create_user(db, username="fuzz.admin", role="admin", whole_tree=True))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    crashed: list[str] = []

    @given(case=schema.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        response = case.call(headers=admin)
        if response.status_code >= 500:
            crashed.append(
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}"
            )

    fuzz()
    assert crashed == []
