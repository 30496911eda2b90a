"""Sent and accepted minutes read as the document, not as a greyed-out form (#12 item 6)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers, login, text_of
from tests.meetings.scene import submitted_october

API = "/api/v1"


def test_accepted_minutes_read_as_the_document_with_the_committees_comments_at_their_sections(
    client: TestClient, db: Session
) -> None:
    scene, meeting, _ = submitted_october(client, db)
    comments = [
        {"section": "news", "text": "Cần phổ biến thêm Chỉ thị của Huyện ủy về phòng chống dịch."},
        {"text": "Biên bản ghi đầy đủ, đúng cấu trúc."},
    ]
    accepted = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept", "comments": comments},
    )
    assert accepted.status_code == 200, accepted.text
    login(client, scene.secretary.username)
    page = client.get(f"/meetings/{meeting}")
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one("article.document") is not None
    assert soup.find("fieldset") is None and soup.find("textarea") is None  # nothing greyed out to squint at
    heading = soup.find("h3", string="1. Thông tin thời sự, phổ biến văn bản cấp trên")
    assert heading is not None
    beside = heading.find_next("aside", class_="review-comment")
    assert beside is not None and "Chỉ thị của Huyện ủy" in beside.get_text()
    assert heading.find_next("h3") is not None and beside in heading.find_next("h3").find_all_previous(
        "aside"
    )
    assert "Biên bản ghi đầy đủ, đúng cấu trúc." in text_of(page)
    assert "Đồng chí Bí thư thông tin tình hình thời sự trong nước" in text_of(page)  # the text, whole


def test_submitted_minutes_read_as_the_document_while_they_wait(client: TestClient, db: Session) -> None:
    scene, meeting, _ = submitted_october(client, db)
    login(client, scene.secretary.username)
    soup = BeautifulSoup(client.get(f"/meetings/{meeting}").text, "html.parser")
    assert soup.select_one("article.document") is not None and soup.find("fieldset") is None
    assert soup.find("aside", class_="review-comment") is None  # no decision yet
