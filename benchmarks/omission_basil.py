"""Benchmark the omission comparison on BASIL (Fan et al. 2019): one event, three outlets.

BASIL has no gold alignment of facts across outlets, so the figures use its
informational-bias spans plus transparent proxies (printed with the results):

- ``unique``: informational-bias spans (``bias == "inf"``) that the other two outlets lack
  (no sentence of theirs contains half or more of the span's content words, a plain
  lexical check independent of the comparison). Recall = share of them whose sentence
  is reported as ``unique_fact`` for that outlet; ``base_rate`` = share of all sentences
  reported unique, for comparison.
- ``false_omissions``: of the ``omission`` findings, the share whose evidence is plainly
  present in the omitting article (one of its sentences contains >= 60% of the content
  words of an evidence sentence, with at least 4 content words): a lower bound on false
  omissions, since paraphrased presence is not caught by this check.
- ``deletion``: controlled omissions. For sampled facts that an article shares with both
  other outlets, delete that article's sentences stating it and re-run the comparison;
  recall = share of deleted facts then reported as omitted (with evidence from the others).
- ``grouping``: stories made of two triplets mixed together; share regrouped exactly.

Usage::

    python benchmarks/omission_basil.py --limit 20
    python benchmarks/omission_basil.py            # every triplet in the folder
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOP = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "too",
        "very",
        "can",
        "will",
        "just",
        "also",
        "would",
        "could",
        "should",
        "said",
        "says",
        "say",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "about",
        "into",
        "over",
        "after",
        "before",
        "under",
        "again",
        "further",
        "once",
    ]
)


def content_words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z0-9][a-z0-9'$,.-]*[a-z0-9]|[a-z0-9]", text.lower()) if w not in STOP and len(w) > 2
    }


def load_triplets(data: Path) -> list[list[dict]]:
    by_triplet: dict[str, list[dict]] = defaultdict(list)
    for path in sorted((data / "articles").glob("*/*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        ann_path = data / "annotations" / path.parent.name / (path.stem + "_ann.json")
        spans = []
        if ann_path.exists():
            spans = json.loads(ann_path.read_text(encoding="utf-8")).get("phrase-level-annotations", [])
        sentences, text_parts, offsets, pos = [], [], [], 0
        for paragraph in article["body-paragraphs"]:
            line_parts = []
            for sentence in paragraph:
                sentence = sentence.replace("\n", " ")
                if line_parts:
                    pos += 1
                offsets.append(pos)
                sentences.append(sentence)
                line_parts.append(sentence)
                pos += len(sentence)
            text_parts.append(" ".join(line_parts))
            pos += 1  # newline
        text = "\n".join(text_parts)
        for k, s in enumerate(sentences):
            assert text[offsets[k] : offsets[k] + len(s)] == s
        gold = []
        for span in spans:
            if span.get("bias") != "inf" or not str(span.get("id", "")).startswith("p"):
                continue
            k = int(span["id"][1:])
            if k >= len(sentences):
                continue
            gold.append(
                {
                    "start": offsets[k] + span["start"],
                    "end": offsets[k] + span["end"],
                    "text": span["txt"],
                    "sent": (offsets[k], offsets[k] + len(sentences[k])),
                }
            )
        by_triplet[article["triplet-uuid"]].append(
            {
                "id": f"{article['triplet-uuid'][:8]}-{article['source'].lower()}",
                "text": text,
                "sentences": [(o, o + len(s)) for o, s in zip(offsets, sentences, strict=True)],
                "gold": gold,
            }
        )
    return [sorted(v, key=lambda a: a["id"]) for _, v in sorted(by_triplet.items()) if len(v) == 3]


def build_story(articles, summaries, story_id=""):
    from framing.models import ArticleMeta, ArticleResult, Story, count_words

    results = tuple(
        ArticleResult(
            article=ArticleMeta(id=a["id"], words=count_words(a["text"])),
            summaries={"omission": summaries[a["id"]]},
            text=a["text"],
        )
        for a in articles
    )
    return Story(id=story_id, articles=results)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "basil")
    parser.add_argument("--limit", type=int, default=0, help="number of triplets (0 = all)")
    parser.add_argument("--deletions", type=int, default=3, help="facts deleted per article in the deletion test")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--cache", type=Path, help="pickle of the per-article summaries: written if absent, read if present"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(json.dumps({"error": f"no data at {args.data}"}))
        return 1

    from framing.comparisons.omission import compare
    from framing.comparisons.omission_units import summarize
    from framing.model import cached_model

    triplets = load_triplets(args.data)
    if args.limit:
        triplets = triplets[: args.limit]
    t0 = time.time()
    articles = [a for t in triplets for a in t]
    summaries = {}
    if args.cache and args.cache.exists():
        import pickle

        summaries = pickle.loads(args.cache.read_bytes())
    missing = [a for a in articles if a["id"] not in summaries]
    if missing:
        nlp = cached_model()
        for article, doc in zip(missing, nlp.pipe([a["text"] for a in missing], batch_size=16), strict=True):
            summaries[article["id"]] = summarize(doc)
        if args.cache:
            import pickle

            args.cache.write_bytes(pickle.dumps(summaries))
    t_parse = time.time() - t0

    rng = random.Random(args.seed)
    uniq_total = uniq_hit = uniq_any = 0
    sent_total = sent_unique = 0
    omit_total = omit_plain_present = 0
    del_total = del_hit = 0
    t_compare = 0.0
    for triplet in triplets:
        story = build_story(triplet, summaries)
        t1 = time.time()
        out = compare(story, {})
        t_compare += time.time() - t1
        by_id = {a["id"]: a for a in triplet}
        uniques = defaultdict(list)
        for f in out.findings:
            if f.kind == "unique_fact":
                uniques[f.article].append((f.start, f.end))
        # unique recall on informational-bias spans the others lack
        for a in triplet:
            others = [content_words(o["text"][s:e]) for o in triplet if o["id"] != a["id"] for s, e in o["sentences"]]
            for g in a["gold"]:
                words = content_words(g["text"])
                if len(words) < 2:
                    continue
                if any(len(words & o) >= 0.5 * len(words) for o in others):
                    continue
                uniq_total += 1
                s, e = g["sent"]
                if any(us < e and ue > s for us, ue in uniques[a["id"]]):
                    uniq_hit += 1
            claims = [u for u in summaries[a["id"]]["units"] if u["kind"] == "claim"]
            sent_total += len(claims)
            sent_unique += sum(
                1 for u in claims if any(us < u["end"] and ue > u["start"] for us, ue in uniques[a["id"]])
            )
            uniq_any += len(uniques[a["id"]])
        # false omissions (plainly present in the omitting article)
        for f in out.findings:
            if f.kind != "omission":
                continue
            omit_total += 1
            own = [content_words(by_id[f.article]["text"][s:e]) for s, e in by_id[f.article]["sentences"]]
            plain = False
            for ev in f.attrs["evidence"]:
                words = content_words(ev["text"])
                if len(words) >= 4 and any(len(words & o) >= 0.6 * len(words) for o in own):
                    plain = True
            omit_plain_present += plain
        # deletion test
        facts = out.data.get("facts", [])
        for a in triplet:
            # facts with a member sentence in each of the three articles (independent of containment)
            shared = [f for f in facts if len({m["article"] for m in f["members"]}) == 3]
            for fact in rng.sample(shared, min(args.deletions, len(shared))):
                starts = {m["start"] for m in fact["members"] if m["article"] == a["id"]}
                evidence_keys = {(m["article"], m["start"]) for m in fact["members"] if m["article"] != a["id"]}
                summary = dict(summaries[a["id"]])
                summary["units"] = [u for u in summary["units"] if u["start"] not in starts]
                modified = {**summaries, a["id"]: summary}
                out2 = compare(build_story(triplet, modified), {})
                del_total += 1
                if any(
                    f.kind == "omission"
                    and f.article == a["id"]
                    and any((ev["article"], ev["start"]) in evidence_keys for ev in f.attrs["evidence"])
                    for f in out2.findings
                ):
                    del_hit += 1
    # grouping: two triplets mixed in one folder
    group_total = group_exact = 0
    for i in range(0, len(triplets) - 1, 2):
        mixed = triplets[i] + triplets[i + 1]
        out = compare(build_story(mixed, summaries), {})
        expected = sorted(sorted(a["id"] for a in t) for t in (triplets[i], triplets[i + 1]))
        group_total += 1
        group_exact += sorted(sorted(g) for g in out.data["groups"]) == expected
    # single-triplet stories should stay one group
    single_ok = 0
    for triplet in triplets:
        out = compare(build_story(triplet, summaries), {})
        single_ok += len(out.data["groups"]) == 1

    def ratio(a, b):
        return round(a / b, 3) if b else None

    result = {
        "dataset": "BASIL (articles/annotations in --data; 2018-2019 held back)",
        "triplets": len(triplets),
        "articles": len(articles),
        "unique": {
            "inf_spans_others_lack": uniq_total,
            "reported_unique": uniq_hit,
            "recall": ratio(uniq_hit, uniq_total),
            "base_rate_sentences_unique": ratio(sent_unique, sent_total),
            "unique_findings": uniq_any,
        },
        "false_omissions": {
            "omissions": omit_total,
            "plainly_present": omit_plain_present,
            "rate_lower_bound": ratio(omit_plain_present, omit_total),
            "omissions_per_article": ratio(omit_total, len(articles)),
        },
        "deletion": {"deleted_facts": del_total, "reported_omitted": del_hit, "recall": ratio(del_hit, del_total)},
        "grouping": {
            "mixed_stories": group_total,
            "exact": group_exact,
            "accuracy": ratio(group_exact, group_total),
            "single_triplets_kept_whole": ratio(single_ok, len(triplets)),
        },
        "seconds": {"parse_and_summarize": round(t_parse, 1), "compare_per_triplet": ratio(t_compare, len(triplets))},
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
