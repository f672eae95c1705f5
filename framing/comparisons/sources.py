"""Who is quoted where: sources compared across the articles of a story.

Reads each article's attribution summary (``summaries["attribution"]["quotes"]``, falling
back to its ``quote`` findings) and reports, per story:

- table ``quoted_words``: ``{"article", "speaker", "speaker_type", "words", "quotes", "direct",
  "partial", "indirect", "share"}``, one record per article and speaker (unnamed sources are
  grouped as ``"(anonymous)"``, ``"(vague)"`` and ``"(unattributed)"``);
- table ``speaker_coverage``: ``{"speaker", "article", "quoted", "mentioned", "quotes", "words"}``
  for every named speaker x article (a matrix for charts);
- findings ``unquoted_source``: one per article that does not quote a named speaker whom other
  articles of the story quote (attrs ``speaker``, ``quoted_in``, ``quotes_elsewhere``,
  ``mentioned``: whether the article names that person at all);
- metrics per article: ``speakers``, ``top_speaker``, ``top_speaker_share``,
  ``exclusive_speakers`` (named speakers quoted by this article alone).

Speakers are matched across articles by surname, so ``Bukele`` and ``Nayib Bukele`` are one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from framing.hookspecs import hookimpl
from framing.models import ArticleResult, ComparisonOutput, ComparisonSpec, Finding, Story

NAME = "sources"
UNNAMED = {"anonymous": "(anonymous)", "vague": "(vague)", "unknown": "(unattributed)"}


def article_quotes(result: ArticleResult) -> list[dict[str, Any]]:
    """The quotes of one article, from the attribution summary or the findings."""
    summary = result.summaries.get("attribution") or {}
    quotes = summary.get("quotes") if isinstance(summary, Mapping) else None
    if isinstance(quotes, Sequence) and not isinstance(quotes, str):
        return [dict(q) for q in quotes if isinstance(q, Mapping)]
    out = []
    for finding in result.findings:
        if finding.analyzer == "attribution" and finding.kind == "quote":
            attrs = finding.attrs
            out.append(
                {
                    "start": finding.start,
                    "end": finding.end,
                    "speaker": attrs.get("speaker"),
                    "speaker_type": attrs.get("speaker_type") or ("named" if attrs.get("speaker") else "unknown"),
                    "type": attrs.get("type"),
                    "cue": attrs.get("cue"),
                    "verb_class": attrs.get("verb_class"),
                    "words": attrs.get("words") or len(finding.text.split()),
                }
            )
    return out


def speaker_key(name: str) -> str:
    """Cross-article identity of a speaker: the lower-cased last word of the name."""
    words = name.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words else name.lower()


def compare(story: Story, earlier: Mapping[str, ComparisonOutput]) -> ComparisonOutput:
    """Compare who is quoted, and how much, across the articles of ``story``."""
    del earlier
    display: dict[str, str] = {}
    per_article: dict[str, dict[str, dict[str, Any]]] = {}
    # lower-cased once per article: every named speaker is looked for in every text
    texts = {result.article.id: (result.text or "").lower() for result in story.articles}
    for result in story.articles:
        rows: dict[str, dict[str, Any]] = {}
        for quote in article_quotes(result):
            name = quote.get("speaker")
            stype = quote.get("speaker_type") or "unknown"
            if name and stype == "named":
                key = speaker_key(name)
                if len(name) > len(display.get(key, "")):
                    display[key] = name
            else:
                key = UNNAMED.get(stype, "(unattributed)")
                display.setdefault(key, key)
                stype = stype if stype in UNNAMED else "unknown"
            row = rows.setdefault(
                key, {"speaker_type": stype, "words": 0, "quotes": 0, "direct": 0, "partial": 0, "indirect": 0}
            )
            row["quotes"] += 1
            qtype = quote.get("type") or "direct"
            if qtype in ("direct", "partial", "indirect"):
                row[qtype] += 1
            if qtype != "indirect":
                row["words"] += int(quote.get("words") or 0)
        per_article[result.article.id] = rows

    quoted_words = []
    metrics: dict[str, dict[str, Any]] = {}
    for article_id, rows in per_article.items():
        total = sum(row["words"] for row in rows.values())
        for key, row in sorted(rows.items(), key=lambda item: (-item[1]["words"], -item[1]["quotes"], item[0])):
            quoted_words.append(
                {
                    "article": article_id,
                    "speaker": display[key],
                    **row,
                    "share": round(row["words"] / total, 3) if total else 0.0,
                }
            )
        named = {k: r for k, r in rows.items() if r["speaker_type"] == "named"}
        top = max(named.items(), key=lambda item: (item[1]["words"], item[1]["quotes"]), default=None)
        metrics[article_id] = {
            "speakers": len(named),
            "top_speaker": display[top[0]] if top else None,
            "top_speaker_share": round(top[1]["words"] / total, 3) if top and total else 0.0,
            "exclusive_speakers": 0,
        }

    named_keys = sorted({k for rows in per_article.values() for k, r in rows.items() if r["speaker_type"] == "named"})
    coverage = []
    findings: list[Finding] = []
    speakers_data = []
    for key in named_keys:
        quoted_in = [a for a, rows in per_article.items() if key in rows]
        articles_data = {}
        for article_id, rows in per_article.items():
            row = rows.get(key)
            mentioned = key in texts.get(article_id, "")
            coverage.append(
                {
                    "speaker": display[key],
                    "article": article_id,
                    "quoted": row is not None,
                    "mentioned": mentioned,
                    "quotes": row["quotes"] if row else 0,
                    "words": row["words"] if row else 0,
                }
            )
            if row:
                articles_data[article_id] = {"quotes": row["quotes"], "words": row["words"]}
        speakers_data.append({"speaker": display[key], "key": key, "articles": articles_data})
        if len(quoted_in) == 1 and len(per_article) > 1:
            metrics[quoted_in[0]]["exclusive_speakers"] += 1
        if len(per_article) < 2:
            continue
        elsewhere = sum(per_article[a][key]["quotes"] for a in quoted_in)
        for article_id in per_article:
            if article_id in quoted_in:
                continue
            mentioned = key in texts.get(article_id, "")
            findings.append(
                Finding(
                    article=article_id,
                    analyzer=NAME,
                    kind="unquoted_source",
                    start=None,
                    end=None,
                    text=(
                        f"{display[key]} is quoted or paraphrased in {len(quoted_in)} other article(s) but not here"
                        + (" (though named)" if mentioned else "")
                    ),
                    label="named" if mentioned else "absent",
                    attrs={
                        "speaker": display[key],
                        "quoted_in": quoted_in,
                        "quotes_elsewhere": elsewhere,
                        "mentioned": mentioned,
                    },
                )
            )
    return ComparisonOutput(
        findings=findings,
        metrics=metrics,
        tables={"quoted_words": quoted_words, "speaker_coverage": coverage},
        data={"speakers": speakers_data},
    )


@hookimpl
def framing_register_comparisons(register):
    register(
        ComparisonSpec(
            name=NAME,
            compare=compare,
            description="Who is quoted where: quoted words by speaker; sources some outlets quote and others do not.",
        )
    )
