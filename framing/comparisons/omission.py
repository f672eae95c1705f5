"""Omission: what the other articles of a story report that this one leaves out.

A corpus-level comparison (built-in plugin). Per article, :func:`summarize` (in
:mod:`framing.comparisons.omission_units`) extracts information units; per story,
:func:`compare` aligns them across articles into facts (:mod:`framing.comparisons.omission_align`)
and reports:

- ``omission`` (no span): a fact that at least ``threshold`` of the *other* articles of the
  group report and this one does not; attrs ``fact`` (representative sentence), ``fact_id``,
  ``present_in``, ``evidence`` (``[{article, text, start, end}]``);
- ``unique_fact`` (span = the sentence): a fact only this article reports;
- ``omitted_actor`` / ``omitted_number`` / ``omitted_source``: a person or organisation, a
  figure, or a quoted source that at least ``threshold`` of the others include and this one
  does not (attrs ``actor`` / ``number`` / ``source``, ``present_in``, ``evidence``).

Metrics per article: ``facts_reported``, ``facts_omitted``, ``facts_unique`` (and
``actors_omitted``, ``numbers_omitted``, ``sources_omitted``). Table ``fact_coverage``:
``{fact_id, fact, article, present, unique}``. ``data["groups"]`` says how the articles were
grouped when a story mixes several events.

Settings: module-level :data:`SETTINGS` (replace it with ``dataclasses.replace``), or the
environment variables ``FRAMING_OMISSION_THRESHOLD`` (share of the other articles, default
0.5) and ``FRAMING_OMISSION_ALIGN`` (unit similarity, default 0.3).
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from typing import Any

from framing.comparisons.omission_align import (
    AlignSettings,
    DocumentCoverage,
    Fact,
    Unit,
    align_units,
    document_coverage,
    entity_aliases,
    group_articles,
    light_stem,
    vectorize,
)
from framing.comparisons.omission_align import unit_terms as _unit_terms
from framing.comparisons.omission_units import TITLE_WORDS, actor_key, display_entity, summarize
from framing.hookspecs import hookimpl
from framing.models import ComparisonOutput, ComparisonSpec, Finding, Story

NAME = "omission"


@dataclass(frozen=True)
class OmissionSettings:
    """Tunable settings of the omission comparison.

    Attributes:
        threshold: a fact (actor, number, source) is omitted by an article when at least this
            share of the *other* articles of its group report it (0.5 = half of them).
        align: cosine similarity at which two units are taken to state the same fact.
        group_similarity: articles whose content similarity (average link) stays below this
            are put in separate groups (a folder mixing several events).
        min_group_size: smaller groups are reported in ``data["groups"]`` but not compared.
        max_evidence: evidence sentences kept per article for one omission.
        small_numbers: report omitted numbers below 10 without a unit (usually noise: "two
            of them", "one plane")?
        clauses: align clauses instead of sentences (finer, but fragments facts; off by default).
    """

    threshold: float = 0.5
    align: AlignSettings = field(default_factory=AlignSettings)
    group_similarity: float = 0.1
    min_group_size: int = 2
    max_evidence: int = 2
    small_numbers: bool = False
    clauses: bool = False
    containment: bool = True


def _settings_from_env(base: OmissionSettings) -> OmissionSettings:
    value = os.environ.get("FRAMING_OMISSION_THRESHOLD")
    if value:
        try:
            threshold = float(value)
        except ValueError as exc:
            raise ValueError(f"FRAMING_OMISSION_THRESHOLD must be a number between 0 and 1, got {value!r}") from exc
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"FRAMING_OMISSION_THRESHOLD must be in (0, 1], got {threshold}")
        base = replace(base, threshold=threshold)
    value = os.environ.get("FRAMING_OMISSION_ALIGN")
    if value:
        base = replace(base, align=replace(base.align, align=float(value)))
    return base


#: Module-level settings; ``compare`` applies the environment variables on top of them.
SETTINGS = OmissionSettings()


# ------------------------------------------------------------------------------ helpers
def _article_units(article_id: str, summary: Mapping[str, Any], clauses: bool = False) -> tuple[list[Unit], list[Unit]]:
    """Alignment units and context units of one article.

    Alignment units: one per claim (one per clause of each claim with ``clauses``; sentence
    offsets kept for evidence). Context units: everything the article states (claims and
    headings, in text order), for document containment. A claim's term counts are computed
    once and shared by its alignment and context units.
    """
    units: list[Unit] = []
    contexts: list[Unit] = []
    for i, u in enumerate(summary.get("units", ())):
        kind = u.get("kind")
        if kind not in {"claim", "heading"}:
            continue
        terms = _unit_terms(u)
        anchors = tuple(u.get("anchors", ()))
        start, end, text = int(u["start"]), int(u["end"]), u["text"]
        contexts.append(
            Unit(article_id, i, start, end, text, terms, numbers=tuple(u.get("numbers", ())), anchors=anchors)
        )
        if kind != "claim":
            continue
        clause_summaries = u.get("parts") or ()
        clause_terms = tuple(_unit_terms(c) for c in clause_summaries)
        pieces = (
            list(zip(clause_summaries, clause_terms, strict=True)) if clauses and clause_summaries else [(u, terms)]
        )
        for part, part_terms in pieces:
            units.append(
                Unit(
                    article=article_id,
                    index=i,
                    start=start,
                    end=end,
                    text=text,
                    terms=part_terms,
                    quote=bool(u.get("quote")),
                    numbers=tuple(part.get("numbers", ())),
                    anchors=anchors,
                    parts=clause_terms if part is u else (),
                    part_texts=tuple(c.get("text", "") for c in clause_summaries) if part is u else (),
                    minor=frozenset(light_stem(t) for t in u.get("minor", ())),
                    approx=frozenset("#" + k for k in u.get("approx", ())),
                )
            )
    return units, contexts


def _apply_aliases(
    units: list[Unit], alias: Mapping[str, str] | None = None, renamed: dict[int, Counter] | None = None
) -> list[Unit]:
    """``units`` with their entity terms (and their clauses') renamed through ``alias``.

    ``renamed``: term counts already renamed, by ``id`` of the original counts (shared by the
    calls for one group, so counts shared by a claim and its context unit are renamed once).
    """
    alias = entity_aliases(units) if alias is None else alias
    if not alias:
        return units
    renamed = {} if renamed is None else renamed

    def rename(counts: Counter) -> Counter:
        out = renamed.get(id(counts))
        if out is None:
            out = Counter()
            for t, c in counts.items():
                out[alias.get(t, t)] += c
            renamed[id(counts)] = out
        return out

    def aliased(counts: Counter) -> bool:
        return not alias.keys().isdisjoint(counts)

    return [
        replace(u, terms=rename(u.terms), parts=tuple(rename(p) for p in u.parts))
        if aliased(u.terms) or any(aliased(p) for p in u.parts)
        else u
        for u in units
    ]


def _evidence(unit: Unit) -> dict[str, Any]:
    return {"article": unit.article, "text": unit.text, "start": unit.start, "end": unit.end}


def _informative(unit: Unit, min_terms: int) -> bool:
    plain = [t for t in unit.terms if not t.startswith(("vo:", "sv:"))]
    return len(plain) >= min_terms


def _share(present: set[str], article: str, group: Sequence[str]) -> float:
    others = [a for a in group if a != article]
    if not others:
        return 0.0
    return sum(1 for a in others if a in present) / len(others)


# ------------------------------------------------------------------------------ facts
def _contain_facts(
    facts: list[Fact],
    units: list[Unit],
    contexts: Mapping[str, list[Unit]],
    settings: OmissionSettings,
    vectors: tuple[Any, list[str], Any],
) -> None:
    """Document-level check: an article states a fact when some window of it contains one of
    the fact's units (see :func:`~framing.comparisons.omission_align.document_coverage`).

    ``vectors``: :func:`~framing.comparisons.omission_align.vectorize` of ``units`` (its IDF is used).
    """
    _, vocab, idf = vectors
    idf_of = dict(zip(vocab, idf.tolist(), strict=True))
    coverage = document_coverage(units, contexts, idf_of, settings.align)
    for fact in facts:
        sources = list(fact.members) + list(fact.covered.values())
        for article, best in coverage.best_statements(sources).items():
            if article in fact.articles or article in fact.covered:
                continue
            fact.contained[article] = _window_evidence(contexts[article], best.window, best.score)
    for fact in facts:
        _partial_statements(fact, units, coverage, contexts, settings)
        _keep_unique_clause(fact, coverage)


def _keep_unique_clause(fact: Fact, coverage: DocumentCoverage) -> None:
    """A sentence only its own article reports in full stays a unique fact when one of its
    clauses is stated nowhere else ("The transfer is part of a $6 million agreement ..., which
    has accepted the detainees into CECOT": others state the second clause, not the deal)."""
    if not fact.partial or len(fact.present_in()) != 1:
        return
    rep_index = fact.representative
    checked = coverage.checked.get(rep_index, ())
    stated = [coverage.clauses_stated(a, rep_index) for a in fact.partial]
    if any(all(k not in clauses for clauses in stated) for k in checked):
        fact.partial.clear()


def _window_evidence(ctx: Sequence[Unit], window: Sequence[int], score: float) -> list[dict[str, Any]]:
    return [{"start": ctx[k].start, "end": ctx[k].end, "text": ctx[k].text, "score": round(score, 3)} for k in window]


def _partial_statements(
    fact: Fact,
    units: Sequence[Unit],
    coverage: DocumentCoverage,
    contexts: Mapping[str, list[Unit]],
    settings: OmissionSettings,
) -> None:
    """Clause-level decision for an article that states some clauses of the fact's representative.

    A clause of the representative sentence is *supported* by the articles that report the
    fact (members, soft and document containment) and state that clause themselves (its own
    article, or document containment of the clause). An article that states some clauses
    and not others omits the unstated clauses that at least ``threshold`` of the other
    articles support: ``fact.clause_share[article]`` is the best such share and
    ``fact.missing_text[article]`` those clauses. When no unstated clause is supported, the
    article states what the others share: it reports the fact (``fact.partial``), though its
    partial statement supports no omission elsewhere. An article that states no clause is
    judged on the whole fact, as usual.
    """
    rep_index = fact.representative
    checked = coverage.checked.get(rep_index, ())
    if len(checked) < 2:
        return
    rep = units[rep_index]
    full = fact.present_in()
    articles = coverage.articles
    stated = {a: set(checked) if a == rep.article else coverage.clauses_stated(a, rep_index) for a in articles}
    # articles reporting the fact that state each clause (an article judged here is not one of them)
    support = {k: sum(1 for a in articles if a in full and k in stated[a]) for k in checked}
    others = len(articles) - 1
    for article in articles:
        if article in full or not stated[article]:
            continue
        share = {k: support[k] / others for k in checked if k not in stated[article]}
        supported = [k for k, value in share.items() if value >= settings.threshold]
        if supported:
            fact.clause_share[article] = max(share[k] for k in supported)
            fact.missing_text[article] = " … ".join(rep.part_texts[k] for k in supported if rep.part_texts[k])
        else:
            found = [coverage.clause(article, rep_index, k) for k in sorted(stated[article])]
            window = sorted({k for c in found for k in c.window})
            fact.partial[article] = _window_evidence(contexts[article], window, min(c.score for c in found))


def _fact_findings(
    group: list[str], units: list[Unit], settings: OmissionSettings, contexts: Mapping[str, list[Unit]] | None = None
) -> tuple[list[Finding], list[dict[str, Any]], dict[str, Counter], list[dict[str, Any]]]:
    vectors = vectorize(units)
    facts, _, _ = align_units(units, settings.align, vectors)
    facts = [
        f for f in facts if _informative(units[f.representative], settings.align.min_fact_terms) or len(f.articles) > 1
    ]
    if contexts and settings.containment:
        _contain_facts(facts, units, contexts, settings, vectors)
    order = {a: i for i, a in enumerate(group)}
    facts.sort(
        key=lambda f: (-len(f.reported_by()), order[units[f.representative].article], units[f.representative].start)
    )
    for n, fact in enumerate(facts, 1):
        fact.fact_id = f"F{n:03d}"
    findings: list[Finding] = []
    table: list[dict[str, Any]] = []
    counts: dict[str, Counter] = {a: Counter() for a in group}
    fact_data: list[dict[str, Any]] = []
    for fact in facts:
        rep = units[fact.representative]
        present = fact.present_in()
        reported = fact.reported_by()
        unique = len(reported) == 1
        by_article: dict[str, list[Unit]] = defaultdict(list)
        for i in fact.members:
            by_article[units[i].article].append(units[i])
        for a, i in fact.covered.items():
            by_article[a].append(units[i])
        for a, window in fact.contained.items():
            by_article[a].extend(Unit(a, -1, w["start"], w["end"], w["text"], Counter()) for w in window)
        present_ids = [a for a in group if a in present]
        evidence = [_evidence(u) for a in present_ids for u in by_article[a][: settings.max_evidence]]
        fact_data.append(
            {
                "fact_id": fact.fact_id,
                "fact": rep.text,
                "article": rep.article,
                "present_in": present_ids,
                "soft": sorted(fact.covered),
                "contained": {a: fact.contained[a] for a in group if a in fact.contained},
                "partial": {a: fact.partial[a] for a in group if a in fact.partial},
                "members": [
                    {"article": units[i].article, "start": units[i].start, "end": units[i].end} for i in fact.members
                ],
            }
        )
        for a in group:
            table.append(
                {
                    "fact_id": fact.fact_id,
                    "fact": rep.text,
                    "article": a,
                    "present": a in reported,
                    "unique": unique and a in reported,
                }
            )
            if a in reported:
                counts[a]["facts_reported"] += 1
        if unique and len(group) > 1:
            owner = next(a for a in group if a in reported)
            counts[owner]["facts_unique"] += 1
            first = by_article[owner][0]
            findings.append(
                Finding(
                    article=owner,
                    analyzer=NAME,
                    kind="unique_fact",
                    start=first.start,
                    end=first.end,
                    text=first.text,
                    label="unique",
                    score=None,
                    attrs={"fact_id": fact.fact_id},
                )
            )
        for a in group:
            if a in reported:
                continue
            share = fact.clause_share.get(a, _share(present, a, group))
            if share >= settings.threshold:
                counts[a]["facts_omitted"] += 1
                findings.append(
                    Finding(
                        article=a,
                        analyzer=NAME,
                        kind="omission",
                        start=None,
                        end=None,
                        text=fact.missing_text.get(a) or rep.text,
                        label="fact",
                        score=round(share, 3),
                        attrs={
                            "fact": fact.missing_text.get(a) or rep.text,
                            "sentence": rep.text,
                            "fact_id": fact.fact_id,
                            "present_in": present_ids,
                            "evidence": evidence,
                        },
                    )
                )
    return findings, table, counts, fact_data


# ------------------------------------------------------------------------------ actors, numbers, sources
@lru_cache(maxsize=4096)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive whole-word pattern for any of ``names`` (longest first), or None."""
    names = tuple(sorted({n for n in names if n}, key=len, reverse=True))
    if not names:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)


def _contains_name(text: str, names: Sequence[str]) -> bool:
    """Does ``text`` name any of ``names`` (whole words, any case)?"""
    pattern = _name_pattern(tuple(names))
    return pattern is not None and pattern.search(text) is not None


def _actor_mentions(result_summaries: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """key -> {name, aliases} for one article, from actor_sentiment when present, else own entities."""
    actors: dict[str, dict[str, Any]] = {}
    other = (result_summaries.get("actor_sentiment") or {}).get("actors") if result_summaries else None
    if other:
        for actor in other:
            kind = actor.get("type")
            if kind not in {"person", "org", "group"}:
                continue
            key = actor_key(actor.get("name", ""), "PERSON" if kind == "person" else "ORG")
            if key:
                item = actors.setdefault(key, {"name": actor.get("name", key), "aliases": set()})
                # generic aliases ("the judge") would make the actor present in every article
                item["aliases"].update(
                    a for a in actor.get("aliases", ()) if a and (kind == "group" or any(ch.isupper() for ch in a))
                )
    for ent in own.get("entities", ()):
        key = ent["key"]
        item = actors.setdefault(key, {"name": ent["name"], "aliases": set()})
        item["aliases"].update(ent.get("aliases", ()))
        if len(ent["name"]) > len(item["name"]):
            item["name"] = ent["name"]
    return actors


def _merge_keys(keys: Sequence[str]) -> dict[str, str]:
    """Map organisation keys to a longer key that contains all their words ("state department")."""
    words_of = {k: frozenset(k.split()) for k in keys}
    # word -> the keys holding it, in ``keys`` order: a longer key holds every word of the shorter
    with_word: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for w in words_of[k]:
            with_word[w].append(k)
    out = {}
    for k in keys:
        words = words_of[k]
        candidates = min((with_word[w] for w in words), key=len) if words else keys
        supers = [s for s in candidates if words < words_of[s]]
        out[k] = max(supers, key=len) if supers else k
    return out


def _unit_at(summary: Mapping[str, Any], start: int) -> dict[str, Any] | None:
    for u in summary.get("units", ()):
        if u["start"] <= start < u["end"]:
            return u
    return None


def _level_findings(
    group: list[str], summaries: Mapping[str, Mapping[str, Any]], results: Mapping[str, Any], settings: OmissionSettings
) -> tuple[list[Finding], dict[str, Counter]]:
    findings: list[Finding] = []
    counts: dict[str, Counter] = {a: Counter() for a in group}
    texts = {a: _claim_text(summaries[a]) for a in group}

    # actors -------------------------------------------------------------
    per_article = {a: _actor_mentions(results[a].summaries, summaries[a]) for a in group}
    all_keys = sorted({k for m in per_article.values() for k in m})
    merged = _merge_keys(all_keys)
    actors: dict[str, dict[str, Any]] = {}
    for a, mentions in per_article.items():
        for key, item in mentions.items():
            canon = merged[key]
            entry = actors.setdefault(canon, {"name": item["name"], "aliases": set(), "ner": set()})
            entry["aliases"].update(item["aliases"])
            entry["aliases"].add(key)
            entry["ner"].add(a)
            if len(item["name"]) > len(entry["name"]):
                entry["name"] = item["name"]
    for canon, entry in actors.items():
        if len(entry["ner"]) < 2:
            continue
        names = sorted((n for n in entry["aliases"] | {canon} if not _generic_name(n)), key=len, reverse=True)
        present = {a for a in group if a in entry["ner"] or _contains_name(texts[a], names)}
        evidence = None  # the same for every article that omits the actor: looked up once
        for a in group:
            if a in present:
                continue
            share = _share(present, a, group)
            if share < settings.threshold:
                continue
            if evidence is None:
                evidence = _name_evidence(summaries, [p for p in group if p in present], names, settings.max_evidence)
            counts[a]["actors_omitted"] += 1
            attrs = {"actor": entry["name"], "present_in": [p for p in group if p in present], "evidence": evidence}
            findings.append(_omitted_element(a, "actor", entry["name"], share, attrs))

    # numbers ------------------------------------------------------------
    numbers: dict[str, dict[str, Any]] = {}
    for a in group:
        for u in summaries[a].get("units", ()):
            if u.get("kind") != "claim":
                continue
            for key in u.get("numbers", ()):
                entry = numbers.setdefault(key, {"articles": {}, "norm": key})
                entry["articles"].setdefault(a, u)
        for num in summaries[a].get("numbers", ()):
            if num["key"] in numbers:
                numbers[num["key"]]["norm"] = num["norm"]
    for key, entry in numbers.items():
        if _trivial_number(key, settings):
            continue
        present = set(entry["articles"])
        for a in group:
            if a in present:
                continue
            share = _share(present, a, group)
            if share < settings.threshold:
                continue
            present_ids = [p for p in group if p in present]
            evidence = [
                {
                    "article": p,
                    "text": entry["articles"][p]["text"],
                    "start": entry["articles"][p]["start"],
                    "end": entry["articles"][p]["end"],
                }
                for p in present_ids
            ]
            counts[a]["numbers_omitted"] += 1
            attrs = {"number": entry["norm"], "present_in": present_ids, "evidence": evidence}
            findings.append(_omitted_element(a, "number", entry["norm"], share, attrs))

    # sources ------------------------------------------------------------
    speakers: dict[str, dict[str, Any]] = {}
    for a in group:
        for q in _quotes_of(results[a].summaries, summaries[a]):
            key = merged.get(q["key"], q["key"])
            speaker = display_entity(q["speaker"])
            entry = speakers.setdefault(key, {"name": speaker, "articles": defaultdict(list)})
            entry["articles"][a].append(q)
            if len(speaker) > len(entry["name"]):
                entry["name"] = speaker
    for key, entry in speakers.items():
        present = set(entry["articles"])
        if len(present) < 2:
            continue
        for a in group:
            if a in present:
                continue
            share = _share(present, a, group)
            if share < settings.threshold:
                continue
            present_ids = [p for p in group if p in present]
            evidence = []
            for p in present_ids:
                for q in entry["articles"][p][: settings.max_evidence]:
                    unit = _unit_at(summaries[p], q["start"])
                    if unit is not None:
                        evidence.append(
                            {"article": p, "text": unit["text"], "start": unit["start"], "end": unit["end"]}
                        )
            name = entry["name"]
            mentioned = key in actors and _contains_name(texts[a], sorted(actors[key]["aliases"] | {key}))
            counts[a]["sources_omitted"] += 1
            attrs = {"source": name, "present_in": present_ids, "evidence": evidence, "mentioned": bool(mentioned)}
            findings.append(_omitted_element(a, "source", name, share, attrs))
    return findings, counts


def _omitted_element(article: str, element: str, text: str, share: float, attrs: dict[str, Any]) -> Finding:
    """An ``omitted_<element>`` finding (actor, number, source): no span, score = share of others with it."""
    return Finding(
        article=article,
        analyzer=NAME,
        kind=f"omitted_{element}",
        start=None,
        end=None,
        text=text,
        label=element,
        score=round(share, 3),
        attrs=attrs,
    )


@lru_cache(maxsize=16384)
def _generic_name(name: str) -> bool:
    """A title or common noun alone ("Federal Judge", "the president") names no one in particular."""
    words = [w for w in re.split(r"\s+", name.lower().strip()) if w not in {"the", "a", "an"}]
    return not words or all(w in TITLE_WORDS or w in {"judge", "court", "government", "official"} for w in words)


def _trivial_number(key: str, settings: OmissionSettings) -> bool:
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", key):
        return True  # a year: dates are not figures
    if settings.small_numbers:
        return False
    try:
        return float(key) < 10
    except ValueError:
        return False


def _claim_text(summary: Mapping[str, Any]) -> str:
    return "\n".join(u["text"] for u in summary.get("units", ()) if u.get("kind") == "claim")


def _name_evidence(summaries, articles, names, limit) -> list[dict[str, Any]]:
    """The first ``limit`` claims of each of ``articles`` that name any of ``names``."""
    pattern = _name_pattern(tuple(names))
    if pattern is None:
        return []
    evidence = []
    for a in articles:
        claims = (u for u in summaries[a].get("units", ()) if u.get("kind") == "claim")
        hits = islice((u for u in claims if pattern.search(u["text"])), limit)
        evidence.extend({"article": a, "text": u["text"], "start": u["start"], "end": u["end"]} for u in hits)
    return evidence


def _quotes_of(result_summaries: Mapping[str, Any], own: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Named speakers of an article: the attribution analyzer's quotes when present, else our own."""
    other = (result_summaries.get("attribution") or {}).get("quotes") if result_summaries else None
    out = []
    if other:
        for q in other:
            speaker = q.get("speaker")
            if not speaker or q.get("speaker_type") not in (None, "named"):
                continue
            out.append(
                {
                    "speaker": speaker,
                    "key": actor_key(speaker, "PERSON" if " " in speaker else "ORG"),
                    "start": q.get("start", 0),
                }
            )
        return out
    for q in own.get("quotes", ()):
        key = q.get("speaker_key") or actor_key(q["speaker"], "PERSON")
        if key:
            out.append({"speaker": q["speaker"], "key": key, "start": q["start"]})
    return out


# ------------------------------------------------------------------------------ compare
def _group_terms(units_by_article: Mapping[str, list[Unit]]) -> dict[str, Counter]:
    terms = {}
    for a, units in units_by_article.items():
        c: Counter = Counter()
        for u in units:
            c.update({t: 1 for t in u.terms if not t.startswith(("vo:", "sv:"))})
        terms[a] = c
    return terms


def compare(story: Story, earlier: Mapping[str, ComparisonOutput] | None = None) -> ComparisonOutput:
    """Align the story's articles into facts and report omissions (see module docstring)."""
    settings = _settings_from_env(SETTINGS)
    results = {r.article.id: r for r in story.articles}
    summaries = {a: r.summaries.get(NAME) for a, r in results.items()}
    missing = [a for a, s in summaries.items() if not s]
    summaries = {a: s for a, s in summaries.items() if s}
    ids = [a for a in story.article_ids if a in summaries]
    article_units = {a: _article_units(a, summaries[a], settings.clauses) for a in ids}
    units_by_article = {a: units for a, (units, _) in article_units.items()}
    groups = group_articles(_group_terms(units_by_article), settings.group_similarity) if ids else []

    findings: list[Finding] = []
    tables: dict[str, list[dict[str, Any]]] = {"fact_coverage": []}
    metrics: dict[str, dict[str, Any]] = {}
    facts_data: list[dict[str, Any]] = []
    for g, group in enumerate(groups):
        base = {
            "facts_reported": 0,
            "facts_omitted": 0,
            "facts_unique": 0,
            "actors_omitted": 0,
            "numbers_omitted": 0,
            "sources_omitted": 0,
            "group": g,
        }
        for a in group:
            metrics[a] = dict(base)
        if len(group) < settings.min_group_size:
            continue
        group_units = [u for a in group for u in units_by_article[a]]
        alias = entity_aliases(group_units)
        renamed: dict[int, Counter] = {}
        units = _apply_aliases(group_units, alias, renamed)
        contexts = {a: _apply_aliases(article_units[a][1], alias, renamed) for a in group}
        f1, table, c1, fdata = _fact_findings(group, units, settings, contexts)
        prefix = f"G{g + 1}-" if len(groups) > 1 else ""
        if prefix:
            f1 = [_prefix_fact(f, prefix) for f in f1]
            table = [{**row, "fact_id": prefix + row["fact_id"]} for row in table]
            fdata = [{**row, "fact_id": prefix + row["fact_id"], "group": g} for row in fdata]
        f2, c2 = _level_findings(group, summaries, results, settings)
        findings.extend(f1)
        findings.extend(f2)
        tables["fact_coverage"].extend(table)
        facts_data.extend(fdata)
        for a in group:
            metrics[a].update({k: v for k, v in (c1[a] + c2[a]).items()})
    data = {
        "groups": groups,
        "grouping": {
            "method": "TF-IDF cosine of article content terms, average-link clustering",
            "threshold": settings.group_similarity,
        },
        "threshold": settings.threshold,
        "facts": facts_data,
        "not_summarized": missing,
    }
    return ComparisonOutput(findings=findings, metrics=metrics, tables=tables, data=data)


def _prefix_fact(finding: Finding, prefix: str) -> Finding:
    attrs = dict(finding.attrs)
    if "fact_id" in attrs:
        attrs["fact_id"] = prefix + attrs["fact_id"]
    return Finding(
        finding.article,
        finding.analyzer,
        finding.kind,
        finding.start,
        finding.end,
        finding.text,
        finding.label,
        finding.score,
        attrs,
    )


@hookimpl
def framing_register_comparisons(register):
    register(
        ComparisonSpec(
            name=NAME,
            compare=compare,
            summarize=summarize,
            reads=(),  # summarize reads only the parse
            after=(),
            description="facts, actors, figures and sources that other articles report and this one leaves out",
            fingerprint=lambda: repr(_settings_from_env(SETTINGS)),  # cached results follow the settings
        )
    )


__all__ = ["SETTINGS", "Fact", "OmissionSettings", "compare", "framing_register_comparisons", "summarize"]
