"""The offline layer's parts as a browser fetches them: the worker at the root, its fallback page,
the manifest, and what signing out clears (#12 item 1)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.web.templating import STATIC_DIR
from tests.helpers import create_user, district, login, text_of


def _signed_in_secretary(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    login(client, "bithu")


def test_the_service_worker_is_served_from_the_root_and_checked_at_each_visit(client: TestClient) -> None:
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"  # a new worker reaches phones at their next visit
    assert 'caches.match("/offline")' in worker.text


def test_the_page_for_no_connection_is_in_vietnamese_and_needs_no_sign_in(client: TestClient) -> None:
    page = client.get("/offline")
    assert page.status_code == 200
    assert "Không có kết nối mạng" in text_of(page)
    assert "tự gửi đi khi có mạng trở lại" in text_of(page)


def test_every_page_names_the_manifest_and_the_script_that_installs_the_worker(
    client: TestClient, db: Session
) -> None:
    _signed_in_secretary(client, db)
    home = client.get("/")
    assert 'rel="manifest"' in home.text and "/static/app.js?v=" in home.text
    manifest = json.loads((STATIC_DIR / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["short_name"] == "Sổ biên bản" and manifest["start_url"] == "/"
    assert client.get(manifest["icons"][0]["src"]).status_code == 200


def test_signing_out_clears_the_pages_and_the_unsent_work_kept_on_the_phone(
    client: TestClient, db: Session
) -> None:
    _signed_in_secretary(client, db)
    home = client.get("/")
    assert "minutes on this phone have changes not yet sent" not in home.text  # translated
    assert "biên bản trên máy này còn phần sửa chưa gửi" in home.text
    token = home.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed_out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert signed_out.headers["clear-site-data"] == '"cache", "storage"'
