"""The attribution analyzer: who is quoted, how much, and introduced by which verb.

A spaCy component (``framing_attribution``) and its plugin registration. The algorithm lives
in :mod:`framing.analyzers.attribution_extract`; this module loads the word lists, turns the
extracted attributions into contract findings, metrics and the summary, and saves/restores
the lexicons with ``nlp.to_disk()``.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from framing.analyzers.attribution_extract import (
    Attribution,
    Lexicon,
    add_verb_lines,
    extract_attributions,
    load_lexicon,
)
from framing.analyzers.base import check_annotations, finding_dict, store_result
from framing.analyzers.doc_table import doc_table
from framing.fingerprint import digest
from framing.hookspecs import hookimpl
from framing.models import AnalyzerSpec, count_words, per_thousand

DATA_PACKAGE = "framing.data.attribution"
VERB_FILE = "reporting_verbs.tsv"
NOUN_FILE = "source_nouns.tsv"
TITLE_FILE = "titles.txt"
VERB_CLASSES = ("neutral", "endorsing", "distancing", "critical", "cognitive")
SPEAKER_TYPES = ("named", "anonymous", "vague", "unknown")


def _read_data(name: str) -> list[str]:
    return resources.files("framing").joinpath("data", "attribution", name).read_text(encoding="utf-8").splitlines()


def default_lexicon(extra_lexicons: list[str] | tuple[str, ...] = ()) -> Lexicon:
    """The bundled word lists plus the user's extra verb files (same TSV format)."""
    lex = load_lexicon(_read_data(VERB_FILE), _read_data(NOUN_FILE), _read_data(TITLE_FILE))
    for path in extra_lexicons:
        add_verb_lines(lex, Path(path).read_text(encoding="utf-8").splitlines())
    return lex


class AttributionComponent:
    """Finds quotes and indirect speech, their speakers and reporting verbs.

    Sets on the Doc:
        ``doc._.framing_attribution``: ``{"findings", "metrics", "summary"}`` where findings are
        contract ``quote`` findings (and ``scare_quote`` findings, quotation marks with no
        speaker), metrics are the per-article counts and shares, and ``summary["quotes"]`` lists
        ``{"start","end","speaker","speaker_type","type","cue","verb_class","words"}``.
        ``doc.spans[spans_key]``: one span per finding (label ``quote`` or ``scare_quote``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "framing_attribution",
        *,
        spans_key: str = "framing_attribution",
        extra_lexicons: list[str] | tuple[str, ...] = (),
        include_indirect: bool = True,
        include_thought: bool = True,
        scare_quote_max_words: int = 4,
        broad: bool = True,
    ):
        self.name = name
        self.spans_key = spans_key
        self.include_indirect = include_indirect
        self.include_thought = include_thought
        self.scare_quote_max_words = scare_quote_max_words
        self.broad = broad
        self.lexicon = default_lexicon(extra_lexicons)

    def cache_fingerprint(self) -> str:
        """What the findings depend on besides the Doc (for framing's result cache): the word
        lists in use, wherever they came from (package, extra files, ``from_disk``), and the settings."""
        lex = self.lexicon
        return digest(
            sorted(lex.verbs.items()),
            sorted(lex.kinds.items()),
            sorted(lex.source_nouns.items()),
            sorted(lex.titles),
            [self.spans_key, self.include_indirect, self.include_thought, self.scare_quote_max_words, self.broad],
        )

    def __call__(self, doc: Doc) -> Doc:
        missing = check_annotations(doc, self.name, ("DEP", "LEMMA", "ENT_IOB"))
        del missing  # the extractor degrades on its own (regex cues, no speakers) without a parse
        try:
            attributions = extract_attributions(
                doc,
                self.lexicon,
                include_indirect=self.include_indirect,
                include_thought=self.include_thought,
                scare_quote_max_words=self.scare_quote_max_words,
                broad=self.broad,
            )
        except Exception as error:  # never take a pipeline down: fall back to quotation marks only
            warnings.warn(
                f"{self.name}: attribution failed on this text ({type(error).__name__}: {error}); "
                "reporting quotation marks only. Please report this text as a bug.",
                UserWarning,
                stacklevel=2,
            )
            attributions = quote_regions_only(doc_table(doc).doc_text)
        table = doc_table(doc)
        text = table.doc_text
        findings = [to_finding(text, att) for att in attributions]
        store_result(
            doc,
            "framing_attribution",
            findings,
            metrics=article_metrics(text, findings, words=table.word_count),
            summary=article_summary(findings),
            spans_key=self.spans_key,
        )
        return doc

    # -- serialization ---------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        lex = self.lexicon
        verbs = [f"{lemma}\t{cls}\t{lex.kinds.get(lemma, 'speech')}" for lemma, cls in sorted(lex.verbs.items())]
        (path / VERB_FILE).write_text("\n".join(verbs) + "\n", encoding="utf-8")
        nouns = [f"{noun}\t{kind}" for noun, kind in sorted(lex.source_nouns.items())]
        (path / NOUN_FILE).write_text("\n".join(nouns) + "\n", encoding="utf-8")
        (path / TITLE_FILE).write_text("\n".join(sorted(lex.titles)) + "\n", encoding="utf-8")
        settings = {
            "include_indirect": self.include_indirect,
            "include_thought": self.include_thought,
            "scare_quote_max_words": self.scare_quote_max_words,
            "broad": self.broad,
        }
        (path / "settings.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> AttributionComponent:
        path = Path(path)
        if (path / VERB_FILE).exists():
            self.lexicon = load_lexicon(
                (path / VERB_FILE).read_text(encoding="utf-8").splitlines(),
                (path / NOUN_FILE).read_text(encoding="utf-8").splitlines(),
                (path / TITLE_FILE).read_text(encoding="utf-8").splitlines(),
            )
        if (path / "settings.json").exists():
            settings = json.loads((path / "settings.json").read_text(encoding="utf-8"))
            self.include_indirect = bool(settings.get("include_indirect", self.include_indirect))
            self.include_thought = bool(settings.get("include_thought", self.include_thought))
            self.scare_quote_max_words = int(settings.get("scare_quote_max_words", self.scare_quote_max_words))
            self.broad = bool(settings.get("broad", self.broad))
        return self


def quote_regions_only(text: str) -> list[Attribution]:
    """The degraded result: every quotation region, unattributed."""
    from framing.quotes import find_quotes

    out = []
    for region in find_quotes(text):
        end = region.content_end
        while end > region.content_start and text[end - 1].isspace():
            end -= 1
        if end > region.content_start:
            out.append(Attribution(region.content_start, end, "direct"))
    return out


def to_finding(text: str, att: Attribution) -> dict[str, Any]:
    """An :class:`Attribution` as a contract finding dict."""
    content = text[att.start : att.end]
    speaker = att.speaker
    return finding_dict(
        att.kind,
        att.start,
        att.end,
        content,
        label=att.type,
        score=None,
        speaker=speaker.name,
        speaker_start=speaker.start,
        speaker_end=speaker.end,
        speaker_text=speaker.text,
        speaker_type=speaker.type if (speaker.name or speaker.type != "unknown" or speaker.text) else "unknown",
        speaker_resolved_by=speaker.resolved_by,
        cue=att.cue,
        cue_start=att.cue_start,
        cue_end=att.cue_end,
        type=att.type,
        verb_class=att.verb_class,
        cue_kind=att.cue_kind,
        words=count_words(content),
        clause_start=att.clause[0] if att.clause else None,
        clause_end=att.clause[1] if att.clause else None,
    )


def article_metrics(
    text: str, findings: list[dict[str, Any]], words: int | None = None
) -> dict[str, float | int | None]:
    """Per-article headline numbers (flat, for ``articles.csv``); ``words``: ``count_words(text)``
    when already known."""
    quotes = [f for f in findings if f["kind"] == "quote"]
    if words is None:
        words = count_words(text)
    by_type = Counter(f["attrs"]["type"] for f in quotes)
    quoted = [f for f in quotes if f["attrs"]["type"] in {"direct", "partial"}]
    quoted_words = sum(f["attrs"]["words"] for f in quoted)
    per_speaker: Counter[str] = Counter()
    for f in quoted:
        per_speaker[f["attrs"]["speaker"] or "(unattributed)"] += f["attrs"]["words"]
    top_share = round(per_speaker.most_common(1)[0][1] / quoted_words, 3) if quoted_words else 0.0
    speaker_types = Counter(f["attrs"]["speaker_type"] for f in quotes)
    classes = Counter(f["attrs"]["verb_class"] or "none" for f in quotes)
    named = {f["attrs"]["speaker"] for f in quotes if f["attrs"]["speaker_type"] == "named" and f["attrs"]["speaker"]}
    metrics: dict[str, float | int | None] = {
        "quotes": len(quotes),
        "quotes_per_1k": per_thousand(len(quotes), words),
        "quoted_words": quoted_words,
        "quoted_words_share": round(quoted_words / words, 3) if words else 0.0,
        "direct": by_type.get("direct", 0),
        "partial": by_type.get("partial", 0),
        "indirect": by_type.get("indirect", 0),
        "scare_quotes": sum(1 for f in findings if f["kind"] == "scare_quote"),
        "topic_attributions": sum(1 for f in quotes if f["attrs"].get("cue_kind") == "topic"),
        "top_speaker_share": top_share,
        "named_speakers": len(named),
    }
    for kind in SPEAKER_TYPES:
        metrics[f"{kind}_sources"] = speaker_types.get(kind, 0)
    for cls in VERB_CLASSES:
        metrics[f"verb_{cls}"] = classes.get(cls, 0)
    return metrics


def article_summary(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The shared summary: every quote with its speaker, type, cue and size."""
    quotes = [
        {
            "start": f["start"],
            "end": f["end"],
            "speaker": f["attrs"]["speaker"],
            "speaker_type": f["attrs"]["speaker_type"],
            "speaker_text": f["attrs"]["speaker_text"],
            "type": f["attrs"]["type"],
            "cue": f["attrs"]["cue"],
            "verb_class": f["attrs"]["verb_class"],
            "words": f["attrs"]["words"],
        }
        for f in findings
        if f["kind"] == "quote"
    ]
    words_by_speaker: Counter[str] = Counter()
    for q in quotes:
        if q["type"] != "indirect" and q["speaker"]:
            words_by_speaker[q["speaker"]] += q["words"]
    return {"quotes": quotes, "quoted_words_by_speaker": dict(words_by_speaker.most_common())}


@Language.factory(
    "framing_attribution",
    assigns=["doc._.framing_attribution", "doc.spans"],
    requires=["token.dep", "token.lemma", "doc.ents"],
    default_config={
        "spans_key": "framing_attribution",
        "extra_lexicons": [],
        "include_indirect": True,
        "include_thought": True,
        "scare_quote_max_words": 4,
        "broad": True,
    },
)
def make_attribution(
    nlp: Language,
    name: str,
    spans_key: str,
    extra_lexicons: list[str],
    include_indirect: bool,
    include_thought: bool,
    scare_quote_max_words: int,
    broad: bool,
) -> AttributionComponent:
    """Adds quotes, indirect speech, speakers and reporting verbs to ``doc._.framing_attribution``.

    Config: ``spans_key`` (span group), ``extra_lexicons`` (paths to extra reporting-verb TSV
    files: ``lemma<TAB>class<TAB>kind``), ``include_indirect`` (report ``X said that ...``),
    ``include_thought`` (count ``X believes ...`` as indirect attribution),
    ``scare_quote_max_words`` (a speakerless partial quote up to this length is a scare quote),
    ``broad`` (also report stance/topic attributions with a noun-phrase content: ``X cited Y``,
    ``X backed Y``; ``cue_kind`` = ``"topic"``; PolNeAR counts these).
    """
    if scare_quote_max_words < 0:
        raise ValueError(f"framing_attribution: scare_quote_max_words must be >= 0, got {scare_quote_max_words}")
    found = []
    for path in extra_lexicons:
        if Path(path).is_file():
            found.append(path)
        else:  # spacy.load() rebuilds the component before from_disk() restores the saved lexicon
            warnings.warn(
                f"framing_attribution: extra lexicon file not found: {path!r} (skipped; a pipeline loaded "
                "from disk uses the lexicon saved with it)",
                UserWarning,
                stacklevel=2,
            )
    extra_lexicons = found
    return AttributionComponent(
        nlp,
        name,
        spans_key=spans_key,
        extra_lexicons=extra_lexicons,
        include_indirect=include_indirect,
        include_thought=include_thought,
        scare_quote_max_words=scare_quote_max_words,
        broad=broad,
    )


@hookimpl
def framing_register_analyzers(register):
    register(
        AnalyzerSpec(
            name="attribution",
            factory="framing_attribution",
            description="Who is quoted, how much, and with which reporting verb (neutral, endorsing, distancing).",
        )
    )
