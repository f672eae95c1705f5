"""BASIL lexical-bias spans: how many does the loaded-terms analyzer flag, at what flag rate?

Each BASIL article (title + body sentences) is analysed as one text (paragraphs separated by
blank lines, so quotations are detected as in a real article). A gold lexical-bias span
(``bias == "lex"``) is *recalled* when a flagged loaded term overlaps it. Prints JSON:

* ``all_voices``: every flagged term vs every lexical span (quoted or not);
* ``writer``: terms in the writer's voice vs the spans BASIL marks ``quote == "no"``;
* flags per 1,000 words (``count_words`` of the analysed text), per category breakdown.

The lexicons are curated from general knowledge and permissive resources, not from BASIL.

    python benchmarks/loaded_terms_basil.py [--data ../shared/benchmarks/basil] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_articles(data: Path, limit: int | None = None):
    """(id, text, [(start, end, span_record)]) for every article with annotations."""
    out = []
    for ann_path in sorted((data / "annotations").glob("*/*_ann.json")):
        year = ann_path.parent.name
        art_path = data / "articles" / year / ann_path.name.replace("_ann.json", ".json")
        if not art_path.exists():
            continue
        art = json.loads(art_path.read_text(encoding="utf-8"))
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        parts: list[str] = []
        offsets: dict[str, int] = {}
        pos = 0

        def add(piece: str, key: str | None, sep: str, parts=parts, offsets=offsets) -> None:
            nonlocal pos
            if parts:
                parts.append(sep)
                pos += len(sep)
            if key is not None:
                offsets[key] = pos
            parts.append(piece)
            pos += len(piece)

        add(art.get("title") or "", "title", "")
        k = 0
        for para in art.get("body-paragraphs", []):
            for j, sent in enumerate(para):
                add(sent, f"p{k}", "\n\n" if j == 0 else " ")
                k += 1
        text = "".join(parts)
        spans = []
        for span in ann.get("phrase-level-annotations", []):
            if span.get("bias") != "lex" or span.get("id") not in offsets:
                continue
            base = offsets[span["id"]]
            start, end = base + int(span["start"]), base + int(span["end"])
            spans.append((start, end, span))
        out.append((ann_path.stem.replace("_ann", ""), text, spans))
        if limit and len(out) >= limit:
            break
    return out


def build_nlp(model: str | None, config: dict | None = None):
    import spacy

    from framing.model import default_model_name

    nlp = spacy.load(model or default_model_name())
    try:
        nlp.add_pipe("framing_attribution")
    except Exception as exc:  # the attribution analyzer is optional here
        print(f"note: attribution analyzer not available ({type(exc).__name__}); using framing.quotes", file=sys.stderr)
    nlp.add_pipe("framing_loaded_terms", config=config or {})
    return nlp


def evaluate(nlp, articles) -> dict:
    from framing.models import count_words

    words = 0
    n_flags = n_writer_flags = 0
    gold = hit = gold_w = hit_w = gold_q = hit_q = 0
    cats = Counter()
    hit_cats = Counter()
    texts = [a[1] for a in articles]
    for (_aid, text, spans), doc in zip(articles, nlp.pipe(texts, batch_size=8), strict=True):
        findings = doc._.framing_loaded_terms["findings"]
        words += count_words(text)
        n_flags += len(findings)
        writer = [f for f in findings if f["attrs"]["voice"] == "author"]
        n_writer_flags += len(writer)
        cats.update(f["attrs"]["category"] for f in findings)
        for start, end, span in spans:
            over = [f for f in findings if f["start"] < end and start < f["end"]]
            gold += 1
            hit += bool(over)
            for f in over[:1]:
                hit_cats[f["attrs"]["category"]] += 1
            if span.get("quote") == "no":
                gold_w += 1
                hit_w += any(f["attrs"]["voice"] == "author" for f in over)
            else:
                gold_q += 1
                hit_q += bool(over)
    return {
        "articles": len(articles),
        "words": words,
        "all_voices": {
            "lexical_spans": gold,
            "recall": round(hit / gold, 4) if gold else None,
            "flags": n_flags,
            "flags_per_1k": round(1000 * n_flags / words, 2) if words else None,
        },
        "writer": {
            "lexical_spans_not_quoted": gold_w,
            "recall": round(hit_w / gold_w, 4) if gold_w else None,
            "flags": n_writer_flags,
            "flags_per_1k": round(1000 * n_writer_flags / words, 2) if words else None,
        },
        "quoted_spans": {"spans": gold_q, "recall_any_voice": round(hit_q / gold_q, 4) if gold_q else None},
        "flags_by_category": dict(cats.most_common()),
        "recalled_spans_by_category": dict(hit_cats.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks" / "basil"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--subjectivity", type=float, default=None, help="subjectivity_threshold (default: the component's)"
    )
    parser.add_argument("--vader", type=float, default=None, help="vader_threshold (default: the component's)")
    parser.add_argument("--extra-lexicon", action="append", default=[], help="a user lexicon file (repeatable)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "annotations").is_dir():
        parser.error(f"no BASIL data at {data}")
    articles = load_articles(data, args.limit)
    config: dict = {}
    if args.subjectivity is not None:
        config["subjectivity_threshold"] = args.subjectivity
    if args.vader is not None:
        config["vader_threshold"] = args.vader
    if args.extra_lexicon:
        config["extra_lexicons"] = args.extra_lexicon
    result = evaluate(build_nlp(args.model, config), articles)
    result["config"] = config
    result["years"] = sorted({p.name for p in (data / "annotations").iterdir() if p.is_dir()})
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
