"""Search over the minutes, on both databases: folding, scope, freshness, snippets, reindex."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from minutes import migrate
from minutes.auth import service as auth_service
from minutes.cli import app as cli_app
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker
from minutes.meetings import service as meetings_service
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.search import service as search
from minutes.search.models import SearchDocument
from minutes.search.text import parse_query
from tests.helpers import api_headers, create_member, create_user, login
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular


def _record(
    client: TestClient, headers: dict[str, str], branch_id: int, body: dict[str, Any], period: str = "2019-10"
) -> int:
    """Plan a meeting of a branch and save its minutes through the API; return its id."""
    meeting_id = plan_regular(client, headers, branch_id, period)
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)
    assert saved.status_code == 200, saved.text
    return meeting_id


def _search(client: TestClient, headers: dict[str, str], q: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/search", params={"q": q, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


def _found(client: TestClient, headers: dict[str, str], q: str, **params: Any) -> list[int]:
    return [hit["meeting_id"] for hit in _search(client, headers, q, **params)]


@pytest.fixture
def scene(db: Session) -> Scene:
    return na_noong(db)


@pytest.fixture
def secretary(db: Session, scene: Scene) -> dict[str, str]:
    return api_headers(db, scene.secretary)


@pytest.fixture
def october(client: TestClient, scene: Scene, secretary: dict[str, str]) -> int:
    """Nà Noong's October minutes, saved: "Đã thu đủ đảng phí tháng 9." among its sections."""
    return _record(client, secretary, scene.units["na_noong"].id, october_minutes(scene))


def test_dang_phi_without_marks_finds_dang_phi_with_them(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    assert _found(client, secretary, "dang phi") == [october]


def test_capitals_do_not_matter(client: TestClient, secretary: dict[str, str], october: int) -> None:
    assert _found(client, secretary, "DANG PHI") == [october]
    assert _found(client, secretary, "Đảng") == [october]


def test_a_decomposed_query_finds_precomposed_text(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    query = unicodedata.normalize("NFD", "đảng phí")
    assert query != "đảng phí"
    assert _found(client, secretary, query) == [october]


def test_words_of_an_opinion_and_of_a_task_are_found(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    assert _found(client, secretary, "kha gia") == [october]  # "các hộ khá giả", an opinion
    assert _found(client, secretary, "bê tông khe suối") == [october]  # a task's title


def test_doan_finds_text_typed_with_the_icelandic_eth(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    body = october_minutes(scene)
    body["sections"]["news"] = "Ðoàn thanh niên ra quân làm đường."  # U+00D0, as a PDF gives it
    meeting = _record(client, secretary, scene.units["na_noong"].id, body)
    assert _found(client, secretary, "doan thanh nien") == [meeting]
    assert _found(client, secretary, "Đoàn") == [meeting]


def test_a_hit_names_the_committee_above_its_branch(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    (hit,) = _search(client, secretary, "dang phi")
    assert (hit["branch_name"], hit["committee_name"]) == ("Chi bộ thôn Nà Noong", "Đảng bộ xã Minh Phát")


def test_every_term_must_match(client: TestClient, secretary: dict[str, str], october: int) -> None:
    assert _found(client, secretary, "đảng phí xyzzy") == []
    assert _found(client, secretary, "ang phi") == []  # words are matched from their beginning


def test_the_snippet_marks_the_original_words_with_their_marks(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    (hit,) = _search(client, secretary, "dang phi")
    assert hit["org_unit_id"] and hit["period"] == "2019-10" and hit["branch_name"] == "Chi bộ thôn Nà Noong"
    marked = [hit["snippet"][start:end] for start, end in hit["highlights"]]
    assert "đảng" in marked and "phí" in marked
    assert "Đã thu đủ đảng phí tháng 9." in hit["snippet"]


def test_a_secretary_of_another_commune_finds_nothing_and_learns_nothing(
    client: TestClient, db: Session, scene: Scene, october: int
) -> None:
    other = api_headers(db, scene.other_secretary)
    assert _found(client, other, "dang phi") == []
    narrowed = client.get(
        "/api/v1/search", params={"q": "dang phi", "org_unit_id": scene.units["na_noong"].id}, headers=other
    )
    assert narrowed.status_code == 404
    assert "phí" not in narrowed.text


def test_the_commune_reviewer_finds_it_and_org_unit_id_narrows(
    client: TestClient, db: Session, scene: Scene, october: int
) -> None:
    ban_khun = scene.units["ban_khun"]
    create_member(db, branch=ban_khun, full_name="Hoàng Văn Nam")
    its_secretary = api_headers(
        db, create_user(db, username="bithu.bankhun", role="secretary", unit=ban_khun)
    )
    other = _record(
        client, its_secretary, ban_khun.id, {"version": 0, "sections": {"dues": "Đã thu đảng phí quý III."}}
    )
    reviewer = api_headers(db, scene.reviewer)
    assert _found(client, reviewer, "dang phi") == [other, october]  # newest period first
    assert _found(client, reviewer, "dang phi", org_unit_id=scene.units["na_noong"].id) == [october]
    assert _found(client, reviewer, "dang phi", org_unit_id=ban_khun.id) == [other]
    assert len(_found(client, reviewer, "dang phi", org_unit_id=scene.units["minh_phat"].id)) == 2
    assert _found(client, its_secretary, "dang phi") == [other]
    assert _found(client, reviewer, "dang phi", limit=1, offset=1) == [october]


def test_a_new_version_replaces_the_old_text(
    client: TestClient, scene: Scene, secretary: dict[str, str], october: int
) -> None:
    body = october_minutes(scene, version=1)
    body["sections"]["dues"] = "Đã thu đủ quỹ tháng 9."
    saved = client.put(f"/api/v1/meetings/{october}/minutes", json=body, headers=secretary)
    assert saved.status_code == 200, saved.text
    assert _found(client, secretary, "dang phi") == []
    assert _found(client, secretary, "quy thang") == [october]


def test_a_query_of_one_letter_is_refused_in_vietnamese(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    for q in ("đ", "", " ? "):
        response = client.get("/api/v1/search", params={"q": q}, headers=secretary)
        assert response.status_code == 422
        assert response.json()["error"] == "validation_error"
        assert response.json()["details"][0]["field"] == "q"
        assert "ít nhất hai chữ" in response.json()["details"][0]["message"]


def test_the_search_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "dang phi"}).status_code == 401


def test_the_page_shows_the_matches_marked_and_links_to_the_meeting(
    client: TestClient, scene: Scene, october: int
) -> None:
    assert login(client, "bithu").status_code == 303
    page = client.get("/search", params={"q": "DANG phi"})
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("a", href=f"/meetings/{october}") is not None
    assert {mark.get_text() for mark in soup.select(".snippet mark")} >= {"đảng", "phí"}
    assert "— Đảng bộ xã Minh Phát" in soup.get_text()  # the branch with its committee
    assert soup.find("input", {"name": "q"})["value"] == "DANG phi"  # type: ignore[index]
    assert soup.find("a", href="/search") is not None  # the menu's "Tìm kiếm"
    assert "Tìm kiếm" in page.text


def test_the_page_escapes_what_the_minutes_say(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    body = october_minutes(scene)
    body["opinions"][0]["content"] = "<script>alert('đảng')</script> về đảng phí"
    meeting_id = _record(client, secretary, scene.units["na_noong"].id, body)
    login(client, "bithu")
    page = client.get("/search", params={"q": "alert"})
    assert f"/meetings/{meeting_id}" in page.text
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;<mark>alert</mark>" in page.text


def test_the_page_without_words_shows_the_box_and_a_short_query_says_why(
    client: TestClient, scene: Scene
) -> None:
    login(client, "bithu")
    empty = client.get("/search")
    assert empty.status_code == 200
    assert BeautifulSoup(empty.text, "html.parser").find("input", {"name": "q"}) is not None
    short = client.get("/search", params={"q": "đ"})
    assert short.status_code == 422
    assert "Nhập ít nhất hai chữ cái" in short.text


def test_the_page_needs_a_signed_in_person(client: TestClient) -> None:
    response = client.get("/search", params={"q": "dang"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_the_query_uses_the_full_text_index(db: Session, scene: Scene) -> None:
    terms = parse_query("dang phi")
    dialect = db.get_bind().dialect
    if dialect.name == "sqlite":
        actor = auth_service.load_actor(db, user=scene.reviewer)
        hits = search.hits_query(db, actor=actor, terms=terms)
        compiled = hits.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(row[-1]) for row in db.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "search_fts VIRTUAL TABLE INDEX" in plan
    else:
        query = select(SearchDocument.meeting_id).where(search.matching(db, terms))
        compiled = query.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        db.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table is cheaper to scan
        plan = " ".join(row[0] for row in db.execute(text(f"EXPLAIN {compiled}")))
        assert "Bitmap Index Scan on search_fts_trgm" in plan


def test_saving_through_the_service_indexes_in_the_same_transaction(db: Session, scene: Scene) -> None:
    meeting_id = _save_through_the_service(db, scene)
    document = db.get(SearchDocument, meeting_id)
    assert document is not None and "đảng phí" in document.body and " dang phi " in document.folded
    actor = auth_service.load_actor(db, user=scene.secretary)
    assert [hit.meeting_id for hit in search.search(db, actor=actor, q="đảng phí")] == [meeting_id]


def _save_through_the_service(db: Session, scene: Scene) -> int:
    actor = auth_service.load_actor(db, user=scene.secretary)
    meeting = meetings_service.plan_meeting(
        db,
        actor=actor,
        data=MeetingCreate(
            org_unit_id=scene.units["na_noong"].id,
            kind="regular",
            period="2019-10",
            scheduled_at=dt.datetime.fromisoformat("2019-10-05T19:30:00+07:00"),
        ),
    )
    meetings_service.save_minutes(
        db, actor=actor, meeting_id=meeting.id, body=MinutesIn.model_validate(october_minutes(scene))
    )
    return meeting.id


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MINUTES_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_minutes_search_reindex_rebuilds_the_index(cli_database: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli_app, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(cli_database)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        scene = na_noong(session)
        meeting_id = _save_through_the_service(session, scene)
        session.execute(delete(SearchDocument))
        session.execute(text("DELETE FROM search_fts"))
        session.commit()
        reviewer = auth_service.load_actor(session, user=scene.reviewer)
    with sessions() as session:
        assert search.search(session, actor=reviewer, q="dang phi") == []
    result = runner.invoke(cli_app, ["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Đã lập lại chỉ mục tìm kiếm: 1 biên bản." in result.output
    with sessions() as session:
        assert [hit.meeting_id for hit in search.search(session, actor=reviewer, q="dang phi")] == [
            meeting_id
        ]
        assert session.scalar(select(SearchDocument.period)) == "2019-10"
    engine.dispose()


def test_the_migration_indexes_the_minutes_already_recorded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'older.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        scene = na_noong(session)
        meeting_id = _save_through_the_service(session, scene)
        session.commit()
        reviewer = auth_service.load_actor(session, user=scene.reviewer)
    command.downgrade(migrate.alembic_config(url), "91123eb6c492")  # before the search existed
    migrate.upgrade(url)
    with sessions() as session:
        assert [hit.meeting_id for hit in search.search(session, actor=reviewer, q="Đảng phí")] == [
            meeting_id
        ]
    engine.dispose()


def _two_months(
    client: TestClient, scene: Scene, secretary: dict[str, str], september: str, october: str
) -> tuple[int, int]:
    """Nà Noong's September and October minutes, their news section as given."""
    ids = []
    for period, news in (("2019-09", september), ("2019-10", october)):
        body = october_minutes(scene)
        body["sections"]["news"] = news
        body["sections"]["dues"] = "Đã thu đủ."
        ids.append(_record(client, secretary, scene.units["na_noong"].id, body, period))
    return ids[0], ids[1]


def test_words_are_matched_whole_unless_a_star_asks_for_their_beginning(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    fees, bother = _two_months(
        client, scene, secretary, "Nhắc đóng đảng phí đúng hạn.", "Một số đảng viên thấy phiền hà."
    )
    assert _found(client, secretary, "dang phi") == [fees]  # not "đảng viên … phiền hà"
    assert set(_found(client, secretary, "phi*")) == {bother, fees}  # "phiền", "phí": both begin so
    assert _found(client, secretary, "phien") == [bother]
    assert _found(client, secretary, "phie") == []  # no word "phie": "phiền" is not found by its beginning
    assert _found(client, secretary, "phie*") == [bother]


def test_words_in_quotes_are_found_in_a_row(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    in_a_row, apart = _two_months(
        client, scene, secretary, "Thu đảng phí tháng 9.", "Phí làm đường do đảng viên góp."
    )
    assert set(_found(client, secretary, "dang phi")) == {in_a_row, apart}
    assert _found(client, secretary, '"dang phi"') == [in_a_row]


def test_the_best_match_comes_first_then_the_newest(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    many, once = _two_months(
        client,
        scene,
        secretary,
        "Tuyên truyền phòng dịch tả lợn. Dịch tả lợn châu Phi: tiêm phòng, khử trùng dịch tả lợn.",
        "Một số hộ lo lắng về giá lợn hơi.",
    )
    assert _found(client, secretary, "lon") == [many, once]  # September says it four times
    assert _found(client, secretary, "ta") == [many]


def test_a_branch_its_place_and_its_people_are_found_by_name_without_marks(
    client: TestClient, secretary: dict[str, str], october: int
) -> None:
    assert _found(client, secretary, "Na Noong") == [october]  # the branch and its cultural house
    assert _found(client, secretary, "minh phat") == [october]  # the commune
    assert _found(client, secretary, "luong thi hang") == [october]  # the recorder, a member


def test_minutes_that_say_the_words_in_a_row_come_before_those_with_them_here_and_there(
    client: TestClient, scene: Scene, secretary: dict[str, str]
) -> None:
    in_a_row, scattered = _two_months(
        client,
        scene,
        secretary,
        "Nhắc đóng đảng phí.",
        "Đảng ủy giao nhiệm vụ; đảng viên góp phí làm đường; đảng bộ xã kiểm tra.",
    )
    assert _found(client, secretary, "dang phi") == [in_a_row, scattered]
