"""Speculation-cue detection on the SFU Review corpus (Konstantinova et al., LREC 2012).

Scores the ``framing_hedging`` component's hedge cues against the corpus's speculation cues,
per category and overall, with token overlap:

- cue level: a predicted cue is correct when it shares a token with a gold cue (precision);
  a gold cue is found when a predicted cue shares a token with it (recall);
- token level: precision/recall over the cue tokens.

Two profiles: ``news`` is the component's default configuration (what a framing run uses);
``sfu`` also reports the optional cue types the SFU annotation counts as speculation but a
news hedging analysis does not (root modals "can"/"should"/"must", ability "could not",
reported-speech "would", alternatives "or"/"either"). Boosters are not scored.

The corpus is GPL and is never bundled: it is read from ``--data``. Reviews are not news, so
read the figures as cue-detection quality.

    python benchmarks/hedging_sfu.py                 # both profiles, every category present
    python benchmarks/hedging_sfu.py --limit 20      # quick: 20 files per category
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "sfu-review-negation-speculation"
PROFILES = {"news": [], "sfu": ["root_modal", "disjunction"]}


def read_file(path: Path) -> list[tuple[list[str], list[set[int]]]]:
    """Sentences of one review: (words, speculation cues as sets of word indices)."""
    sentences = []
    for sent in ET.parse(path).getroot().iter("SENTENCE"):
        words: list[str] = []
        cues: dict[str, set[int]] = {}
        _walk(sent, (), words, cues)
        if words:
            sentences.append((words, [c for c in cues.values() if c]))
    return sentences


def _walk(element: ET.Element, open_cues: tuple[str, ...], words: list[str], cues: dict[str, set[int]]) -> None:
    for child in element:
        if child.tag == "W":
            text = (child.text or "").strip()
            if not text:
                continue
            for cue_id in open_cues:
                cues.setdefault(cue_id, set()).add(len(words))
            words.append(text)
        elif child.tag == "cue" and child.get("type") == "speculation":
            _walk(child, (*open_cues, f"{child.get('ID')}"), words, cues)
        else:
            _walk(child, open_cues, words, cues)


def load(data: Path, limit: int | None) -> dict[str, list[tuple[list[str], list[set[int]]]]]:
    categories = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.xml"))
        if limit:
            files = files[:limit]
        if files:
            categories[folder.name] = [s for f in files for s in read_file(f)]
    return categories


def predict(nlp, sentences, batch_size: int = 256) -> list[list[tuple[set[int], str]]]:
    """Predicted hedge cues per sentence: (word indices, cue_type)."""
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False]) for words, _ in sentences)
    out = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        starts = {t.idx: t.i for t in doc}
        ends = {t.idx + len(t.text): t.i for t in doc}
        cues = []
        for f in doc._.framing_hedging["findings"]:
            if f["kind"] != "hedge":
                continue
            s, e = starts.get(f["start"]), ends.get(f["end"])
            if s is None or e is None:
                continue
            cues.append((set(range(s, e + 1)), f["attrs"]["cue_type"]))
        out.append(cues)
    return out


def score(sentences, predictions) -> dict:
    tp_pred = n_pred = tp_gold = n_gold = 0
    tok_tp = tok_pred = tok_gold = 0
    by_type: dict[str, Counter] = defaultdict(Counter)
    for (_words, gold), pred in zip(sentences, predictions, strict=True):
        n_gold += len(gold)
        n_pred += len(pred)
        for cue, cue_type in pred:
            hit = any(cue & g for g in gold)
            tp_pred += hit
            by_type[cue_type]["tp" if hit else "fp"] += 1
        tp_gold += sum(1 for g in gold if any(g & p for p, _ in pred))
        gold_tokens = set().union(*gold) if gold else set()
        pred_tokens = set().union(*(p for p, _ in pred)) if pred else set()
        tok_tp += len(gold_tokens & pred_tokens)
        tok_pred += len(pred_tokens)
        tok_gold += len(gold_tokens)
    return {
        "cue": _prf(tp_pred, n_pred, tp_gold, n_gold),
        "token": _prf(tok_tp, tok_pred, tok_tp, tok_gold),
        "gold_cues": n_gold,
        "predicted_cues": n_pred,
        "precision_by_cue_type": {
            t: {"tp": c["tp"], "fp": c["fp"], "precision": round(c["tp"] / (c["tp"] + c["fp"]), 3)}
            for t, c in sorted(by_type.items())
        },
    }


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def errors(sentences, predictions, top: int = 25) -> dict:
    """Most frequent missed gold cues and false-positive cues (for error analysis)."""
    missed: Counter = Counter()
    false: Counter = Counter()
    for (words, gold), pred in zip(sentences, predictions, strict=True):
        for g in gold:
            if not any(g & p for p, _ in pred):
                missed[" ".join(words[i].lower() for i in sorted(g))] += 1
        for p, cue_type in pred:
            if not any(p & g for g in gold):
                false[f"{' '.join(words[i].lower() for i in sorted(p))} ({cue_type})"] += 1
    return {"missed": missed.most_common(top), "false_positives": false.most_common(top)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the corpus folder (CATEGORY/*.xml)")
    parser.add_argument("--limit", type=int, default=None, help="files per category (quick runs)")
    parser.add_argument("--profile", choices=[*PROFILES, "both"], default="both")
    parser.add_argument("--model", default=None, help="spaCy model (default: the best installed)")
    parser.add_argument("--errors", action="store_true", help="also print the most frequent errors")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"data folder {args.data} not found; pass --data", file=sys.stderr)
        return 2

    import warnings

    import framing.analyzers.hedging  # noqa: F401  (registers the factory)
    from framing.model import load_model

    categories = load(args.data, args.limit)
    profiles = list(PROFILES) if args.profile == "both" else [args.profile]
    report: dict = {"data": str(args.data), "limit": args.limit, "categories": sorted(categories), "profiles": {}}
    for profile in profiles:
        nlp = load_model(args.model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp.add_pipe("framing_hedging", config={"extra_cue_types": PROFILES[profile], "descriptions": False})
        report["model"] = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        started = time.time()
        all_sents, all_preds = [], []
        per_category = {}
        for name, sentences in categories.items():
            preds = predict(nlp, sentences)
            result = score(sentences, preds)
            per_category[name] = {"cue": result["cue"], "token": result["token"], "gold_cues": result["gold_cues"]}
            all_sents += sentences
            all_preds += preds
        overall = score(all_sents, all_preds)
        entry = {"overall": overall, "per_category": per_category, "seconds": round(time.time() - started, 1)}
        if args.errors:
            entry["errors"] = errors(all_sents, all_preds)
        report["profiles"][profile] = entry
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
