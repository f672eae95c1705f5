"""Aligning information units across articles and clustering them into facts.

Pure functions over the JSON summaries written by :mod:`framing.comparisons.omission_units`
(no spaCy). The method, for one group of articles about the same event:

1. Each claim unit becomes a TF-IDF vector over its content lemmas (synonyms merged),
   multi-word names collapsed into one term (so "El Salvador" counts once), normalised
   numbers (weighted up: a shared "238" or "$6 million" is strong evidence) and
   predicate-argument pairs from its SVO triples. IDF is computed over the units of the
   group, so the event's ubiquitous words ("El Salvador", "deport") weigh little.
2. Two units of different articles are *aligned* when the cosine of their vectors reaches
   ``align`` and they share at least ``min_shared`` informative terms; average-link
   agglomerative clustering over ``1 - cosine`` (cut at ``1 - align``) turns aligned
   units into facts.
3. An article *reports* a fact when it has a unit in the cluster, or (soft coverage, to
   avoid false omissions) when one of its units is close to a member (cosine above
   ``cover_cosine``) or contains most of a member's weighted terms (containment above
   ``cover_containment``).

Cost: building vectors is linear in the number of units U; the similarity matrix and the
clustering are O(U^2) (U = 1,200 for 30 articles of 40 sentences: well under a second).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

#: Weight multiplier of number terms and of entity terms relative to plain lemmas.
NUMBER_WEIGHT = 1.6
ENTITY_WEIGHT = 1.0
SVO_WEIGHT = 0.8


@dataclass(frozen=True)
class Unit:
    """One claim of one article, ready for alignment."""

    article: str
    index: int  # position among the article's units
    start: int
    end: int
    text: str
    terms: Counter
    quote: bool = False
    numbers: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # number + head noun ("40000>prisoner")
    parts: tuple[Counter, ...] = ()  # term counts of the sentence's clauses (when it has several)
    part_texts: tuple[str, ...] = ()  # the clauses' text (shown when an article leaves out only some)
    minor: frozenset[str] = frozenset()  # terms that only modify (weigh less in document containment)
    approx: frozenset[str] = frozenset()  # approximate figures ("#200" of "more than 200"): not required


@dataclass
class Fact:
    """A cluster of aligned units: one piece of information and who reports it."""

    members: list[int]  # unit indices (into the group's unit list)
    articles: set[str] = field(default_factory=set)  # articles with a member unit
    covered: dict[str, int] = field(default_factory=dict)  # article -> unit index (soft coverage)
    representative: int = -1
    fact_id: str = ""
    #: article -> evidence units (``{"start", "end", "text"}``) where document containment found it
    contained: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: article -> the clauses of the representative sentence it states nowhere (when it states the others)
    missing_text: dict[str, str] = field(default_factory=dict)
    #: article -> share of the others stating a clause of the representative it omits (clause-level check)
    clause_share: dict[str, float] = field(default_factory=dict)
    #: article -> windows where it states the clauses of the fact the others share (not all of it)
    partial: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def present_in(self) -> set[str]:
        """Articles that report the fact (a member unit, soft coverage or document containment)."""
        return self.articles | set(self.covered) | set(self.contained)

    def reported_by(self) -> set[str]:
        """Articles that report the fact at least in the part the others share (:attr:`partial`)."""
        return self.present_in() | set(self.partial)


@lru_cache(maxsize=1)
def entity_variants() -> dict[str, str]:
    """Name variants merged into one entity term ("u.s", "us", "america" -> "united states")."""
    table: dict[str, str] = {}
    text = (resources.files("framing") / "data" / "omission" / "entity_variants.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names = [n.strip().lower() for n in line.split(",") if n.strip()]
            for name in names:
                table[name] = names[0]
    return table


@lru_cache(maxsize=4096)
def entity_term(key: str) -> str:
    """The alignment term of an entity key: variants merged, each word lightly stemmed."""
    key = entity_variants().get(key.strip("."), key)
    return "e:" + " ".join(light_stem(w) for w in key.split())


def unit_terms(unit: Mapping[str, Any]) -> Counter:
    """Weighted term counts of a unit summary: lemmas, entity terms, numbers, SVO pairs."""
    terms: Counter = Counter()
    for term in unit.get("terms", ()):
        if term.startswith("e:"):
            terms[entity_term(term[2:])] += 1
        else:
            terms[light_stem(term)] += 1
    for num in unit.get("numbers", ()):
        terms["#" + num] += 1
    for triple in unit.get("svo", ()) or ():
        subj, verb, obj = [*triple, "", "", ""][:3]
        verb_head = verb.split()[-1] if verb else ""
        if verb_head and obj:
            terms["vo:" + verb_head + ">" + obj.split()[-1]] += 1
        if verb_head and subj:
            terms["sv:" + subj.split()[-1] + ">" + verb_head] += 1
    return terms


def light_stem(term: str) -> str:
    """Strip trailing vowels of longer words so spelling variants meet ("Oopsy"/"Oopsie")."""
    if len(term) >= 5:
        stripped = term.rstrip("aeiouy")
        if len(stripped) >= 4:
            return stripped
    return term


def term_weight(term: str) -> float:
    if term.startswith("#"):
        return NUMBER_WEIGHT
    if term.startswith("e:"):
        return ENTITY_WEIGHT
    if term.startswith(("vo:", "sv:")):
        return SVO_WEIGHT
    return 1.0


def entity_aliases(units: Sequence[Unit]) -> dict[str, str]:
    """Map short entity terms to the longer name that contains them ("e:salvador" -> "e:el salvador")."""
    df: Counter = Counter()
    for unit in units:
        for term in unit.terms:
            if term.startswith("e:"):
                df[term] += 1
    keys = sorted(df, key=lambda k: (-len(k.split()), -df[k]))
    alias: dict[str, str] = {}
    for short in df:
        words = set(short[2:].split())
        supers = [k for k in keys if k != short and words < set(k[2:].split())]
        if supers:
            alias[short] = max(supers, key=lambda k: df[k])
    return alias


def vectorize(units: Sequence[Unit]) -> tuple[Any, list[str], Any]:
    """Row-normalised TF-IDF matrix (scipy CSR), vocabulary, idf vector."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, unit in enumerate(units):
        for term, count in unit.terms.items():
            j = vocab.setdefault(term, len(vocab))
            rows.append(i)
            cols.append(j)
            vals.append((1.0 + math.log(count)) * term_weight(term))
    n = max(len(units), 1)
    tf = csr_matrix((vals, (rows, cols)), shape=(len(units), len(vocab)), dtype=float)
    df = np.bincount(np.asarray(cols, dtype=int), minlength=len(vocab)) if cols else np.zeros(len(vocab))
    idf = np.log((n + 1.0) / (df + 1.0)) + 1.0
    x = tf.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = csr_matrix(x.multiply(1.0 / norms.reshape(-1, 1)))
    return x, list(vocab), idf


@dataclass(frozen=True)
class AlignSettings:
    """Thresholds of the alignment (see module docstring)."""

    align: float = 0.3
    min_shared: int = 2
    cover_cosine: float = 0.4
    cover_containment: float = 0.7
    min_fact_terms: int = 3
    doc_containment: float = 0.6
    doc_anchor_containment: float = 0.35
    doc_min_shared: int = 2
    doc_window: int = 2
    doc_clause_containment: float = 0.3
    doc_part_containment: float = 0.5


def align_units(units: Sequence[Unit], settings: AlignSettings) -> tuple[list[Fact], Any, Any]:
    """Cluster units into facts. Returns (facts, cosine matrix, containment matrix)."""
    import numpy as np

    n = len(units)
    if n == 0:
        return [], np.zeros((0, 0)), np.zeros((0, 0))
    x, vocab, idf = vectorize(units)
    sim = (x @ x.T).toarray()
    # informative shared terms: binary overlap weighted by idf (ignore ubiquitous terms)
    binary = x.copy()
    binary.data[:] = 1.0
    n_articles = len({u.article for u in units})
    max_df = max(2.0, 1.5 * n_articles, 0.15 * n)  # a fact's terms recur about once per article
    informative = (idf >= 1.0 + math.log((n + 1.0) / (max_df + 1.0)) - 1e-9).astype(float)
    is_number = np.array([2.0 if t.startswith("#") else 1.0 for t in vocab])
    binary_inf = binary.multiply((informative * np.sqrt(is_number)).reshape(1, -1)).tocsr()
    shared = (binary_inf @ binary_inf.T).toarray()
    # containment(u -> v): share of u's idf mass found in v
    weighted = binary.multiply(idf.reshape(1, -1)).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    mass[mass == 0] = 1.0
    contain = (weighted @ binary.T).toarray() / mass.reshape(-1, 1)

    articles = [u.article for u in units]
    same = np.equal.outer(np.array(articles, dtype=object), np.array(articles, dtype=object))
    linkable = (sim >= settings.align) & (shared >= settings.min_shared)
    eff = np.where(linkable, sim, 0.0)
    eff = np.where(same, np.minimum(eff, sim * 0.5), eff)  # an article rarely repeats a fact: link weakly
    np.fill_diagonal(eff, 1.0)
    labels = _average_link(eff, settings.align)
    soft = (sim >= settings.cover_cosine) | (np.maximum(contain, contain.T) >= settings.cover_containment)
    soft &= (shared >= settings.min_shared) & ~same
    labels = _absorb_small_clusters(labels, soft, articles)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        clusters[label].append(i)
    facts = []
    for members in clusters.values():
        fact = Fact(members=sorted(members), articles={articles[i] for i in members})
        if len(members) == 1:
            fact.representative = members[0]
        else:
            sub = eff[np.ix_(members, members)]
            fact.representative = members[int(np.argmax(sub.sum(axis=1)))]
        facts.append(fact)
    # soft coverage: an article reports the fact when one of its units is close to a member
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        by_article[a].append(i)
    for fact in facts:
        for article, idx in by_article.items():
            if article in fact.articles:
                continue
            sub_sim = sim[np.ix_(fact.members, idx)]
            sub_con = np.maximum(contain[np.ix_(fact.members, idx)], contain[np.ix_(idx, fact.members)].T)
            sub_shared = shared[np.ix_(fact.members, idx)]
            ok = ((sub_sim >= settings.cover_cosine) | (sub_con >= settings.cover_containment)) & (
                sub_shared >= settings.min_shared
            )
            if ok.any():
                score = np.where(ok, np.maximum(sub_sim, sub_con), -1.0)
                _, col = np.unravel_index(int(np.argmax(score)), score.shape)
                fact.covered[article] = idx[col]
    return facts, sim, contain


def _absorb_small_clusters(labels: list[int], soft: Any, articles: Sequence[str]) -> list[int]:
    """Merge a cluster into a larger one when most of its units softly match that cluster.

    Average link leaves a paraphrase from a new article in its own cluster when it is close
    to some members of a fact but not to all ("will detain them for one year in CECOT"
    against "held for at least one year" and "a period of one year (renewable)"). Such a
    cluster, whose articles are not already in the other, is absorbed, so a fact is not
    split in two with each half "omitted" by the articles of the other half.
    """
    labels = list(labels)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        clusters[label].append(i)
    for label in sorted(clusters, key=lambda c: (len(clusters[c]), c)):
        if label not in clusters:
            continue
        members = clusters[label]
        if True:
            own_articles = {articles[i] for i in members}
            votes: Counter = Counter()
            for i in members:
                targets = {labels[j] for j in soft[i].nonzero()[0] if labels[j] != label}
                votes.update(targets)
            best = None
            for target, count in votes.most_common():
                target_members = clusters[target]
                if len(target_members) < len(members) or count < 0.5 * len(members):
                    continue
                if own_articles & {articles[j] for j in target_members}:
                    continue
                # the target's units must also point back: a majority of its articles match
                back = {articles[j] for j in target_members if soft[j, members].any()}
                if len(back) >= 0.5 * len({articles[j] for j in target_members}):
                    best = target
                    break
            if best is not None:
                for i in members:
                    labels[i] = best
                clusters[best].extend(members)
                del clusters[label]
    return labels


def _average_link(sim: Any, threshold: float) -> list[int]:
    """Average-link agglomerative clustering on a similarity matrix, cut at ``threshold``."""
    import numpy as np

    n = sim.shape[0]
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - np.clip(sim, 0.0, 1.0)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")]


def group_articles(term_sets: Mapping[str, Counter], threshold: float) -> list[list[str]]:
    """Group articles by content similarity (TF-IDF cosine, average link, cut at ``threshold``)."""
    ids = list(term_sets)
    if len(ids) <= 1:
        return [ids]
    units = [Unit(article=a, index=0, start=0, end=0, text="", terms=term_sets[a]) for a in ids]
    x, _, _ = vectorize(units)
    sim = (x @ x.T).toarray()
    labels = _average_link(sim, threshold)
    groups: dict[int, list[str]] = defaultdict(list)
    for article, label in zip(ids, labels, strict=True):
        groups[label].append(article)
    return sorted(groups.values(), key=lambda g: ids.index(g[0]))


# ------------------------------------------------------------------------------ document containment
#: Head nouns of a figure that match any other head noun ("40,000 people" ~ "40,000 inmates").
GENERIC_HEADS = frozenset({"people", "person", "individual", "man", "woman", "one", "resident", "citizen"})


@lru_cache(maxsize=1)
def related_terms() -> dict[str, frozenset[str]]:
    """Looser word groups (``framing/data/omission/related.txt``), used only for containment.

    Unlike the synonym table, these never merge terms for alignment: a sentence about "the
    facility" does not become similar to every sentence about "the prison", but a fact about
    "the prison" counts as stated by an article that says it of "the facility".
    """
    from framing.comparisons.omission_units import canonical_lemma

    table: dict[str, set[str]] = defaultdict(set)
    text = (resources.files("framing") / "data" / "omission" / "related.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = {light_stem(canonical_lemma(w.strip())) for w in line.split(",") if w.strip()}
        for w in words:
            table[w] |= words - {w}
    return {k: frozenset(v) for k, v in table.items()}


@dataclass(frozen=True)
class Coverage:
    """Where one article states one unit: containment score and the window's context units.

    ``window`` indexes the article's context units; when the unit is stated clause by clause
    (each clause somewhere in the article), ``window`` lists the windows of every clause.
    """

    score: float
    window: tuple[int, ...]
    anchor: bool = False


@dataclass
class DocumentCoverage:
    """Result of :func:`document_coverage`.

    Attributes:
        stated: ``{article: [Coverage or None per unit]}`` (None: the article does not state it).
        missing: ``{article: {unit: (part, ...)}}``: for a unit made of several clauses that the
            article states only in part, the clauses (indices into ``Unit.parts``) it states nowhere.
    """

    stated: dict[str, list[Coverage | None]]
    missing: dict[str, dict[int, tuple[int, ...]]]
    #: ``{article: {(unit, part): Coverage}}``: the clauses (with at least 3 content terms) each
    #: article states somewhere, and where
    parts: dict[str, dict[tuple[int, int], Coverage]] = field(default_factory=dict)
    #: ``{unit: (part, ...)}``: the clauses of each unit that are checked (enough content)
    checked: dict[int, tuple[int, ...]] = field(default_factory=dict)


def _content_items(unit: Unit) -> list[str]:
    return [t for t in unit.terms if not t.startswith(("vo:", "sv:"))]


def _distinctive_number(term: str) -> bool:
    """A figure that must be stated for a fact to count as stated: not a year, not a bare small number."""
    key = term[1:]
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", key):
        return False
    if " " in key or key[:1] in "$€£":
        return True
    try:
        return float(key) >= 10
    except ValueError:
        return True


#: Content lemmas sharing their first PREFIX letters match in the containment check
#: ("visitor"/"visit", "prison"/"prisoner", "invocation"/"invoke").
PREFIX = 5


def _prefixable(term: str) -> bool:
    return len(term) >= PREFIX and term[:PREFIX].isalpha()


class _TermMatcher:
    """Which of a vocabulary's terms a text term matches in document containment.

    A term matches itself, the words of its :func:`related_terms` group, content lemmas that
    share its first :data:`PREFIX` letters ("visitor"/"visit"), the same word as a one-word
    name or a lemma ("District"/"district"), and, for a one-word name, a name one edit away
    ("CECOC"/"CECOT", a translation's misspelling). Results are cached
    per term: building a window is then a union of column sets.
    """

    def __init__(self, vocab: Mapping[str, int]) -> None:
        self.vocab = vocab
        self.related = related_terms()
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        self.by_deletion: dict[str, list[int]] = defaultdict(list)
        for term, j in vocab.items():
            if _prefixable(term):
                self.by_prefix[term[:PREFIX]].append(j)
            name = _one_word_name(term)
            if name:
                for variant in _deletions(name):
                    self.by_deletion[variant].append(j)
        self.cache: dict[str, frozenset[int]] = {}

    def term_columns(self, term: str) -> frozenset[int]:
        cols = self.cache.get(term)
        if cols is None:
            # a one-word name and the same word as a plain lemma ("e:district" / "district")
            other = term[2:] if term.startswith("e:") and " " not in term else "e:" + term
            found = {self.vocab[t] for t in (term, other, *self.related.get(term, ())) if t in self.vocab}
            if _prefixable(term):
                found.update(self.by_prefix.get(term[:PREFIX], ()))
            name = _one_word_name(term)
            if name:
                for variant in _deletions(name):
                    found.update(self.by_deletion.get(variant, ()))
            cols = self.cache[term] = frozenset(found)
        return cols

    def columns(self, terms: Sequence[str]) -> set[int]:
        out: set[int] = set()
        for term in terms:
            out |= self.term_columns(term)
        return out


def _one_word_name(term: str) -> str:
    """The name of a one-word entity term of 5 letters or more ("e:cecot" -> "cecot"), else ""."""
    if term.startswith("e:") and " " not in term and len(term) >= 7 and term[2:].isalpha():
        return term[2:]
    return ""


def _deletions(word: str) -> set[str]:
    """The word and every string one deletion away (names one edit apart share one of them)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _anchor_match(a: str, b: str) -> bool:
    na, _, ha = a.partition(">")
    nb, _, hb = b.partition(">")
    if na != nb:
        return False
    return ha == hb or ha in GENERIC_HEADS or hb in GENERIC_HEADS or hb in related_terms().get(ha, ())


def _checked_part(items: Sequence[str]) -> bool:
    """Is a clause worth checking on its own: 3 content terms, or a distinctive figure and a term?"""
    distinct = set(items)
    return len(distinct) >= 3 or (len(distinct) >= 2 and any(_distinctive_number(t) for t in distinct if t[:1] == "#"))


def _rows_of(units: Sequence[Unit]) -> tuple[list[list[str]], list[tuple[str, ...]], list[tuple[int, int]]]:
    """Containment rows: every unit, then every clause worth checking on its own (:func:`_checked_part`).

    Returns (content items per row, anchors per row, ``(unit, part)`` of each part row).
    """
    rows = [_content_items(u) for u in units]
    anchors = [u.anchors for u in units]
    part_of: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        for k, part in enumerate(unit.parts):
            items = [t for t in part if not t.startswith(("vo:", "sv:"))]
            if _checked_part(items):
                rows.append(items)
                figures = {t[1:] for t in items if t.startswith("#")}
                anchors.append(tuple(a for a in unit.anchors if a.partition(">")[0] in figures))
                part_of.append((i, k))
    return rows, anchors, part_of


#: Weight of a term that only modifies ("notorious", "late") relative to the others, in containment.
MINOR_WEIGHT = 0.5


def document_coverage(
    units: Sequence[Unit], contexts: Mapping[str, Sequence[Unit]], idf: Mapping[str, float], settings: AlignSettings
) -> DocumentCoverage:
    """For every unit and every article, does the article state the unit's content anywhere?

    The unit's distinctive content (content lemmas, entity terms and figures, each weighted
    by its IDF over the group and its type weight) is looked up in every window of
    ``settings.doc_window`` consecutive units of the article (its claims *and* headings),
    with the looser :func:`related_terms` and shared 5-letter prefixes counted as matches.
    A window *contains* a unit (or one of its clauses) when

    - it contains at least ``doc_containment`` of its weighted content, every distinctive
      figure of it, and ``doc_min_shared`` of its content terms; or
    - it shares a number + head-noun anchor with it ("40,000" + inmates/people) and
      contains at least ``doc_anchor_containment`` of its content.

    An article states a unit when one window contains it and each of its clauses at least in
    part (``doc_clause_containment``), or when each of its clauses is contained by some
    window, anywhere in the article (a sentence saying "X, which can hold 40,000 people, has
    been criticized by rights groups" is stated by an article that gives the capacity in one
    paragraph and the criticism in another). Containment is asymmetric (share of the *unit's*
    content found in the window), so a short fact stated inside a longer sentence counts.
    For units not stated, ``missing`` lists the clauses stated nowhere: the part of the
    sentence the article leaves out. Cost: O(R x W) for R rows (units and their clauses)
    and W windows (W <= doc_window x U), one sparse product per group.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    out: dict[str, list[Coverage | None]] = {a: [None] * len(units) for a in contexts}
    missing: dict[str, dict[int, tuple[int, ...]]] = {a: {} for a in contexts}
    result = DocumentCoverage(out, missing, {a: {} for a in contexts})
    if not units or not contexts:
        return result
    rows_terms, rows_anchors, part_of = _rows_of(units)
    n = len(units)
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    req_rows, req_cols = [], []
    n_rows = len(rows_terms)
    numbers_needed = np.zeros(n_rows)
    for r, items in enumerate(rows_terms):
        unit = units[r if r < n else part_of[r - n][0]]
        for term in dict.fromkeys(items):
            j = vocab.setdefault(term, len(vocab))
            rows.append(r)
            cols.append(j)
            vals.append(idf.get(term, 1.0) * term_weight(term) * (MINOR_WEIGHT if term in unit.minor else 1.0))
            if term.startswith("#") and _distinctive_number(term) and term not in unit.approx:
                numbers_needed[r] += 1
                req_rows.append(r)
                req_cols.append(j)
    n_vocab = len(vocab)
    if n_vocab == 0:
        return result
    weights = csr_matrix((vals, (rows, cols)), shape=(n_rows, n_vocab), dtype=float)
    mass = np.asarray(weights.sum(axis=1)).ravel()
    mass[mass == 0] = 1.0
    binary = weights.copy()
    binary.data[:] = 1.0
    numbers = csr_matrix((np.ones(len(req_rows)), (req_rows, req_cols)), shape=(n_rows, n_vocab), dtype=float)
    matches = _TermMatcher(vocab)
    windows: list[tuple[str, tuple[int, ...]]] = []
    w_rows, w_cols = [], []
    w_anchors: list[set[str]] = []
    for article, ctx in contexts.items():
        unit_cols = [matches.columns(_content_items(c)) for c in ctx]
        for start in range(len(ctx)):
            for size in range(1, settings.doc_window + 1):
                if start + size > len(ctx):
                    break
                idx = tuple(range(start, start + size))
                cols_w = unit_cols[start] if size == 1 else set().union(*(unit_cols[k] for k in idx))
                w = len(windows)
                windows.append((article, idx))
                w_anchors.append({a for k in idx for a in ctx[k].anchors})
                w_rows.extend([w] * len(cols_w))
                w_cols.extend(cols_w)
    if not windows:
        return result
    win = csr_matrix((np.ones(len(w_rows)), (w_rows, w_cols)), shape=(len(windows), n_vocab), dtype=float)
    contain = (weights @ win.T).toarray() / mass.reshape(-1, 1)
    shared = (binary @ win.T).toarray()
    num_ok = (numbers @ win.T).toarray() >= numbers_needed.reshape(-1, 1) - 1e-9
    needed = np.full((n_rows, 1), settings.doc_containment)
    needed[n:] = settings.doc_part_containment
    ok = (contain >= needed) & num_ok & (shared >= settings.doc_min_shared)
    anchor_ok = np.zeros_like(ok)
    by_number: dict[str, list[int]] = defaultdict(list)
    for w, anchors in enumerate(w_anchors):
        for a in {x.partition(">")[0] for x in anchors}:
            by_number[a].append(w)
    for r, row_anchors in enumerate(rows_anchors):
        for anchor in row_anchors:
            number = anchor.partition(">")[0]
            if not _distinctive_number("#" + number):
                continue
            for w in by_number.get(number, ()):
                if any(_anchor_match(anchor, b) for b in w_anchors[w]):
                    anchor_ok[r, w] = contain[r, w] >= settings.doc_anchor_containment
    ok |= anchor_ok
    parts_of: dict[int, list[int]] = defaultdict(list)
    for r, (i, _) in enumerate(part_of, start=n):
        parts_of[i].append(r)
    result.checked = {i: tuple(part_of[r - n][1] for r in rows_i) for i, rows_i in parts_of.items()}
    # whole unit in one window: each of its clauses must be there at least in part
    whole = ok[:n].copy()
    if parts_of:
        partly = contain >= settings.doc_clause_containment
        for i, part_rows in parts_of.items():
            whole[i] &= partly[part_rows].all(axis=0)
    whole_score = np.where(whole, contain[:n], -1.0)
    part_scores = np.where(ok[n:], contain[n:], -1.0)
    bounds: dict[str, list[int]] = {}
    for w, (article, _) in enumerate(windows):
        bounds.setdefault(article, [w, w])[1] = w + 1  # an article's windows are consecutive
    for article, (lo, hi) in bounds.items():
        score = whole_score[:, lo:hi]
        best = score.argmax(axis=1)
        for i in np.nonzero(score.max(axis=1) >= 0)[0]:
            w = lo + int(best[i])
            out[article][i] = Coverage(float(contain[i, w]), windows[w][1], bool(anchor_ok[i, w]))
        # clause by clause, anywhere in the article
        part_score = part_scores[:, lo:hi]
        part_best = part_score.argmax(axis=1)
        found_parts = result.parts[article]
        for r in np.nonzero(part_score.max(axis=1) >= 0)[0]:
            w = lo + int(part_best[r])
            found_parts[part_of[r]] = Coverage(float(contain[r + n, w]), windows[w][1], bool(anchor_ok[r + n, w]))
        for i, part_rows in parts_of.items():
            if out[article][i] is not None:
                continue
            found = [found_parts.get(part_of[r - n]) for r in part_rows]
            if len(found) >= 2 and all(
                c is not None and (c.anchor or c.score >= settings.doc_containment) for c in found
            ):
                places = {c.window for c in found if c}
                if len(places) <= settings.doc_window:  # the paraphrase is in one or two places, not scattered
                    window = tuple(sorted({k for c in found if c for k in c.window}))
                    score_i = min(c.score for c in found if c)
                    out[article][i] = Coverage(score_i, window, any(c.anchor for c in found if c))
                    continue
            if any(found):
                missing[article][i] = tuple(part_of[r - n][1] for r, c in zip(part_rows, found, strict=True) if not c)
    return result
