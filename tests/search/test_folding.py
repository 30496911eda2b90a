"""The pure text work of the search: folding, query terms, indexed text and snippets."""

from __future__ import annotations

import unicodedata

from minutes.i18n import fold
from minutes.search.text import (
    Snippet,
    Term,
    document_text,
    index_text,
    make_snippet,
    parse_query,
    query_is_too_short,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def query_words(q: str) -> list[str]:
    """The folded words a query searches for, as the search service counts them."""
    return [word for term in parse_query(q) for word in term.words]


def test_fold_turns_d_with_stroke_into_d_in_both_cases() -> None:
    assert fold("Đảng đoàn") == "dang doan"
    assert fold("ĐẢNG") == "dang"


def test_fold_treats_the_icelandic_eth_that_keyboards_and_pdfs_give_as_d() -> None:
    assert fold("Ðoàn thanh niên, ðảng viên") == "doan thanh nien, dang vien"
    assert query_words("doan") == ["doan"] and index_text("Ðoàn").strip() == "doan"


def test_fold_removes_both_marks_of_letters_with_two() -> None:
    assert fold("Quyết nghị đồng ý, cuộc sống, ngưỡng") == "quyet nghi dong y, cuoc song, nguong"
    assert fold("ếỀểỄệ ồỐổỖộ ặẮằẲẵ ữỰ") == "eeeee ooooo aaaaa uu"


def test_fold_gives_the_same_for_decomposed_and_precomposed_input() -> None:
    text = "Đảng phí tháng 9 đã thu đủ"
    assert nfd(text) != text
    assert fold(nfd(text)) == fold(text) == "dang phi thang 9 da thu du"


def test_index_text_keeps_folded_words_each_after_a_space() -> None:
    assert index_text("Đã thu đủ đảng phí (tháng 9).") == " da thu du dang phi thang 9"


def test_query_terms_are_distinct_folded_words() -> None:
    assert query_words("  ĐẢNG phí, đảng!  ") == ["dang", "phi"]
    assert query_words(nfd("Đảng phí")) == ["dang", "phi"]


def test_a_query_needs_two_letters_or_digits() -> None:
    assert query_is_too_short(query_words("đ"))
    assert query_is_too_short(query_words(" ?! "))
    assert not query_is_too_short(query_words("đả"))
    assert not query_is_too_short(query_words("9 a"))


def test_a_query_asks_for_whole_words_a_phrase_in_quotes_or_a_beginning_with_a_star() -> None:
    assert parse_query('Đảng phí "chi bộ thôn" vi*') == [
        Term(("dang",)),
        Term(("phi",)),
        Term(("chi", "bo", "thon")),
        Term(("vi",), prefix=True),
    ]
    assert parse_query('"dang phi') == [Term(("dang", "phi"))]  # a quote left open still makes a phrase


def test_the_index_holds_the_names_the_minutes_record() -> None:
    content = {
        "sections": {"dues": "Đã thu đủ đảng phí."},
        "org_unit_name": "Chi bộ thôn Nà Noong",
        "committee_name": "Đảng bộ xã Minh Phát",
        "place": "Nhà văn hoá thôn Nà Noong",
        "names": {"7": "Lương Thị Hằng", "8": "Hoàng Văn Tuấn"},
        "delegates": [{"name": "Nông Văn Dũng"}],
    }
    lines = document_text(content).splitlines()
    assert lines[-1] == (
        "Chi bộ thôn Nà Noong · Đảng bộ xã Minh Phát · Nhà văn hoá thôn Nà Noong · "
        "Lương Thị Hằng · Hoàng Văn Tuấn · Nông Văn Dũng"
    )


def test_document_text_takes_sections_opinions_and_tasks() -> None:
    content = {
        "sections": {"dues": "Đã thu đủ đảng phí.", "news": "  "},
        "opinions": [{"section": "opinions", "content": "Đề nghị sửa đường."}],
        "tasks": [{"title": "Sửa chữa đường bê tông", "note": None}],
        "votes": {"resolution": {"for": 9}},
    }
    assert document_text(content) == "Đã thu đủ đảng phí.\nĐề nghị sửa đường.\nSửa chữa đường bê tông"


def test_snippet_marks_the_original_words_with_their_marks() -> None:
    snippet = make_snippet("Đã thu đủ đảng phí tháng 9.", parse_query("dang phi"))
    assert snippet.text == "Đã thu đủ đảng phí tháng 9."
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["đảng", "phí"]
    assert snippet.pieces() == [
        ("Đã thu đủ ", False),
        ("đảng", True),
        (" ", False),
        ("phí", True),
        (" tháng 9.", False),
    ]


def test_snippet_marks_a_whole_word_found_by_its_beginning_when_asked() -> None:
    snippet = make_snippet("Các đồng chí đảng viên", parse_query("DANG VI*"))
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["đảng", "viên"]


def test_snippet_finds_decomposed_text_too() -> None:
    snippet = make_snippet(nfd("Quyết nghị về đảng phí"), parse_query("quyet"))
    assert [fold(snippet.text[s:e]) for s, e in snippet.highlights] == ["quyet"]


def test_snippet_of_a_long_text_is_cut_on_words_around_the_match() -> None:
    text = "Mở đầu buổi sinh hoạt. " * 20 + "Đã thu đủ đảng phí tháng 9. " + "Kết thúc. " * 30
    snippet = make_snippet(text, parse_query("đảng phí"))
    assert snippet.text.startswith("… ") and snippet.text.endswith(" …")
    assert len(snippet.text) <= 210
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["đảng", "phí"]
    words = set(text.split())
    assert all(word in words for word in snippet.text.split() if word != "…")


def test_snippet_prefers_the_place_where_most_terms_meet() -> None:
    text = "Bàn về đảng viên mới. " + "Nội dung khác. " * 30 + "Thu đảng phí đầy đủ."
    snippet = make_snippet(text, parse_query("dang phi"))
    assert "phí" in [snippet.text[s:e] for s, e in snippet.highlights]


def test_snippet_without_a_match_shows_the_beginning() -> None:
    assert make_snippet("Ngắn gọn.", parse_query("xyz")) == Snippet("Ngắn gọn.", ())


def test_snippet_html_escapes_the_text_and_marks_the_matches() -> None:
    snippet = make_snippet('<script>alert("đảng")</script> & đảng phí', parse_query("dang"))
    html = str(snippet.html())
    assert "<script>" not in html
    assert html == (
        "&lt;script&gt;alert(&#34;<mark>đảng</mark>&#34;)&lt;/script&gt; &amp; <mark>đảng</mark> phí"
    )
