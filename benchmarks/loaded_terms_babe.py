"""BABE (SG2): biased-word and biased-sentence detection with the loaded-terms analyzer.

* word level: precision/recall/F1 of the words the analyzer flags against the annotators'
  ``biased_words`` (per sentence, lower-cased word types; every sentence counts, so flags in
  non-biased sentences are false positives). ``writer`` counts flags in the writer's voice
  only (the headline), ``all_voices`` counts quoted ones too.
* sentence level: macro-F1 of "biased" = at least one loaded term in the writer's voice,
  against ``label_bias`` (Biased / Non-biased; "No agreement" dropped).

The bundled lexicons were not built from BABE. The one tuned setting, ``vader_threshold``,
is chosen by 5-fold cross-validation (``--cv``): for each fold the threshold with the best
word-level F1 on the other four folds is applied to the held-out fold, and the pooled
held-out counts are reported. Without ``--cv`` the default configuration is scored.

    python benchmarks/loaded_terms_babe.py [--data ../shared/benchmarks/babe-mbic] [--limit N] [--cv]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[a-z][a-z'’-]*")
GRIDS = {"vader": (0.0, 1.5, 2.0, 2.5, 3.0), "subjectivity": (0.0, 0.6, 0.65, 0.7, 0.8, 0.9, 1.0)}


def load(data: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with open(data / "final_labels_SG2.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["label_bias"] not in {"Biased", "Non-biased"}:
                continue
            try:
                words = ast.literal_eval(row["biased_words"] or "[]")
            except (ValueError, SyntaxError):
                words = []
            gold = {w for phrase in words for w in WORD.findall(str(phrase).lower())}
            rows.append({"text": row["text"], "biased": row["label_bias"] == "Biased", "gold": gold})
    if limit:
        random.Random(0).shuffle(rows)
        rows = rows[:limit]
    return rows


def derive_words(rows, idx, min_count: int = 3, min_ratio: float = 0.3) -> list[str]:
    """Words the annotators mark as biased in at least ``min_ratio`` of the sentences (of ``idx``)
    where they occur, and in at least ``min_count`` sentences."""
    from collections import Counter

    marked: Counter[str] = Counter()
    occur: Counter[str] = Counter()
    for i in idx:
        words = set(WORD.findall(rows[i]["text"].lower()))
        occur.update(words)
        marked.update(rows[i]["gold"] & words)
    return sorted(w for w, n in marked.items() if n >= min_count and len(w) > 2 and n / occur[w] >= min_ratio)


def derived_entries(words):
    from framing.analyzers.loaded_terms_lexicon import LexiconEntry

    return [
        LexiconEntry(f"={w}", "babe_derived", "-", 1, "derived from BABE annotations", "babe_derived") for w in words
    ]


def predict(component, docs) -> list[dict]:
    out = []
    for doc in docs:
        component(doc)
        findings = doc._.framing_loaded_terms["findings"]
        writer = [f for f in findings if f["attrs"]["voice"] == "author"]
        counted = [f for f in writer if not f["attrs"]["negated"]]
        out.append(
            {
                "all": {w for f in findings for w in WORD.findall(f["text"].lower())},
                "writer": {w for f in writer for w in WORD.findall(f["text"].lower())},
                "sentence": bool(counted),
            }
        )
    return out


def counts(rows, preds, idx, key) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for i in idx:
        gold, pred = rows[i]["gold"], preds[i][key]
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def sentence_macro_f1(rows, preds, idx) -> dict:
    scores = []
    acc = 0
    for positive in (True, False):
        tp = sum(1 for i in idx if rows[i]["biased"] == positive and preds[i]["sentence"] == positive)
        fp = sum(1 for i in idx if rows[i]["biased"] != positive and preds[i]["sentence"] == positive)
        fn = sum(1 for i in idx if rows[i]["biased"] == positive and preds[i]["sentence"] != positive)
        scores.append(prf(tp, fp, fn)["f1"])
    acc = sum(1 for i in idx if rows[i]["biased"] == preds[i]["sentence"]) / len(idx) if idx else 0.0
    return {"macro_f1": round(sum(scores) / 2, 4), "f1_biased": scores[0], "accuracy": round(acc, 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks" / "babe-mbic"))
    parser.add_argument("--limit", type=int, default=None, help="a random sample of N sentences")
    parser.add_argument("--cv", action="store_true", help="choose vader_threshold by 5-fold cross-validation")
    parser.add_argument("--tune", choices=("subjectivity", "vader"), default="subjectivity", help="what --cv tunes")
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--derived", action="store_true", help="also score a word list derived from the training folds (5-fold CV)"
    )
    parser.add_argument(
        "--export-lexicon",
        default=None,
        help="write the word list derived from all of BABE to this .txt file (AGPL data)",
    )
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "final_labels_SG2.csv").is_file():
        parser.error(f"no BABE data at {data}")

    import spacy

    from framing.model import default_model_name

    rows = load(data, args.limit)
    nlp = spacy.load(args.model or default_model_name())
    try:
        nlp.add_pipe("framing_attribution")
    except Exception as exc:
        print(f"note: attribution analyzer not available ({type(exc).__name__}); using framing.quotes", file=sys.stderr)
    docs = list(nlp.pipe([r["text"] for r in rows], batch_size=64))
    every = list(range(len(rows)))

    def component(threshold: float):
        from framing.analyzers.loaded_terms import SUBJECTIVITY_DEFAULT, VADER_DEFAULT, make_loaded_terms

        lexicons = ["builtin", "vader", "pattern"]
        if args.tune == "vader":
            return make_loaded_terms(
                nlp, "lt", "framing_loaded_terms", lexicons, [], threshold, SUBJECTIVITY_DEFAULT, [], False
            )
        return make_loaded_terms(nlp, "lt", "framing_loaded_terms", lexicons, [], VADER_DEFAULT, threshold, [], False)

    from framing.analyzers.loaded_terms import (
        PATTERN_ADVERBS_DEFAULT,
        SUBJECTIVITY_DEFAULT,
        VADER_DEFAULT,
        VADER_INFLECTIONS_DEFAULT,
    )

    default_value = VADER_DEFAULT if args.tune == "vader" else SUBJECTIVITY_DEFAULT
    result: dict = {"sentences": len(rows), "biased_sentences": sum(r["biased"] for r in rows)}
    if args.export_lexicon:
        words = derive_words(rows, every)
        header = (
            "# Words marked biased in BABE (SG2, Spinde et al. 2021; AGPL-3.0) in >= 30% of the sentences where\n"
            "# they occur (>= 3 sentences). Derived data: do not bundle with an MIT package.\n"
        )
        Path(args.export_lexicon).write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        result["exported_words"] = len(words)
    if args.derived:
        order = list(range(len(rows)))
        random.Random(13).shuffle(order)
        folds = [order[k::5] for k in range(5)]
        pooled = [0, 0, 0]
        held: dict[int, dict] = {}
        sizes = []
        for k, test in enumerate(folds):
            train = [i for j, fold in enumerate(folds) if j != k for i in fold]
            words = derive_words(rows, train)
            sizes.append(len(words))
            comp = component(default_value)
            comp.add_entries("babe_derived", derived_entries(words))
            test_docs = [docs[i] for i in test]
            preds_k = predict(comp, test_docs)
            for i, pred in zip(test, preds_k, strict=True):
                held[i] = pred
            for n, value in enumerate(counts(rows, held, test, "writer")):
                pooled[n] += value
        result["with_derived_lexicon_cv"] = {
            "words_per_fold": sizes,
            "word_writer": prf(*pooled),
            "sentence": sentence_macro_f1(rows, [held[i] for i in every], every),
        }
    if not args.cv:
        preds = predict(component(default_value), docs)
        result["config"] = {
            "vader_threshold": VADER_DEFAULT,
            "subjectivity_threshold": SUBJECTIVITY_DEFAULT,
            "vader_inflections": VADER_INFLECTIONS_DEFAULT,
            "pattern_adverbs": PATTERN_ADVERBS_DEFAULT,
        }
        result["word_writer"] = prf(*counts(rows, preds, every, "writer"))
        result["word_all_voices"] = prf(*counts(rows, preds, every, "all"))
        result["sentence"] = sentence_macro_f1(rows, preds, every)
    else:
        grid = GRIDS[args.tune]
        by_threshold = {t: predict(component(t), docs) for t in grid}
        order = list(range(len(rows)))
        random.Random(13).shuffle(order)
        folds = [order[k::5] for k in range(5)]
        pooled = {"writer": [0, 0, 0], "all": [0, 0, 0]}
        held_preds: dict[int, dict] = {}
        chosen = []
        for k, test in enumerate(folds):
            train = [i for j, fold in enumerate(folds) if j != k for i in fold]
            best = max(grid, key=lambda t: prf(*counts(rows, by_threshold[t], train, "writer"))["f1"])
            chosen.append(best)
            for key in pooled:
                for n, value in enumerate(counts(rows, by_threshold[best], test, key)):
                    pooled[key][n] += value
            for i in test:
                held_preds[i] = by_threshold[best][i]
        preds = [held_preds[i] for i in every]
        result["config"] = {f"{args.tune}_threshold_per_fold": chosen, "grid": grid}
        result["word_writer"] = prf(*pooled["writer"])
        result["word_all_voices"] = prf(*pooled["all"])
        result["sentence"] = sentence_macro_f1(rows, preds, every)
        result["by_threshold_full_data"] = {
            str(t): {
                "word_writer_f1": prf(*counts(rows, p, every, "writer"))["f1"],
                **sentence_macro_f1(rows, p, every),
            }
            for t, p in by_threshold.items()
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
