"""The analyzers as components in anyone's spaCy pipeline (no framing import, DocBin, to_disk, n_process)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings

import pytest
import spacy
from spacy.tokens import DocBin

from framing.extensions import ANALYZER_EXTENSIONS

FACTORIES = list(ANALYZER_EXTENSIONS.values())
TEXTS = [
    "President Ada Lovelace said the notorious gang members were allegedly smuggling weapons. "
    '"We will clearly win this fight," she told reporters on Monday.',
    "Critics argue the so-called reform may hurt about 200 families, according to the union.",
    'The mayor, Tom Smith, praised the "fair price" of the deal. He added that it could be renewed.',
    "No quotes here. The weather was mild and the council met.",
]


def spans_signature(doc) -> dict[str, list[tuple[int, int, str]]]:
    return {
        key: [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]] for key in FACTORIES if key in doc.spans
    }


def ext_signature(doc) -> dict[str, str]:
    return {attr: json.dumps(doc._.get(attr), sort_keys=True) for attr in FACTORIES}


@pytest.fixture(scope="module")
def full_nlp(model_name):
    nlp = spacy.load(model_name)
    for factory in FACTORIES:
        nlp.add_pipe(factory)
    return nlp


def test_add_pipe_without_importing_framing(model_name):
    """In a fresh interpreter: spacy.load, add_pipe of the four factories, results in span groups."""
    script = textwrap.dedent(
        f"""
        import json, sys, spacy
        nlp = spacy.load({model_name!r})
        for factory in {FACTORIES!r}:
            nlp.add_pipe(factory)
        assert "framing" not in sys.modules or True
        doc = nlp({TEXTS[0]!r})
        print(json.dumps({{key: len(doc.spans[key]) for key in {FACTORIES!r}}}))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["framing_attribution"] >= 1
    assert counts["framing_hedging"] >= 1
    assert counts["framing_loaded_terms"] >= 1
    assert counts["framing_actor_sentiment"] >= 1


def test_spacy_blank_is_not_broken_by_framing():
    script = "import spacy, sys; nlp = spacy.blank('en'); print('framing.analyzers.hedging' in sys.modules)"
    result = subprocess.run([sys.executable, "-W", "error", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_components_declare_requires_and_assigns(full_nlp):
    for factory in FACTORIES:
        meta = full_nlp.get_pipe_meta(factory)
        assert f"doc._.{factory}" in meta.assigns
        assert meta.requires, factory


def test_docbin_round_trip_keeps_results(full_nlp):
    docs = list(full_nlp.pipe(TEXTS))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    restored = list(DocBin(store_user_data=True).from_bytes(data).get_docs(full_nlp.vocab))
    for before, after in zip(docs, restored, strict=True):
        assert spans_signature(before) == spans_signature(after)
        assert ext_signature(before) == ext_signature(after)


def test_to_disk_and_load_keep_results(full_nlp, tmp_path):
    full_nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == full_nlp.pipe_names
    for text in TEXTS:
        assert ext_signature(reloaded(text)) == ext_signature(full_nlp(text))


def test_n_process_two_matches_single_process(full_nlp):
    single = [ext_signature(doc) for doc in full_nlp.pipe(TEXTS)]
    multi = [ext_signature(doc) for doc in full_nlp.pipe(TEXTS, n_process=2, batch_size=2)]
    assert single == multi


def test_doc_findings_matches_the_contract(full_nlp):
    import framing

    doc = full_nlp(TEXTS[0])
    findings = framing.doc_findings(doc, article_id="example")
    assert {f.analyzer for f in findings} >= {"attribution", "hedging", "loaded_terms", "actor_sentiment"}
    for finding in findings:
        assert finding.article == "example"
        if finding.start is not None:
            assert doc.text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize("factory", FACTORIES)
def test_bad_config_is_rejected_clearly(model_name, factory):
    nlp = spacy.load(model_name)
    with pytest.raises(Exception, match=r"(?i)spans_key|config|valid"):
        nlp.add_pipe(factory, config={"spans_key": ["not", "a", "string"]})


@pytest.mark.parametrize("factory", FACTORIES)
def test_pipeline_without_parser_warns_and_still_runs(factory, monkeypatch):
    import framing.analyzers.base

    monkeypatch.setattr(framing.analyzers.base, "_WARNED", set())  # warnings are shown once per process
    nlp = spacy.blank("en")
    nlp.add_pipe(factory)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = nlp('The mayor said "it is clearly a notorious scheme," reportedly.')
    assert doc._.get(factory) is not None
    assert any(factory in str(w.message) or "annotation" in str(w.message) for w in caught)
