"""The interface shell: static files, catalogs, error pages, language, settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session

from minutes.config import Settings
from minutes.i18n import LOCALE_DIR, language, long_date, translate
from tests.helpers import create_user, district, login, text_of

ROOT = Path(__file__).resolve().parents[2]


def _catalog_ids() -> dict[str, str]:
    translations: dict[str, str] = {}
    for po_file in (LOCALE_DIR / "vi" / "LC_MESSAGES").glob("*.po"):
        with po_file.open("rb") as handle:
            translations.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    return translations


def test_every_message_of_the_code_and_templates_has_a_vietnamese_translation(tmp_path: Path) -> None:
    pot = tmp_path / "all.pot"
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[python: minutes/**.py]\n[jinja2: templates/**.html]\nextensions = jinja2.ext.i18n\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(mapping),
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id and isinstance(m.id, str)}
    missing = sorted(wanted - set(_catalog_ids()))
    assert missing == []


def test_dates_read_the_vietnamese_way() -> None:
    import datetime as dt

    assert long_date(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert long_date(dt.date(2019, 10, 5), "Minh Phát") == "Minh Phát, ngày 05 tháng 10 năm 2019"
    # A leading zero for days under 10 and for January and February only (DOMAIN A.13).
    assert long_date(dt.date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
    assert long_date(dt.date(2019, 9, 15)) == "ngày 15 tháng 9 năm 2019"
    assert long_date(dt.date(2019, 1, 7)) == "ngày 07 tháng 01 năm 2019"


def test_english_is_selectable_and_vietnamese_is_the_default(client: TestClient) -> None:
    assert "Đăng nhập" in text_of(client.get("/login"))
    response = client.get("/language/en?next=/login", follow_redirects=True)
    assert "Sign in" in text_of(response)
    with language("en"):
        assert translate("Sign in") == "Sign in"


def test_unknown_page_gets_the_vietnamese_404_page(client: TestClient, db: Session) -> None:
    create_user(db, username="huyen")
    login(client, "huyen")
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy" in text_of(response)


def test_unknown_api_path_answers_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_pages_are_compressed_for_weak_links(client: TestClient) -> None:
    response = client.get("/static/style.css", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"


def test_production_refuses_a_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="MINUTES_SECRET_KEY"):
        Settings(environment="production", secret_key="change-me")
    assert Settings(environment="production", secret_key="x" * 40).production


def test_the_database_defaults_to_an_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINUTES_DATABASE_URL", raising=False)
    assert Settings().database_url.startswith("sqlite:///")
    assert Settings().database_url.endswith("minutes.db")


def test_a_reviewer_sees_the_navigation_of_their_role_only(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="huyen", role="reviewer", unit=units["district"])
    login(client, "huyen")
    home = client.get("/")
    assert "Tổ chức đảng" in text_of(home)
    assert 'href="/admin/users"' not in home.text
    assert 'href="/account"' in home.text


def test_static_files_are_cached_for_long_because_their_urls_carry_a_hash(client: TestClient) -> None:
    page = client.get("/login")
    assert "/static/style.css?v=" in page.text
    response = client.get("/static/style.css")
    assert "max-age=31536000" in response.headers["cache-control"]
    assert "cache-control" not in page.headers or "max-age=31536000" not in page.headers["cache-control"]


def test_periods_read_the_vietnamese_way() -> None:
    from minutes.i18n import period_words

    with language("vi"):
        assert period_words("2019-11") == "tháng 11/2019"
        assert period_words("2026-12") == "tháng 12/2026"
        assert period_words("2019-Q4") == "quý IV/2019"
        assert period_words("không phải kỳ") == "không phải kỳ"
