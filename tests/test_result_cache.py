"""The result cache: a re-run reuses analyzer, summary and comparison outputs, and only what a
change touches runs again; outputs are the same as without the cache."""

from __future__ import annotations

import json
from pathlib import Path

from framing.hookspecs import hookimpl
from framing.incremental import plan_article, step_fingerprints
from framing.models import AnalyzerOutput, AnalyzerSpec, ComparisonOutput, ComparisonSpec, Finding
from framing.pipeline import Engine, EngineConfig
from framing.plugins import PluginOptions, load_plugins
from framing.run import AnalyzeOptions, analyze_folder

# The cheap built-ins are enough to exercise every kind of step (analyzers, summaries, comparisons).
CHEAP = PluginOptions(entry_points=False, disable=("actor_sentiment", "actors", "omission"))


class CountingAnalyzer:
    """A third-party analyzer (no spaCy component) that counts the Docs it sees."""

    def __init__(self, version: str | None, fail_on: str | None = None):
        self.version, self.fail_on, self.calls = version, fail_on, 0

    def extract(self, doc) -> AnalyzerOutput:
        self.calls += 1
        if self.fail_on and self.fail_on in doc.text:
            raise RuntimeError("cannot read this one")
        first = doc[0]
        finding = Finding("", "", "first_word", first.idx, first.idx + len(first.text), first.text)
        return AnalyzerOutput(findings=[finding], metrics={"tokens": len(doc)})

    @hookimpl
    def framing_register_analyzers(self, register):
        register(AnalyzerSpec(name="counting", extract=self.extract, version=self.version))


def engine_with(cache_dir: Path, *plugins: object) -> Engine:
    host = load_plugins(CHEAP, extra=[(f"extra{i}", plugin) for i, plugin in enumerate(plugins)])
    return Engine(EngineConfig(cache_dir=str(cache_dir)), host=host)


def run(corpus: Path, out: Path, engine: Engine) -> dict:
    analyze_folder(AnalyzeOptions(corpus, out, jobs=1, report=False), engine=engine)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))["execution"]["cache"]


def outputs(out: Path) -> tuple[list[str], str]:
    findings = sorted((out / "findings.jsonl").read_text(encoding="utf-8").splitlines())
    return findings, (out / "articles.csv").read_text(encoding="utf-8")


def test_rerun_reuses_every_step_and_gives_the_same_outputs(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    first = run(small_corpus, tmp_path / "one", engine_with(cache))
    assert first["misses"] == 3 and first["steps_reused"] == 0 and first["steps_run"] > 0
    again = run(small_corpus, tmp_path / "two", engine_with(cache))
    assert again["misses"] == again["hits"] == 0, "nothing is parsed, not even read from the Doc cache"
    assert again["articles_reused"] == 3 and again["steps_run"] == 0
    assert again["stories_reused"] == 1 and again["stories_run"] == 0
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_a_new_version_reruns_only_that_analyzer(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    old = CountingAnalyzer(version="1")
    run(small_corpus, tmp_path / "one", engine_with(cache, old))
    assert old.calls == 3
    new = CountingAnalyzer(version="2")
    stats = run(small_corpus, tmp_path / "two", engine_with(cache, new))
    assert new.calls == 3
    assert stats["hits"] == 3, "the parse comes from the Doc cache"
    assert stats["steps_run"] == 3, "only the changed analyzer ran, once per article"
    assert stats["stories_run"] == 1, "the comparisons see new article results"
    host = load_plugins(CHEAP, extra=[("extra0", CountingAnalyzer(version="2"))])
    options = AnalyzeOptions(small_corpus, tmp_path / "nocache", jobs=1, report=False, cache=False)
    analyze_folder(options, engine=Engine(EngineConfig(), host=host))
    assert outputs(tmp_path / "two") == outputs(tmp_path / "nocache"), "a partly cached run = a fresh run"
    fresh = CountingAnalyzer(version="2")
    run(small_corpus, tmp_path / "three", engine_with(cache, fresh))
    assert fresh.calls == 0


def test_an_analyzer_without_version_always_runs_and_keeps_its_story_uncached(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    analyzer = CountingAnalyzer(version=None)
    run(small_corpus, tmp_path / "one", engine_with(cache, analyzer))
    stats = run(small_corpus, tmp_path / "two", engine_with(cache, analyzer))
    assert analyzer.calls == 6
    assert stats["steps_run"] == 3 and stats["articles_reused"] == 0
    assert stats["stories_reused"] == 0 and stats["stories_run"] == 1
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_failures_are_not_cached(small_corpus, seed_texts, tmp_path):
    cache = tmp_path / "cache"
    marker = next(iter(seed_texts.values()))[:30]
    for out in ("one", "two"):
        analyzer = CountingAnalyzer(version="1", fail_on=marker)
        analyze_folder(
            AnalyzeOptions(small_corpus, tmp_path / out, jobs=1, report=False), engine=engine_with(cache, analyzer)
        )
        errors = [json.loads(line) for line in (tmp_path / out / "findings.jsonl").read_text("utf-8").splitlines()]
        assert [e["analyzer"] for e in errors if e["kind"] == "error"] == ["counting"]
    assert analyzer.calls == 1, "the second run retried only the article that failed"


def test_unreadable_result_file_is_a_miss(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    run(small_corpus, tmp_path / "one", engine_with(cache))
    for path in (cache / "results-v1").rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    stats = run(small_corpus, tmp_path / "two", engine_with(cache))
    assert stats["articles_reused"] == 0 and stats["hits"] == 3 and stats["write_errors"] == 0
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def _spec(name: str, after: tuple[str, ...] = (), version: str | None = "1") -> AnalyzerSpec:
    return AnalyzerSpec(name=name, extract=lambda doc: AnalyzerOutput(), after=after, version=version)


def test_plan_runs_what_changed_and_what_it_reads():
    analyzers = [_spec("quotes"), _spec("terms", after=("quotes",)), _spec("hedges")]
    summary = ComparisonSpec(
        name="groups", compare=lambda story, earlier: ComparisonOutput(), summarize=dict, version="1", reads=("quotes",)
    )
    prints = step_fingerprints(analyzers, [summary], {})
    stored = {step: (fingerprint, "output") for step, fingerprint in prints.items()}
    assert plan_article(analyzers, [summary], prints, stored).needs_doc is False
    changed = dict(prints, **{"analyzer:terms": "new"})
    plan = plan_article(analyzers, [summary], changed, stored)
    assert plan.run_analyzers == {"terms", "quotes"}, "terms reads the quotes from the Doc"
    assert plan.run_summaries == frozenset()
    stale_summary = dict(prints, **{"summary:groups": "new"})
    plan = plan_article(analyzers, [summary], stale_summary, stored)
    assert plan.run_analyzers == {"quotes"} and plan.run_summaries == {"groups"}


def test_fingerprints_follow_versions_config_and_dependencies():
    base = step_fingerprints([_spec("quotes"), _spec("terms", after=("quotes",))], [], {})
    bumped = step_fingerprints([_spec("quotes", version="2"), _spec("terms", after=("quotes",))], [], {})
    assert base["analyzer:quotes"] != bumped["analyzer:quotes"]
    assert base["analyzer:terms"] != bumped["analyzer:terms"], "a dependency's change reaches its dependents"
    unversioned = step_fingerprints([_spec("quotes", version=None), _spec("terms", after=("quotes",))], [], {})
    assert unversioned["analyzer:quotes"] is None and unversioned["analyzer:terms"] is None


def test_builtin_specs_are_versioned_by_the_package():
    from framing.fingerprint import builtin_version

    host = load_plugins(PluginOptions(entry_points=False))
    assert {spec.version for spec in host.analyzers} == {builtin_version()}
    assert {spec.version for spec in host.comparisons} == {builtin_version()}
    assert {spec.version for spec in host.charts} == {builtin_version()}
    extra = load_plugins(PluginOptions(entry_points=False), extra=[("mine", CountingAnalyzer(version=None))])
    assert extra.analyzers.get("counting").version is None


def test_a_user_lexicon_reruns_only_loaded_terms_and_what_it_reads(small_corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    run(small_corpus, tmp_path / "one", engine_with(cache))
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("# pattern\tcategory\tpolarity\tintensity\tsource\ncrackdown\tmine\tneg\t1\ttest\n", "utf-8")
    monkeypatch.setenv("FRAMING_LOADED_TERMS_LEXICONS", str(lexicon))
    stats = run(small_corpus, tmp_path / "two", engine_with(cache))
    assert stats["hits"] == 3, "the parses come from the cache"
    assert stats["steps_run"] == 6, "loaded_terms, and attribution whose quotes it reads from the Doc"
    assert stats["stories_run"] == 1
    fresh = tmp_path / "nocache"
    analyze_folder(
        AnalyzeOptions(small_corpus, fresh, jobs=1, report=False, cache=False), engine=engine_with(tmp_path / "x")
    )
    assert outputs(tmp_path / "two") == outputs(fresh)


def test_new_omission_settings_rerun_omission_only(small_corpus, tmp_path, monkeypatch):
    options = PluginOptions(entry_points=False, disable=("actor_sentiment",))
    cache = tmp_path / "cache"

    def engine() -> Engine:
        return Engine(EngineConfig(cache_dir=str(cache)), host=load_plugins(options))

    run(small_corpus, tmp_path / "one", engine())
    monkeypatch.setenv("FRAMING_OMISSION_THRESHOLD", "0.9")
    stats = run(small_corpus, tmp_path / "two", engine())
    # the settings are part of the omission steps' fingerprint: its summaries (which read only the
    # parse, so no analyzer runs again) and its comparison
    assert stats["steps_run"] == 3 and stats["hits"] == 3
    assert stats["stories_reused"] == 0 and stats["stories_run"] == 1
