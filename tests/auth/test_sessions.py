"""Server-side sessions end on idle and absolute timeouts, and when a user is disabled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minutes import migrate
from minutes.app import create_app
from minutes.auth.models import WebSession
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker
from tests.helpers import create_user, district, login


def _session_rows(db: Session) -> list[WebSession]:
    db.expire_all()
    return list(db.scalars(select(WebSession)))


def test_an_idle_session_ends_and_the_page_asks_to_sign_in_again(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    login(client, "bithu")
    assert client.get("/", follow_redirects=False).status_code == 200
    db.execute(update(WebSession).values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)))
    db.commit()
    assert client.get("/", follow_redirects=False).status_code == 303
    stale = [row.id for row in _session_rows(db)]
    login(client, "bithu")  # the timed-out row goes when the account signs in again (no write in a read)
    assert [row.id for row in _session_rows(db)] != stale and len(_session_rows(db)) == 1


def test_a_page_read_writes_nothing_and_the_use_is_noted_after_the_answer(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    login(client, "bithu")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    db.execute(update(WebSession).values(last_seen_at=long_ago))
    db.commit()
    assert client.get("/", follow_redirects=False).status_code == 200
    assert _session_rows(db)[0].last_seen_at > long_ago + dt.timedelta(minutes=29)


def test_a_session_older_than_the_absolute_limit_ends_even_if_active(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    login(client, "bithu")
    db.execute(update(WebSession).values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)))
    db.commit()
    assert client.get("/", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_sessions(client: TestClient, db: Session, app) -> None:  # type: ignore[no-untyped-def]
    units = district(db)
    create_user(db, username="admin", role="admin", unit=units["district"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    other = TestClient(app, base_url="http://testserver")
    login(other, "bithu")
    assert len(_session_rows(db)) == 1
    login(client, "admin")
    page = client.get(f"/admin/users/{bithu.id}")
    from tests.helpers import csrf_from

    client.post(f"/admin/users/{bithu.id}/active", data={"active": "0", "csrf_token": csrf_from(page)})
    assert [row.user_id for row in _session_rows(db)] != [bithu.id]
    assert other.get("/", follow_redirects=False).status_code == 303


def test_pages_open_while_another_request_holds_the_sqlite_write_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as db:
        create_user(db, username="bithu")
    served = create_app(Settings(database_url=url))
    with TestClient(served) as browser:
        login(browser, "bithu")
        with engine.begin() as earlier:
            earlier.execute(
                update(WebSession).values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
            )
        with engine.connect() as writer:
            writer.execute(update(WebSession).values(csrf_token="held"))
            # A save in progress elsewhere holds the write lock: reading a page must not need it.
            assert browser.get("/", follow_redirects=False).status_code == 200
            writer.rollback()
    served.state.engine.dispose()
    engine.dispose()
