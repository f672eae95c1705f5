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
    terms = [alignment_term(term) for term in unit.get("terms", ())]
    terms += ["#" + num for num in unit.get("numbers", ())]
    for triple in unit.get("svo", ()) or ():
        subj, verb, obj = [*triple, "", "", ""][:3]
        verb_head = verb.split()[-1] if verb else ""
        if verb_head and obj:
            terms.append("vo:" + verb_head + ">" + obj.split()[-1])
        if verb_head and subj:
            terms.append("sv:" + subj.split()[-1] + ">" + verb_head)
    return Counter(terms)


@lru_cache(maxsize=65536)
def alignment_term(term: str) -> str:
    """The alignment term of a summary term: :func:`entity_term` of an ``e:`` term, else :func:`light_stem`."""
    return entity_term(term[2:]) if term.startswith("e:") else light_stem(term)


@lru_cache(maxsize=65536)
def light_stem(term: str) -> str:
    """Strip trailing vowels of longer words so spelling variants meet ("Oopsy"/"Oopsie")."""
    if len(term) >= 5:
        stripped = term.rstrip("aeiouy")
        if len(stripped) >= 4:
            return stripped
    return term


@lru_cache(maxsize=65536)
def term_weight(term: str) -> float:
    """Type weight of a term: figures, entity terms and predicate-argument pairs against plain lemmas."""
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
    words_of = {k: frozenset(k[2:].split()) for k in keys}
    # word -> the keys naming it, in ``keys`` order: a longer name holds every word of the short one
    with_word: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for w in words_of[k]:
            with_word[w].append(k)
    alias: dict[str, str] = {}
    for short in df:
        words = words_of[short]
        candidates = min((with_word[w] for w in words), key=len) if words else keys
        supers = [k for k in candidates if words < words_of[k]]
        if supers:
            alias[short] = max(supers, key=lambda k: df[k])
    return alias


def vectorize(units: Sequence[Unit]) -> tuple[Any, list[str], Any]:
    """Row-normalised TF-IDF matrix (scipy CSR), vocabulary, idf vector."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for i, unit in enumerate(units):
        rows.extend([i] * len(unit.terms))
        cols.extend(vocab.setdefault(term, len(vocab)) for term in unit.terms)
        counts.extend(unit.terms.values())
    terms = list(vocab)
    # (1 + log tf) x type weight, per entry (math.log once per distinct count)
    log_tf = {c: 1.0 + math.log(c) for c in set(counts)}
    weight = np.array([term_weight(t) for t in terms], dtype=float)
    vals = np.array([log_tf[c] for c in counts], dtype=float) * weight[np.asarray(cols, dtype=int)]
    n = max(len(units), 1)
    tf = csr_matrix((vals, (rows, cols)), shape=(len(units), len(vocab)), dtype=float)
    df = np.bincount(np.asarray(cols, dtype=int), minlength=len(vocab)) if cols else np.zeros(len(vocab))
    idf = np.log((n + 1.0) / (df + 1.0)) + 1.0
    x = tf.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = csr_matrix(x.multiply(1.0 / norms.reshape(-1, 1)))
    return x, terms, idf


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


def align_units(
    units: Sequence[Unit], settings: AlignSettings, vectors: tuple[Any, list[str], Any] | None = None
) -> tuple[list[Fact], Any, Any]:
    """Cluster units into facts. Returns (facts, cosine matrix, containment matrix).

    ``vectors``: :func:`vectorize` of ``units``, when the caller has it already.
    """
    import numpy as np

    n = len(units)
    if n == 0:
        return [], np.zeros((0, 0)), np.zeros((0, 0))
    x, vocab, idf = vectorize(units) if vectors is None else vectors
    sim = (x @ x.T).toarray()
    # informative shared terms: binary overlap weighted by idf (ignore ubiquitous terms)
    binary = x.copy()
    binary.data[:] = 1.0
    articles = [u.article for u in units]
    article_ids = list(dict.fromkeys(articles))
    max_df = max(2.0, 1.5 * len(article_ids), 0.15 * n)  # a fact's terms recur about once per article
    informative = (idf >= 1.0 + math.log((n + 1.0) / (max_df + 1.0)) - 1e-9).astype(float)
    is_number = np.array([2.0 if t.startswith("#") else 1.0 for t in vocab])
    binary_inf = binary.multiply((informative * np.sqrt(is_number)).reshape(1, -1)).tocsr()
    shared = (binary_inf @ binary_inf.T).toarray()
    # containment(u -> v): share of u's idf mass found in v
    weighted = binary.multiply(idf.reshape(1, -1)).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    mass[mass == 0] = 1.0
    contain = (weighted @ binary.T).toarray() / mass.reshape(-1, 1)

    code_of = {a: k for k, a in enumerate(article_ids)}
    codes = np.array([code_of[a] for a in articles])
    same = codes.reshape(-1, 1) == codes.reshape(1, -1)
    linkable = (sim >= settings.align) & (shared >= settings.min_shared)
    eff = np.where(linkable, sim, 0.0)
    eff = np.where(same, np.minimum(eff, sim * 0.5), eff)  # an article rarely repeats a fact: link weakly
    np.fill_diagonal(eff, 1.0)
    labels = _average_link(eff, settings.align)
    either_contain = np.maximum(contain, contain.T)
    close = (sim >= settings.cover_cosine) | (either_contain >= settings.cover_containment)
    close &= shared >= settings.min_shared
    soft = close & ~same
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
    # soft coverage: an article reports the fact when one of its units is close to a member;
    # the closest pair (first in member, then unit order) gives the covering unit
    closeness = np.where(close, np.maximum(sim, either_contain), -1.0)
    by_article = [np.flatnonzero(codes == k) for k in range(len(article_ids))]
    order = np.concatenate(by_article)  # units grouped by article, each group in unit order
    group_starts = np.cumsum([0] + [len(idx) for idx in by_article[:-1]])
    for fact in facts:
        scores = closeness[fact.members]
        best_per_article = np.maximum.reduceat(scores.max(axis=0)[order], group_starts)
        for k in np.flatnonzero(best_per_article >= 0):
            article = article_ids[k]
            if article in fact.articles:
                continue
            idx = by_article[k]
            _, col = np.unravel_index(int(np.argmax(scores[:, idx])), (len(fact.members), len(idx)))
            fact.covered[article] = int(idx[col])
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


class DocumentCoverage:
    """Result of :func:`document_coverage`: where each article states each unit and each checked clause.

    The best window of every article for every unit and clause is kept in arrays (one row per
    article); :class:`Coverage` objects are built on look-up, for the few units and clauses the
    comparison asks about.

    Attributes:
        articles: the articles, in the order of ``contexts``.
        checked: ``{unit: (part, ...)}``: the clauses of each unit that are checked on their own
            (enough content, :func:`_checked_part`).
    """

    def __init__(self, articles: Sequence[str], n_units: int, clause_of_row: Sequence[tuple[int, int]]) -> None:
        import numpy as np

        self.articles = list(articles)
        self.checked: dict[int, tuple[int, ...]] = {}
        self._article_index = {a: k for k, a in enumerate(self.articles)}
        shape, clause_shape = (len(self.articles), n_units), (len(self.articles), len(clause_of_row))
        #: per article and unit: containment score of the best window (-1: not stated), that
        #: window (an index into ``windows``; -1: stated clause by clause, see ``_by_clauses``)
        #: and whether a number + head-noun anchor matched there
        self.unit_score = np.full(shape, -1.0)
        self.unit_window = np.full(shape, -1, dtype=int)
        self.unit_anchor = np.zeros(shape, dtype=bool)
        #: the same per article and clause row (``clause_row`` maps ``(unit, part)`` to its row)
        self.clause_score = np.full(clause_shape, -1.0)
        self.clause_window = np.full(clause_shape, -1, dtype=int)
        self.clause_anchor = np.zeros(clause_shape, dtype=bool)
        self.clause_row = {key: r for r, key in enumerate(clause_of_row)}
        #: each window's context units (indices into its article's context units)
        self.windows: list[tuple[int, ...]] = []
        #: ``{(article index, unit): Coverage}`` for units stated clause by clause
        self._by_clauses: dict[tuple[int, int], Coverage] = {}

    def stated(self, article: str, unit: int) -> Coverage | None:
        """Where ``article`` states ``unit`` (None: nowhere)."""
        k = self._article_index[article]
        return self._unit_coverage(k, unit) if self.unit_score[k, unit] >= 0 else None

    def best_statements(self, units: Sequence[int]) -> dict[str, Coverage]:
        """For each article stating one of ``units``: its best statement (highest score, first of equals)."""
        import numpy as np

        if not len(units):
            return {}
        scores = self.unit_score[:, units]
        best = scores.argmax(axis=1)
        return {
            self.articles[k]: self._unit_coverage(k, units[int(best[k])])
            for k in np.flatnonzero(scores[np.arange(len(self.articles)), best] >= 0)
        }

    def clause(self, article: str, unit: int, part: int) -> Coverage | None:
        """Where ``article`` states clause ``part`` of ``unit`` (None: nowhere, or not a checked clause)."""
        r = self.clause_row.get((unit, part))
        if r is None:
            return None
        k = self._article_index[article]
        if self.clause_score[k, r] < 0:
            return None
        return Coverage(
            float(self.clause_score[k, r]), self.windows[self.clause_window[k, r]], bool(self.clause_anchor[k, r])
        )

    def clauses_stated(self, article: str, unit: int) -> set[int]:
        """The checked clauses of ``unit`` that ``article`` states somewhere."""
        k = self._article_index[article]
        return {part for part in self.checked.get(unit, ()) if self.clause_score[k, self.clause_row[unit, part]] >= 0}

    def _unit_coverage(self, k: int, unit: int) -> Coverage:
        w = int(self.unit_window[k, unit])
        if w < 0:
            return self._by_clauses[k, unit]
        return Coverage(float(self.unit_score[k, unit]), self.windows[w], bool(self.unit_anchor[k, unit]))


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


@lru_cache(maxsize=65536)
def _anchor_match(a: str, b: str) -> bool:
    """Do two number + head-noun anchors name the same figure of the same thing ("40000>prisoner" / "40000>people")?"""
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
                figures = {t[1:] for t in items if t.startswith("#")} if unit.anchors else set()
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
    Cost: O(R x W) for R rows (units and their clauses) and W windows (W <= doc_window x U),
    one sparse product per group, then array reductions per article.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    rows_terms, rows_anchors, part_of = _rows_of(units)
    result = DocumentCoverage(list(contexts), len(units), part_of)
    if not units or not contexts:
        return result
    n = len(units)
    n_rows = len(rows_terms)
    # rows x vocabulary: weighted content (idf x type weight, halved for minor terms), and the
    # distinctive figures each row requires
    vocab: dict[str, int] = {}
    base_weight: list[float] = []
    is_figure: list[bool] = []
    rows, cols, vals = [], [], []
    req_rows, req_cols = [], []
    numbers_needed = [0] * n_rows
    for r, items in enumerate(rows_terms):
        unit = units[r if r < n else part_of[r - n][0]]
        for term in dict.fromkeys(items):
            j = vocab.get(term)
            if j is None:
                j = vocab[term] = len(vocab)
                base_weight.append(idf.get(term, 1.0) * term_weight(term))
                is_figure.append(term.startswith("#") and _distinctive_number(term))
            rows.append(r)
            cols.append(j)
            vals.append(base_weight[j] * MINOR_WEIGHT if term in unit.minor else base_weight[j])
            if is_figure[j] and term not in unit.approx:
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
    # windows x vocabulary: the terms each window of consecutive context units matches
    win = _window_terms(contexts, _TermMatcher(vocab), settings.doc_window, result.windows)
    if win is None:
        return result
    window_sets, bounds, window_anchors = win
    terms_windows = window_sets.T.tocsr()  # vocabulary x windows, converted once for the three products
    contain = (weights @ terms_windows).toarray() / mass.reshape(-1, 1)
    shared = (binary @ terms_windows).toarray()
    num_ok = (numbers @ terms_windows).toarray() >= np.asarray(numbers_needed, dtype=float).reshape(-1, 1) - 1e-9
    needed = np.full((n_rows, 1), settings.doc_containment)
    needed[n:] = settings.doc_part_containment
    ok = (contain >= needed) & num_ok & (shared >= settings.doc_min_shared)
    anchor_ok = np.zeros_like(ok)
    pairs = _anchor_pairs(rows_anchors, window_anchors)
    if pairs:
        r_idx, w_idx = np.array(pairs).T
        anchor_ok[r_idx, w_idx] = contain[r_idx, w_idx] >= settings.doc_anchor_containment
    ok |= anchor_ok

    # clause rows are grouped by unit, in unit order
    units_with_parts = np.array(sorted({i for i, _ in part_of}), dtype=int)
    first_part = np.searchsorted([i for i, _ in part_of], units_with_parts) if part_of else np.zeros(0, dtype=int)
    n_checked = np.diff(np.append(first_part, len(part_of)))
    for i, lo, count in zip(units_with_parts.tolist(), first_part.tolist(), n_checked.tolist(), strict=True):
        result.checked[i] = tuple(k for _, k in part_of[lo : lo + count])
    # whole unit in one window: each of its clauses must be there at least in part
    whole = ok[:n].copy()
    if part_of:
        partly = contain[n:] >= settings.doc_clause_containment
        whole[units_with_parts] &= np.logical_and.reduceat(partly, first_part, axis=0)
    whole_score = np.where(whole, contain[:n], -1.0)
    part_scores = np.where(ok[n:], contain[n:], -1.0)
    unit_rows, part_rows = np.arange(n), np.arange(n, n_rows)
    for k, article in enumerate(result.articles):
        if article not in bounds:
            continue
        lo, hi = bounds[article]
        best = lo + whole_score[:, lo:hi].argmax(axis=1)
        result.unit_score[k] = whole_score[unit_rows, best]
        result.unit_window[k] = best
        result.unit_anchor[k] = anchor_ok[unit_rows, best]
        if not part_of:
            continue
        # clause by clause, anywhere in the article
        part_best = lo + part_scores[:, lo:hi].argmax(axis=1)
        part_score = part_scores[part_rows - n, part_best]
        result.clause_score[k] = part_score
        result.clause_window[k] = part_best
        result.clause_anchor[k] = part_anchor = anchor_ok[part_rows, part_best]
        strong = (part_score >= 0) & (part_anchor | (part_score >= settings.doc_containment))
        candidates = (
            (result.unit_score[k, units_with_parts] < 0)
            & np.logical_and.reduceat(strong, first_part)
            & (n_checked >= 2)
        )
        for i, lo_part, count in zip(
            units_with_parts[candidates].tolist(),
            first_part[candidates].tolist(),
            n_checked[candidates].tolist(),
            strict=True,
        ):
            clause_rows = range(lo_part, lo_part + count)
            places = {int(part_best[r]) for r in clause_rows}
            if len(places) <= settings.doc_window:  # the paraphrase is in one or two places, not scattered
                window = tuple(sorted({c for w in places for c in result.windows[w]}))
                score = min(float(part_score[r]) for r in clause_rows)
                result._by_clauses[k, i] = Coverage(score, window, bool(part_anchor[clause_rows].any()))
                result.unit_score[k, i] = score
                result.unit_window[k, i] = -1
    return result


def _window_terms(
    contexts: Mapping[str, Sequence[Unit]], matches: _TermMatcher, size: int, windows: list[tuple[int, ...]]
) -> tuple[Any, dict[str, tuple[int, int]], list[frozenset[str]]] | None:
    """The binary windows x vocabulary matrix of every article's windows of 1 to ``size``
    consecutive context units (each window's context units appended to ``windows``).

    Returns (matrix, ``{article: (first window, end)}``, anchors of each window), or None when
    no article has a context unit. An article's windows are consecutive, each start with its
    sizes in increasing order.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    unit_rows, unit_cols = [], []
    member_rows, member_cols = [], []
    bounds: dict[str, tuple[int, int]] = {}
    window_anchors: list[frozenset[str]] = []
    offset = 0
    for article, ctx in contexts.items():
        first = len(windows)
        for k, c in enumerate(ctx):
            cols = matches.columns(_content_items(c))
            unit_rows.extend([offset + k] * len(cols))
            unit_cols.extend(cols)
        for start in range(len(ctx)):
            for end in range(start + 1, min(start + size, len(ctx)) + 1):
                w = len(windows)
                windows.append(tuple(range(start, end)))
                member_rows.extend([w] * (end - start))
                member_cols.extend(range(offset + start, offset + end))
                window_anchors.append(frozenset(a for k in range(start, end) for a in ctx[k].anchors))
        if len(windows) > first:
            bounds[article] = (first, len(windows))
        offset += len(ctx)
    if not windows:
        return None
    n_vocab = len(matches.vocab)
    unit_terms_matrix = csr_matrix(
        (np.ones(len(unit_rows)), (unit_rows, unit_cols)), shape=(offset, n_vocab), dtype=float
    )
    members = csr_matrix((np.ones(len(member_rows)), (member_rows, member_cols)), shape=(len(windows), offset))
    window_sets = (members @ unit_terms_matrix).tocsr()
    window_sets.data[:] = 1.0  # a term two units of the window match counts once
    return window_sets, bounds, window_anchors


def _anchor_pairs(
    rows_anchors: Sequence[tuple[str, ...]], window_anchors: Sequence[frozenset[str]]
) -> list[tuple[int, int]]:
    """``(row, window)`` pairs sharing a number + head-noun anchor (a distinctive figure only)."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for w, anchors in enumerate(window_anchors):
        for number in {a.partition(">")[0] for a in anchors}:
            by_number[number].append(w)
    pairs = []
    for r, row_anchors in enumerate(rows_anchors):
        for anchor in row_anchors:
            number = anchor.partition(">")[0]
            if not _distinctive_number("#" + number):
                continue
            for w in by_number.get(number, ()):
                if any(_anchor_match(anchor, b) for b in window_anchors[w]):
                    pairs.append((r, w))
    return pairs
