"""The parsed-Doc cache: same annotations back, keyed by pipeline, atomic, used by `framing analyze`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from framing.cache import DocCache, doc_bin_bytes, pipeline_key, text_hash
from framing.cli import cli
from framing.pipeline import Engine, EngineConfig
from framing.run import AnalyzeOptions, analyze_folder

ATTRS = ("text", "whitespace_", "tag_", "pos_", "dep_", "lemma_", "ent_iob_", "ent_type_", "is_sent_start")


def annotations(doc):
    tokens = [(*(getattr(t, a) for a in ATTRS), t.head.i, str(t.morph)) for t in doc]
    return tokens, [(e.start_char, e.end_char, e.label_) for e in doc.ents], [s.text for s in doc.sents]


def test_cached_doc_has_the_same_annotations(nlp_base, seed_texts, tmp_path):
    text = next(iter(seed_texts.values()))
    doc = nlp_base(text)
    cache = DocCache(tmp_path, nlp_base, nlp_base.pipe_names)
    assert cache.get(text) is None
    assert cache.put(text, doc)
    again = cache.get(text)
    assert again is not None and annotations(again) == annotations(doc)
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert cache.path(text).name == f"{text_hash(text)}.spacy"
    assert not list(tmp_path.rglob(".tmp-*")), "temporary files are renamed into place"


def test_doc_bin_bytes_hold_what_docbin_writes(nlp_base, seed_texts):
    import zlib

    from spacy.tokens import DocBin, Span

    docs = [nlp_base(text) for text in seed_texts.values()]
    docs += [nlp_base(""), nlp_base("  Odd   spacing\n\n and a tab\t.")]
    docs[-1].cats = {"odd": 1.0}
    with_spans = nlp_base("Alice met Bob in Paris.")
    with_spans.spans["people"] = [Span(with_spans, 0, 1, label="PERSON")]
    for doc in [*docs, with_spans]:
        expected = DocBin(docs=[doc], store_user_data=False).to_bytes()
        assert zlib.decompress(doc_bin_bytes(doc)) == zlib.decompress(expected)
        (back,) = DocBin().from_bytes(doc_bin_bytes(doc)).get_docs(nlp_base.vocab)
        assert annotations(back) == annotations(doc) and back.cats == doc.cats


def test_a_cache_folder_framing_creates_is_git_ignored(nlp_base, tmp_path):
    cache = DocCache(tmp_path / "new", nlp_base, nlp_base.pipe_names)
    cache.put("Text.", nlp_base("Text."))
    assert (tmp_path / "new" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (tmp_path / "new" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    existing = tmp_path / "mine"
    existing.mkdir()
    DocCache(existing, nlp_base, nlp_base.pipe_names).put("Text.", nlp_base("Text."))
    assert not (existing / ".gitignore").exists(), "a folder the user made is left as it is"


def test_key_depends_on_the_base_pipeline_only(model_name, nlp_base):
    key = pipeline_key(nlp_base, nlp_base.pipe_names)
    other = spacy.load(model_name, exclude=["ner"])
    assert pipeline_key(other, other.pipe_names) != key
    with_component = spacy.load(model_name)
    with_component.add_pipe("sentencizer", name="framing_extra")
    base = [name for name in with_component.pipe_names if name != "framing_extra"]
    assert pipeline_key(with_component, base) == key


def test_unreadable_or_foreign_entries_are_misses(nlp_base, tmp_path):
    cache = DocCache(tmp_path, nlp_base, nlp_base.pipe_names)
    path = cache.path("Some text.")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"truncated garbage")
    assert cache.get("Some text.") is None
    cache.put("Some text.", nlp_base("Some text."))
    assert cache.get("Some text.").text == "Some text."
    # a file holding another text (collision, tampering) is not returned
    path.write_bytes(cache.path("Other.").read_bytes() if cache.put("Other.", nlp_base("Other.")) else b"")
    assert cache.get("Some text.") is None


def test_unwritable_cache_is_not_an_error(nlp_base, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = DocCache(blocker, nlp_base, nlp_base.pipe_names)
    assert cache.put("Text.", nlp_base("Text.")) is False
    assert cache.stats.write_errors == 1


def cache_stats(out: Path) -> dict:
    """The Doc-cache counts of a run (the result cache's counts are tested in test_result_cache.py)."""
    stats = json.loads((out / "run.json").read_text(encoding="utf-8"))["execution"]["cache"]
    return {name: stats[name] for name in ("hits", "misses", "write_errors")}


@pytest.fixture(scope="module")
def engine(small_corpus, tmp_path_factory):
    return Engine(EngineConfig(cache_dir=str(tmp_path_factory.mktemp("cache"))))


def test_rerun_reads_the_cache_and_gives_the_same_findings(engine, small_corpus, tmp_path):
    first = analyze_folder(AnalyzeOptions(small_corpus, tmp_path / "one", report=False, jobs=1), engine=engine)
    assert cache_stats(tmp_path / "one") == {"hits": 0, "misses": 3, "write_errors": 0}
    shutil.rmtree(Path(engine.config.cache_dir) / "results-v1")  # so that the analyzers need the Docs again
    analyze_folder(AnalyzeOptions(small_corpus, tmp_path / "two", report=False, jobs=1), engine=engine)
    assert cache_stats(tmp_path / "two") == {"hits": 3, "misses": 0, "write_errors": 0}
    lines = [sorted((tmp_path / name / "findings.jsonl").read_text("utf-8").splitlines()) for name in ("one", "two")]
    assert lines[0] == lines[1] and lines[0]
    assert first.provenance["counts"]["findings"] == len(lines[0])


def test_cli_cache_location_and_no_cache(small_corpus, tmp_path, model_name):
    runner = CliRunner()
    base = [
        "analyze",
        str(small_corpus),
        "--model",
        model_name,
        "--no-report",
        "-q",
        "--disable",
        "actors,labels,sources,omission",
    ]
    out = tmp_path / "out"
    result = runner.invoke(cli, [*base, "--out", str(out)])
    assert result.exit_code in (0, 3), result.output
    assert len(list((out / ".cache").rglob("*.spacy"))) == 3, "the default cache is inside OUT"
    shared = tmp_path / "shared-cache"
    runner.invoke(cli, [*base, "--out", str(tmp_path / "out2"), "--cache-dir", str(shared)])
    assert len(list(shared.rglob("*.spacy"))) == 3
    assert not (tmp_path / "out2" / ".cache").exists()
    runner.invoke(cli, [*base, "--out", str(tmp_path / "out3"), "--no-cache"])
    assert not (tmp_path / "out3" / ".cache").exists()
    assert (tmp_path / "out3" / "findings.jsonl").exists()
