"""Scale: lazy reading, bounded memory (compact results, spilled stories), --jobs, default jobs.

These tests use a blank English pipeline and a tiny plugin, so they run in a second or two;
timed runs live in benchmarks/scale.py.
"""

from __future__ import annotations

import csv
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import spacy

from framing.models import Article, ArticleMeta, ArticleResult, Finding
from framing.output import read_findings
from framing.pipeline import Engine, EngineConfig, analyze_articles, batched, default_jobs
from framing.plugins import PluginOptions
from framing.run import AnalyzeOptions, CompactArticleResult, ResultStore, analyze_folder

BUILTINS = ("attribution", "hedging", "loaded_terms", "actor_sentiment", "actors", "labels", "sources", "omission")

PLUGIN = textwrap.dedent(
    """
    from framing import hookimpl
    from framing.models import AnalyzerOutput, AnalyzerSpec, ComparisonOutput, ComparisonSpec, Finding


    def capitals(doc):
        found = [Finding("", "", "capital", t.idx, t.idx + len(t.text), t.text) for t in doc if t.text[:1].isupper()]
        return AnalyzerOutput(findings=found, metrics={"capitals": len(found)}, summary={"n": len(found)})


    def compare(story, earlier):
        first = story.articles[0].article.id
        attrs = {
            "articles": len(story.articles),
            "texts": all(bool(r.text) for r in story.articles),
            "findings": sum(len(r.findings) for r in story.articles),
            "summaries": sum(r.summaries["capitals"]["n"] for r in story.articles),
        }
        return ComparisonOutput(findings=[Finding(first, "", "story_size", None, None, story.id, attrs=attrs)])


    @hookimpl
    def framing_register_analyzers(register):
        register(AnalyzerSpec(name="capitals", extract=capitals))


    @hookimpl
    def framing_register_comparisons(register):
        register(ComparisonSpec(name="story_size", compare=compare))
    """
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    plugin = tmp_path_factory.mktemp("plugin") / "scale_test_plugin.py"
    plugin.write_text(PLUGIN, encoding="utf-8")
    config = EngineConfig(plugins=PluginOptions(disable=BUILTINS, modules=(str(plugin),)), batch_size=2)
    return Engine(config, nlp=spacy.blank("en"))


def make_articles(n: int) -> list[Article]:
    return [
        Article(id=f"a{i:03d}", text=f"Article {i} says Alice met Bob in Paris on Monday.", story=f"s{i % 3}")
        for i in range(n)
    ]


def test_parallel_results_equal_serial_results_in_order(engine):
    articles = make_articles(9)
    serial = list(analyze_articles(engine, articles, jobs=1))
    parallel = list(analyze_articles(engine, articles, jobs=2))
    assert [r.article.id for r in parallel] == [a.id for a in articles]
    assert [r.findings for r in parallel] == [r.findings for r in serial]
    assert serial[0].findings and serial[0].metrics["capitals"]["capitals"] == 5


@pytest.mark.parametrize(("jobs", "most"), [(1, 2), (2, 12)])  # 2 workers: plus a reserve of 2 * 2 batches
def test_articles_are_read_lazily(engine, jobs, most):
    pulled = 0

    def source():
        nonlocal pulled
        for article in make_articles(40):
            pulled += 1
            yield article

    stream = analyze_articles(engine, source(), jobs=jobs, window=2)
    next(stream)
    assert pulled <= most, "only a window of batches is read ahead, not the whole corpus"
    assert len(list(stream)) == 39


def _result(i: int, story: str) -> ArticleResult:
    finding = Finding(f"a{i}", "x", "k", 0, 1, "T")
    meta = ArticleMeta(id=f"a{i}", story=story)
    return ArticleResult(meta, findings=(finding,), metrics={"x": {"m": i}}, summaries={"x": {"i": i}}, text="T")


def test_result_store_keeps_a_few_whole_and_spills_the_rest(tmp_path):
    with ResultStore(tmp_path, keep=2) as store:
        for i in range(5):
            store.add(_result(i, "even" if i % 2 == 0 else "odd"))
        assert [type(r) for r in store.results] == [ArticleResult] * 2 + [CompactArticleResult] * 3
        assert store.results[4].finding_count == 1 and store.results[4].finding_counts == {"x": 1}
        assert store.results[4].metrics == {"x": {"m": 4}}
        assert not store.results[4].text and not store.results[4].findings
        stories = list(store.stories())
        full, kept = stories[0]
        assert full.id == "even" and [r.article.id for r in full.articles] == ["a0", "a2", "a4"]
        assert all(r.text == "T" and r.findings and r.summaries for r in full.articles)
        assert isinstance(kept.articles[2], CompactArticleResult)
        assert len(list(tmp_path.iterdir())) == 1  # the spill file, inside the output folder
    assert not list(tmp_path.iterdir()), "the spill file is removed"


def test_result_store_keeps_only_the_detailed_stories_whole(tmp_path):
    with ResultStore(tmp_path, keep=10, keep_stories=1) as store:
        for i in range(4):
            store.add(_result(i, "first" if i in (0, 3) else "second"))
        assert [type(r).__name__ for r in store.results] == [
            "ArticleResult",
            "CompactArticleResult",
            "CompactArticleResult",
            "ArticleResult",
        ]
        full = {story.id: story for story, _ in store.stories()}
        assert all(r.findings for r in full["second"].articles), "comparisons still see whole results"


def test_analyze_folder_streams_with_compact_results(engine, tmp_path):
    corpus = tmp_path / "corpus"
    for story in ("one", "two"):
        (corpus / story).mkdir(parents=True)
        for i in range(4):
            (corpus / story / f"{i}.txt").write_text(f"Title {i}\n\nAlice told Bob about {story} {i}.", "utf-8")
    out = tmp_path / "out"
    options = AnalyzeOptions(corpus, out, report=False, report_articles=3, jobs=2, cache=False)
    run = analyze_folder(options, engine=engine)
    assert len(run.articles) == 8 and sum(isinstance(r, CompactArticleResult) for r in run.articles) == 5
    findings = read_findings(out / "findings.jsonl")
    assert sum(f["kind"] == "capital" for f in findings) == sum(
        r.finding_count if isinstance(r, CompactArticleResult) else len(r.findings) for r in run.articles
    )
    sizes = {f["text"]: f["attrs"] for f in findings if f["kind"] == "story_size"}
    assert sizes.keys() == {"one", "two"}
    for attrs in sizes.values():  # comparisons saw every article whole, spilled or not
        assert attrs["articles"] == 4 and attrs["texts"] and attrs["findings"] > 0 and attrs["summaries"] > 0
    assert run.provenance["counts"]["findings"] == len(findings)
    whole, compacted = run.stories  # story "two" has only compact articles: its outputs keep metrics only
    assert whole.comparisons["story_size"].findings and not compacted.comparisons["story_size"].findings
    with (out / "articles.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8 and all(row["capitals.capitals"] for row in rows)
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv", "findings.jsonl", "problems.csv", "run.json"]
    execution = json.loads((out / "run.json").read_text("utf-8"))["execution"]
    assert execution["jobs"] == 2 and execution["cache"] is None


def test_stories_compared_by_workers_give_the_same_outputs_and_counts(engine, tmp_path):
    corpus = tmp_path / "corpus"
    for story in ("one", "two", "three"):
        (corpus / story).mkdir(parents=True)
        for i in range(3):
            (corpus / story / f"{i}.txt").write_text(f"Title {i}\n\nAlice told Bob about {story} {i}.", "utf-8")
    cached = Engine(replace(engine.config, cache_dir=str(tmp_path / "cache")), nlp=engine.nlp)
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        run = analyze_folder(AnalyzeOptions(corpus, out, report=False, report_articles=4, jobs=jobs), engine=cached)
        outputs[jobs] = (
            (out / "findings.jsonl").read_bytes(),
            (out / "articles.csv").read_bytes(),
            [(story.story.id, [r.article.id for r in story.story.articles]) for story in run.stories],
            json.loads((out / "run.json").read_text("utf-8"))["execution"]["cache"],
        )
    assert outputs[1][:3] == outputs[2][:3]
    serial, parallel = outputs[1][3], outputs[2][3]
    assert serial["misses"] == parallel["hits"] == 9, "the second run read every parse back"
    # the test plugin's comparison has no version, so it runs every time: 3 stories, counted in the workers
    assert serial["stories_run"] == parallel["stories_run"] == 3


def test_batches_shrink_at_the_end_so_workers_finish_together():
    sizes = [len(batch) for batch in batched(range(200), 16, workers=2)]
    assert sizes == [16] * 9 + [14, 11, 8, 6, 5, 3, 3, 2, 1, 1, 1, 1]
    assert [x for batch in batched(range(200), 16, workers=2) for x in batch] == list(range(200))
    assert [len(batch) for batch in batched(range(40), 16)] == [16, 16, 8]  # one process: as they come
    assert [len(batch) for batch in batched(range(3), 16, workers=4)] == [1, 1, 1]
    assert list(batched([], 16, workers=2)) == []


def test_default_jobs():
    assert default_jobs(articles=5, batch_size=16) == 1
    assert 1 <= default_jobs(articles=10_000) <= 4


@pytest.mark.slow
def test_benchmark_engine_overhead_is_small(tmp_path):
    """Opt-in (`-m slow`): framing's machinery without analyzers costs at most 1.25x the bare parse."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    result = tmp_path / "scale.json"
    command = [sys.executable, str(root / "benchmarks" / "scale.py"), "--stories", "4", "--scales", "1"]
    command += ["--jobs", "1", "--modes", "engine_only", "--json", str(result)]
    subprocess.run(command, check=True, capture_output=True, cwd=root)
    figures = json.loads(result.read_text("utf-8"))
    assert figures["scales"]["1x"]["cpu_ratio_engine_only_to_bare"] <= 1.25


def test_benchmark_corpus_texts_are_all_distinct(tmp_path, benchmark_module):
    """The scale benchmark compares framing with a bare parse of the same texts: a repeated text
    would be served from framing's cache and flatter the ratio."""
    from framing.loaders import load_directory
    from framing.plugins import load_plugins

    root = Path(__file__).resolve().parents[1]
    scale = benchmark_module("scale")
    count = scale.build_corpus(root / "seeds", tmp_path, stories=10, per_story=5)
    host = load_plugins(PluginOptions())
    articles = [a for a in load_directory(tmp_path, host.loaders) if isinstance(a, Article)]
    assert count == len(articles) == 50
    assert len({a.analysis_text for a in articles}) == 50
    # the seeds' trailing furniture stays at the end, where the loader trims it
    with_comments = [a for a in articles if "Comments are moderated" in a.text]
    assert with_comments and not any("Comments are moderated" in a.analysis_text for a in with_comments)


@pytest.mark.parametrize("interleaved", [False, True], ids=["stories-together", "story-0-continues-later"])
def test_first_story_compared_early_gives_the_same_outputs(engine, tmp_path, monkeypatch, interleaved):
    """With workers, the first story is compared while the others are parsed; if it gets another
    article later (front matter puts stories in any order), it is compared again."""
    import framing.run as run_module

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stories = ["s0", "s0", "s1", "s1", "s0" if interleaved else "s2", "s2", "s2"]
    for i, story in enumerate(stories):
        text = f"---\nstory: {story}\n---\nTitle {i}\n\nAlice told Bob about {story} in Paris {i}."
        (corpus / f"{i:02d}.md").write_text(text, "utf-8")
    compared = []  # (story, articles read so far) per comparison run in this process
    original = run_module.compare_one

    def compare_one(e, store, index):
        compared.append((index, len(store.results)))
        return original(e, store, index)

    monkeypatch.setattr(run_module, "compare_one", compare_one)
    outputs = {}
    for jobs in (1, 2):
        compared.clear()
        out = tmp_path / f"out{jobs}"
        run = analyze_folder(AnalyzeOptions(corpus, out, report=False, jobs=jobs, cache=False), engine=engine)
        outputs[jobs] = ((out / "findings.jsonl").read_bytes(), list(compared))
        assert [len(story.story.articles) for story in run.stories] == ([3, 2, 2] if interleaved else [2, 2, 3])
    assert outputs[1][0] == outputs[2][0]
    assert outputs[1][1] == [(0, 7), (1, 7), (2, 7)], "one process: each story compared once, at the end"
    # two workers: story 0 when story 1's first article arrived (the other stories in the workers),
    # and once more at the end only when it got another article since
    assert outputs[2][1] == ([(0, 3), (0, 7)] if interleaved else [(0, 3)])
    sizes = {f["text"]: f["attrs"]["articles"] for f in read_findings(tmp_path / "out2" / "findings.jsonl")
             if f["kind"] == "story_size"}  # fmt: skip
    assert sizes == {"s0": 3 if interleaved else 2, "s1": 2, "s2": 2 if interleaved else 3}
    # with a cache, a story compared twice (early, then again) is counted once
    cached = Engine(replace(engine.config, cache_dir=str(tmp_path / "cache")), nlp=engine.nlp)
    analyze_folder(AnalyzeOptions(corpus, tmp_path / "cached", report=False, jobs=2), engine=cached)
    counts = json.loads((tmp_path / "cached" / "run.json").read_text("utf-8"))["execution"]["cache"]
    assert counts["stories_run"] == 3 and counts["misses"] == 7
