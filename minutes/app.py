"""The application factory."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from minutes.audit import service as audit_service
from minutes.auth import account_pages
from minutes.auth import api as auth_api
from minutes.auth import pages as auth_pages
from minutes.auth.identity import AccountsIdentity
from minutes.classification import api as classification_api
from minutes.classification import pages as classification_pages
from minutes.config import Settings, get_settings
from minutes.db import make_engine, make_sessionmaker, reading
from minutes.home import pages as home
from minutes.meetings import api as meetings_api
from minutes.meetings import events
from minutes.meetings import pages as meetings_pages
from minutes.orgs import api as orgs_api
from minutes.orgs import pages as orgs_pages
from minutes.reports import api as reports_api
from minutes.reports import attendance
from minutes.reports import pages as reports_pages
from minutes.review import api as review_api
from minutes.review import pages as review_pages
from minutes.review import service as review_service
from minutes.search import api as search_api
from minutes.search import pages as search_pages
from minutes.search import service as search
from minutes.web import errors, offline
from minutes.web.guard import Admission, BodyGuard
from minutes.web.security import SecurityHeadersMiddleware
from minutes.web.templating import STATIC_DIR, make_templates

API_PREFIX = "/api/v1"


def subscribe_domains() -> None:
    """Let the higher domains follow the minutes: tallies and the index on every save, and the
    review's comments on the form (the minutes publish; they import none of these)."""
    events.subscribe_after_save("attendance tallies", attendance.on_minutes_saved)
    events.subscribe_after_save("search index", search.on_minutes_saved)
    events.lend_review_comments("review", review_service.comments_of_last_return)
    events.lend_acceptance_comments("review", review_service.comments_of_acceptance)


def create_app(settings: Settings | None = None, *, strict_templates: bool = False) -> FastAPI:
    """Build the app for the given settings (the environment's by default)."""
    settings = settings or get_settings()
    subscribe_domains()
    app = FastAPI(
        title="minutes",
        description="Sổ biên bản sinh hoạt chi bộ điện tử: the public JSON API, version 1.",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    serving = settings.db_pool_size + settings.db_max_overflow
    engine = make_engine(
        settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.write_sessions = make_sessionmaker(engine)
    app.state.read_sessions = make_sessionmaker(reading(engine))
    app.state.templates = make_templates(strict=strict_templates)
    app.state.identity = AccountsIdentity()
    audit_service.use_key(settings)

    # Level 6, zlib's own default: level 9 (Starlette's) takes three times as long for a few percent.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.add_middleware(BodyGuard, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(Admission, serving=serving, max_waiting=settings.max_waiting_requests)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.https)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)

    for router in (
        auth_api.router,
        orgs_api.router,
        meetings_api.router,
        review_api.router,
        reports_api.router,
        search_api.router,
        classification_api.router,
    ):
        app.include_router(router, prefix=API_PREFIX, responses=errors.API_ERRORS)
    for router in (
        home.router,
        auth_pages.router,
        account_pages.router,
        orgs_pages.router,
        meetings_pages.router,
        review_pages.router,
        reports_pages.router,
        search_pages.router,
        classification_pages.router,
        orgs_pages.unit_forms,
        offline.router,
    ):
        app.include_router(router)
    return app
