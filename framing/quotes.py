"""Where the quotations are: the writer's voice versus quoted voices.

A pure-text algorithm (no spaCy), shared by every analyzer that separates the author's
words from a speaker's: loaded terms, actor sentiment, hedging and attribution.

Handles curly (“ ”) and straight (") double marks and guillemets (« »), quotes that span
sentences, the news convention for multi-paragraph quotes (a paragraph that ends inside a
quote and a next paragraph that reopens it), and unbalanced marks: an opening mark never
closed ends at the end of its paragraph, a stray closing mark is ignored.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

OPENING = {"“": "”", "«": "»", "„": "“"}
CLOSING = {"”", "»"}
STRAIGHT = '"'
#: Every character the scanner reacts to (opening, closing and straight marks); the text
#: between two of them never changes its state, so the scan jumps from mark to mark.
_MARK = re.compile('[“”«»„"]')


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation: ``start``/``end`` include the marks, ``content_*`` exclude them.

    ``closed`` is False when the closing mark is missing (the region ends at its paragraph's
    end). ``continues`` is True when the quote is continued by the next region (a
    multi-paragraph quote).
    """

    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool = True
    continues: bool = False

    def content(self, text: str) -> str:
        return text[self.content_start : self.content_end]


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens when preceded by start/space/bracket/dash and followed by non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-/:" or i == 0


def _is_closing(text: str, i: int) -> bool:
    """A mark right after a word (or punctuation) and before a space, punctuation or the end."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–-")


def find_quotes(text: str) -> list[QuoteRegion]:
    """All quotation regions in ``text``, in order, non-overlapping.

    Two apostrophes (``''``), the mark some newspapers' archives use for double quotes, count
    as one straight double mark (the region's marks then span both characters).

    Several analyzers ask for the regions of the same article text, so the result is
    remembered for the last few texts; every call returns a new list.
    """
    return list(_quotes_of(text))


@lru_cache(maxsize=8)
def _quotes_of(text: str) -> tuple[QuoteRegion, ...]:
    if "''" not in text:
        return tuple(_find_quotes(text))
    normalized = text.replace("''", '"' + _PAD)
    fixed = []
    for r in _find_quotes(normalized):
        content_start = (
            r.content_start + 1 if normalized[r.content_start : r.content_start + 1] == _PAD else r.content_start
        )
        end = r.end + 1 if r.closed and normalized[r.end : r.end + 1] == _PAD else r.end
        fixed.append(QuoteRegion(r.start, end, content_start, max(r.content_end, content_start), r.closed, r.continues))
    return tuple(fixed)


_PAD = "\x01"


def _find_quotes(text: str) -> list[QuoteRegion]:
    regions: list[QuoteRegion] = []
    paragraphs = _paragraph_bounds(text)
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        expected_close = ""
        for mark in _MARK.finditer(text, p_start, p_end):
            i = mark.start()
            ch = text[i]
            if open_at is None:
                if ch in OPENING:
                    open_at, expected_close = i, OPENING[ch]
                elif ch == STRAIGHT and _is_opening_straight(text, i):
                    open_at, expected_close = i, STRAIGHT
            else:
                closes = (
                    (ch == expected_close)
                    or (expected_close != STRAIGHT and ch in CLOSING)
                    # mixed marks ("...” or “..."), common in edited copy: close when the
                    # mark ends a word and no mark of the expected kind closes this quote later
                    or (ch in (STRAIGHT, "”") and _is_closing(text, i) and expected_close not in text[i + 1 : p_end])
                )
                if closes and i > open_at + 1:
                    regions.append(QuoteRegion(open_at, i + 1, open_at + 1, i))
                    open_at = None
                elif ch in OPENING and expected_close == STRAIGHT:
                    pass  # a curly mark inside a straight quote: nested, ignore
        if open_at is not None:
            end = _rstrip_end(text, open_at + 1, p_end)
            if end > open_at + 1:
                regions.append(QuoteRegion(open_at, end, open_at + 1, end, closed=False))
    return _link_paragraph_continuations(text, regions)


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        bounds.append((start, end))
        start = end
    return bounds


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _link_paragraph_continuations(text: str, regions: list[QuoteRegion]) -> list[QuoteRegion]:
    """Mark an unclosed quote as continued when the next paragraph reopens a quote."""
    linked = list(regions)
    for k, region in enumerate(regions[:-1]):
        nxt = regions[k + 1]
        if not region.closed and text[region.end : nxt.start].strip() == "":
            linked[k] = QuoteRegion(region.start, region.end, region.content_start, region.content_end, False, True)
    return linked


class QuoteIndex:
    """Fast ``is this offset inside a quotation?`` look-ups over one text."""

    def __init__(self, regions: Sequence[QuoteRegion]):
        self.regions = list(regions)
        self._starts = [r.start for r in self.regions]

    @classmethod
    def of(cls, text: str) -> QuoteIndex:
        return cls(find_quotes(text))

    def region_at(self, offset: int) -> QuoteRegion | None:
        """The region whose marks enclose ``offset`` (marks included), or None."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self.regions[k].start <= offset < self.regions[k].end:
            return self.regions[k]
        return None

    def voice(self, start: int, end: int | None = None) -> str:
        """``"quote"`` when the span lies inside a quotation, else ``"author"``."""
        region = self.region_at(start)
        if region is None:
            return "author"
        if end is not None and end > region.end:
            return "author"
        return "quote"
