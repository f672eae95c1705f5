"""Scale benchmark: `framing analyze` against a bare spaCy parse, cached re-runs, growth, memory.

Builds a synthetic corpus from the seeds (``--stories`` stories x ``--per-story`` articles, each
article a seed with its paragraphs shuffled) in a temporary folder, at 1x, 2x and 4x the number of
stories, and in one run measures, each in a fresh subprocess (so peak memory is clean):

- ``bare``: the same model, ``nlp.pipe(texts, batch_size=B, n_process=jobs)`` over the same
  analysed texts (Docs are dropped as they come, as framing does);
- ``framing``: ``analyze_folder`` (what ``framing analyze`` runs) with ``--jobs`` and an empty cache;
- ``cached``: the same command again into the same output folder (nothing changed: every analyzer,
  comparison and chart result is read from ``OUT/.cache``);
- ``relexicon``: again into the same folder after adding a user lexicon
  (``FRAMING_LOADED_TERMS_LEXICONS``): the parses come from the cache, the loaded-terms analyzer (and
  the attribution analyzer it reads) runs again, then every comparison and chart of a changed story;
- ``framing_no_report``: as ``framing`` with ``--no-report --no-cache`` (the analysis without the report);
- ``engine_only``: as ``framing_no_report`` with every built-in analyzer and comparison disabled: the
  cost of framing's own machinery (loading, batching, findings, outputs) on top of the parse.

Model loading is timed separately and excluded from every figure (both sides load the same model).
Peak memory is the peak RSS of the measuring process (``ru_maxrss``) and, with ``--jobs`` > 1, of
its largest worker. ``--profile`` adds a per-analyzer breakdown (seconds per analyzer against the
parse), which says which analyzer dominates the overhead.

    python benchmarks/scale.py                       # 40 stories x 5 articles, 1x/2x/4x, framing's default --jobs
    python benchmarks/scale.py --stories 8 --scales 1,4 --profile   # quick look
    python benchmarks/scale.py --jobs 1               # one process: framing in-process vs nlp.pipe(n_process=1)

Prints JSON (and writes it to ``--json PATH`` if given).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("bare", "framing", "cached", "relexicon", "framing_no_report", "engine_only")
#: The user lexicon added for the ``relexicon`` run (words the seeds use).
RELEXICON = (
    "# pattern\tcategory\tpolarity\tintensity\tsource\n"
    "crackdown\tbenchmark\tneg\t1\tscale.py\n"
    "mega-prison\tbenchmark\tneg\t1\tscale.py\n"
)
BUILTIN_ANALYSIS = (
    "attribution",
    "hedging",
    "loaded_terms",
    "actor_sentiment",
    "actors",
    "labels",
    "sources",
    "omission",
)


# ----------------------------------------------------------------------------- corpus
def build_corpus(seeds: Path, folder: Path, stories: int, per_story: int, seed: int = 13) -> int:
    """Write ``stories`` sub-folders of ``per_story`` shuffled seed articles, each text unique (a
    dateline paragraph); return the article count.

    A seed's paragraphs are its blank-line-separated blocks, or its lines when it has no blank
    lines (several seeds put one paragraph per line); trailing page furniture stays at the end,
    where the loader trims it, so no two synthetic articles analyse the same text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed articles in {seeds}")
    rng = random.Random(seed)
    count = 0
    for s in range(stories):
        story = folder / f"story_{s:04d}"
        story.mkdir(parents=True, exist_ok=True)
        for a in range(per_story):
            title, body, furniture = _seed_parts(texts[(s + a) % len(texts)])
            rng.shuffle(body)
            # a dateline makes every text unique (the cache would otherwise serve repeated shuffles)
            dateline = f"Report {a + 1} of story {s + 1}, filed by desk {rng.randint(100, 999)}."
            text = "\n\n".join([title, dateline, *body]) + "\n" + furniture
            (story / f"article_{a:02d}.txt").write_text(text, encoding="utf-8")
            count += 1
    return count


def _seed_parts(text: str) -> tuple[str, list[str], str]:
    """A seed's title, its body paragraphs and its trailing furniture (verbatim)."""
    from framing.loaders import analysis_end_for

    end = analysis_end_for(text)
    analysed, furniture = (text, "") if end is None else (text[:end], text[end:])
    blocks = [b.strip() for b in analysed.split("\n\n") if b.strip()]
    if len(blocks) < 3:
        blocks = [line.strip() for line in analysed.splitlines() if line.strip()]
    return blocks[0], blocks[1:], furniture


# ----------------------------------------------------------------------------- measuring (subprocess side)
def peak_rss_mb() -> dict[str, float]:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / scale / 1024
    return {"peak_rss_mb": round(own, 1), "children_peak_rss_mb": round(children, 1)}


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its waited-for children (Pool workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(args: argparse.Namespace) -> dict:
    from framing.loaders import load_directory
    from framing.models import Article
    from framing.pipeline import Engine, EngineConfig
    from framing.plugins import PluginOptions, load_plugins
    from framing.run import AnalyzeOptions, analyze_folder

    corpus, out = Path(args.corpus), Path(args.out)
    result: dict = {"mode": args.worker, "jobs": args.jobs}
    if args.worker == "bare":
        import spacy

        from framing.model import default_model_name

        host = load_plugins(PluginOptions())
        texts = [a.analysis_text for a in load_directory(corpus, host.loaders) if isinstance(a, Article)]
        start = time.perf_counter()
        nlp = spacy.load(args.model or default_model_name())
        result["model_load_seconds"] = round(time.perf_counter() - start, 2)
        start, cpu = time.perf_counter(), cpu_seconds()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.jobs))
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["cpu_seconds"] = round(cpu_seconds() - cpu, 3)
        result["articles"] = n
    else:
        cached = args.worker in ("cached", "relexicon")
        report = args.worker in ("framing", "cached", "relexicon")
        use_cache = args.worker in ("framing", "cached", "relexicon")
        cache_dir = str((out / ".cache").resolve()) if use_cache else None
        plugins = PluginOptions(disable=BUILTIN_ANALYSIS if args.worker == "engine_only" else ())
        start = time.perf_counter()
        engine = Engine(
            EngineConfig(model=args.model, plugins=plugins, batch_size=args.batch_size, cache_dir=cache_dir)
        )
        result["model_load_seconds"] = round(time.perf_counter() - start, 2)
        options = AnalyzeOptions(
            input_dir=corpus,
            out_dir=out,
            model=args.model,
            jobs=args.jobs,
            batch_size=args.batch_size,
            report=report,
            cache=use_cache,
            plugins=plugins,
        )
        start, cpu = time.perf_counter(), cpu_seconds()
        run = analyze_folder(options, engine=engine)
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["cpu_seconds"] = round(cpu_seconds() - cpu, 3)
        result["articles"] = run.provenance["counts"]["articles"]
        result["findings"] = run.provenance["counts"]["findings"]
        execution = json.loads((out / "run.json").read_text(encoding="utf-8"))
        result["stages"] = execution["timings_seconds"]
        result["cache"] = execution["execution"]["cache"]
        result["analyzers"] = execution["analyzers"] + execution["comparisons"]
        result["cached_run"] = cached
    result.update(peak_rss_mb())
    return result


def profile(args: argparse.Namespace) -> dict:
    """Seconds per analyzer / comparison step on the corpus, against the base parse (one process)."""
    from framing.findings import analyzer_output
    from framing.heap import collect_young_rarely, frozen_heap
    from framing.loaders import load_directory
    from framing.models import Article
    from framing.pipeline import Engine, EngineConfig, group_stories

    engine = Engine(EngineConfig(model=args.model, batch_size=args.batch_size))
    articles = [a for a in load_directory(Path(args.corpus), engine.host.loaders) if isinstance(a, Article)]
    articles = articles[: args.profile_articles]
    times: dict[str, float] = {}
    clock = time.process_time  # CPU time: robust on a shared machine
    engine.analyze_batch(articles[:1])  # warm-up: lazy imports and lexicon loading are not per-article costs

    def tick(name: str, start: float) -> None:
        times[name] = times.get(name, 0.0) + clock() - start

    # the collector as in a run: the model and lexicons frozen, survivors not walked again
    with frozen_heap():
        start = clock()
        docs = engine.parse([a.analysis_text for a in articles])
        tick("parse (base model)", start)
        for doc in docs:
            for spec in engine.analyzers:
                start = clock()
                component = engine.components.get(spec.name)
                if component is not None:
                    doc = component(doc)
                analyzer_output(spec, doc, "x")
                tick(f"analyzer {spec.name}", start)
            for comparison in engine.comparisons:
                if comparison.summarize is not None:
                    start = clock()
                    comparison.summarize(doc)
                    tick(f"summarize {comparison.name}", start)
        start = clock()
        results = [engine.analyze_doc(a, d) for a, d in zip(articles, docs, strict=True)]
        tick("analyze_doc (all analyzers again, with isolation)", start)
        collect_young_rarely()  # as a run does once its articles are analysed
        for story in group_stories(results):
            outputs: dict = {}
            for spec in engine.comparisons:
                earlier = {name: outputs[name] for name in spec.after if name in outputs}
                start = clock()
                with contextlib.suppress(Exception):
                    outputs[spec.name] = spec.compare(story, earlier)
                tick(f"compare {spec.name}", start)
    parse = times["parse (base model)"]
    return {
        "articles": len(articles),
        "seconds": {k: round(v, 3) for k, v in times.items()},
        "share_of_parse": {k: round(v / parse, 3) for k, v in times.items()},
    }


# ----------------------------------------------------------------------------- orchestration
def run_worker(mode: str, corpus: Path, out: Path, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        mode,
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--jobs",
        str(args.jobs),
        "--batch-size",
        str(args.batch_size),
    ]
    if args.model:
        command += ["--model", args.model]
    env = dict(os.environ)
    if mode == "relexicon":
        lexicon = out.parent / "benchmark_terms.tsv"
        lexicon.write_text(RELEXICON, encoding="utf-8")
        env["FRAMING_LOADED_TERMS_LEXICONS"] = str(lexicon)
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--per-story", type=int, default=5)
    parser.add_argument("--scales", default="1,2,4", help="corpus sizes as multiples of --stories")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="processes on both sides (default: what `framing analyze` picks here, one per CPU up to 4)",
    )
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=None)
    parser.add_argument("--modes", default=",".join(MODES), help=f"subset of {','.join(MODES)} (bare is always run)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds at the first scale (every mode but the re-runs once per round); keep each mode's fastest",
    )
    parser.add_argument("--profile", action="store_true", help="add a per-analyzer breakdown")
    parser.add_argument("--profile-articles", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpora and outputs here (kept)")
    # subprocess side
    parser.add_argument("--worker", choices=[*MODES, "profile"])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    if args.jobs is None:
        from framing.pipeline import default_jobs

        args.jobs = default_jobs()
    if args.worker:
        payload = profile(args) if args.worker == "profile" else measure(args)
        print(json.dumps(payload))
        return 0

    scales = [int(s) for s in args.scales.split(",")]
    modes = [m for m in MODES if m == "bare" or m in args.modes.split(",")]
    for later in ("relexicon", "cached"):
        if later in modes and "framing" not in modes:
            modes.insert(modes.index(later), "framing")
    with tempfile.TemporaryDirectory(prefix="framing-scale-") as tmp:
        base = args.keep or Path(tmp)
        figures: dict = {
            "corpus": f"{args.stories} stories x {args.per_story} articles (shuffled seed paragraphs) per 1x",
            "jobs": args.jobs,
            "batch_size": args.batch_size,
            "cpus": os.cpu_count(),
            "scales": {},
        }
        for scale in scales:
            corpus = base / f"corpus_{scale}x"
            n = build_corpus(args.seeds, corpus, args.stories * scale, args.per_story)
            out = base / f"out_{scale}x"
            row: dict = {"articles": n}
            repeats = args.repeat if scale == scales[0] else 1
            # Rounds: each repeated mode once per round, in turn, so that a machine that drifts
            # (other tenants, clock changes) drifts under every mode alike; then the re-runs,
            # into the last first run's folder.
            rounds: dict[str, list[dict]] = {mode: [] for mode in modes}
            repeated = [mode for mode in modes if mode not in ("cached", "relexicon")]
            order = [m for _ in range(repeats) for m in repeated] + [m for m in modes if m not in repeated]
            for mode in order:
                if mode == "framing" and out.exists():
                    shutil.rmtree(out)
                same_out = mode in ("framing", "cached", "relexicon")
                measured = run_worker(mode, corpus, out if same_out else base / mode, args)
                rounds[mode].append(measured)
                print(f"# {scale}x {mode}: {measured['seconds']} s", file=sys.stderr, flush=True)
            for mode in modes:
                row[mode] = min(rounds[mode], key=lambda m: m["seconds"])
            bare, cpu_bare = row["bare"]["seconds"], row["bare"]["cpu_seconds"]
            if repeats > 1:  # each round's ratio to the bare parse of the same round
                for mode in repeated[1:]:
                    paired = [m["seconds"] / b["seconds"] for m, b in zip(rounds[mode], rounds["bare"], strict=True)]
                    row[f"round_ratios_{mode}_to_bare"] = [round(r, 3) for r in paired]
                    row[f"median_round_ratio_{mode}_to_bare"] = round(statistics.median(paired), 3)
            for mode in modes[1:]:
                row[f"ratio_{mode}_to_bare"] = round(row[mode]["seconds"] / bare, 3)
                row[f"cpu_ratio_{mode}_to_bare"] = round(row[mode]["cpu_seconds"] / cpu_bare, 3)
            for later in ("cached", "relexicon"):
                if later in modes:
                    again, first_run = row[later], row["framing"]
                    row[f"ratio_{later}_to_first"] = round(again["seconds"] / first_run["seconds"], 3)
                    row[f"cpu_ratio_{later}_to_first"] = round(again["cpu_seconds"] / first_run["cpu_seconds"], 3)
            row["articles_per_second"] = {m: round(n / row[m]["seconds"], 2) for m in modes}
            if "framing" in modes:
                row["first_run_cache"] = row["framing"]["cache"]  # misses == articles: a cold parse
            figures["scales"][f"{scale}x"] = row
        first, last = f"{scales[0]}x", f"{scales[-1]}x"
        rows = figures["scales"]
        summary: dict = {}
        for key in rows[first]:
            if key.startswith(("ratio_", "cpu_ratio_", "median_round_ratio_")):
                summary[key] = {k: r[key] for k, r in rows.items() if key in r}  # rounds: the first scale only
        for mode in modes:
            summary[f"seconds_{mode}"] = {k: r[mode]["seconds"] for k, r in rows.items()}
            summary[f"peak_rss_mb_{mode}"] = {k: r[mode]["peak_rss_mb"] for k, r in rows.items()}
            summary[f"peak_memory_growth_{first}_to_{last}_{mode}"] = round(
                rows[last][mode]["peak_rss_mb"] / rows[first][mode]["peak_rss_mb"] - 1, 3
            )
            summary[f"time_growth_{first}_to_{last}_{mode}"] = round(
                rows[last][mode]["seconds"] / rows[first][mode]["seconds"], 2
            )
        for mode in ("framing", "cached", "relexicon"):
            if mode in modes:
                summary[f"stages_{mode}"] = {k: r[mode]["stages"] for k, r in rows.items()}
                summary[f"cache_{mode}"] = {k: r[mode]["cache"] for k, r in rows.items()}
        figures["summary"] = summary
        if args.profile:
            figures["profile"] = run_worker("profile", base / f"corpus_{scales[0]}x", base / "profile", args)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
