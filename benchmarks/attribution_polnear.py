"""Score the attribution analyzer on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Usage::

    python benchmarks/attribution_polnear.py                   # dev split, all 84 articles
    python benchmarks/attribution_polnear.py --limit 10        # quick loop
    python benchmarks/attribution_polnear.py --split train --limit 40

Gold: for every article of the split, the first ``.ann`` file in sorted order (brat standoff;
an attribution ties a Content span to its Cue and Source). Predictions: the ``quote`` findings
of ``framing_attribution`` (scare quotes are not attributions). A partial quote is scored by
the attributed clause it sits in (``clause_start``/``clause_end``); parts of a quote that share
a cue count as one attribution; a quote nested inside another prediction is dropped, while a
nested indirect attribution is kept (PolNeAR is univocal: each token belongs to at most one
attribution, so an attribution inside another's content is annotated on its own).

Content matching: a prediction and a gold content *match* when their overlap covers at least
half of each (``--overlap 0.5``; characters, whitespace ignored). Precision = matched
predictions / predictions, recall = matched gold contents / gold contents. Also reported:
any-overlap and strict (>= 0.9) matching, and character-level precision/recall.
Source match: among matched pairs whose gold has a Source, the share where the predicted
speaker mention overlaps the gold Source span. Cue match: the same for the cue span.
"Speech-like" restricts gold to attributions whose cue is a speech verb (kind ``speech`` in
the bundled lexicon, ``according to`` or a colon) and predictions to speech cues; "all"
counts every attribution, including PolNeAR's broad ones (``X backs Y``, ``polls show``).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "polnear"


def parse_offsets(field: str) -> list[tuple[int, int]]:
    """``"10 20;25 30"`` -> ``[(10, 20), (25, 30)]`` (brat discontinuous spans)."""
    spans = []
    for part in field.split(";"):
        a, b = part.split()
        spans.append((int(a), int(b)))
    return spans


def read_ann(path: Path) -> list[dict]:
    """The attributions of one ``.ann`` file: ``{"content", "cue", "source"}`` span lists."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, parse_offsets(offsets), parts[2] if len(parts) > 2 else "")
            except ValueError:
                continue
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            relations.append(roles)
    out = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        cue = spans.get(roles.get("Cue", ""))
        source = spans.get(roles.get("Source", ""))
        out.append(
            {
                "content": content[1],
                "cue": cue[1] if cue else [],
                "cue_text": cue[2] if cue else "",
                "source": source[1] if source else [],
            }
        )
    return out


def charset(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a, min(b, len(text))) if not text[i].isspace()}


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def drop_nested(preds: list[dict]) -> list[dict]:
    """Drop quotes nested in another prediction and exact duplicates; keep nested indirect speech
    (PolNeAR is univocal: an attribution inside another's content is annotated separately)."""
    keep, seen = [], set()
    for p in preds:
        if (p["start"], p["end"]) in seen:
            continue
        seen.add((p["start"], p["end"]))
        if p["attrs"].get("type") == "indirect":
            keep.append(p)
            continue
        nested = any(
            q is not p
            and q["start"] <= p["start"]
            and p["end"] <= q["end"]
            and (q["end"] - q["start"]) > (p["end"] - p["start"])
            for q in preds
        )
        if not nested:
            keep.append(p)
    return keep


def widen_partial(preds: list[dict]) -> list[dict]:
    """A partial quote stands for the clause it is part of (``clause_start``/``clause_end``)."""
    out = []
    for p in preds:
        attrs = p["attrs"]
        if attrs.get("type") == "partial" and attrs.get("clause_start") is not None:
            p = {**p, "start": attrs["clause_start"], "end": attrs["clause_end"]}
        out.append(p)
    return out


def merge_by_cue(preds: list[dict]) -> list[dict]:
    """One attribution per cue: the parts of a split or continued quote share their cue."""
    merged: dict[tuple, dict] = {}
    out = []
    for p in preds:
        attrs = p["attrs"]
        if attrs.get("cue_start") is None or attrs["type"] == "indirect":
            out.append({**p, "spans": [(p["start"], p["end"])]})
            continue
        key = (attrs["cue_start"], attrs.get("speaker_start"))
        if key in merged:
            merged[key]["spans"].append((p["start"], p["end"]))
            continue
        item = {**p, "spans": [(p["start"], p["end"])]}
        merged[key] = item
        out.append(item)
    return out


def speech_gold(doc, gold: dict, lex) -> bool:
    text = gold["cue_text"].strip().lower()
    if not gold["cue"]:
        return False
    if text in {":", "according to"} or text.startswith("according"):
        return True
    for a, b in gold["cue"]:
        span = doc.char_span(a, b, alignment_mode="expand")
        for tok in span or []:
            if lex.kinds.get(tok.lemma_.lower()) == "speech":
                return True
    return False


def score(pairs: list[tuple[str, list[dict], list[dict]]], threshold: float) -> dict:
    """Content P/R at ``threshold`` plus source/cue match over matched pairs."""
    n_pred = n_gold = matched_pred = matched_gold = 0
    any_pred = any_gold = strict_pred = strict_gold = 0
    src_total = src_ok = cue_total = cue_ok = 0
    char_tp = char_pred = char_gold = 0
    for text, golds, preds in pairs:
        gsets = [charset(text, g["content"]) for g in golds]
        psets = [charset(text, p["spans"]) for p in preds]
        n_pred += len(preds)
        n_gold += len(golds)
        all_g: set[int] = set().union(*gsets) if gsets else set()
        all_p: set[int] = set().union(*psets) if psets else set()
        char_tp += len(all_g & all_p)
        char_pred += len(all_p)
        char_gold += len(all_g)

        def ratio(ps, gs):
            inter = len(ps & gs)
            return min(inter / len(ps) if ps else 0, inter / len(gs) if gs else 0), inter

        gold_hit = [False] * len(golds)
        gold_any = [False] * len(golds)
        gold_strict = [False] * len(golds)
        for pi, ps in enumerate(psets):
            best, best_r = None, 0.0
            hit_any = hit_strict = False
            for gi, gs in enumerate(gsets):
                r, inter = ratio(ps, gs)
                if inter:
                    hit_any = True
                    gold_any[gi] = True
                if r >= 0.9:
                    hit_strict = True
                    gold_strict[gi] = True
                if r >= threshold and r > best_r:
                    best, best_r = gi, r
            any_pred += hit_any
            strict_pred += hit_strict
            if best is None:
                continue
            matched_pred += 1
            gold_hit[best] = True
            g, p = golds[best], preds[pi]
            if g["source"]:
                src_total += 1
                s, e = p["attrs"].get("speaker_start"), p["attrs"].get("speaker_end")
                if s is not None and e is not None and overlaps([(s, e)], g["source"]):
                    src_ok += 1
            if g["cue"]:
                cue_total += 1
                s, e = p["attrs"].get("cue_start"), p["attrs"].get("cue_end")
                if s is not None and e is not None and overlaps([(s, e)], g["cue"]):
                    cue_ok += 1
        matched_gold += sum(gold_hit)
        any_gold += sum(gold_any)
        strict_gold += sum(gold_strict)

    def prf(tp_p, tp_g):
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_g / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}

    return {
        "gold": n_gold,
        "predicted": n_pred,
        "content": prf(matched_pred, matched_gold),
        "content_any_overlap": prf(any_pred, any_gold),
        "content_strict_0.9": prf(strict_pred, strict_gold),
        "content_chars": {
            "precision": round(char_tp / char_pred, 3) if char_pred else 0.0,
            "recall": round(char_tp / char_gold, 3) if char_gold else 0.0,
        },
        "source_match": round(src_ok / src_total, 3) if src_total else None,
        "source_pairs": src_total,
        "cue_match": round(cue_ok / cue_total, 3) if cue_total else None,
        "cue_pairs": cue_total,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR folder (with data/<split>/)")
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--overlap", type=float, default=0.5, help="content match threshold (share of each span)")
    parser.add_argument("--model", default=None, help="spaCy model (default: the installed English model)")
    parser.add_argument(
        "--no-broad", dest="broad", action="store_false", help="leave out stance/topic attributions (X backed Y)"
    )
    parser.add_argument("--speech-only", action="store_true", help="run the component without cognitive verbs")
    args = parser.parse_args(argv)

    folder = args.data / "data" / args.split
    if not folder.is_dir():
        print(json.dumps({"error": f"PolNeAR split not found: {folder}"}))
        return 2
    import spacy

    from framing.model import default_model_name

    warnings.filterwarnings("ignore")
    nlp = spacy.load(args.model or default_model_name())
    nlp.add_pipe("framing_attribution", config={"include_thought": not args.speech_only, "broad": args.broad})
    component = nlp.get_pipe("framing_attribution")
    lex = component.lexicon

    texts = sorted((folder / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    started = time.time()
    pairs_all, pairs_speech = [], []
    for path in texts:
        anns = sorted((folder / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        golds = read_ann(anns[0])
        doc = nlp(text)
        preds = [f for f in doc._.framing_attribution["findings"] if f["kind"] == "quote"]
        preds = merge_by_cue(drop_nested(widen_partial(preds)))
        pairs_all.append((text, golds, preds))
        speech_golds = [g for g in golds if speech_gold(doc, g, lex)]
        speech_preds = [
            p for p in preds if p["attrs"].get("cue_kind") in {"speech", None} or p["attrs"]["type"] != "indirect"
        ]
        pairs_speech.append((text, speech_golds, speech_preds))
    result = {
        "benchmark": "polnear",
        "split": args.split,
        "articles": len(pairs_all),
        "model": nlp.meta.get("name"),
        "overlap_threshold": args.overlap,
        "config": {"broad": args.broad, "include_thought": not args.speech_only},
        "all": score(pairs_all, args.overlap),
        "speech_like": score(pairs_speech, args.overlap),
        "seconds": round(time.time() - started, 1),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
