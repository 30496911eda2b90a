"""The demo district: shape, members, accounts and determinism."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from minutes import demo
from minutes.auth.models import RoleGrant, User
from minutes.auth.signin import authenticate
from minutes.config import Settings
from minutes.db import make_engine
from minutes.demo import dates
from minutes.orgs.models import Member, Membership, OrgUnit

ACCOUNT_LINE = re.compile(r"^(?P<username>[a-z0-9._-]+) / (?P<password>\S+) — .+$")


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file."""
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def built(demo_database: tuple[str, list[str], str]) -> tuple[str, list[str], str]:
    """The demo of the run: its URL, account lines and summary."""
    return demo_database


@pytest.fixture
def engine(built: tuple[str, list[str], str]) -> Iterator[Engine]:
    """An engine on the built demo."""
    engine = make_engine(built[0])
    yield engine
    engine.dispose()


def member_names(url: str) -> list[str]:
    """Every member's full name, in id order."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Member.full_name).order_by(Member.id)))
    finally:
        engine.dispose()


def test_grassroots_organisations_are_the_communes_and_46_others(engine: Engine) -> None:
    with Session(engine) as session:
        root = session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_(None))).one()
        grassroots = list(session.scalars(select(OrgUnit).where(OrgUnit.parent_id == root.id)))
    assert root.name == "Đảng bộ huyện Lộc Bình" and root.kind == "committee"
    communes = [u for u in grassroots if u.name.startswith(("Đảng bộ xã ", "Đảng bộ thị trấn "))]
    assert len(grassroots) == 67
    assert len(communes) == 21
    assert all(u.kind == "committee" for u in communes)
    assert "Đảng bộ xã Minh Phát" in {u.name for u in communes}
    assert len(grassroots) - len(communes) == 46


def test_every_path_follows_the_parents(engine: Engine) -> None:
    with Session(engine) as session:
        units = {u.id: u for u in session.scalars(select(OrgUnit))}
    for unit in units.values():
        expected = "/" if unit.parent_id is None else units[unit.parent_id].path
        assert unit.path == f"{expected}{unit.id}/", unit.name
        if unit.parent_id is not None:
            assert units[unit.parent_id].kind == "committee"
        assert (unit.branch_type is None) == (unit.kind == "committee"), unit.name


def test_member_count_and_summary(engine: Engine, built: tuple[str, list[str], str]) -> None:
    with Session(engine) as session:
        members = session.scalar(select(Member.id).order_by(Member.id.desc()).limit(1)) or 0
        memberships = len(list(session.scalars(select(Membership.id))))
    assert 5300 <= members <= 5700
    assert memberships == members
    summary = built[2]
    assert summary.startswith("Dữ liệu mẫu: 1 đảng bộ huyện, 21 đảng bộ xã/thị trấn, 67 tổ chức cơ sở đảng, ")
    assert f"{members:,}".replace(",", ".") + " đảng viên" in summary
    assert summary.endswith(" giây).")


def test_members_follow_the_rules(engine: Engine) -> None:
    with Session(engine) as session:
        members = list(session.scalars(select(Member)))
        branch_ids = set(session.scalars(select(OrgUnit.id).where(OrgUnit.kind == "branch")))
    probationary = [m for m in members if m.status == "probationary"]
    assert 0.02 <= len(probationary) / len(members) <= 0.06
    for member in members:
        assert member.org_unit_id in branch_ids
        assert 1935 <= (member.birth_year or 0) <= 2000
        assert member.joined_on is not None and member.joined_on.year - (member.birth_year or 0) >= 18
        middle = member.full_name.split()[1]
        if middle == "Thị":
            assert member.sex == "female", member.full_name
        if middle == "Văn":
            assert member.sex == "male", member.full_name
        if member.status == "official":
            assert member.official_on == dates.one_year_later(member.joined_on)
        else:
            assert member.official_on is None
            assert member.joined_on > dates.AS_OF - dt.timedelta(days=366)
        assert member.exempt == (member.exempt_from is not None)


def test_names_are_nfc(engine: Engine) -> None:
    with Session(engine) as session:
        names = [
            *session.scalars(select(Member.full_name)),
            *session.scalars(select(OrgUnit.name)),
            *session.scalars(select(User.full_name)),
        ]
    assert all(unicodedata.normalize("NFC", name) == name for name in names)


def test_every_printed_account_signs_in(engine: Engine, built: tuple[str, list[str], str]) -> None:
    url, lines, _ = built
    settings = Settings(database_url=url)
    parsed = [ACCOUNT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    usernames = {match["username"] for match in parsed if match}
    assert {"admin", "huyen", "xa.minhphat", "bithu.nanoong", "thuky.nanoong", "xem.minhphat"} <= usernames
    with Session(engine) as session:
        for match in parsed:
            assert match is not None
            user = authenticate(
                session,
                username=match["username"],
                password=match["password"],
                address="127.0.0.1",
                settings=settings,
            )
            assert user is not None, match["username"]
        session.rollback()


def test_the_na_noong_secretary_leads_the_sample_branch(engine: Engine) -> None:
    with Session(engine) as session:
        secretary = session.scalars(select(User).where(User.username == "bithu.nanoong")).one()
        grant = session.scalars(select(RoleGrant).where(RoleGrant.user_id == secretary.id)).one()
        branch = session.get(OrgUnit, grant.org_unit_id)
        assert branch is not None and grant.role == "secretary"
        members = list(session.scalars(select(Member).where(Member.org_unit_id == branch.id)))
        clerk = session.scalars(select(User).where(User.username == "thuky.nanoong")).one()
        parent = session.get(OrgUnit, branch.parent_id)
    names = {m.full_name: m for m in members}
    assert branch.name == "Chi bộ thôn Nà Noong"
    assert parent is not None and parent.name == "Đảng bộ xã Minh Phát"
    assert "Hoàng Văn Tuấn" in names
    assert secretary.member_id == names["Hoàng Văn Tuấn"].id
    assert clerk.member_id == names["Lương Thị Hằng"].id
    assert len(members) == 19
    assert names["Vi Thị Thu"].status == "probationary"
    assert names["Triệu Văn Hùng"].exempt
    assert sum(m.status == "probationary" for m in members) == 2
    assert sum(m.exempt for m in members) == 3


def test_the_same_seed_gives_the_same_members(built: tuple[str, list[str], str], tmp_path: Path) -> None:
    again = sqlite_url(tmp_path / "again.db")
    demo.build(again)
    assert member_names(again) == member_names(built[0])
    other = sqlite_url(tmp_path / "other.db")
    demo.build(other, seed=7)
    assert member_names(other) != member_names(built[0])


def test_build_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.write_bytes(b"not a database")
    (tmp_path / "old.db-wal").write_bytes(b"stale")
    demo.build(sqlite_url(path))
    assert len(member_names(sqlite_url(path))) >= 5300


def test_build_refuses_a_server_database() -> None:
    with pytest.raises(ValueError):
        demo.build("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_the_demo_reads_its_texts_from_data_files() -> None:
    # Its modules' order and size are held for the whole package (tests/test_architecture.py).
    folder = Path(demo.__file__).parent
    assert sorted(path.name for path in (folder / "data").glob("*.yaml")) == [
        "district.yaml",
        "meetings.yaml",
        "na_noong.yaml",
        "names.yaml",
        "reviews.yaml",
        "seasons.yaml",
        "topics.yaml",
    ]
