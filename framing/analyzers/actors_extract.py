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


def _clean_entity(doc: Doc, ent: Span, lex: ActorLexicon) -> tuple[int, int] | None:
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct or doc[start].lower_ in POSSESSIVE):
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end or not any(ch.isupper() or ch.isdigit() for ch in doc[start:end].text):
        return None
    # "Tren de Aragua" tagged as "Aragua" (GPE) or "Tren of Aragua": extend over a connector
    while (
        start >= 2
        and doc[start - 1].lower_ in lex.connectors
        and doc[start - 2].is_title
        and doc[start - 2].ent_type_ in ("", "ORG", "PERSON", "GPE", "NORP", "FAC", "LOC")
    ):
        left = doc[start - 2]
        if left.lemma_.lower() in lex.titles or left.lower_ in lex.titles or left.is_sent_start:
            if left.lemma_.lower() in lex.titles or left.lower_ in lex.titles:
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


def find_name_mentions(doc: Doc, lex: ActorLexicon) -> tuple[list[Mention], dict[str, str]]:
    """Name and handle mentions, and the acronyms introduced in brackets (acronym -> long name)."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if not _ent_label_ok(ent):
            continue
        if ent.label_ == "NORP":
            continue  # handled as a possible group noun
        bounds = _clean_entity(doc, ent, lex)
        if bounds is None:
            continue
        start, end = bounds
        name = doc[start:end].text
        if name.startswith("@"):
            continue  # a handle: handled below
        key = norm(name)
        if not key or key in lex.not_actors or not any(ch.isalpha() for ch in key):
            continue
        if len(key) == 1:
            continue
        force = ""
        root = doc[start:end].root
        if root.dep_ == "compound" and root.head.lemma_.lower() in lex.government_nouns and ent.label_ != "GPE":
            head = root.head
            if key not in lex.country_alias:
                end = head.i + 1 if head.i >= end else end
                name = f"{name} {head.lemma_.lower()}"
                force = "org"
        mentions.append(Mention(start, end, "name", name=name, label=ent.label_, force_type=force))
        taken.update(range(start, end))
    # @handles
    for tok in doc:
        if tok.text.startswith("@") and len(tok.text) > 2 and tok.i not in taken:
            mentions.append(Mention(tok.i, tok.i + 1, "handle", name=tok.text[1:]))
            taken.add(tok.i)
    # capitalised names the NER missed that repeat a known name exactly (e.g. "ICE", "MS-13")
    known = {norm(m.name): m for m in mentions if m.kind == "name"}
    acronyms: dict[str, str] = {}
    for acronym, long_name in _bracket_acronyms(doc):
        known.setdefault(norm(acronym), Mention(0, 0, "name", name=acronym, label="ORG"))
        acronyms[norm(acronym)] = norm(long_name)
    surnames = {norm(doc[m.end - 1].text) for m in mentions if m.label == "PERSON" and m.end - m.start >= 2}
    for tok in doc:
        if tok.i in taken:
            continue
        key = norm(tok.text)
        if key in surnames and tok.is_title and tok.pos_ == "PROPN":
            mentions.append(Mention(tok.i, tok.i + 1, "name", name=tok.text, label="PERSON"))
            taken.add(tok.i)
        elif key in known and tok.text[:1].isupper() and (tok.is_upper or any(c.isdigit() for c in tok.text)):
            mentions.append(Mention(tok.i, tok.i + 1, "name", name=tok.text, label=known[key].label or "ORG"))
            taken.add(tok.i)
    # "Tren de Aragua" missed by the NER: Proper + connector + Proper
    lowers = [t.lower_ for t in doc]
    for i in range(1, len(doc) - 1):
        if lowers[i] not in lex.connectors or i - 1 in taken or i in taken or i + 1 in taken:
            continue
        left, right = doc[i - 1], doc[i + 1]
        if (
            left.is_title
            and right.is_title
            and left.pos_ == "PROPN"
            and right.pos_ == "PROPN"
            and not left.is_sent_start
        ):
            if left.lower_ in lex.titles or left.ent_type_ == "DATE" or left.lemma_.lower() in lex.titles:
                continue
            mentions.append(Mention(i - 1, i + 2, "name", name=doc[i - 1 : i + 2].text, label="ORG"))
            taken.update(range(i - 1, i + 2))
    # multi-word names the NER found elsewhere in the article but missed here
    phrases = {}
    for m in mentions:
        if m.kind == "name" and m.end - m.start >= 2 and not m.force_type:
            phrases[tuple(t.text for t in doc[m.start : m.end])] = m
    texts = [t.text for t in doc] if phrases else []
    for words, model in phrases.items():
        n = len(words)
        for i in range(len(doc) - n + 1):
            if texts[i] != words[0] or any(j in taken for j in range(i, i + n)):
                continue
            if tuple(texts[i : i + n]) == words:
                mentions.append(Mention(i, i + n, "name", name=model.name, label=model.label))
                taken.update(range(i, i + n))
    return sorted(mentions, key=lambda m: m.start), acronyms


def _bracket_acronyms(doc: Doc) -> list[tuple[str, str]]:
    """``Immigration and Customs Enforcement (ICE)`` -> [("ICE", "Immigration and Customs Enforcement")]."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE") or ent.end + 2 >= len(doc):
            continue
        if doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            acronym = doc[ent.end + 1].text
            initials = "".join(w[0] for w in ent.text.split() if w[:1].isupper())
            if acronym.isupper() and acronym.replace(".", "") == initials:
                found.append((acronym, ent.text))
    return found


# ----------------------------------------------------------------------------------------
# clustering names
# ----------------------------------------------------------------------------------------


def _words(key: str) -> list[str]:
    return key.split()


def _core_words(key: str, lex: ActorLexicon) -> list[str]:
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
    found = set()
    for child in tok.children:
        if skip and child.i in skip:
            continue
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            span = child.doc[child.left_edge.i : child.i + 1]
            key = norm(span.text)
            for candidate in (key, norm(child.text)):
                if candidate in lex.country_alias:
                    found.add(lex.country_alias[candidate])
                elif candidate in lex.demonyms:
                    found.add(lex.demonyms[candidate])
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    key = norm(child.doc[pobj.left_edge.i : pobj.i + 1].text)
                    if key in lex.country_alias:
                        found.add(lex.country_alias[key])
    return found


def _title_of(tok: Token, lex: ActorLexicon) -> str:
    lemma = tok.lemma_.lower()
    if tok.i > 0 and f"{tok.doc[tok.i - 1].lower_} {lemma}" in lex.titles:
        return f"{tok.doc[tok.i - 1].lower_} {lemma}"
    if lemma in lex.titles:
        return lemma
    if tok.lower_ in lex.titles:
        return tok.lower_
    return ""


def group_of(tok: Token, lex: ActorLexicon) -> str | None:
    """The group id a noun refers to, or None."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    if tok.is_title and not tok.is_sent_start and tok.ent_type_ not in ("", "NORP"):
        return None  # part of a name ("Alien Enemies Act")
    lemma = tok.lemma_.lower()
    if tok.lower_ in ("venezuelans",):
        lemma = "venezuelan"
    compounds = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
    phrase = " ".join([*compounds, lemma])
    for group in lex.groups:
        for head in group.get("heads", []):
            hw = head.split()
            if hw[-1] == lemma and (
                len(hw) == 1 or phrase.endswith(" ".join(hw[:-1]) + " " + lemma) or phrase.endswith(head)
            ):
                return group["id"]
        if lemma in group.get("cued_heads", []) and (tok.tag_ in ("NNS", "NNPS") or tok.lower_.endswith("s")):
            cues = set(group.get("cues", []))
            # vague heads ("people", "individuals") need the cue on themselves ("deported individuals")
            modifier_only = lemma in group.get("modifier_only_heads", [])
            if _has_cue(tok, cues, modifier_only):
                return group["id"]
    return None


def _has_cue(tok: Token, cues: set[str], modifier_only: bool = False) -> bool:
    def lemmas(t: Token) -> set[str]:
        return {t.lemma_.lower(), t.lower_}

    for child in tok.children:
        if child.dep_ in ("amod", "compound", "acl", "relcl", "nmod") and lemmas(child) & cues:
            return True
    if modifier_only:
        return False
    node = tok
    for _ in range(3):  # "hundreds of (members)", "members of X had arrived"
        head = node.head
        if head.i == node.i:
            break
        if lemmas(head) & cues:
            return True
        if node.dep_ == "pobj" or head.lower_ == "of" or head.pos_ in ("NOUN", "NUM"):
            node = head
            continue
        break
    return False


def find_title_mentions(doc: Doc, taken: set[int], lex: ActorLexicon) -> list[Mention]:
    out = []
    for tok in doc:
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        title = _title_of(tok, lex)
        if not title:
            continue
        countries = _countries_near(tok, lex)
        # titles of a named person ("President Donald Trump") are recorded by the caller
        out.append(Mention(tok.i, tok.i + 1, "title", title=title, country=next(iter(sorted(countries)), "")))
    return out


def find_group_mentions(doc: Doc, taken: set[int], lex: ActorLexicon) -> list[Mention]:
    out = []
    for tok in doc:
        if tok.i in taken:
            continue
        gid = group_of(tok, lex)
        if gid is None:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i:
            prev = doc[start - 1]
            if prev.i in taken or not prev.is_lower or start < tok.i:
                break
            start -= 1
        out.append(Mention(start, tok.i + 1, "group", name=gid))
    return out


# ----------------------------------------------------------------------------------------
# the whole article
# ----------------------------------------------------------------------------------------


def extract_actors(doc: Doc, lex: ActorLexicon | None = None) -> list[Actor]:
    """All actors of a parsed Doc, each with its (merged) mentions, in order of first mention."""
    lex = lex or default_lexicon()
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
        span = doc[m.start : m.end]
        root = span.root
        # context votes: "members of X", "the gang X", "X gang" -> organisation
        near = [root.head] + [c for c in root.children if c.dep_ in ("appos", "compound")]
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in ("member", "leader"):
            context_org[m.key] += 3
        elif any(t.lemma_.lower() in lex.org_nouns and t.i not in range(m.start, m.end) for t in near):
            context_org[m.key] += 2
        if root.dep_ in ("compound", "nummod", "appos") and root.head.lemma_.lower() in ("member", "leader"):
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
            root = doc[m.start : m.end].root
            linked = [c for c in doc[root.left_edge.i : m.start] if c.dep_ == "compound" or c.head.i == root.i]
            linked += [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                linked.append(root.head)
                # "the president of El Salvador, Nayib Bukele": the parser may hang the
                # apposition on "El Salvador"; climb "of" to the title
                up = root.head
                if up.dep_ == "pobj" and up.head.lower_ == "of":
                    linked.append(up.head.head)
            for t in linked:
                title = _title_of(t, lex)
                if title:
                    countries = _countries_near(t, lex, skip=set(range(m.start, m.end))) | _countries_near(root, lex)
                    actor.titles.setdefault(title, set()).update(countries)
                    titles_used.add(t.i)
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
        head = doc[m.start]
        # "President @nayibbukele": the title is part of a name mention
        if head.head.i in taken and head.dep_ == "compound":
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
        actor.aliases = sorted({doc[mm.start : mm.end].text for mm in actor.mentions if mm.kind != "pronoun"})
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
    for m in actor.mentions:
        tok = doc[m.start : m.end].root
        while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
            tok = tok.head
        if not (tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE):
            return False
    return True


def _drop_noise(doc: Doc, actors: list[Actor]) -> list[Actor]:
    """Drop one-off names that are headline words ("Harsh Conditions") or quoted interjections,
    and places that are only ever locations ("in Texas"; countries are kept: they act)."""
    kept = []
    text = doc.text
    for actor in actors:
        if actor.type == "place" and not actor.key.startswith("country:") and _only_location(doc, actor):
            continue
        if len(actor.mentions) == 1 and actor.type != "group" and actor.mentions[0].kind == "name":
            span = doc[actor.mentions[0].start : actor.mentions[0].end]
            if any(t.pos_ == "VERB" for t in span) or all(t.pos_ in ("NOUN", "ADJ", "VERB") for t in span):
                continue
            line = text[: span.start_char].rsplit("\n", 1)[-1] + text[span.start_char :].split("\n", 1)[0]
            if line.strip() and line.strip()[-1:] not in ".!?\"”'’:" and len(line.split()) <= 12:
                continue  # a headline
        kept.append(actor)
    return kept


def _resolve_pronouns(doc: Doc, actors: dict[str, Actor], person_keys: Collection[str], taken: set[int]) -> None:
    by_pos: list[tuple[int, str, str, bool]] = []  # (token, key, kind person|group, is_subject)
    for key, actor in actors.items():
        kind = "person" if key in person_keys else "group" if key.startswith("group:") else ""
        if not kind:
            continue
        for m in actor.mentions:
            root = doc[m.start : m.end].root
            by_pos.append((root.i, key, kind, root.dep_ in ("nsubj", "nsubjpass")))
    by_pos.sort()
    sents = list(doc.sents) if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else []
    if not sents:
        return
    sent_index = {}
    for k, s in enumerate(sents):
        for t in s:
            sent_index[t.i] = k
    for tok in doc:
        low = tok.lower_
        if tok.i in taken or tok.pos_ != "PRON" or low not in MALE_FEMALE | PLURAL_PRON:
            continue
        want = "person" if low in MALE_FEMALE else "group"
        here = sent_index.get(tok.i, 0)
        best = None
        same = [
            (i, key, subj) for i, key, kind, subj in by_pos if kind == want and sent_index.get(i) == here and i < tok.i
        ]
        if low in ("him", "her", "them", "themselves", "himself", "herself"):
            # "X praised him": an object pronoun is not the subject of its own verb (unless reflexive)
            reflexive = low.endswith("self") or low.endswith("selves")
            same = [
                c for c in same if (doc[c[0]].head.i == tok.head.i and doc[c[0]].dep_.startswith("nsubj")) == reflexive
            ]
        if same:
            best = same[-1][1]
        else:
            for back in (1, 2):
                prev = [
                    (i, key, subj) for i, key, kind, subj in by_pos if kind == want and sent_index.get(i) == here - back
                ]
                if prev:
                    subjects = [p for p in prev if p[2]]
                    best = (subjects[0] if subjects else prev[-1])[1]
                    break
        if best is not None:
            actors[best].mentions.append(Mention(tok.i, tok.i + 1, "pronoun", name=tok.text, key=best))
            by_pos.append((tok.i, best, want, tok.dep_ in ("nsubj", "nsubjpass")))
            by_pos.sort()


def noun_phrase(doc: Doc, mention: Mention, max_tokens: int = 12) -> Span:
    """The full noun phrase of a mention (its modifiers), kept short."""
    root = doc[mention.start : mention.end].root
    if root.pos_ == "PRON":
        return doc[mention.start : mention.end]
    left = mention.start
    for child in root.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod") and child.i < left:
            if child.pos_ in ("VERB", "AUX") or child.tag_.startswith("VB") or mention.start - child.left_edge.i > 6:
                continue
            left = min(left, child.left_edge.i)
    right = max(mention.end, root.i + 1)
    for child in root.rights:
        if child.dep_ in ("appos", "prep", "acl", "relcl", "amod") and child.right_edge.i + 1 - left <= max_tokens:
            right = max(right, child.right_edge.i + 1)
    # never across a line break (headlines, paragraphs)
    for i in range(left, mention.start):
        if "\n" in doc[i].text_with_ws:
            left = i + 1
    for i in range(mention.end - 1, right):
        if "\n" in doc[i].text_with_ws:
            right = i + 1
            break
    while right > mention.end and (doc[right - 1].is_punct or doc[right - 1].is_space):
        right -= 1
    return doc[left:right]
