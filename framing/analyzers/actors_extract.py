"""Find the actors of one article and merge their mentions (pure functions over a parsed Doc).

Mentions come from four places:

1. **Names**: spaCy's PERSON / ORG / GPE / NORP entities, cleaned (leading "the", trailing
   possessive) and repaired (``Aragua`` after ``Tren de``/``Tren of`` becomes ``Tren de Aragua``),
   ``@handles`` and acronyms introduced in brackets ("Immigration and Customs Enforcement (ICE)").
   Names are clustered by a name key, not by NER label, so ``Bukele`` tagged ORG still joins
   ``Nayib Bukele`` (PERSON): a name joins a longer one when it is its last word(s) (a surname)
   or the longer one only adds generic words ("MS-13" / "the MS-13 Gang International");
   countries merge through an alias table (``U.S.`` = ``the United States``).
2. **Titles**: "the president", "El Salvador's President", "the Salvadoran president",
   "President @nayibbukele" resolve to the person who holds that title (learned from
   "President Donald Trump", "The president of El Salvador, Nayib Bukele"), matching the
   country when the title names one, else the nearest mention.
3. **Groups**: plural nouns listed in ``actors.json`` ("deportees", "detainees", "migrants",
   "illegal immigrants", "aliens") and cued nouns ("gang members", "individuals",
   "Venezuelans") when a cue word ties them to the group ("deported individuals",
   "238 members ... had arrived"). One group = one actor.
4. **Pronouns**: he/him/his resolve to the nearest person mentioned before (the subject of the
   previous sentence first); they/them/their to the nearest group.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from framing.analyzers.doc_table import DocTable, doc_table
from framing.analyzers.sentiment_target import span_root

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
MALE_FEMALE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRON = {"they", "them", "their", "theirs", "themselves"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVE = {"'s", "’s", "'", "’"}


# ----------------------------------------------------------------------------------------
# lexicon
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorLexicon:
    """Word lists that drive mention finding (``framing/data/actor_sentiment/actors.json``)."""

    titles: frozenset[str]
    handles: Mapping[str, Mapping[str, str]]
    government_nouns: frozenset[str]
    org_nouns: frozenset[str]
    generic_name_words: frozenset[str]
    connectors: frozenset[str]
    not_actors: frozenset[str]
    country_alias: Mapping[str, str]  # normalised alias -> canonical country
    demonyms: Mapping[str, str]  # normalised demonym -> canonical country
    groups: tuple[Mapping[str, Any], ...]

    @classmethod
    def from_dicts(cls, datas: Iterable[Mapping[str, Any]]) -> ActorLexicon:
        titles: set[str] = set()
        handles: dict[str, Mapping[str, str]] = {}
        sets: dict[str, set[str]] = defaultdict(set)
        country_alias: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        groups: dict[str, dict[str, Any]] = {}
        for data in datas:
            titles.update(t.lower() for t in data.get("titles", []))
            handles.update({k.lower().lstrip("@"): v for k, v in data.get("handles", {}).items()})
            for key in ("government_nouns", "org_nouns", "generic_name_words", "connectors", "not_actors"):
                sets[key].update(w.lower() for w in data.get(key, []))
            for canonical, info in data.get("countries", {}).items():
                for alias in [canonical, *info.get("aliases", [])]:
                    country_alias[norm(alias)] = canonical
                for dem in info.get("demonyms", []):
                    demonyms[norm(dem)] = canonical
            for group in data.get("groups", []):
                gid = group["id"]
                if gid in groups:
                    merged = groups[gid]
                    for key in ("heads", "cued_heads", "cues", "modifier_only_heads"):
                        merged[key] = sorted(set(merged.get(key, [])) | set(group.get(key, [])))
                else:
                    groups[gid] = {k: (list(v) if isinstance(v, list) else v) for k, v in group.items()}
        return cls(
            titles=frozenset(titles),
            handles=handles,
            government_nouns=frozenset(sets["government_nouns"]),
            org_nouns=frozenset(sets["org_nouns"]),
            generic_name_words=frozenset(sets["generic_name_words"]),
            connectors=frozenset(sets["connectors"]),
            not_actors=frozenset(sets["not_actors"]),
            country_alias=country_alias,
            demonyms=demonyms,
            groups=tuple(groups.values()),
        )


def builtin_lexicon_data() -> dict[str, Any]:
    text = resources.files("framing").joinpath("data", "actor_sentiment", "actors.json").read_text(encoding="utf-8")
    return json.loads(text)


def read_lexicon_file(path: str | Path) -> dict[str, Any]:
    """Read a user lexicon (same JSON layout as the built-in ``actors.json``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"actor_sentiment: extra lexicon {str(path)!r} does not exist") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"actor_sentiment: extra lexicon {str(path)!r} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"actor_sentiment: extra lexicon {str(path)!r} must hold a JSON object")
    return data


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    return ActorLexicon.from_dicts([builtin_lexicon_data()])


# ----------------------------------------------------------------------------------------
# mentions
# ----------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Normalised form of a name: lower case, no dots, no possessive, single spaces."""
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^(d|l)'(?=[a-z])", "", text)  # French elision: "d'El Salvador"
    text = text.replace(".", "").replace("@", "")
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"^(the)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    """A stable id: ``"Nayib Bukele"`` -> ``"nayib-bukele"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", norm(text)).strip("-")
    return slug or "actor"


@dataclass
class Mention:
    """One mention of an actor (token offsets into the Doc)."""

    start: int
    end: int
    kind: str  # name | title | group | pronoun | handle
    name: str = ""  # surface name for names/handles; group id for groups
    label: str = ""  # NER label for names
    key: str = ""  # cluster key (filled by clustering)
    title: str = ""  # for title mentions: the title word
    country: str = ""  # for title mentions: the country it names
    force_type: str = ""


@dataclass
class Actor:
    """An actor of one article with its mentions."""

    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)  # title -> countries

    @property
    def id(self) -> str:
        return slugify(self.name)


def _span_text(doc: Doc, t: DocTable, start: int, end: int) -> str:
    """``doc[start:end].text`` from the token table."""
    return t.doc_text[t.idx[start] : t.end[end - 1]] if end > start else ""


def _clean_entity(doc: Doc, ent: Span, lex: ActorLexicon) -> tuple[int, int] | None:
    return _clean_bounds(doc, doc_table(doc), ent.start, ent.end, lex)


def _clean_bounds(doc: Doc, t: DocTable, start: int, end: int, lex: ActorLexicon) -> tuple[int, int] | None:
    """:func:`_clean_entity` for the entity ``doc[start:end]``, on the token table."""
    lower, is_punct = t.lower, t.is_punct
    while start < end and (lower[start] in DETERMINERS or is_punct[start] or lower[start] in POSSESSIVE):
        start += 1
    while end > start and (lower[end - 1] in POSSESSIVE or is_punct[end - 1] or t.is_space[end - 1]):
        end -= 1
    if start >= end or not any(ch.isupper() or ch.isdigit() for ch in _span_text(doc, t, start, end)):
        return None
    # "Tren de Aragua" tagged as "Aragua" (GPE) or "Tren of Aragua": extend over a connector
    while (
        start >= 2
        and lower[start - 1] in lex.connectors
        and doc[start - 2].is_title
        and t.ent_type[start - 2] in ("", "ORG", "PERSON", "GPE", "NORP", "FAC", "LOC")
    ):
        k = start - 2
        if t.lemma_lower[k] in lex.titles or lower[k] in lex.titles or doc[k].is_sent_start:
            if t.lemma_lower[k] in lex.titles or lower[k] in lex.titles:
                return None  # "Secretary of State": part of a title, not an actor
            break
        start -= 2
    return start, end


def _ent_label_ok(ent: Span) -> bool:
    if ent.label_ not in NAME_LABELS:
        return False
    if ent.label_ == "NORP":
        # a plural noun ("Venezuelans") may be a group; adjectives ("Venezuelan gang") are not actors
        return ent.root.tag_ in ("NNPS", "NNS") or ent.root.lower_.endswith("ns")
    return True


def _entities(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the Doc's entities."""
    return [(ent.start, ent.end, ent.label_) for ent in doc.ents]


def _label_ok_at(doc: Doc, t: DocTable, start: int, end: int, label: str) -> bool:
    """:func:`_ent_label_ok` for the entity ``doc[start:end]`` labelled ``label``."""
    if label not in NAME_LABELS:
        return False
    if label == "NORP":
        root = span_root(doc, t, start, end)
        return t.tag[root] in ("NNPS", "NNS") or t.lower[root].endswith("ns")
    return True


def find_name_mentions(doc: Doc, lex: ActorLexicon) -> tuple[list[Mention], dict[str, str]]:
    """Name and handle mentions, and the acronyms introduced in brackets (acronym -> long name)."""
    t = doc_table(doc)
    n = t.n
    texts, lower, pos, dep, head, lemma = t.text, t.lower, t.pos, t.dep, t.head, t.lemma_lower
    ents = _entities(doc)
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent_start, ent_end, label in ents:
        if not _label_ok_at(doc, t, ent_start, ent_end, label):
            continue
        if label == "NORP":
            continue  # handled as a possible group noun
        bounds = _clean_bounds(doc, t, ent_start, ent_end, lex)
        if bounds is None:
            continue
        start, end = bounds
        name = _span_text(doc, t, start, end)
        if name.startswith("@"):
            continue  # a handle: handled below
        key = norm(name)
        if not key or key in lex.not_actors or not any(ch.isalpha() for ch in key):
            continue
        if len(key) == 1:
            continue
        force = ""
        root = span_root(doc, t, start, end)
        if dep[root] == "compound" and lemma[head[root]] in lex.government_nouns and label != "GPE":
            h = head[root]
            if key not in lex.country_alias:
                end = h + 1 if h >= end else end
                name = f"{name} {lemma[h]}"
                force = "org"
        mentions.append(Mention(start, end, "name", name=name, label=label, force_type=force))
        taken.update(range(start, end))
    # @handles
    if "@" in t.doc_text:
        for i in [i for i, word in enumerate(texts) if word.startswith("@")]:
            word = texts[i]
            if len(word) > 2 and i not in taken:
                mentions.append(Mention(i, i + 1, "handle", name=word[1:]))
                taken.add(i)
    # capitalised names the NER missed that repeat a known name exactly (e.g. "ICE", "MS-13")
    known = {norm(m.name): m for m in mentions if m.kind == "name"}
    acronyms: dict[str, str] = {}
    for acronym, long_name in _bracket_acronyms(doc, ents):
        known.setdefault(norm(acronym), Mention(0, 0, "name", name=acronym, label="ORG"))
        acronyms[norm(acronym)] = norm(long_name)
    surnames = {norm(texts[m.end - 1]) for m in mentions if m.label == "PERSON" and m.end - m.start >= 2}
    # (a lower-case word is neither title-case nor capitalised)
    for i in [i for i, word in enumerate(texts) if not word.islower()]:
        if i in taken:
            continue
        word = texts[i]
        key = norm(word)
        if key in surnames and pos[i] == "PROPN" and doc[i].is_title:
            mentions.append(Mention(i, i + 1, "name", name=word, label="PERSON"))
            taken.add(i)
        elif key in known and word[:1].isupper() and (doc[i].is_upper or any(c.isdigit() for c in word)):
            mentions.append(Mention(i, i + 1, "name", name=word, label=known[key].label or "ORG"))
            taken.add(i)
    # "Tren de Aragua" missed by the NER: Proper + connector + Proper
    connectors = lex.connectors
    for i in [i for i in range(1, n - 1) if lower[i] in connectors]:
        if i - 1 in taken or i in taken or i + 1 in taken:
            continue
        if (
            pos[i - 1] == "PROPN"
            and pos[i + 1] == "PROPN"
            and doc[i - 1].is_title
            and doc[i + 1].is_title
            and not doc[i - 1].is_sent_start
        ):
            if lower[i - 1] in lex.titles or t.ent_type[i - 1] == "DATE" or lemma[i - 1] in lex.titles:
                continue
            mentions.append(Mention(i - 1, i + 2, "name", name=_span_text(doc, t, i - 1, i + 2), label="ORG"))
            taken.update(range(i - 1, i + 2))
    # multi-word names the NER found elsewhere in the article but missed here
    phrases = {}
    for m in mentions:
        if m.kind == "name" and m.end - m.start >= 2 and not m.force_type:
            phrases[tuple(texts[m.start : m.end])] = m
    where: dict[str, list[int]] = {}  # token text -> its positions, in order
    if phrases:
        firsts = {words[0] for words in phrases}
        for i in [i for i, word in enumerate(texts) if word in firsts]:
            where.setdefault(texts[i], []).append(i)
    for words, model in phrases.items():
        size = len(words)
        for i in where.get(words[0], ()):
            if i > n - size:
                break
            if any(j in taken for j in range(i, i + size)):
                continue
            if tuple(texts[i : i + size]) == words:
                mentions.append(Mention(i, i + size, "name", name=model.name, label=model.label))
                taken.update(range(i, i + size))
    return sorted(mentions, key=lambda m: m.start), acronyms


def _bracket_acronyms(doc: Doc, ents: Sequence[tuple[int, int, str]] | None = None) -> list[tuple[str, str]]:
    """``Immigration and Customs Enforcement (ICE)`` -> [("ICE", "Immigration and Customs Enforcement")]."""
    t = doc_table(doc)
    texts = t.text
    found = []
    for start, end, label in _entities(doc) if ents is None else ents:
        if label not in ("ORG", "PERSON", "GPE") or end + 2 >= t.n:
            continue
        if texts[end] == "(" and texts[end + 2] == ")":
            acronym = texts[end + 1]
            ent_text = _span_text(doc, t, start, end)
            initials = "".join(w[0] for w in ent_text.split() if w[:1].isupper())
            if acronym.isupper() and acronym.replace(".", "") == initials:
                found.append((acronym, ent_text))
    return found


# ----------------------------------------------------------------------------------------
# clustering names
# ----------------------------------------------------------------------------------------


def _words(key: str) -> list[str]:
    return key.split()


def _core_words(key: str, lex: ActorLexicon) -> list[str]:
    """The words of a name key that identify it (see :func:`_core_words_of`), memoised per lexicon."""
    memo = _lexicon_memo(lex, "core")
    found = memo.get(key)
    if found is None:
        if len(memo) >= 65536:
            memo.clear()
        found = memo[key] = tuple(_core_words_of(key, lex))
    return list(found)


def _core_words_of(key: str, lex: ActorLexicon) -> list[str]:
    words = [w for w in key.split() if w not in lex.connectors]
    # drop leading demonyms ("venezuelan tren aragua") and trailing generic words ("ms-13 gang")
    while len(words) > 1 and words[0] in lex.demonyms:
        words = words[1:]
    while len(words) > 1 and words[-1] in lex.generic_name_words:
        words = words[:-1]
    while len(words) > 1 and words[0] in lex.generic_name_words:
        words = words[1:]
    return words


def cluster_names(mentions: Sequence[Mention], lex: ActorLexicon, acronyms: Mapping[str, str]) -> dict[str, str]:
    """Map each normalised name to a cluster key (the longest matching name)."""
    names = Counter(norm(m.name) for m in mentions if m.kind == "name")
    mapping: dict[str, str] = {}
    clusters: dict[str, list[str]] = {}  # cluster key -> core words of its longest name
    # countries first
    for name in names:
        if name in lex.country_alias:
            mapping[name] = "country:" + lex.country_alias[name]
    order = sorted((n for n in names if n not in mapping), key=lambda n: (-len(_core_words(n, lex)), -names[n], n))
    for name in order:
        core = _core_words(name, lex)
        best = None
        best_size = -1
        for key, kcore in clusters.items():
            if core == kcore or (len(core) < len(kcore) and kcore[-len(core) :] == core):
                size = sum(names[n] for n, k in mapping.items() if k == key)
                if size > best_size:
                    best, best_size = key, size
        if best is None and " ".join(core) in lex.country_alias:
            mapping[name] = "country:" + lex.country_alias[" ".join(core)]
            continue
        if best is None:
            clusters[name] = core
            mapping[name] = name
        else:
            mapping[name] = best
    for acronym, long_name in acronyms.items():
        if acronym in mapping and long_name in mapping:
            target = mapping[long_name]
            for name, key in list(mapping.items()):
                if key == mapping[acronym]:
                    mapping[name] = target
    return mapping


# ----------------------------------------------------------------------------------------
# titles, groups, pronouns
# ----------------------------------------------------------------------------------------


def _countries_near(tok: Token, lex: ActorLexicon, skip: set[int] | None = None) -> set[str]:
    """Countries named in a title's modifiers: "El Salvador's", "US", "of El Salvador", "Salvadoran"."""
    return _countries_at(tok.doc, doc_table(tok.doc), tok.i, lex, skip)


def _countries_at(doc: Doc, t: DocTable, i: int, lex: ActorLexicon, skip: set[int] | None = None) -> set[str]:
    """:func:`_countries_near` of token ``i``."""
    found = set()
    children, dep = t.children, t.dep
    for child in children[i]:
        if skip and child in skip:
            continue
        if dep[child] in ("poss", "compound", "amod", "nmod"):
            key = norm(_span_text(doc, t, doc[child].left_edge.i, child + 1))
            for candidate in (key, norm(t.text[child])):
                if candidate in lex.country_alias:
                    found.add(lex.country_alias[candidate])
                elif candidate in lex.demonyms:
                    found.add(lex.demonyms[candidate])
        if dep[child] == "prep" and t.lower[child] == "of":
            for pobj in children[child]:
                if dep[pobj] == "pobj":
                    key = norm(_span_text(doc, t, doc[pobj].left_edge.i, pobj + 1))
                    if key in lex.country_alias:
                        found.add(lex.country_alias[key])
    return found


def _title_of(tok: Token, lex: ActorLexicon) -> str:
    return _title_at(doc_table(tok.doc), tok.i, lex)


def _title_at(t: DocTable, i: int, lex: ActorLexicon) -> str:
    """:func:`_title_of` token ``i``."""
    lemma = t.lemma_lower[i]
    if i > 0 and f"{t.lower[i - 1]} {lemma}" in lex.titles:
        return f"{t.lower[i - 1]} {lemma}"
    if lemma in lex.titles:
        return lemma
    if t.lower[i] in lex.titles:
        return t.lower[i]
    return ""


def group_of(tok: Token, lex: ActorLexicon) -> str | None:
    """The group id a noun refers to, or None."""
    return _group_at(tok.doc, doc_table(tok.doc), tok.i, lex)


def _group_index(lex: ActorLexicon) -> dict[str, list[Mapping[str, Any]]]:
    """``lemma -> the groups (in lexicon order) with a head or cued head ending in that lemma``.

    :func:`group_of` returns the first group of the lexicon that matches; a group none of whose
    heads ends in the noun's lemma (and that does not list it as a cued head) never matches, so
    only the groups listed here need testing.
    """
    memo = _lexicon_memo(lex, "groups")
    if not memo:
        by_lemma: dict[str, list[Mapping[str, Any]]] = {}
        for group in lex.groups:
            lemmas = [head.split()[-1] for head in group.get("heads", [])]
            lemmas += list(group.get("cued_heads", []))
            for lemma in dict.fromkeys(lemmas):
                by_lemma.setdefault(lemma, []).append(group)
        memo[None] = by_lemma
    return memo[None]


def _lexicon_memo(lex: ActorLexicon, name: str) -> dict[Any, Any]:
    """A memo dictionary kept for one lexicon (lexicons hold dicts, so they cannot be hashed)."""
    entry = _LEXICON_MEMOS.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_LEXICON_MEMOS) >= 16:  # a handful of lexicons per process; never grow without bound
            _LEXICON_MEMOS.clear()
        entry = _LEXICON_MEMOS[id(lex)] = (lex, {})
    return entry[1].setdefault(name, {})


_LEXICON_MEMOS: dict[int, tuple[ActorLexicon, dict[str, dict[Any, Any]]]] = {}


def _group_at(doc: Doc, t: DocTable, i: int, lex: ActorLexicon) -> str | None:
    """:func:`group_of` token ``i``."""
    if t.pos[i] not in ("NOUN", "PROPN") or t.dep[i] == "compound":
        return None
    if t.ent_type[i] not in ("", "NORP") and doc[i].is_title and not doc[i].is_sent_start:
        return None  # part of a name ("Alien Enemies Act")
    lemma = t.lemma_lower[i]
    low = t.lower[i]
    if low in ("venezuelans",):
        lemma = "venezuelan"
    groups = _group_index(lex).get(lemma)
    if not groups:
        return None
    dep, lower = t.dep, t.lower
    compounds = [lower[c] for c in t.children[i] if dep[c] in ("compound", "amod") and c < i]
    phrase = " ".join([*compounds, lemma])
    for group in groups:
        for head in group.get("heads", []):
            hw = head.split()
            if hw[-1] == lemma and (
                len(hw) == 1 or phrase.endswith(" ".join(hw[:-1]) + " " + lemma) or phrase.endswith(head)
            ):
                return group["id"]
        if lemma in group.get("cued_heads", []) and (t.tag[i] in ("NNS", "NNPS") or low.endswith("s")):
            cues = set(group.get("cues", []))
            # vague heads ("people", "individuals") need the cue on themselves ("deported individuals")
            modifier_only = lemma in group.get("modifier_only_heads", [])
            if _has_cue_at(t, i, cues, modifier_only):
                return group["id"]
    return None


def _has_cue(tok: Token, cues: set[str], modifier_only: bool = False) -> bool:
    return _has_cue_at(doc_table(tok.doc), tok.i, cues, modifier_only)


def _has_cue_at(t: DocTable, i: int, cues: set[str], modifier_only: bool = False) -> bool:
    """:func:`_has_cue` of token ``i``."""
    dep, head, lower, lemma, pos = t.dep, t.head, t.lower, t.lemma_lower, t.pos

    def cued(k: int) -> bool:  # {lemma, lower} & cues
        return lemma[k] in cues or lower[k] in cues

    for child in t.children[i]:
        if dep[child] in ("amod", "compound", "acl", "relcl", "nmod") and cued(child):
            return True
    if modifier_only:
        return False
    node = i
    for _ in range(3):  # "hundreds of (members)", "members of X had arrived"
        h = head[node]
        if h == node:
            break
        if cued(h):
            return True
        if dep[node] == "pobj" or lower[h] == "of" or pos[h] in ("NOUN", "NUM"):
            node = h
            continue
        break
    return False


def find_title_mentions(doc: Doc, taken: set[int], lex: ActorLexicon) -> list[Mention]:
    t = doc_table(doc)
    out = []
    for i in [i for i, tag in enumerate(t.pos) if tag == "NOUN" or tag == "PROPN"]:
        if i in taken:
            continue
        title = _title_at(t, i, lex)
        if not title:
            continue
        countries = _countries_at(doc, t, i, lex)
        # titles of a named person ("President Donald Trump") are recorded by the caller
        out.append(Mention(i, i + 1, "title", title=title, country=next(iter(sorted(countries)), "")))
    return out


def find_group_mentions(doc: Doc, taken: set[int], lex: ActorLexicon) -> list[Mention]:
    t = doc_table(doc)
    dep, head, lemma = t.dep, t.head, t.lemma_lower
    groups = _group_index(lex)
    out = []
    # the nouns whose lemma heads some group (the only ones _group_at can match)
    candidates = [
        i
        for i, tag in enumerate(t.pos)
        if (tag == "NOUN" or tag == "PROPN")
        and dep[i] != "compound"
        and (lemma[i] in groups or t.lower[i] == "venezuelans")
    ]
    for i in candidates:
        if i in taken:
            continue
        gid = _group_at(doc, t, i, lex)
        if gid is None:
            continue
        start = i
        while start > 0 and dep[start - 1] == "compound" and head[start - 1] == i:
            prev = start - 1
            if prev in taken or not doc[prev].is_lower or start < i:
                break
            start -= 1
        out.append(Mention(start, i + 1, "group", name=gid))
    return out


# ----------------------------------------------------------------------------------------
# the whole article
# ----------------------------------------------------------------------------------------


def extract_actors(doc: Doc, lex: ActorLexicon | None = None) -> list[Actor]:
    """All actors of a parsed Doc, each with its (merged) mentions, in order of first mention."""
    lex = lex or default_lexicon()
    t = doc_table(doc)
    head, dep, lower, lemma, children = t.head, t.dep, t.lower, t.lemma_lower, t.children
    names, acronyms = find_name_mentions(doc, lex)
    mapping = cluster_names(names, lex, acronyms)
    actors: dict[str, Actor] = {}
    label_votes: dict[str, Counter[str]] = defaultdict(Counter)
    context_org: Counter[str] = Counter()

    def actor_for(key: str) -> Actor:
        if key not in actors:
            actors[key] = Actor(key=key, name="", type="")
        return actors[key]

    for m in names:
        if m.kind == "handle":
            continue
        m.key = mapping.get(norm(m.name), norm(m.name))
        actor = actor_for(m.key)
        actor.mentions.append(m)
        label_votes[m.key][m.force_type.upper() or m.label] += 1
        root = span_root(doc, t, m.start, m.end)
        # context votes: "members of X", "the gang X", "X gang" -> organisation
        near = [head[root]] + [c for c in children[root] if dep[c] in ("appos", "compound")]
        if dep[root] == "pobj" and lower[head[root]] == "of" and lemma[head[head[root]]] in ("member", "leader"):
            context_org[m.key] += 3
        elif any(lemma[k] in lex.org_nouns and not (m.start <= k < m.end) for k in near):
            context_org[m.key] += 2
        if dep[root] in ("compound", "nummod", "appos") and lemma[head[root]] in ("member", "leader"):
            context_org[m.key] += 3
    taken = {i for m in names for i in range(m.start, m.end)}

    # persons: record titles attached to names ("President Donald Trump", "X, the president of Y")
    # an insertion-ordered set (dict): iteration and tie-breaks follow the text, never string hashes
    person_keys: dict[str, None] = {}
    for key, votes in label_votes.items():
        if key.startswith("country:"):
            continue
        if any(m.force_type for m in actors[key].mentions):
            continue
        if any(ch.isdigit() for ch in key):
            continue  # "MS-13", "M-19": not a person's name
        multi_person = any(
            m.label == "PERSON" and len(_core_words(norm(m.name), lex)) >= 2 for m in actors[key].mentions
        )
        if (multi_person and context_org[key] < 2) or (
            votes["PERSON"] > votes["ORG"] + votes["GPE"] and not context_org[key]
        ):
            person_keys[key] = None
    titles_used: set[int] = set()
    for key in person_keys:
        actor = actors[key]
        for m in actor.mentions:
            root = span_root(doc, t, m.start, m.end)
            linked = [k for k in range(doc[root].left_edge.i, m.start) if dep[k] == "compound" or head[k] == root]
            linked += [c for c in children[root] if dep[c] == "appos"]
            if dep[root] == "appos":
                linked.append(head[root])
                # "the president of El Salvador, Nayib Bukele": the parser may hang the
                # apposition on "El Salvador"; climb "of" to the title
                up = head[root]
                if dep[up] == "pobj" and lower[head[up]] == "of":
                    linked.append(head[head[up]])
            for k in linked:
                title = _title_at(t, k, lex)
                if title:
                    countries = _countries_at(doc, t, k, lex, skip=set(range(m.start, m.end))) | _countries_at(
                        doc, t, root, lex
                    )
                    actor.titles.setdefault(title, set()).update(countries)
                    titles_used.add(k)
    # handles: "@nayibbukele" -> Bukele; "@POTUS" -> the US president
    title_mentions = [m for m in find_title_mentions(doc, taken, lex) if m.start not in titles_used]
    for m in names:
        if m.kind != "handle":
            continue
        handle = norm(m.name)
        info = lex.handles.get(handle)
        if info and info.get("title"):
            title_mentions.append(
                Mention(m.start, m.end, "handle", name=m.name, title=info["title"], country=info.get("country", ""))
            )
            continue
        target = None
        wanted = norm(info["name"]) if info and info.get("name") else handle
        for key in dict.fromkeys([*person_keys, *actors]):
            full = "".join(norm(mm.name).replace(" ", "") for mm in actors[key].mentions[:1])
            core = _core_words(key, lex)
            if wanted in (full, key) or (core and core[-1] in wanted and len(core[-1]) >= 4):
                target = key
                break
        if target:
            m.key = target
            actors[target].mentions.append(m)
            taken.add(m.start)
    # resolve title mentions
    positions: dict[str, list[int]] = {k: sorted(mm.start for mm in actors[k].mentions) for k in person_keys}
    for m in sorted(title_mentions, key=lambda x: x.start):
        candidates = [k for k in person_keys if m.title in actors[k].titles]
        if m.country:
            with_country = [k for k in candidates if m.country in actors[k].titles.get(m.title, set())]
            unknown = [k for k in candidates if not actors[k].titles.get(m.title)]
            candidates = with_country or unknown
        if not candidates:
            continue
        # "President @nayibbukele": the title is part of a name mention
        if head[m.start] in taken and dep[m.start] == "compound":
            continue

        def distance(k: str, pos: int = m.start) -> tuple[int, int]:
            before = [p for p in positions[k] if p < pos]
            if before:
                return (0, pos - before[-1])
            return (1, min(p - pos for p in positions[k]))

        best = min(candidates, key=distance)
        m.key = best
        actors[best].mentions.append(m)
        taken.update(range(m.start, m.end))
    # groups
    for m in find_group_mentions(doc, taken, lex):
        m.key = "group:" + m.name
        actor_for(m.key).mentions.append(m)
        taken.update(range(m.start, m.end))
    # pronouns
    _resolve_pronouns(doc, actors, person_keys, taken)

    # names, types, aliases
    group_names = {g["id"]: g.get("name", g["id"]) for g in lex.groups}
    out = []
    for key, actor in actors.items():
        if not actor.mentions:
            continue
        actor.mentions.sort(key=lambda mm: mm.start)
        named = [mm for mm in actor.mentions if mm.kind == "name"]
        if key.startswith("country:"):
            actor.name, actor.type = key.split(":", 1)[1], "place"
        elif key.startswith("group:"):
            actor.name, actor.type = group_names.get(key.split(":", 1)[1], key), "group"
        else:
            forms = Counter(_display(mm.name) for mm in named)
            if key in person_keys:
                actor.name = max(forms, key=lambda f: (len(_core_words(norm(f), lex)), forms[f], f))
                actor.type = "person"
            else:
                actor.name = max(forms, key=lambda f: (forms[f], -len(_core_words(norm(f), lex)), -len(f), f))
                votes = label_votes[key]
                actor.type = "org" if context_org[key] or votes["ORG"] + votes["PERSON"] >= votes["GPE"] else "place"
                if any(mm.force_type == "org" for mm in named):
                    actor.type = "org"
        actor.aliases = sorted({_span_text(doc, t, mm.start, mm.end) for mm in actor.mentions if mm.kind != "pronoun"})
        out.append(actor)
    out = _drop_noise(doc, out)
    out.sort(key=lambda a: a.mentions[0].start)
    return out


def _display(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    return re.sub(r"^(the|The)\s+", "", name)


LOCATIVE = {"in", "to", "from", "at", "across", "throughout", "into", "within", "as", "near", "outside", "inside"}


def _only_location(doc: Doc, actor: Actor) -> bool:
    """True when every mention of a place is a location ("in Texas", "states such as Colorado")."""
    t = doc_table(doc)
    dep, head, lower = t.dep, t.head, t.lower
    for m in actor.mentions:
        k = span_root(doc, t, m.start, m.end)
        while dep[k] in ("conj", "appos", "compound") and head[k] != k:
            k = head[k]
        if not (dep[k] == "pobj" and lower[head[k]] in LOCATIVE):
            return False
    return True


def _drop_noise(doc: Doc, actors: list[Actor]) -> list[Actor]:
    """Drop one-off names that are headline words ("Harsh Conditions") or quoted interjections,
    and places that are only ever locations ("in Texas"; countries are kept: they act)."""
    kept = []
    t = doc_table(doc)
    text = t.doc_text
    for actor in actors:
        if actor.type == "place" and not actor.key.startswith("country:") and _only_location(doc, actor):
            continue
        if len(actor.mentions) == 1 and actor.type != "group" and actor.mentions[0].kind == "name":
            m = actor.mentions[0]
            tags = t.pos[m.start : m.end]
            if any(p == "VERB" for p in tags) or all(p in ("NOUN", "ADJ", "VERB") for p in tags):
                continue
            start_char = t.idx[m.start]
            line_end = text.find("\n", start_char)  # the line around the name (not a copy of the text)
            line = text[text.rfind("\n", 0, start_char) + 1 : line_end if line_end >= 0 else len(text)]
            if line.strip() and line.strip()[-1:] not in ".!?\"”'’:" and len(line.split()) <= 12:
                continue  # a headline
        kept.append(actor)
    return kept


def _resolve_pronouns(doc: Doc, actors: dict[str, Actor], person_keys: Collection[str], taken: set[int]) -> None:
    t = doc_table(doc)
    dep, head, lower, pos = t.dep, t.head, t.lower, t.pos
    by_pos: list[tuple[int, str, str, bool]] = []  # (token, key, kind person|group, is_subject)
    for key, actor in actors.items():
        kind = "person" if key in person_keys else "group" if key.startswith("group:") else ""
        if not kind:
            continue
        for m in actor.mentions:
            root = span_root(doc, t, m.start, m.end)
            by_pos.append((root, key, kind, dep[root] in ("nsubj", "nsubjpass")))
    by_pos.sort()
    if not t.sents:
        return
    sent_of = t.sent_of
    pronouns = MALE_FEMALE | PLURAL_PRON
    for i in [i for i, tag in enumerate(pos) if tag == "PRON"]:
        low = lower[i]
        if i in taken or low not in pronouns:
            continue
        want = "person" if low in MALE_FEMALE else "group"
        here = sent_of[i]
        best = None
        same = [(k, key, subj) for k, key, kind, subj in by_pos if kind == want and sent_of[k] == here and k < i]
        if low in ("him", "her", "them", "themselves", "himself", "herself"):
            # "X praised him": an object pronoun is not the subject of its own verb (unless reflexive)
            reflexive = low.endswith("self") or low.endswith("selves")
            same = [c for c in same if (head[c[0]] == head[i] and dep[c[0]].startswith("nsubj")) == reflexive]
        if same:
            best = same[-1][1]
        else:
            for back in (1, 2):
                prev = [(k, key, subj) for k, key, kind, subj in by_pos if kind == want and sent_of[k] == here - back]
                if prev:
                    subjects = [p for p in prev if p[2]]
                    best = (subjects[0] if subjects else prev[-1])[1]
                    break
        if best is not None:
            actors[best].mentions.append(Mention(i, i + 1, "pronoun", name=t.text[i], key=best))
            bisect.insort(by_pos, (i, best, want, dep[i] in ("nsubj", "nsubjpass")))


def noun_phrase(doc: Doc, mention: Mention, max_tokens: int = 12) -> Span:
    """The full noun phrase of a mention (its modifiers), kept short."""
    left, right = noun_phrase_bounds(doc, mention, max_tokens)
    return doc[left:right]


def noun_phrase_bounds(doc: Doc, mention: Mention, max_tokens: int = 12, root: int | None = None) -> tuple[int, int]:
    """Token bounds ``(start, end)`` of :func:`noun_phrase`; ``root``: the index of the mention's
    root when the caller knows it (else found here)."""
    t = doc_table(doc)
    if root is None:
        root = span_root(doc, t, mention.start, mention.end)
    if t.pos[root] == "PRON":
        return mention.start, mention.end
    dep, pos, tag, text_ws = t.dep, t.pos, t.tag, t.text_ws
    children = t.children[root]
    left = mention.start
    for child in children:  # root.lefts
        if child >= root:
            break
        if dep[child] in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod") and child < left:
            if pos[child] in ("VERB", "AUX") or tag[child].startswith("VB"):
                continue
            edge = doc[child].left_edge.i
            if mention.start - edge > 6:
                continue
            left = min(left, edge)
    right = max(mention.end, root + 1)
    for child in children:  # root.rights
        if child > root and dep[child] in ("appos", "prep", "acl", "relcl", "amod"):
            edge = doc[child].right_edge.i
            if edge + 1 - left <= max_tokens:
                right = max(right, edge + 1)
    # never across a line break (headlines, paragraphs)
    for i in range(left, mention.start):
        if "\n" in text_ws[i]:
            left = i + 1
    for i in range(mention.end - 1, right):
        if "\n" in text_ws[i]:
            right = i + 1
            break
    while right > mention.end and (t.is_punct[right - 1] or t.is_space[right - 1]):
        right -= 1
    return left, right
