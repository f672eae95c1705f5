"""Quotation regions: the mark-to-mark scan and the per-text memo."""

from __future__ import annotations

from framing.quotes import QuoteIndex, QuoteRegion, find_quotes


def spans(text):
    return [(text[r.content_start : r.content_end], r.closed, r.continues) for r in find_quotes(text)]


def test_curly_straight_mixed_and_guillemet_marks():
    text = 'He said “go home” and "stay out," then «non» and “mixed marks" here.'
    assert [content for content, _, _ in spans(text)] == ["go home", "stay out,", "non", "mixed marks"]


def test_unclosed_quote_ends_with_its_paragraph_and_continues():
    text = "“First paragraph of a quote.\n\n“Second part,” she said. A stray ” mark.\n"
    assert spans(text) == [("First paragraph of a quote.", False, True), ("Second part,", True, False)]


def test_archive_double_apostrophes_count_as_one_mark():
    text = "He called it ''a disgrace'' today."
    (region,) = find_quotes(text)
    assert text[region.start : region.end] == "''a disgrace''" and region.content(text) == "a disgrace"


def test_straight_marks_inside_words_do_not_open():
    assert spans('a 6" pipe, then 5"x7" and "real"') == [("real", True, False)]


def test_result_is_remembered_but_every_call_gets_its_own_list():
    text = "“One” and “two”."
    first, second = find_quotes(text), find_quotes(text)
    assert first == second and first is not second
    first.append(QuoteRegion(0, 1, 0, 1))
    assert len(find_quotes(text)) == 2
    assert QuoteIndex.of(text).voice(1, 4) == "quote" and QuoteIndex.of(text).voice(6, 9) == "author"
