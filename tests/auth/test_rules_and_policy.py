"""Pure account rules: passwords in the spirit of ASVS V6.2, and who may do what where."""

from __future__ import annotations

import pytest

from minutes.access import Actor, Grant, require, require_reviewer_above
from minutes.auth import rules
from minutes.errors import NotFound, PermissionDenied


@pytest.mark.parametrize(
    ("password", "allowed"),
    [
        ("ngắn quá", False),
        ("123456789012", False),
        ("matkhau123", False),
        ("aaaaaaaaaaaa", False),
        ("x" * 129, False),
        ("con đường làng mùa lúa chín", True),
        ("Bac-Ho-song-mai", True),
    ],
)
def test_password_rules_ask_for_length_and_refuse_common_passwords(password: str, allowed: bool) -> None:
    assert (rules.password_problem(password) is None) is allowed


def test_password_may_not_be_the_username_or_name() -> None:
    assert rules.password_problem("hoangvantuan", username="tuan", full_name="Hoàng Văn Tuấn") is not None
    assert rules.password_problem("Hoàng Văn Tuấn 1968", full_name="Hoàng Văn Tuấn") is not None
    assert rules.password_problem("một câu rất dài khác", username="tuan", full_name="Hoàng Văn Tuấn") is None


def test_password_in_decomposed_unicode_is_normalised_before_hashing() -> None:
    from minutes.auth.passwords import hash_password, verify_password

    composed = "mật khẩu của tôi"
    decomposed = "mật khẩu của tôi".encode().decode()
    import unicodedata

    stored = hash_password(unicodedata.normalize("NFD", composed))
    assert verify_password(decomposed, stored)


@pytest.mark.parametrize(
    ("username", "ok"), [("bithu.nanoong", True), ("Bí thư", False), ("ab", False), ("x" * 65, False)]
)
def test_usernames_are_plain_lower_case_words(username: str, ok: bool) -> None:
    assert (rules.username_problem(username) is None) is ok


COMMUNE = "/1/2/"
BRANCH = "/1/2/5/"
OTHER_BRANCH = "/1/3/7/"


def _actor(*grants: tuple[str, str]) -> Actor:
    return Actor(user_id=1, username="u", full_name="U", grants=tuple(Grant(r, None, p) for r, p in grants))


def test_a_grant_covers_its_unit_and_everything_below() -> None:
    reviewer = _actor(("reviewer", COMMUNE))
    assert reviewer.can_see(BRANCH)
    assert not reviewer.can_see(OTHER_BRANCH)
    assert not reviewer.can_see("/1/")


def test_outside_the_subtree_is_not_found_and_inside_without_the_role_is_forbidden() -> None:
    secretary = _actor(("secretary", BRANCH))
    with pytest.raises(NotFound):
        require(secretary, "member.edit", OTHER_BRANCH)
    with pytest.raises(PermissionDenied):
        require(secretary, "unit.manage", BRANCH)
    require(secretary, "member.edit", BRANCH)


def test_a_reviewer_reviews_only_units_below_their_own() -> None:
    reviewer = _actor(("reviewer", COMMUNE))
    require_reviewer_above(reviewer, BRANCH)
    with pytest.raises(PermissionDenied):
        require_reviewer_above(reviewer, COMMUNE)


def test_a_path_prefix_that_is_not_an_ancestor_does_not_count() -> None:
    actor = _actor(("admin", "/1/2/"))
    assert not actor.can_see("/1/21/")


@pytest.mark.parametrize(
    "password",
    ["P@ssw0rd123", "1qaz2wsx3edc", "qwerty1234", "Aa123456789", "hanoi12345", "Hanoi@2024!", "Nguyen1990!"],
)
def test_passwords_an_attacker_tries_first_are_refused_with_the_reason(password: str) -> None:
    problem = rules.password_problem(password)
    assert problem is not None
    assert "common" in problem or "leaked" in problem


def test_the_list_of_common_and_leaked_passwords_is_a_real_one() -> None:
    listed = rules.common_passwords()
    assert len(listed) >= 100_000
    assert {"password1234", "1qaz2wsx3edc", "matkhau123", "iloveyou123"} <= listed


def test_the_party_unit_of_the_person_is_no_password() -> None:
    unit = ("Chi bộ thôn Nà Noong",)
    assert rules.password_problem("thonnanoong2019", unit_names=unit) is not None
    assert rules.password_problem("Na Noong 12345", unit_names=unit) is not None
    assert rules.password_problem("trâu ra đồng sáng sớm", unit_names=unit) is None
