"""The demo district as plain data: the pre-2025 Lộc Bình district (Lạng Sơn) as of 2019.

Commune and town names are the real ones of 2019; village names, people and accounts are
invented (Tày/Nùng-style village names, local surnames). The plan is made from a seeded random
generator, so a seed always gives the same district.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from minutes.demo import people, tree
from minutes.demo.corpus import MINH_PHAT_REVIEWER, NA_NOONG_MEMBERS
from minutes.demo.people import Person
from minutes.demo.tree import Unit
from minutes.i18n import nfc

DEMO_PASSWORD = "Demo-LocBinh-2019!"
NA_NOONG = "Chi bộ thôn Nà Noong"
MINH_PHAT = "Đảng bộ xã Minh Phát"
# A few more commune committees with a reviewer account (committee, username): the first committee
# member who follows their villages (see branches.plan_branches), listed after the other accounts.
COMMUNE_REVIEWERS = (
    ("Đảng bộ xã Khuất Xá", "xa.khuatxa"),
    ("Đảng bộ xã Tú Đoạn", "xa.tudoan"),
    ("Đảng bộ thị trấn Na Dương", "tt.naduong"),
)

ROLE_LABELS = {
    "admin": "Quản trị viên",
    "reviewer": "Cán bộ kiểm tra, theo dõi",
    "secretary": "Bí thư chi bộ",
    "clerk": "Thư ký",
    "viewer": "Người xem",
}


@dataclass(frozen=True)
class Account:
    """A planned sign-in account with its one role grant."""

    id: int
    username: str
    full_name: str
    role: str
    org_unit_id: int
    member_id: int | None


@dataclass
class DemoDistrict:
    """Everything the demo creates, as plain data (ids are the database ids)."""

    units: list[Unit]
    members: list[Person]
    accounts: list[Account]
    root_id: int
    commune_ids: list[int]
    grassroots_ids: list[int]
    minh_phat_id: int
    na_noong_id: int
    unit_ids_by_kind: dict[str, list[int]] = field(default_factory=dict)
    member_ids_by_branch: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for unit in self.units:
            by_kind[unit.kind].append(unit.id)
        by_branch: dict[int, list[int]] = defaultdict(list)
        for person in self.members:
            by_branch[person.org_unit_id].append(person.id)
        self.unit_ids_by_kind = dict(by_kind)
        self.member_ids_by_branch = dict(by_branch)

    def unit(self, unit_id: int) -> Unit:
        """The planned unit with this id."""
        return self.units[unit_id - 1]

    def member(self, member_id: int) -> Person:
        """The planned member with this id."""
        return self.members[member_id - 1]


def _accounts(units: list[Unit], members: list[Person], minh_phat_id: int, na_noong_id: int) -> list[Account]:
    """One account per role, the secretary and clerk linked to their member records."""

    def member_id(name: str, branch_id: int) -> int:
        return next(p.id for p in members if p.org_unit_id == branch_id and p.full_name == nfc(name))

    minh_phat_agency = next(u.id for u in units if u.parent_id == minh_phat_id and u.branch_type == "agency")
    root_id = units[0].id
    return [
        Account(1, "admin", "Quản trị hệ thống", "admin", root_id, None),
        Account(2, "huyen", "Lăng Đức Thịnh", "reviewer", root_id, None),
        Account(
            3, "xa.minhphat", MINH_PHAT_REVIEWER[0], "reviewer", minh_phat_id,
            member_id(MINH_PHAT_REVIEWER[0], minh_phat_agency),
        ),
        Account(4, "bithu.nanoong", "Hoàng Văn Tuấn", "secretary", na_noong_id, member_id("Hoàng Văn Tuấn", na_noong_id)),
        Account(5, "thuky.nanoong", "Lương Thị Hằng", "clerk", na_noong_id, member_id("Lương Thị Hằng", na_noong_id)),
        Account(6, "xem.minhphat", "Hà Thị Nhàn", "viewer", minh_phat_id, None),
        *_commune_reviewers(units, members, first_id=7),
    ]  # fmt: skip


def _commune_reviewers(units: list[Unit], members: list[Person], first_id: int) -> list[Account]:
    """Reviewer accounts of a few more commune committees, each a member of its agency branch."""
    accounts: list[Account] = []
    for name, username in COMMUNE_REVIEWERS:
        committee = next(u for u in units if u.name == nfc(name))
        agency = next(u for u in units if u.parent_id == committee.id and u.branch_type == "agency")
        # The first official, not exempt member: the commune's first village follower.
        person = next(
            p for p in members if p.org_unit_id == agency.id and p.status == "official" and not p.exempt
        )
        accounts.append(
            Account(first_id + len(accounts), username, person.full_name, "reviewer", committee.id, person.id)
        )
    return accounts


def plan(seed: int = 2019) -> DemoDistrict:
    """The whole demo district as plain data; the same seed gives the same district."""
    rng = random.Random(seed)
    units = tree.units(rng)
    root = units[0]
    minh_phat = next(u for u in units if u.name == nfc(MINH_PHAT))
    na_noong = next(u for u in units if u.parent_id == minh_phat.id and u.name == nfc(NA_NOONG))
    minh_phat_agency = next(u for u in units if u.parent_id == minh_phat.id and u.branch_type == "agency")
    fixed = {na_noong.id: list(NA_NOONG_MEMBERS), minh_phat_agency.id: [MINH_PHAT_REVIEWER]}
    members = people.members(rng, units, fixed, complete=frozenset({na_noong.id}))
    grassroots = [u.id for u in units if u.parent_id == root.id]
    communes = [u.id for u in units if u.parent_id == root.id and u.name.startswith(tree.COMMUNE_PREFIXES)]
    return DemoDistrict(
        units=units,
        members=members,
        accounts=_accounts(units, members, minh_phat.id, na_noong.id),
        root_id=root.id,
        commune_ids=communes,
        grassroots_ids=grassroots,
        minh_phat_id=minh_phat.id,
        na_noong_id=na_noong.id,
    )


def account_lines(district: DemoDistrict, password: str = DEMO_PASSWORD) -> list[str]:
    """One printable line per account: username / password — role, unit (person)."""
    lines = []
    for account in district.accounts:
        unit = district.unit(account.org_unit_id).name
        person = f" ({account.full_name})" if account.member_id else ""
        lines.append(f"{account.username} / {password} — {ROLE_LABELS[account.role]}, {unit}{person}")
    return lines


def _vi_number(value: float, decimals: int = 0) -> str:
    """A number in Vietnamese notation: 5.512 and 3,1."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def summary(
    district: DemoDistrict,
    seconds: float,
    year: dict[str, int] | None = None,
    reviews: dict[str, int] | None = None,
) -> str:
    """The one-line Vietnamese summary of what the demo holds and how long it took."""
    branches = len(district.unit_ids_by_kind.get("branch", []))
    meetings = (
        f", {_vi_number(year['meetings'])} cuộc sinh hoạt và {_vi_number(year['minutes'])} biên bản năm 2019"
        if year
        else ""
    )
    if reviews:
        meetings += (
            f", {_vi_number(reviews['decisions'])} quyết định xét duyệt biên bản"
            f" và {_vi_number(reviews['audit_events'])} sự kiện nhật ký"
        )
    return (
        f"Dữ liệu mẫu: 1 đảng bộ huyện, {len(district.commune_ids)} đảng bộ xã/thị trấn, "
        f"{len(district.grassroots_ids)} tổ chức cơ sở đảng, {_vi_number(branches)} chi bộ, "
        f"{_vi_number(len(district.members))} đảng viên{meetings} ({_vi_number(seconds, 1)} giây)."
    )


def member_counts(district: DemoDistrict) -> Counter[str]:
    """Members by status, and how many are exempt (for checks and the bench)."""
    counts: Counter[str] = Counter(p.status for p in district.members)
    counts["exempt"] = sum(p.exempt for p in district.members)
    return counts
