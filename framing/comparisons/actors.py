"""Comparison ``actors``: one canonical actor per story across its articles, with stable ids.

Reads each article's ``summaries["actor_sentiment"]["actors"]`` (falling back to its
``actor`` findings) and merges the local actors of all articles of a story:

- countries and groups merge by their id (``united-states``, ``deportees``);
- people and organisations merge by name: equal name words (ignoring "de"/"of", leading
  demonyms and generic words such as "gang"), one name ending the other ("Bukele" /
  "Nayib Bukele"), or a shared alias ("ICE").

The canonical name is the longest proper name for people ("Nayib Bukele"), the most
frequent form for organisations; the id is its slug (``nayib-bukele``), so the same story
gives the same ids on every run.

Output: ``data["actors"]`` (see the shared schema in the brief), table ``actor_matrix``
(one record per actor x article) and one ``actor`` finding per actor per article that
mentions it (``attrs.actor_id`` = the story-level id).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from framing.hookspecs import hookimpl
from framing.models import ComparisonOutput, ComparisonSpec, Finding, Story

NAME = "actors"
ANALYZER = "actor_sentiment"
TYPE_ORDER = ("person", "org", "place", "group")


def local_actors(result: Any) -> list[dict[str, Any]]:
    """The actors of one article: its summary, else rebuilt from its ``actor`` findings."""
    summary = (result.summaries or {}).get(ANALYZER) or {}
    actors = summary.get("actors")
    if actors is not None:
        return list(actors)
    out = []
    for finding in result.findings:
        if finding.analyzer == ANALYZER and finding.kind == "actor":
            attrs = finding.attrs
            out.append(
                {
                    "id": attrs.get("actor_id") or attrs.get("actor"),
                    "name": attrs.get("actor"),
                    "type": attrs.get("type", "org"),
                    "aliases": attrs.get("aliases", []),
                    "mentions": attrs.get("mentions", 0),
                    "sentiment": attrs.get("sentiment", 0.0),
                    "sentiment_author": attrs.get("sentiment_author"),
                    "sentiment_quote": attrs.get("sentiment_quote"),
                }
            )
    return out


def _core(name: str) -> tuple[str, ...]:
    from framing.analyzers.actors_extract import _core_words, default_lexicon, norm

    return tuple(_core_words(norm(name), default_lexicon()))


def _matches(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[-len(short) :] == short


def _proper_aliases(aliases: Sequence[str]) -> set[str]:
    """Aliases that are names (capitalised, not a title or pronoun): safe to merge on."""
    from framing.analyzers.actors_extract import default_lexicon, norm

    titles = default_lexicon().titles
    out = set()
    for alias in aliases:
        key = norm(alias)
        if alias[:1].isupper() and key not in titles and len(key) > 1 and not alias.startswith("@"):
            out.add(key)
    return out


def merge_story_actors(per_article: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """Merge ``{article_id: [local actor, ...]}`` into story-level actors (see module doc)."""
    clusters: list[dict[str, Any]] = []
    by_fixed: dict[str, dict[str, Any]] = {}
    # longest names first, so surnames attach to full names
    items = [(aid, actor) for aid, actors in per_article.items() for actor in actors]
    items.sort(key=lambda x: (-len(_core(x[1].get("name") or "")), x[0]))
    for article_id, actor in items:
        atype = actor.get("type") or "org"
        name = actor.get("name") or actor.get("id") or "?"
        if atype in ("place", "group"):
            key = f"{atype}:{actor.get('id') or name}"
            cluster = by_fixed.get(key)
            if cluster is None:
                cluster = {"fixed": True, "cores": set(), "aliases": set(), "members": []}
                by_fixed[key] = cluster
                clusters.append(cluster)
        else:
            core = _core(name)
            aliases = _proper_aliases(actor.get("aliases", []))
            cluster = None
            for cand in clusters:
                if cand["fixed"]:
                    continue
                if any(_matches(core, c) for c in cand["cores"]) or (aliases & cand["aliases"] and len(core) > 0):
                    cluster = cand
                    break
            if cluster is None:
                cluster = {"fixed": False, "cores": set(), "aliases": set(), "members": []}
                clusters.append(cluster)
            cluster["cores"].add(core)
            cluster["aliases"].update(aliases)
        cluster["members"].append((article_id, actor))

    merged = []
    used_ids: set[str] = set()
    for cluster in clusters:
        members = cluster["members"]
        types = Counter(m.get("type") or "org" for _, m in members)
        atype = max(types, key=lambda t: (types[t], -TYPE_ORDER.index(t) if t in TYPE_ORDER else -9))
        names: Counter[str] = Counter()
        for _, m in members:  # weighted by mentions, so the usual form wins
            count = m.get("mentions", 1)
            names[m.get("name") or "?"] += len(count) if isinstance(count, list) else int(count or 1)
        if atype == "person":
            name = max(names, key=lambda n: (len(_core(n)), names[n], n))
        else:
            name = max(names, key=lambda n: (names[n], -len(n), n))
        from framing.analyzers.actors_extract import slugify

        if cluster["fixed"]:
            base_id = str(members[0][1].get("id") or slugify(name))
        else:
            base_id = slugify(name)
        actor_id, k = base_id, 2
        while actor_id in used_ids:
            actor_id, k = f"{base_id}-{k}", k + 1
        used_ids.add(actor_id)
        articles: dict[str, dict[str, Any]] = {}
        for article_id, m in members:
            mentions = m.get("mentions", [])
            n_mentions = len(mentions) if isinstance(mentions, list) else int(mentions or 0)
            labels = Counter(
                (mm.get("np") or mm.get("text") or "").strip()
                for mm in (mentions if isinstance(mentions, list) else [])
                if mm.get("kind") != "pronoun"
            )
            entry = articles.get(article_id)
            record = {
                "local_id": m.get("id"),
                "mentions": n_mentions,
                "sentiment": m.get("sentiment", 0.0),
                "sentiment_author": m.get("sentiment_author"),
                "sentiment_quote": m.get("sentiment_quote"),
                "labels": [label for label, _ in labels.most_common(12) if label],
                "evidence_positive": m.get("evidence_positive", []),
                "evidence_negative": m.get("evidence_negative", []),
            }
            if entry is None:
                articles[article_id] = record
            else:  # two local actors of one article merged here: mention-weighted means
                articles[article_id] = _combine(entry, record)
        merged.append({"id": actor_id, "name": name, "type": atype, "articles": articles})
    merged.sort(key=lambda a: (-sum(x["mentions"] for x in a["articles"].values()), a["id"]))
    return merged


def _wmean(a: float | None, na: int, b: float | None, nb: int) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return round((a * na + b * nb) / max(na + nb, 1), 4)


def _combine(x: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
    nx, ny = x["mentions"], y["mentions"]
    return {
        "local_id": x["local_id"],
        "mentions": nx + ny,
        "sentiment": _wmean(x["sentiment"], nx, y["sentiment"], ny) or 0.0,
        "sentiment_author": _wmean(x["sentiment_author"], nx, y["sentiment_author"], ny),
        "sentiment_quote": _wmean(x["sentiment_quote"], nx, y["sentiment_quote"], ny),
        "labels": list(dict.fromkeys(x["labels"] + y["labels"]))[:12],
        "evidence_positive": (x["evidence_positive"] + y["evidence_positive"])[:2],
        "evidence_negative": (x["evidence_negative"] + y["evidence_negative"])[:2],
    }


def compare(story: Story, earlier: Mapping[str, ComparisonOutput]) -> ComparisonOutput:
    per_article = {result.article.id: local_actors(result) for result in story.articles}
    merged = merge_story_actors(per_article)
    table = []
    findings = []
    for actor in merged:
        for article_id in story.article_ids:
            info = actor["articles"].get(article_id)
            table.append(
                {
                    "actor_id": actor["id"],
                    "actor": actor["name"],
                    "type": actor["type"],
                    "article": article_id,
                    "mentions": info["mentions"] if info else 0,
                    "sentiment": info["sentiment"] if info else None,
                    "sentiment_author": info["sentiment_author"] if info else None,
                    "sentiment_quote": info["sentiment_quote"] if info else None,
                }
            )
            if info:
                findings.append(
                    Finding(
                        article=article_id,
                        analyzer=NAME,
                        kind="story_actor",
                        start=None,
                        end=None,
                        text=actor["name"],
                        label=actor["type"],
                        score=info["sentiment"],
                        attrs={
                            "actor": actor["name"],
                            "actor_id": actor["id"],
                            "local_id": info["local_id"],
                            "type": actor["type"],
                            "mentions": info["mentions"],
                            "sentiment": info["sentiment"],
                            "sentiment_author": info["sentiment_author"],
                            "sentiment_quote": info["sentiment_quote"],
                            "labels": info["labels"],
                        },
                    )
                )
    data_actors = []
    for actor in merged:
        data_actors.append(
            {
                "id": actor["id"],
                "name": actor["name"],
                "type": actor["type"],
                "articles": {
                    aid: {k: v for k, v in info.items() if k not in ("evidence_positive", "evidence_negative")}
                    | {"evidence_positive": info["evidence_positive"], "evidence_negative": info["evidence_negative"]}
                    for aid, info in actor["articles"].items()
                },
            }
        )
    metrics: dict[str, dict[str, Any]] = defaultdict(dict)
    for article_id in story.article_ids:
        present = [a for a in merged if article_id in a["articles"]]
        metrics[article_id]["story_actors"] = len(present)
        metrics[article_id]["story_actors_missing"] = len(merged) - len(present)
    return ComparisonOutput(
        findings=findings,
        metrics=dict(metrics),
        tables={"actor_matrix": table},
        data={"actors": data_actors},
    )


@hookimpl
def framing_register_comparisons(register):
    register(
        ComparisonSpec(
            name=NAME,
            compare=compare,
            summarize=None,
            after=(),
            description="Actors merged across the articles of a story: an actor x article sentiment table.",
        )
    )
