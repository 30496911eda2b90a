"""The demo district: the pre-2025 Lộc Bình district (Lạng Sơn) as of 2019, seeded into SQLite.

Commune and town names are the real ones of 2019; village names, people and accounts are
invented (Tày/Nùng-style village names, local surnames). The plan is pure data made from a
seeded random generator, so a seed always gives the same district; ``build`` writes it with
bulk inserts in one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.engine import make_url

from minutes import migrate
from minutes.auth.models import RoleGrant, User
from minutes.auth.passwords import hash_password
from minutes.db import make_engine, make_sessionmaker, utcnow
from minutes.i18n import nfc
from minutes.orgs.models import Member, Membership, OrgUnit
from minutes.reports import attendance
from minutes.search import service as search

AS_OF = dt.date(2019, 12, 31)
DEMO_PASSWORD = "Demo-LocBinh-2019!"
DISTRICT_NAME = "Đảng bộ huyện Lộc Bình"
MEMBER_TARGET = (5450, 5560)

TOWNS = ("Lộc Bình", "Na Dương")
# 19 of the communes of 2019 (Minh Phát and Hiệp Hạ merged into Minh Hiệp only in 2020).
COMMUNES = (
    "Ái Quốc", "Đồng Bục", "Đông Quan", "Hiệp Hạ", "Hữu Khánh", "Hữu Lân", "Khánh Xuân",
    "Khuất Xá", "Lợi Bác", "Mẫu Sơn", "Minh Phát", "Nam Quan", "Sàn Viên", "Tam Gia",
    "Tĩnh Bắc", "Tú Đoạn", "Tú Mịch", "Xuân Dương", "Yên Khoái",
)  # fmt: skip

VILLAGE_PREFIXES = ("Nà", "Bản", "Khòn", "Pác", "Pò", "Còn", "Kéo", "Khuổi")
VILLAGE_SYLLABLES = (
    "Khun", "Mèo", "Tẻng", "Pàn", "Lầy", "Hin", "Slằng", "Chang", "Luông", "Mạ", "Slam",
    "Pạt", "Tổng", "Cằm", "Lừa", "Liềng", "Vài", "Lùng", "Coóc", "Táng", "Sào", "Nưa",
    "Pầu", "Bó", "Cáy", "Rọ", "Khao", "Ngà", "Lót", "Hẩu", "Duốc", "Pheo", "Thin", "Kheo",
    "Mjầu", "Slạc", "Phường", "Lình", "Quang", "Hả",
)  # fmt: skip

# Directly under the district: committees with the branches below them, then single branches.
DISTRICT_COMMITTEES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Đảng bộ Công ty Than Na Dương", "enterprise", (
        "Chi bộ Phân xưởng Khai thác 1", "Chi bộ Phân xưởng Khai thác 2", "Chi bộ Phân xưởng Cơ điện",
        "Chi bộ Phân xưởng Vận tải", "Chi bộ Khối Văn phòng Công ty",
    )),
    ("Đảng bộ Quân sự huyện", "armed_forces", (
        "Chi bộ Cơ quan Ban Chỉ huy Quân sự huyện", "Chi bộ Tham mưu – Hậu cần", "Chi bộ Đại đội Bộ binh",
    )),
    ("Đảng bộ Công an huyện", "armed_forces", (
        "Chi bộ Tham mưu – Tổng hợp", "Chi bộ An ninh", "Chi bộ Cảnh sát Điều tra",
        "Chi bộ Cảnh sát Quản lý hành chính và Giao thông",
    )),
    ("Đảng bộ Cơ quan Chính quyền huyện", "agency", (
        "Chi bộ Văn phòng HĐND và UBND huyện", "Chi bộ Phòng Tài chính – Kế hoạch",
        "Chi bộ Phòng Nông nghiệp và PTNT", "Chi bộ Phòng Tài nguyên và Môi trường",
    )),
)  # fmt: skip
DISTRICT_BRANCHES: tuple[tuple[str, str], ...] = tuple(
    [(name, "agency") for name in (
        "Chi bộ Văn phòng Huyện ủy", "Chi bộ Ban Tổ chức – Ủy ban Kiểm tra Huyện ủy",
        "Chi bộ Ban Tuyên giáo – Dân vận Huyện ủy", "Chi bộ Trung tâm Bồi dưỡng chính trị huyện",
        "Chi bộ Khối Mặt trận và các đoàn thể huyện", "Chi bộ Tòa án nhân dân huyện",
        "Chi bộ Viện Kiểm sát nhân dân huyện", "Chi bộ Chi cục Thi hành án dân sự huyện",
        "Chi bộ Chi cục Thuế huyện", "Chi bộ Kho bạc Nhà nước huyện", "Chi bộ Bảo hiểm xã hội huyện",
        "Chi bộ Chi cục Thống kê huyện", "Chi bộ Hạt Kiểm lâm huyện", "Chi bộ Trung tâm Y tế huyện",
        "Chi bộ Trung tâm Văn hóa – Thể thao và Truyền thông huyện", "Chi bộ Phòng Giáo dục và Đào tạo huyện",
        "Chi bộ Phòng Lao động – Thương binh và Xã hội huyện", "Chi bộ Phòng Nội vụ huyện",
        "Chi bộ Phòng Y tế huyện", "Chi bộ Ban Quản lý dự án đầu tư xây dựng huyện",
        "Chi bộ Trung tâm Dịch vụ nông nghiệp huyện", "Chi bộ Trung tâm Phát triển quỹ đất huyện",
        "Chi bộ Chi nhánh Văn phòng Đăng ký đất đai huyện", "Chi bộ Ngân hàng Chính sách xã hội huyện",
        "Chi bộ Trạm Chăn nuôi và Thú y huyện",
    )]
    + [(name, "school") for name in (
        "Chi bộ Trường THPT Lộc Bình", "Chi bộ Trường THPT Na Dương", "Chi bộ Trường THPT Tú Đoạn",
        "Chi bộ Trường Phổ thông Dân tộc nội trú huyện",
        "Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện",
    )]
    + [(name, "enterprise") for name in (
        "Chi bộ Nhà máy Nhiệt điện Na Dương", "Chi bộ Điện lực Lộc Bình", "Chi bộ Bưu điện huyện Lộc Bình",
        "Chi bộ Trung tâm Viễn thông Lộc Bình", "Chi bộ Ngân hàng Nông nghiệp và PTNT huyện",
        "Chi bộ Chi nhánh Cấp nước Lộc Bình", "Chi bộ Cửa hàng Xăng dầu Lộc Bình",
        "Chi bộ Công ty Cổ phần Xây dựng Pác Lùng", "Chi bộ Công ty TNHH Chế biến lâm sản Kéo Sào",
        "Chi bộ Hợp tác xã Nông lâm nghiệp Khòn Quang", "Chi bộ Công ty TNHH Vận tải Còn Slạc",
        "Chi bộ Công ty Cổ phần Gạch ngói Nà Liềng",
    )]
)  # fmt: skip

# Members per branch (DOMAIN B.9.2): the allowed range and the mean to draw around.
SIZES: dict[str, tuple[int, int, float]] = {
    "village": (8, 40, 14.5),
    "commune_agency": (10, 25, 14),
    "commune_school": (8, 20, 11),
    "commune_armed": (5, 15, 8),
    "district_agency": (8, 25, 12),
    "district_school": (15, 29, 20),
    "district_enterprise": (10, 29, 15),
    "committee_enterprise": (15, 45, 28),
    "committee_armed_forces": (10, 20, 13),
    "committee_agency": (8, 20, 11),
}

SURNAMES = {
    "Hoàng": 14, "Nông": 12, "Lương": 8, "Vi": 8, "Lăng": 6, "Lộc": 6, "Hứa": 5, "Triệu": 5,
    "Chu": 5, "Mông": 4, "Lục": 5, "Đinh": 4, "Nguyễn": 6, "La": 3, "Hà": 4,
}  # fmt: skip
MIDDLE = {
    "male": ("Văn",) * 8 + ("Đức", "Minh", "Hữu", "Quang"),
    "female": ("Thị",) * 9 + ("Thu", "Ngọc", "Hồng"),
}
GIVEN = {
    "male": (
        "Tuấn", "Hùng", "Hải", "Phúc", "Cường", "Dũng", "Sơn", "Thắng", "Bình", "Quý", "Lâm",
        "Chiến", "Công", "Đông", "Khánh", "Long", "Nam", "Thành", "Toàn", "Trung", "Tùng", "Vinh",
        "Việt", "Hưng", "Kiên", "Lợi", "Mạnh", "Phong", "Sáng", "Thái", "Tiến", "Vượng", "Dương",
        "Hiếu", "Huy", "Nghĩa", "Thịnh", "Quyết", "Đạt", "Tâm",
    ),
    "female": (
        "Hằng", "Lan", "Thu", "Mai", "Hoa", "Hương", "Huyền", "Nga", "Nhung", "Oanh", "Phương",
        "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Hiền", "Liên", "Loan", "Hạnh",
        "Dung", "Duyên", "Giang", "Hà", "Linh", "Ngân", "Nhàn", "Sen", "Thắm", "Thúy", "Uyên", "Xuân",
    ),
}  # fmt: skip
# Officials named in the sources (DOMAIN B.9.1): never reuse a real person's name.
AVOIDED_NAMES = frozenset({"Hoàng Văn Chiều", "Hứa Văn Cường"})
# Share of women by branch type.
FEMALE_SHARE = {
    "rural": 0.4, "urban": 0.5, "agency": 0.45, "school": 0.7, "armed_forces": 0.05, "enterprise": 0.2,
    "students": 0.5,
}  # fmt: skip
# Birth years of the members who still work, by branch type.
BIRTH_YEARS = {
    "rural": (1945, 2000), "urban": (1945, 2000), "agency": (1960, 1996), "school": (1962, 1996),
    "armed_forces": (1968, 1998), "enterprise": (1962, 1997), "students": (1997, 2000),
}  # fmt: skip
PROBATIONARY_SHARE = 0.05
# Admissions cluster on the anniversaries of the Party (3/2), of Hồ Chí Minh (19/5) and of the nation (2/9).
ANNIVERSARIES = ((2, 3), (5, 19), (9, 2))

# The branch of the sample minutes (shared/data/sample-minutes-regular.md): name, sex, birth year,
# joined, exempt from (None: not exempt); joined in the last year means probationary.
NA_NOONG = "Chi bộ thôn Nà Noong"
FixedRow = tuple[str, str, int, dt.date, dt.date | None]
NA_NOONG_MEMBERS: tuple[FixedRow, ...] = (
    ("Hoàng Văn Tuấn", "male", 1968, dt.date(1995, 5, 12), None),
    ("Lương Thị Hằng", "female", 1985, dt.date(2010, 2, 3), None),
    ("Nông Thị Lan", "female", 1979, dt.date(2004, 5, 19), None),
    ("Vi Thị Thu", "female", 1996, dt.date(2019, 2, 3), None),
    ("Triệu Văn Hùng", "male", 1941, dt.date(1965, 9, 1), dt.date(2016, 1, 1)),
    ("Lục Văn Hải", "male", 1974, dt.date(2001, 11, 7), None),
    ("Chu Thị Mai", "female", 1989, dt.date(2012, 9, 2), None),
    ("Vi Văn Phúc", "male", 1962, dt.date(1988, 3, 26), None),
    ("Lăng Văn Cường", "male", 1983, dt.date(2008, 10, 10), None),
    ("Hoàng Thị Nga", "female", 1972, dt.date(1999, 6, 15), None),
    ("Nông Văn Sáng", "male", 1946, dt.date(1968, 3, 20), dt.date(2015, 1, 1)),
    ("Lương Văn Khánh", "male", 1977, dt.date(2003, 9, 2), None),
    ("Hà Thị Nhung", "female", 1990, dt.date(2016, 5, 19), None),
    ("Mông Văn Lợi", "male", 1950, dt.date(1972, 12, 22), dt.date(2017, 1, 1)),
    ("Triệu Thị Hoa", "female", 1981, dt.date(2007, 2, 3), None),
    ("Lộc Văn Thắng", "male", 1993, dt.date(2019, 5, 19), None),
    ("Hứa Thị Liên", "female", 1969, dt.date(1997, 11, 18), None),
    ("Đinh Văn Toàn", "male", 1987, dt.date(2014, 9, 2), None),
    ("Lục Thị Yến", "female", 1992, dt.date(2017, 3, 26), None),
)
# The commune committee member who follows Nà Noong, listed in the commune's agency branch.
MINH_PHAT_REVIEWER: FixedRow = ("Nông Văn Dũng", "male", 1975, dt.date(2000, 2, 3), None)
# A few more commune committees with a reviewer account (committee, username): the first committee
# member who follows their villages (demo_meetings._followers), listed after the other accounts.
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
class Unit:
    """A planned org unit; ``sizes`` is (min, max, mean) of its members for a branch."""

    id: int
    name: str
    kind: str
    branch_type: str | None
    parent_id: int | None
    path: str
    sizes: tuple[int, int, float] | None = None


@dataclass(frozen=True)
class Person:
    """A planned member, listed in one branch."""

    id: int
    full_name: str
    sex: str
    birth_year: int
    joined_on: dt.date
    official_on: dt.date | None
    status: str
    exempt: bool
    exempt_from: dt.date | None
    org_unit_id: int


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


class _Tree:
    """Hands out ids 1..N in insertion order, so parents come first and paths are known."""

    def __init__(self) -> None:
        self.units: list[Unit] = []

    def add(
        self,
        name: str,
        kind: str,
        parent: Unit | None,
        branch_type: str | None = None,
        size: str | None = None,
    ) -> Unit:
        unit_id = len(self.units) + 1
        path = f"{parent.path if parent else '/'}{unit_id}/"
        sizes = SIZES[size] if size else None
        unit = Unit(unit_id, nfc(name), kind, branch_type, parent.id if parent else None, path, sizes)
        self.units.append(unit)
        return unit


def _village_names(rng: random.Random, count: int, reserved: Iterable[str] = ()) -> list[str]:
    """Distinct fictional Tày/Nùng-style place names ("Nà Khun", "Pò Mèo")."""
    names = list(reserved)
    while len(names) < count:
        name = f"{rng.choice(VILLAGE_PREFIXES)} {rng.choice(VILLAGE_SYLLABLES)}"
        if name not in names:
            names.append(name)
    return names


def _commune(rng: random.Random, tree: _Tree, root: Unit, place: str, *, town: bool) -> Unit:
    """A commune or town committee with its village, agency, school and armed-forces branches."""
    level = "thị trấn" if town else "xã"
    committee = tree.add(f"Đảng bộ {level} {place}", "committee", root)
    reserved = ["Nà Noong"] if place == "Minh Phát" else []
    villages = _village_names(rng, rng.randint(8, 16), reserved)
    for village in sorted(villages, key=lambda name: name != "Nà Noong"):
        if town:
            tree.add(f"Chi bộ khu phố {village}", "branch", committee, "urban", "village")
        else:
            tree.add(f"Chi bộ thôn {village}", "branch", committee, "rural", "village")
    tree.add(f"Chi bộ cơ quan {level}", "branch", committee, "agency", "commune_agency")
    schools = rng.sample(("Trường Mầm non", "Trường Tiểu học", "Trường THCS"), rng.randint(1, 2))
    for school in sorted(schools):
        school_place = f"thị trấn {place}" if town else place
        tree.add(f"Chi bộ {school} {school_place}", "branch", committee, "school", "commune_school")
    tree.add(f"Chi bộ Công an {level}", "branch", committee, "armed_forces", "commune_armed")
    tree.add(f"Chi bộ Quân sự {level}", "branch", committee, "armed_forces", "commune_armed")
    return committee


def _units(rng: random.Random) -> list[Unit]:
    """The organisation tree: the district, its 21 communes and towns, and 46 other organisations."""
    tree = _Tree()
    root = tree.add(DISTRICT_NAME, "committee", None)
    for town in TOWNS:
        _commune(rng, tree, root, town, town=True)
    for commune in COMMUNES:
        _commune(rng, tree, root, commune, town=False)
    for name, branch_type, branches in DISTRICT_COMMITTEES:
        committee = tree.add(name, "committee", root)
        for branch in branches:
            tree.add(branch, "branch", committee, branch_type, f"committee_{branch_type}")
    for name, branch_type in DISTRICT_BRANCHES:
        tree.add(name, "branch", root, branch_type, f"district_{branch_type}")
    return tree.units


def _draw_size(rng: random.Random, low: int, high: int, mean: float) -> int:
    """A branch size skewed towards small branches, with a few large ones."""
    return min(high, low + round(rng.gammavariate(2, (mean - low) / 2)))


def _branch_sizes(rng: random.Random, units: list[Unit], fixed: dict[int, int]) -> dict[int, int]:
    """Members per branch within each branch's range, adjusted so the total lands on a target."""
    sizes = {
        unit.id: fixed[unit.id] if unit.id in fixed else _draw_size(rng, *unit.sizes)
        for unit in units
        if unit.sizes is not None
    }
    target = rng.randint(*MEMBER_TARGET)
    adjustable = [unit for unit in units if unit.sizes is not None and unit.id not in fixed]
    total = sum(sizes.values())
    while total != target:
        unit = rng.choice(adjustable)
        low, high, _ = unit.sizes or (0, 0, 0.0)
        step = 1 if total < target else -1
        if low <= sizes[unit.id] + step <= high:
            sizes[unit.id] += step
            total += step
    return sizes


def _one_year_later(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 2, 28)


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between two days, included."""
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _joined_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day of admission, often on a Party or national anniversary."""
    day = _random_day(rng, first, last)
    month, dom = rng.choice(ANNIVERSARIES)
    anniversary = dt.date(day.year, month, dom)
    if rng.random() < 0.4 and first <= anniversary <= last:
        return anniversary
    return day


class _Names:
    """Invented full names, distinct within a branch and never a real official's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = list(SURNAMES)
        self.weights = list(SURNAMES.values())

    def draw(self, sex: str, taken: set[str]) -> str:
        while True:
            surname = self.rng.choices(self.surnames, self.weights)[0]
            name = nfc(f"{surname} {self.rng.choice(MIDDLE[sex])} {self.rng.choice(GIVEN[sex])}")
            if name not in taken and name not in AVOIDED_NAMES:
                taken.add(name)
                return name


def _person(
    rng: random.Random,
    member_id: int,
    branch: Unit,
    name: str,
    sex: str,
    *,
    elderly_exempt: bool,
    may_be_probationary: bool,
) -> Person:
    """One invented member of a branch, with dates consistent with the rules of admission."""
    branch_type = branch.branch_type or "agency"
    last_official_join = AS_OF - dt.timedelta(days=366)
    birth_years = (1935, 1954) if elderly_exempt else BIRTH_YEARS[branch_type]
    birth_year = rng.randint(*birth_years)
    probationary = not elderly_exempt and may_be_probationary and rng.random() < PROBATIONARY_SHARE
    if probationary:
        birth_year = min(birth_year, AS_OF.year - 19)
        joined_on = _joined_day(rng, dt.date(AS_OF.year, 1, 15), AS_OF - dt.timedelta(days=16))
    else:
        birth_year = min(birth_year, last_official_join.year - 19)
        join_age = 19 + min(int(rng.expovariate(1 / 7)), 30)
        first = min(dt.date(birth_year + join_age, 1, 1), last_official_join - dt.timedelta(days=365))
        first = max(first, dt.date(birth_year + 19, 1, 1))
        joined_on = _joined_day(rng, first, min(first + dt.timedelta(days=364), last_official_join))
    exempt_from = None
    if elderly_exempt:
        exempt_from = _random_day(rng, max(dt.date(birth_year + 65, 1, 1), dt.date(2010, 1, 1)), AS_OF)
    return Person(
        id=member_id,
        full_name=name,
        sex=sex,
        birth_year=birth_year,
        joined_on=joined_on,
        official_on=None if probationary else _one_year_later(joined_on),
        status="probationary" if probationary else "official",
        exempt=elderly_exempt,
        exempt_from=exempt_from,
        org_unit_id=branch.id,
    )


def _fixed_person(member_id: int, branch_id: int, row: FixedRow) -> Person:
    """A member written out by hand (the sample minutes' branch)."""
    name, sex, birth_year, joined_on, exempt_from = row
    probationary = joined_on > AS_OF - dt.timedelta(days=366)
    return Person(
        id=member_id,
        full_name=nfc(name),
        sex=sex,
        birth_year=birth_year,
        joined_on=joined_on,
        official_on=None if probationary else _one_year_later(joined_on),
        status="probationary" if probationary else "official",
        exempt=exempt_from is not None,
        exempt_from=exempt_from,
        org_unit_id=branch_id,
    )


def _members(
    rng: random.Random,
    units: list[Unit],
    fixed: dict[int, list[FixedRow]],
    complete: frozenset[int] = frozenset(),
) -> list[Person]:
    """About 5,500 members; ``fixed`` lists hand-written members first, alone in ``complete`` branches."""
    names = _Names(rng)
    sizes = _branch_sizes(rng, units, {unit_id: len(fixed[unit_id]) for unit_id in complete})
    people: list[Person] = []
    for branch in units:
        if branch.sizes is None:
            continue
        rows = fixed.get(branch.id, [])
        taken = {nfc(row[0]) for row in rows}
        for row in rows:
            people.append(_fixed_person(len(people) + 1, branch.id, row))
        count = sizes[branch.id] - len(rows)
        if count <= 0:
            continue
        exempt = 0
        if branch.branch_type in ("rural", "urban"):
            exempt = max(1, round(sizes[branch.id] * rng.uniform(0.05, 0.30)))
        for index in range(count):
            sex = "female" if rng.random() < FEMALE_SHARE[branch.branch_type or "agency"] else "male"
            person = _person(
                rng,
                len(people) + 1,
                branch,
                names.draw(sex, taken),
                sex,
                elderly_exempt=index >= count - exempt,
                may_be_probationary=len(rows) + index >= 3,
            )
            people.append(person)
    return people


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
    units = _units(rng)
    root = units[0]
    minh_phat = next(u for u in units if u.name == nfc("Đảng bộ xã Minh Phát"))
    na_noong = next(u for u in units if u.parent_id == minh_phat.id and u.name == nfc(NA_NOONG))
    minh_phat_agency = next(u for u in units if u.parent_id == minh_phat.id and u.branch_type == "agency")
    fixed = {na_noong.id: list(NA_NOONG_MEMBERS), minh_phat_agency.id: [MINH_PHAT_REVIEWER]}
    members = _members(rng, units, fixed, complete=frozenset({na_noong.id}))
    grassroots = [u.id for u in units if u.parent_id == root.id]
    communes = [
        u.id
        for u in units
        if u.parent_id == root.id and u.name.startswith(("Đảng bộ xã", "Đảng bộ thị trấn"))
    ]
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


def insert_district(connection: Connection, district: DemoDistrict, password_hash: str) -> None:
    """Write the planned district with bulk inserts (the caller owns the transaction)."""
    now = utcnow()
    connection.execute(
        insert(OrgUnit),
        [
            {"id": u.id, "name": u.name, "kind": u.kind, "branch_type": u.branch_type,
             "parent_id": u.parent_id, "path": u.path, "created_at": now}
            for u in district.units
        ],
    )  # fmt: skip
    member_rows: list[dict[str, Any]] = [
        {"id": p.id, "full_name": p.full_name, "sex": p.sex, "birth_year": p.birth_year,
         "joined_on": p.joined_on, "official_on": p.official_on, "status": p.status, "exempt": p.exempt,
         "exempt_from": p.exempt_from, "exempt_until": None, "org_unit_id": p.org_unit_id,
         "created_at": now, "updated_at": now}
        for p in district.members
    ]  # fmt: skip
    connection.execute(insert(Member), member_rows)
    connection.execute(
        insert(Membership),
        [{"id": p.id, "member_id": p.id, "org_unit_id": p.org_unit_id, "start_on": p.joined_on,
          "end_on": None, "reason": None} for p in district.members],
    )  # fmt: skip
    connection.execute(
        insert(User),
        [{"id": a.id, "username": a.username, "full_name": a.full_name, "password_hash": password_hash,
          "member_id": a.member_id, "is_active": True, "created_at": now} for a in district.accounts],
    )  # fmt: skip
    connection.execute(
        insert(RoleGrant),
        [{"id": a.id, "user_id": a.id, "role": a.role, "org_unit_id": a.org_unit_id, "granted_at": now}
         for a in district.accounts],
    )  # fmt: skip


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


def _remove_sqlite_file(url: str) -> None:
    """Delete the SQLite file behind the URL and its WAL side files; refuse other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError("The demo builds its own SQLite file; give a sqlite:/// URL.")
    database = parsed.database
    if not database or database == ":memory:":
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(database + suffix).unlink(missing_ok=True)


def build(url: str, *, seed: int = 2019) -> tuple[list[str], str]:
    """Replace the SQLite file behind ``url`` with the demo district and its 2019 meetings.

    Return the account lines and a summary.
    """
    # Imported here: the meetings and reviews modules build on this one's plan.
    from minutes import demo_meetings, demo_reviews

    started = time.perf_counter()
    _remove_sqlite_file(url)
    migrate.upgrade(url)
    district = plan(seed)
    year = demo_meetings.plan_year(district, seed)
    # Decisions change the year's rows (statuses, corrected revisions) before they are written.
    reviews = demo_reviews.plan_reviews(district, year, seed)
    password_hash = hash_password(DEMO_PASSWORD)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            insert_district(connection, district, password_hash)
            demo_meetings.insert_year(connection, year)
            demo_reviews.insert_reviews(connection, reviews)
        with make_sessionmaker(engine)() as session:
            # The year was written in bulk, not through save_minutes: index and count it here.
            search.reindex(session)
            attendance.retally(session)
            session.commit()
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    return account_lines(district), summary(district, seconds, year.counts(), reviews.counts())


def member_counts(district: DemoDistrict) -> Counter[str]:
    """Members by status, and how many are exempt (for checks and the bench)."""
    counts: Counter[str] = Counter(p.status for p in district.members)
    counts["exempt"] = sum(p.exempt for p in district.members)
    return counts
