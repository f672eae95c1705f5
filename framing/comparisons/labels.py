"""Labels: how each article names the same actor or group (comparison ``labels``).

For every actor or group that several articles of a story name, the noun phrases each
article uses for it ("criminal illegal aliens" / "Venezuelan migrants" / "immigrants alleged
to be members"), with their connotation.

Two sources of referents, combined:

* the merged actors of the ``actors`` comparison (``data["actors"]``; the mentions and their
  full noun phrases come from the ``actor_sentiment`` summaries of the articles);
* groups of people named by a common noun, found by this comparison's own per-article
  ``summarize`` step: noun phrases whose head is a group noun (aliens, migrants, immigrants,
  deportees, detainees, criminals, gang members, protesters, ...), clustered into referents
  by the group classes of ``framing/data/loaded_terms/group_heads.tsv``. This also works
  when the actor analyzer is disabled or missing.

Outputs: table ``labels`` (``referent_id, referent, article, label, count, connotation``,
plus ``quoted``, ``loaded``), findings of kind ``label`` (span = the noun phrase in that
article; attrs ``referent``, ``referent_id``, ``label``, ``connotation``, ``voice``) and
``data["referents"]``.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from framing.hookspecs import hookimpl
from framing.models import ComparisonOutput, ComparisonSpec, Finding, Story

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

NAME = "labels"

#: Words that mark a label as hedged (distanced) rather than asserted.
HEDGES = {"alleged", "allegedly", "suspected", "accused", "purported", "reputed", "presumed", "so-called"}
#: Crime and threat words that make a label negative even outside the loaded-terms lexicons.
CRIME = {
    "criminal", "criminals", "gang", "gangs", "gangster", "gangsters", "felon", "felons", "thug", "thugs",
    "terrorist", "terrorists", "illegal", "illegals", "violent", "dangerous", "murderer", "murderers",
    "rapist", "rapists", "smuggler", "smugglers", "trafficker", "traffickers", "invaders", "enemy", "enemies",
}  # fmt: skip
_LEADING = re.compile(
    r"^(?:(?:the|a|an|these|those|this|that|some|many|several|all|other|such|any|their|its|his|her|our|"
    r"hundreds|thousands|dozens|scores|more|fewer|less|than|about|around|nearly|almost|over|at|least|"
    r"most|up|to|of|[\d.,]+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)+",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------
# Group classes
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def group_heads() -> dict[str, tuple[str, str, bool]]:
    """``head lemma -> (class id, display name, modifier only)`` from ``group_heads.tsv``."""
    text = importlib.resources.files("framing").joinpath("data/loaded_terms/group_heads.tsv").read_text("utf-8")
    out: dict[str, tuple[str, str, bool]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) >= 3:
            out[cols[0].lower()] = (cols[1], cols[2], len(cols) > 3 and cols[3] == "modifier")
    return out


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """A label as compared across articles: lower-cased, without leading determiners/quantities."""
    text = " ".join(text.replace("’", "'").split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    stripped = _LEADING.sub("", text.lower()).strip(" ,.;:-–—\"“”'")
    return stripped or text.lower()


# --------------------------------------------------------------------------------------
# Connotation
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _label_matcher() -> Any:
    from framing.analyzers.loaded_terms import BUILTIN_LEXICONS, builtin_lexicon
    from framing.analyzers.loaded_terms_lexicon import LexiconMatcher

    entries = []
    for name in BUILTIN_LEXICONS:
        if name != "presupposition":
            entries.extend(builtin_lexicon(name))
    return LexiconMatcher(entries)


def connotation(label: str) -> tuple[str, float, list[str]]:
    """``(connotation, score, loaded words)`` of a label.

    ``negative`` when it carries a pejorative/negative loaded term or a crime word,
    ``hedged`` when it distances itself ("alleged", "suspected"), ``positive`` for positive
    loaded terms, else ``neutral``. The score is in -1..1.
    """
    conn, score, loaded = _connotation(label)
    return conn, score, list(loaded)


@lru_cache(maxsize=16384)
def _connotation(label: str) -> tuple[str, float, tuple[str, ...]]:
    """:func:`connotation`, memoised per label (a story repeats its labels many times)."""
    from framing.analyzers.loaded_terms_lexicon import simple_toks

    toks = simple_toks(label)
    words = {t.lower for t in toks}
    loaded: list[str] = []
    score = 0.0
    for m in _label_matcher().find(toks):
        term = " ".join(t.lower for t in toks[m.start : m.end]).replace(" - ", "-")
        loaded.append(term)
        if m.entry.polarity == "neg" or m.entry.category == "pejorative":
            score -= 0.5 * m.entry.intensity
        elif m.entry.polarity == "pos":
            score += 0.5 * m.entry.intensity
    crime = sorted(words & CRIME)
    for word in crime:
        if not any(word in term.split() for term in loaded):
            loaded.append(word)
            score -= 0.5
    score = max(-1.0, min(1.0, score))
    if words & HEDGES:
        return "hedged", score / 2, tuple(loaded)
    if score < 0:
        return "negative", score, tuple(loaded)
    if score > 0:
        return "positive", score, tuple(loaded)
    return "neutral", 0.0, tuple(loaded)


# --------------------------------------------------------------------------------------
# Per article: group noun phrases
# --------------------------------------------------------------------------------------

_ACL_VERBS = {"expel", "deport", "send", "remove", "detain", "fly", "transfer", "arrest", "hold", "accuse"}


def _group_class(tok: Token) -> tuple[str, str, bool] | None:
    heads = group_heads()
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return None
    if lemma == "member" or lower == "members":
        # "gang members", "members of the ... gang": class of what they are members of
        words = {c.lower_ for c in tok.lefts} | {
            t.lower_ for child in tok.rights if child.dep_ == "prep" and child.lower_ == "of" for t in child.subtree
        }
        for word in words:
            if word in heads:
                return heads[word]
        return None
    for key in (lemma, lower):
        if key in heads and not heads[key][2]:
            return heads[key]
    # "200 Venezuelans expelled by ...": a nationality standing for the group acted on
    if (
        tok.ent_type_ == "NORP"
        and tok.tag_ in {"NNPS", "NNS"}
        and any(c.dep_ == "acl" and c.lemma_.lower() in _ACL_VERBS for c in tok.children)
    ):
        return heads.get("migrant")
    return None


_QUANTITIES = {"hundreds", "thousands", "dozens", "scores", "millions", "group", "groups", "number", "batch", "plane"}
_SKIP_DEPS = {"prep", "agent", "advcl", "advmod", "npadvmod", "conj", "cc", "punct", "relcl", "mark", "dative"}


def _clause_core(verb: Token) -> set[int]:
    """Token indices of a reduced clause without its adjuncts ("alleged to be members", "expelled")."""
    keep = {verb.i}
    stack = [verb]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in _SKIP_DEPS or child.i < verb.i:
                continue
            keep.add(child.i)
            stack.append(child)
    return keep


def group_phrase(doc: Doc, tok: Token, max_right: int = 6) -> tuple[int, int]:
    """Token bounds of the label around a group head: modifiers, a reduced clause up to its noun."""
    left = tok.i
    for child in reversed(list(tok.lefts)):  # nearest modifier first; stop at a verb ("housing ... members")
        if child.dep_ not in {"amod", "compound", "nmod", "npadvmod", "poss"}:
            continue
        verbal = child.tag_ in {"VB", "VBP", "VBZ", "VBD"} or any(
            t.tag_ in {"VB", "VBP", "VBZ", "VBD"} for t in child.subtree
        )
        after_to = child.left_edge.i > 0 and doc[child.left_edge.i - 1].lower_ == "to" and child.tag_.startswith("NN")
        if verbal or after_to:  # "to house gang members": a misparsed verb
            break
        left = min(left, child.left_edge.i)
    right = tok.i
    rights = list(tok.rights)
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _QUANTITIES:
        # "hundreds of immigrants alleged to be ...": the clause hangs on the quantity
        rights += [c for c in tok.head.head.rights if c.i > tok.i and c.dep_ == "acl"]
    for child in rights:
        if child.dep_ == "acl" and child.tag_ in {"VBN", "VBG"}:  # a reduced relative clause
            keep = _clause_core(child)
            k = child.i
            while k + 1 in keep and k + 1 - tok.i <= max_right:
                k += 1
            right = max(right, k)
            break
        if child.dep_ == "prep" and child.lower_ == "of" and (tok.lemma_.lower() == "member"):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and pobj[0].i - tok.i <= max_right:
                right = max(right, pobj[0].i)
                for c in pobj[0].rights:
                    if c.dep_ in {"compound", "appos"} and c.i - tok.i <= max_right:
                        right = max(right, c.right_edge.i)
            break
    while right > tok.i and (doc[right].is_punct or doc[right].pos_ in {"ADP", "DET", "CCONJ", "PART", "AUX"}):
        right -= 1
    while left < tok.i and (doc[left].is_punct or doc[left].pos_ in {"DET", "NUM", "ADP"}):
        left += 1
    return left, right + 1


def summarize(doc: Doc) -> dict[str, Any]:
    """Per article: the group noun phrases (``summaries["labels"]["groups"]``)."""
    from framing.analyzers.doc_table import doc_table
    from framing.analyzers.loaded_terms import quote_regions, voice_of

    if not doc.has_annotation("DEP"):
        return {"groups": []}
    table = doc_table(doc)
    regions = quote_regions(doc)
    groups = []
    heads = group_heads()
    pos, lemma, lower, dep, head, ent_type, tag = (
        table.pos,
        table.lemma_lower,
        table.lower,
        table.dep,
        table.head,
        table.ent_type,
        table.tag,
    )
    for i in range(table.n):
        if pos[i] not in {"NOUN", "PROPN"}:
            continue
        # the cheap tests of _group_class on the token table: most nouns are no group head
        if dep[i] == "compound" and pos[head[i]] in {"NOUN", "PROPN"}:
            continue
        word, low = lemma[i], lower[i]
        if not (
            word == "member"
            or low == "members"
            or (word in heads and not heads[word][2])
            or (low in heads and not heads[low][2])
            or (ent_type[i] == "NORP" and tag[i] in {"NNPS", "NNS"})
        ):
            continue
        tok = doc[i]
        cls = _group_class(tok)
        if cls is None:
            continue
        start, end = group_phrase(doc, tok)
        span = doc[start:end]
        voice, speaker = voice_of(regions, span.start_char, span.end_char)
        groups.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "text": span.text,
                "head": tok.lemma_.lower(),
                "class": cls[0],
                "referent": cls[1],
                "voice": voice,
                "speaker": speaker,
            }
        )
    return {"groups": groups}


# --------------------------------------------------------------------------------------
# Across articles
# --------------------------------------------------------------------------------------


def _locate(text: str, np: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the noun phrase ``np`` around a mention at ``[start, end)``."""
    if not np:
        return None
    lo = max(0, start - len(np))
    k = text.find(np, lo, end + len(np))
    while k != -1:
        if k <= start and end <= k + len(np):
            return k, k + len(np)
        k = text.find(np, k + 1, end + len(np))
    return None


_CUT = re.compile(
    r",|;|\(|\s(?:who|which|that|whose|in|from|at|for|with|by|on|to(?!\s+be\b)|into|under|after|before|during|since|as|"
    r"including|over|against|without|while|when|where)\s",
    re.IGNORECASE,
)


def trim_np(np: str, max_words: int = 6) -> str:
    """A long noun phrase cut to its core: before a clause or a preposition other than "of", at most
    ``max_words`` words ("Venezuelan migrants deported by the United States" -> "Venezuelan migrants deported")."""
    np = " ".join(np.split())
    m = _CUT.search(np)
    if m and m.start() > 0:
        np = np[: m.start()]
    words = np.split()[:max_words]
    while len(words) > 1 and words[-1].lower() in {"of", "the", "a", "an", "and", "or", "to", "be"}:
        words.pop()
    return " ".join(words)


def _actor_occurrences(
    story: Story, actors: Sequence[Mapping[str, Any]], skip_types: Sequence[str] = ("place",)
) -> dict[str, dict[str, Any]]:
    """Referents from the actors data.

    ``referent id -> {"name", "type", "names", "occ": {article: [(start, end, text, voice)]}}``.
    """
    out: dict[str, dict[str, Any]] = {}
    by_article = {r.article.id: r for r in story.articles}
    for actor in actors:
        per_article = actor.get("articles") or {}
        if len(per_article) < 2 or actor.get("type") in skip_types:
            continue
        occ: dict[str, list[tuple[int | None, int | None, str, str]]] = {}
        for aid, info in per_article.items():
            result = by_article.get(aid)
            found: list[tuple[int | None, int | None, str, str]] = []
            local = info.get("local_id")
            summary = (result.summaries.get("actor_sentiment") or {}) if result else {}
            for local_actor in summary.get("actors", []):
                if local is not None and local_actor.get("id") != local:
                    continue
                for m in local_actor.get("mentions", []):
                    if m.get("kind") == "pronoun":
                        continue
                    np = m.get("np") or m.get("text") or ""
                    if not np or np.lower() in {"he", "she", "they", "him", "her", "them", "it"}:
                        continue
                    voice = m.get("voice", "author")
                    group = _overlapping_group(result, m["start"], m["end"], m.get("text", "")) if result else None
                    if group is not None:  # our own phrase for a group noun: tighter than the actor NP
                        found.append((group["start"], group["end"], group["text"], group["voice"]))
                        continue
                    mention = m.get("text") or np
                    if "\n" in np:  # a headline run into the next line: keep the mention's line
                        np = next((line for line in np.split("\n") if mention in line), mention)
                    k = np.find(mention)
                    if k != -1 and np[k + len(mention) : k + len(mention) + 2] in {"'s", "’s"}:
                        np = mention  # the actor is the possessor: "El Salvador's prisons"
                    short = trim_np(np)
                    where = _locate(result.text, short, m["start"], m["end"]) if result and result.text else None
                    found.append((*(where or (None, None)), short, voice))
            if not found:
                found = [(None, None, label, "author") for label in info.get("labels", [])]
            if found:
                occ[aid] = found
        if len(occ) >= 2:
            names: set[str] = set()
            if actor.get("type") in {"person", "org"}:
                for name in [actor.get("name") or "", *(actor.get("aliases") or [])]:
                    names.update(_frozen_words(name))
            out[f"actor:{actor.get('id')}"] = {
                "name": actor.get("name"),
                "type": actor.get("type"),
                "names": names,
                "occ": occ,
            }
    return out


def _words(text: str) -> set[str]:
    return set(_frozen_words(text))


@lru_cache(maxsize=65536)
def _frozen_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[\w@-]+", text.lower().replace("’", "'")))


def label_of(ref: Mapping[str, Any], text: str) -> str:
    """The label of one occurrence; bare name variants ("Bukele", "Nayib Bukele") become the name."""
    label = normalize_label(text)
    names = ref.get("names")
    if names:
        words = _frozen_words(label)
        if words and words <= names:
            return normalize_label(ref["name"])
    return label


def _overlapping_group(result: Any, start: int, end: int, mention: str) -> dict[str, Any] | None:
    """Our group phrase around a mention, when the mention is that phrase's group noun."""
    for g in (result.summaries.get(NAME) or {}).get("groups", []):
        overlaps = g["start"] <= start < g["end"] or start <= g["start"] < end
        if overlaps and g["head"][:4] in mention.lower():
            return g
    return None


def _group_occurrences(story: Story) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for result in story.articles:
        for g in (result.summaries.get(NAME) or {}).get("groups", []):
            ref = out.setdefault(f"group:{g['class']}", {"name": g["referent"], "type": "group", "occ": {}})
            ref["occ"].setdefault(result.article.id, []).append((g["start"], g["end"], g["text"], g["voice"]))
    return {k: v for k, v in out.items() if len(v["occ"]) >= 2}


def compare(story: Story, earlier: Mapping[str, ComparisonOutput], min_distinct: int = 2) -> ComparisonOutput:
    """Labels per referent and article: table ``labels`` and ``label`` findings.

    Referents named by fewer than ``min_distinct`` distinct labels across the story are left out.
    """
    referents: dict[str, dict[str, Any]] = {}
    actors_out = earlier.get("actors")
    if actors_out is not None:
        referents.update(_actor_occurrences(story, (actors_out.data or {}).get("actors") or []))
    groups = _group_occurrences(story)
    covered = {normalize_label(t) for ref in referents.values() for occ in ref["occ"].values() for *_, t, _v in occ}
    for key, ref in groups.items():
        labels = {normalize_label(t) for occ in ref["occ"].values() for *_, t, _v in occ}
        if labels and len(labels & covered) >= 0.5 * len(labels):
            continue  # the actors comparison already has this group
        referents[key] = ref

    findings: list[Finding] = []
    table: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    for ref_id, ref in sorted(referents.items()):
        all_labels = {label_of(ref, t) for occ in ref["occ"].values() for *_, t, _v in occ}
        if len(all_labels) < min_distinct:
            continue  # named the same way everywhere: nothing to compare
        distinct: set[str] = set()
        for aid, occ in ref["occ"].items():
            counts: Counter[str] = Counter()
            quoted: Counter[str] = Counter()
            for start, end, text, voice in occ:
                label = label_of(ref, text)
                counts[label] += 1
                quoted[label] += voice == "quote"
                conn, score, loaded = connotation(label)
                if start is not None and end is not None:
                    findings.append(
                        Finding(
                            article=aid,
                            analyzer=NAME,
                            kind="label",
                            start=start,
                            end=end,
                            text=text,
                            label=label,
                            score=score,
                            attrs={
                                "referent": ref["name"],
                                "referent_id": ref_id,
                                "label": label,
                                "connotation": conn,
                                "loaded": loaded,
                                "voice": voice,
                            },
                        )
                    )
            for label, n in counts.most_common():
                conn, score, loaded = connotation(label)
                distinct.add(label)
                table.append(
                    {
                        "referent_id": ref_id,
                        "referent": ref["name"],
                        "article": aid,
                        "label": label,
                        "count": n,
                        "connotation": conn,
                        "connotation_score": round(score, 3),
                        "quoted": quoted[label],
                        "loaded": ", ".join(loaded),
                    }
                )
        summary.append(
            {
                "referent_id": ref_id,
                "referent": ref["name"],
                "type": ref.get("type"),
                "articles": sorted(ref["occ"]),
                "labels": sorted(distinct),
            }
        )
    metrics: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in table:
        m = metrics[row["article"]]
        m["labels"] = m.get("labels", 0) + row["count"]
        m["negative_labels"] = m.get("negative_labels", 0) + (row["count"] if row["connotation"] == "negative" else 0)
    return ComparisonOutput(
        findings=findings, metrics=dict(metrics), tables={"labels": table}, data={"referents": summary}
    )


@hookimpl
def framing_register_comparisons(register):
    register(
        ComparisonSpec(
            name=NAME,
            compare=compare,
            summarize=summarize,
            reads=("attribution",),  # summarize reads the quotes on the Doc
            after=("actors",),
            description="How each article names the same actor or group (labels and their connotation)",
        )
    )
