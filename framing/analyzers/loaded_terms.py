"""Loaded terms: charged wording, in the writer's voice and in quoted voices.

The spaCy component ``framing_loaded_terms`` matches lexicons of loaded terms (pejorative
labels, euphemisms, intensifiers and superlatives, sensational metaphors, emotive and moral
language, presupposition, characterisation) against each Doc, with multi-word patterns,
lemma matching and light wildcards (see :mod:`framing.analyzers.loaded_terms_lexicon`).

Each match gets a *voice*: inside a quotation it is the speaker's (``voice="quote"``, the
speaker from ``doc._.framing_attribution`` when the attribution analyzer ran, else from
:mod:`framing.quotes` with no speaker), outside the writer's (``voice="author"``). Both are
reported; only the writer's count in the headline metrics. A term under negation ("not
controversial") is reported with ``negated=True`` and its polarity flipped, and is not
counted unless ``count_negated`` is set. Neutral technical or proper uses ("Alien Enemies
Act", "criminal charges", named entities) are skipped.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from framing.analyzers.base import check_annotations, finding_dict, store_result
from framing.analyzers.doc_table import doc_table
from framing.analyzers.loaded_terms_lexicon import (
    NEUTRAL,
    LexiconEntry,
    LexiconError,
    LexiconMatcher,
    Match,
    Tok,
    dump_tsv,
    parse_pattern_adjectives,
    parse_tsv,
    parse_vader,
    read_lexicon_file,
)
from framing.hookspecs import hookimpl
from framing.models import AnalyzerSpec, per_thousand

ANALYZER = "loaded_terms"
ATTR = "framing_loaded_terms"
DATA_PACKAGE = "framing.data.loaded_terms"
BUILTIN_LEXICONS = (
    "pejorative",
    "euphemism",
    "intensifier",
    "sensational",
    "emotive",
    "moral",
    "presupposition",
    "neutral",
)
#: Entry point group through which installed packages can ship lexicons: each entry point
#: names a lexicon and loads to a path (str/Path) or a callable returning a path or an
#: iterable of :class:`LexiconEntry`.
LEXICON_ENTRY_POINTS = "framing_loaded_terms"
#: Extra lexicon files for every component, separated by ``os.pathsep`` (handy from the CLI).
ENV_LEXICONS = "FRAMING_LOADED_TERMS_LEXICONS"

NEGATORS = {"not", "n't", "no", "never", "without", "hardly", "nor", "neither", "barely", "nothing"}
#: Entity types whose capitalised tokens are proper names, never loaded terms ("Notorious B.I.G.").
PROPER_ENTS = {"PERSON", "ORG", "LAW", "WORK_OF_ART", "GPE", "FAC", "PRODUCT", "EVENT", "NORP"}

#: Default operating point (chosen by leave-years-out cross-validation on BASIL 2010-2017,
#: see ``benchmarks/loaded_terms_basil_cv.py`` and docs/loaded_terms.md).
VADER_DEFAULT = 2.0
SUBJECTIVITY_DEFAULT = 0.65
VADER_INFLECTIONS_DEFAULT = True
PATTERN_ADVERBS_DEFAULT = True

_REGISTERED: dict[str, list[LexiconEntry]] = {}


def register_lexicon(name: str, entries_or_path: Iterable[LexiconEntry] | str | Path) -> None:
    """Make a lexicon available by name to every ``framing_loaded_terms`` component built later.

    Plugins call this at import time (or ship an entry point in the ``framing_loaded_terms``
    group); users then list the name in the component's ``lexicons`` config.
    """
    if isinstance(entries_or_path, (str, Path)):
        entries = read_lexicon_file(entries_or_path)
    else:
        entries = list(entries_or_path)
    _REGISTERED[name] = [
        LexiconEntry(e.pattern, e.category, e.polarity, e.intensity, e.source, e.lexicon or name) for e in entries
    ]


def builtin_lexicon(name: str) -> list[LexiconEntry]:
    """A lexicon shipped in ``framing/data/loaded_terms/<name>.tsv``."""
    resource = importlib.resources.files("framing").joinpath(f"data/loaded_terms/{name}.tsv")
    return parse_tsv(resource.read_text(encoding="utf-8"), name, f"framing/data/loaded_terms/{name}.tsv")


def vader_lexicon(threshold: float, inflections: bool = False) -> list[LexiconEntry]:
    """Strongly valenced single words from the VADER lexicon (MIT, installed with vaderSentiment);
    with ``inflections`` each word matches its inflected forms too (lemma matching)."""
    try:
        text = importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        warnings.warn(
            "framing_loaded_terms: vaderSentiment is not installed; the 'vader' lexicon is skipped",
            UserWarning,
            stacklevel=2,
        )
        return []
    exclude = (
        importlib.resources.files("framing").joinpath("data/loaded_terms/vader_exclude.txt").read_text(encoding="utf-8")
    )
    words = [w.strip() for w in exclude.splitlines() if w.strip() and not w.startswith("#")]
    return parse_vader(text, threshold, words, lemmas=inflections)


def pattern_lexicon(threshold: float, adverbs: bool = False) -> list[LexiconEntry]:
    """Subjective adjectives from the Pattern lexicon (PDDL, bundled as ``pattern_adjectives.tsv``);
    with ``adverbs`` their regular ``-ly`` adverbs too ("fiercely", "bitterly")."""
    data = importlib.resources.files("framing").joinpath("data/loaded_terms")
    text = data.joinpath("pattern_adjectives.tsv").read_text(encoding="utf-8")
    exclude = data.joinpath("vader_exclude.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in exclude.splitlines() if w.strip() and not w.startswith("#")]
    return parse_pattern_adjectives(text, threshold, words, adverbs=adverbs)


def _entry_point_lexicon(name: str) -> list[LexiconEntry] | None:
    for ep in importlib.metadata.entry_points(group=LEXICON_ENTRY_POINTS):
        if ep.name != name:
            continue
        obj = ep.load()
        if callable(obj):
            obj = obj()
        if isinstance(obj, (str, Path)):
            return read_lexicon_file(obj)
        return [
            e if e.lexicon else LexiconEntry(e.pattern, e.category, e.polarity, e.intensity, e.source, name)
            for e in obj
        ]
    return None


def resolve_lexicons(
    names: Sequence[str],
    extra_paths: Sequence[str],
    vader_threshold: float,
    subjectivity_threshold: float = 0.0,
    vader_inflections: bool = False,
    pattern_adverbs: bool = False,
) -> dict[str, list[LexiconEntry]]:
    """Load lexicons: user files first (they win ties), then named ones, then VADER."""
    out: dict[str, list[LexiconEntry]] = {}
    env_paths = [p for p in os.environ.get(ENV_LEXICONS, "").split(os.pathsep) if p.strip()]
    for path in [*extra_paths, *env_paths]:
        entries = read_lexicon_file(path)
        out[Path(path).stem] = entries
    for name in names:
        if name == "builtin":
            for builtin in BUILTIN_LEXICONS:
                out[builtin] = builtin_lexicon(builtin)
        elif name in {"vader", "pattern"}:
            continue
        elif name == "plugins":
            for registered, entries in _REGISTERED.items():
                out.setdefault(registered, list(entries))
            for ep in importlib.metadata.entry_points(group=LEXICON_ENTRY_POINTS):
                if ep.name not in out:
                    try:
                        out[ep.name] = _entry_point_lexicon(ep.name) or []
                    except Exception as exc:  # a broken plugin lexicon never stops the analysis
                        warnings.warn(f"framing_loaded_terms: lexicon plugin {ep.name!r} failed: {exc}", stacklevel=2)
        elif name in BUILTIN_LEXICONS:
            out[name] = builtin_lexicon(name)
        elif name in _REGISTERED:
            out[name] = list(_REGISTERED[name])
        else:
            entries = _entry_point_lexicon(name)
            if entries is None:
                known = ", ".join(["builtin", "vader", "pattern", "plugins", *BUILTIN_LEXICONS, *sorted(_REGISTERED)])
                raise LexiconError(f"unknown lexicon {name!r}; known: {known} (or give a file path in extra_lexicons)")
            out[name] = entries
    if "vader" in names and vader_threshold > 0:
        out["vader"] = vader_lexicon(vader_threshold, inflections=vader_inflections)
    if "pattern" in names and subjectivity_threshold > 0:
        out["pattern"] = pattern_lexicon(subjectivity_threshold, adverbs=pattern_adverbs)
    return out


# --------------------------------------------------------------------------------------
# Voice: quotations from the attribution analyzer, else from framing.quotes
# --------------------------------------------------------------------------------------


def quote_regions(doc: Doc) -> list[tuple[int, int, str | None]]:
    """``(start, end, speaker)`` of the quoted (speaker's) passages of the Doc."""
    regions: list[tuple[int, int, str | None]] = []
    stored = doc._.get("framing_attribution") if Doc.has_extension("framing_attribution") else None
    if stored:
        quotes = (stored.get("summary") or {}).get("quotes")
        if quotes is None:
            quotes = [
                {**(f.get("attrs") or {}), "start": f.get("start"), "end": f.get("end")}
                for f in stored.get("findings", [])
                if f.get("kind") == "quote"
            ]
        for q in quotes:
            if q.get("start") is None or q.get("end") is None:
                continue
            if q.get("type", "direct") == "indirect":
                continue  # an indirect quote is the writer's paraphrase
            regions.append((int(q["start"]), int(q["end"]), q.get("speaker")))
    from framing.quotes import find_quotes

    for region in find_quotes(doc_table(doc).doc_text):
        if not any(s <= region.content_start and region.content_end <= e for s, e, _ in regions):
            regions.append((region.content_start, region.content_end, None))
    return sorted(regions)


def voice_of(regions: Sequence[tuple[int, int, str | None]], start: int, end: int) -> tuple[str, str | None]:
    """``("quote", speaker)`` if ``[start, end)`` lies in a quoted passage, else ``("author", None)``."""
    best: tuple[int, int, str | None] | None = None
    for s, e, speaker in regions:
        if s <= start and end <= e and (best is None or best[2] is None or (speaker and e - s < best[1] - best[0])):
            best = (s, e, speaker)
    if best is None:
        return "author", None
    return "quote", best[2]


# --------------------------------------------------------------------------------------
# The algorithm on a parsed Doc
# --------------------------------------------------------------------------------------


def doc_toks(doc: Doc) -> list[Tok]:
    """What the matcher needs of each token (curly apostrophes made straight)."""
    return [Tok(*fields) for fields in zip(*doc_words(doc), strict=True)]


def doc_words(doc: Doc) -> tuple[list[str], list[str], list[str], list[str]]:
    """:func:`doc_toks` as four parallel lists (lower-cased text, lemma, POS, tag), for
    :meth:`LexiconMatcher.find_words`."""
    table = doc_table(doc)
    lower = [word.replace("’", "'") for word in table.lower]
    lemma = [word.replace("’", "'") for word in table.lemma_lower]
    return lower, lemma, table.pos, table.tag


def is_proper_use(doc: Doc, start: int, end: int) -> bool:
    """The tokens are a capitalised part of a named entity (a name, a law, a title)."""
    table = doc_table(doc)
    for i in range(start, end):
        if not table.is_alpha[i]:
            continue
        word = table.text[i]
        if table.ent_type[i] not in PROPER_ENTS or doc[i].is_sent_start or not word[:1].isupper():
            return False
        if word.isupper() and len(word) > 3:  # an all-caps headline word
            return False
    return any(table.is_alpha[start:end])


def is_negated(doc: Doc, start: int, end: int) -> bool:
    """The term is negated: "not controversial", "no notorious ...", "never slammed", "isn't a disaster".

    A negator within three tokens before the term (only adverbs, auxiliaries, determiners or
    particles in between), or a ``neg`` child of the term or of the verb it complements.
    "Not only" is not a negation.
    """
    table = doc_table(doc)
    lower, n = table.lower, table.n
    sent_start = table.sents[table.sent_of[start]][0] if table.sents else 0
    k = start - 1
    while k >= max(sent_start, start - 3):
        if lower[k] in NEGATORS:
            return not (k + 1 < n and lower[k + 1] in {"only", "just", "merely"})
        if table.pos[k] not in {"ADV", "AUX", "DET", "PART"}:
            break
        k -= 1
    if doc.has_annotation("DEP"):
        dep, children = table.dep, table.children
        for i in range(start, end):
            cands = [i] + ([table.head[i]] if dep[i] in {"acomp", "attr", "xcomp", "advmod"} else [])
            for cand in cands:
                for child in children[cand]:
                    if (
                        dep[child] == "neg"
                        and not (start <= child < end)
                        and (child + 1 >= n or lower[child + 1] not in {"only", "just", "merely"})
                    ):
                        return True
    return False


def find_loaded_terms(
    doc: Doc,
    matcher: LexiconMatcher,
    categories: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Finding dicts (kind ``loaded_term``) for every loaded term in the Doc."""
    table = doc_table(doc)
    matches: list[Match] = matcher.find_words(*doc_words(doc))
    regions = quote_regions(doc)
    wanted = set(categories)
    findings = []
    for m in matches:
        entry = m.entry
        if wanted and entry.category not in wanted:
            continue
        if is_proper_use(doc, m.start, m.end):
            continue
        start_char, end_char = table.idx[m.start], table.end[m.end - 1]
        voice, speaker = voice_of(regions, start_char, end_char)
        negated = is_negated(doc, m.start, m.end)
        polarity = entry.polarity
        if negated and polarity in {"neg", "pos"}:
            polarity = "pos" if polarity == "neg" else "neg"
        findings.append(
            finding_dict(
                "loaded_term",
                start_char,
                end_char,
                table.doc_text[start_char:end_char],
                label=entry.category,
                score=float(entry.intensity),
                category=entry.category,
                lexicon=entry.lexicon,
                pattern=entry.pattern,
                voice=voice,
                speaker=speaker,
                polarity=polarity,
                intensity=entry.intensity,
                negated=negated,
                source=entry.source,
            )
        )
    return findings


def counts(finding: dict[str, Any], count_negated: bool) -> bool:
    attrs = finding["attrs"]
    return attrs["voice"] == "author" and (count_negated or not attrs["negated"])


def metrics_for(
    doc: Doc, findings: Sequence[dict[str, Any]], categories: Iterable[str], count_negated: bool = False
) -> dict[str, Any]:
    """Headline numbers: writer's-voice loaded terms per 1,000 words, overall and by category."""
    words = doc_table(doc).word_count
    author = [f for f in findings if counts(f, count_negated)]
    quoted = [f for f in findings if f["attrs"]["voice"] == "quote"]
    by_cat = Counter(f["attrs"]["category"] for f in author)
    metrics: dict[str, Any] = {
        "loaded_terms": len(author),
        "loaded_terms_per_1k": per_thousand(len(author), words),
        "quoted_loaded_terms": len(quoted),
        "quoted_loaded_terms_per_1k": per_thousand(len(quoted), words),
        "negated_loaded_terms": sum(1 for f in findings if f["attrs"]["negated"]),
        "negative_per_1k": per_thousand(sum(1 for f in author if f["attrs"]["polarity"] == "neg"), words),
        "positive_per_1k": per_thousand(sum(1 for f in author if f["attrs"]["polarity"] == "pos"), words),
    }
    for cat in sorted(set(categories) | set(by_cat)):
        metrics[f"{cat}_per_1k"] = per_thousand(by_cat.get(cat, 0), words)
    return metrics


def summary_for(findings: Sequence[dict[str, Any]], count_negated: bool = False) -> dict[str, Any]:
    """Compact per-article data: the writer's terms and the quoted ones, with counts."""
    author = Counter((f["text"].lower(), f["attrs"]["category"]) for f in findings if counts(f, count_negated))
    quoted = Counter(
        (f["text"].lower(), f["attrs"]["category"], f["attrs"]["speaker"])
        for f in findings
        if f["attrs"]["voice"] == "quote"
    )
    return {
        "terms": [{"term": t, "category": c, "count": n} for (t, c), n in author.most_common()],
        "quoted_terms": [{"term": t, "category": c, "speaker": s, "count": n} for (t, c, s), n in quoted.most_common()],
    }


# --------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------


class LoadedTermsComponent:
    """Finds loaded terms; sets ``doc._.framing_loaded_terms`` and ``doc.spans[spans_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        spans_key: str = ATTR,
        lexicons: Sequence[str] = ("builtin", "vader", "pattern", "plugins"),
        extra_lexicons: Sequence[str] = (),
        vader_threshold: float = VADER_DEFAULT,
        subjectivity_threshold: float = SUBJECTIVITY_DEFAULT,
        categories: Sequence[str] = (),
        count_negated: bool = False,
        vader_inflections: bool = VADER_INFLECTIONS_DEFAULT,
        pattern_adverbs: bool = PATTERN_ADVERBS_DEFAULT,
    ):
        self.name = name
        self.spans_key = spans_key
        self.categories = list(categories)
        self.count_negated = count_negated
        self.cfg = {
            "lexicons": list(lexicons),
            "extra_lexicons": list(extra_lexicons),
            "vader_threshold": vader_threshold,
            "subjectivity_threshold": subjectivity_threshold,
            "vader_inflections": vader_inflections,
            "pattern_adverbs": pattern_adverbs,
        }
        unknown = [
            n for n in lexicons if n not in {"builtin", "vader", "pattern", "plugins", *BUILTIN_LEXICONS, *_REGISTERED}
        ]
        if unknown and any(_entry_point_lexicon(n) is None for n in unknown):
            known = ", ".join(["builtin", "vader", "pattern", "plugins", *BUILTIN_LEXICONS, *sorted(_REGISTERED)])
            raise LexiconError(f"unknown lexicon(s) {unknown}; known: {known} (or give a file path in extra_lexicons)")
        # Lexicons are read on first use, so that spacy.load() of a saved pipeline (which
        # restores them with from_disk) never needs the original user files.
        self._lexicons: dict[str, list[LexiconEntry]] | None = None

    @property
    def lexicons(self) -> dict[str, list[LexiconEntry]]:
        if self._lexicons is None:
            cfg = self.cfg
            self.set_lexicons(
                resolve_lexicons(
                    cfg["lexicons"],
                    cfg["extra_lexicons"],
                    cfg["vader_threshold"],
                    cfg["subjectivity_threshold"],
                    cfg["vader_inflections"],
                    cfg["pattern_adverbs"],
                )
            )
        assert self._lexicons is not None
        return self._lexicons

    @property
    def matcher(self) -> LexiconMatcher:
        self.lexicons  # noqa: B018 - loads on first use
        return self._matcher

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        """Read the lexicons now (``nlp.initialize()``) rather than on the first Doc."""
        self.lexicons  # noqa: B018

    def set_lexicons(self, lexicons: dict[str, list[LexiconEntry]]) -> None:
        self._lexicons = lexicons
        entries = [e for entries in lexicons.values() for e in entries]
        self._matcher = LexiconMatcher(entries)
        self.all_categories = sorted({e.category for e in entries if e.category != NEUTRAL})

    def add_entries(self, name: str, entries: Iterable[LexiconEntry]) -> None:
        """Add (or replace) a lexicon at run time; it wins ties over the others."""
        lexicons = {
            name: [
                LexiconEntry(e.pattern, e.category, e.polarity, e.intensity, e.source, e.lexicon or name)
                for e in entries
            ]
        }
        lexicons.update({k: v for k, v in self.lexicons.items() if k != name})
        self.set_lexicons(lexicons)

    def __call__(self, doc: Doc) -> Doc:
        check_annotations(doc, "framing_loaded_terms", ["LEMMA", "POS"])
        findings = find_loaded_terms(doc, self.matcher, self.categories)
        cats = self.categories or self.all_categories
        store_result(
            doc,
            ATTR,
            findings,
            metrics_for(doc, findings, cats, self.count_negated),
            summary_for(findings, self.count_negated),
            spans_key=self.spans_key,
        )
        return doc

    # ------------------------------------------------------------------ serialization
    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        lexicons = self.lexicons
        path.mkdir(parents=True, exist_ok=True)
        names = list(lexicons)
        (path / "cfg.json").write_text(json.dumps({"lexicon_order": names, **self.cfg}, indent=2), encoding="utf-8")
        for name in names:
            (path / f"{name}.tsv").write_text(dump_tsv(lexicons[name], f"lexicon {name}"), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> LoadedTermsComponent:
        path = Path(path)
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        lexicons = {}
        for name in cfg.get("lexicon_order", []):
            lexicons[name] = parse_tsv(
                (path / f"{name}.tsv").read_text(encoding="utf-8"), name, str(path / f"{name}.tsv")
            )
        self.set_lexicons(lexicons)
        return self


@Language.factory(
    "framing_loaded_terms",
    assigns=["doc._.framing_loaded_terms", "doc.spans"],
    requires=["token.lemma", "token.pos", "token.dep", "token.ent_type"],
    default_config={
        "spans_key": ATTR,
        "lexicons": ["builtin", "vader", "pattern", "plugins"],
        "extra_lexicons": [],
        "vader_threshold": VADER_DEFAULT,
        "subjectivity_threshold": SUBJECTIVITY_DEFAULT,
        "categories": [],
        "count_negated": False,
        "vader_inflections": VADER_INFLECTIONS_DEFAULT,
        "pattern_adverbs": PATTERN_ADVERBS_DEFAULT,
    },
)
def make_loaded_terms(
    nlp: Language,
    name: str,
    spans_key: str,
    lexicons: list[str],
    extra_lexicons: list[str],
    vader_threshold: float,
    subjectivity_threshold: float,
    categories: list[str],
    count_negated: bool,
    vader_inflections: bool = VADER_INFLECTIONS_DEFAULT,
    pattern_adverbs: bool = PATTERN_ADVERBS_DEFAULT,
) -> LoadedTermsComponent:
    """Loaded-terms component.

    Sets ``doc._.framing_loaded_terms = {"findings", "metrics", "summary"}`` (findings of
    kind ``loaded_term`` with attrs ``category``, ``lexicon``, ``voice``, ``speaker``,
    ``polarity``, ``negated``, ...) and ``doc.spans[spans_key]`` (label = category).

    Args:
        lexicons: named lexicons: ``"builtin"`` (all shipped ones), a single shipped one
            (``"pejorative"``, ...), ``"vader"`` (VADER words with |valence| >=
            ``vader_threshold``), ``"pattern"`` (adjectives of the Pattern lexicon with
            subjectivity >= ``subjectivity_threshold``), ``"plugins"`` (every lexicon registered
            with :func:`register_lexicon` or the ``framing_loaded_terms`` entry point group), or
            single registered names. Files listed in ``$FRAMING_LOADED_TERMS_LEXICONS`` are added too.
        extra_lexicons: paths of user lexicon files (``.tsv`` format, ``.txt`` word lists,
            an MPQA ``.tff`` or an eMFD ``.csv``); they win ties over the others.
        categories: keep only these categories (empty = all).
        count_negated: count negated terms in the metrics too.
        vader_inflections: VADER words match their inflections too ("slam" -> "slammed").
        pattern_adverbs: Pattern adjectives bring their regular ``-ly`` adverbs ("fiercely").
    """
    if vader_threshold < 0 or vader_threshold > 4:
        raise ValueError(
            f"framing_loaded_terms: vader_threshold must be between 0 and 4 (0 = off), got {vader_threshold}"
        )
    if subjectivity_threshold < 0 or subjectivity_threshold > 1:
        raise ValueError(
            "framing_loaded_terms: subjectivity_threshold must be between 0 and 1 (0 = off), "
            f"got {subjectivity_threshold}"
        )
    if not spans_key:
        raise ValueError("framing_loaded_terms: spans_key must be a non-empty string")
    return LoadedTermsComponent(
        nlp,
        name,
        spans_key=spans_key,
        lexicons=lexicons,
        extra_lexicons=extra_lexicons,
        vader_threshold=vader_threshold,
        subjectivity_threshold=subjectivity_threshold,
        categories=categories,
        count_negated=count_negated,
        vader_inflections=vader_inflections,
        pattern_adverbs=pattern_adverbs,
    )


@hookimpl
def framing_register_analyzers(register):
    register(
        AnalyzerSpec(
            name=ANALYZER,
            factory="framing_loaded_terms",
            after=("attribution",),
            description=(
                "Loaded terms (pejorative labels, euphemism, intensifiers, sensational, emotive, moral, "
                "presupposition), in the writer's voice vs quoted voices"
            ),
        )
    )
