"""The Dask executor gives the same findings.jsonl (as a set of lines) as a local run.

Uses an in-process LocalCluster (one worker thread), so it takes seconds; skipped when the
optional extra (``pip install 'framing-toolkit[dask]'``) is not installed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

from framing.errors import FramingError  # noqa: E402
from framing.pipeline import Engine, EngineConfig  # noqa: E402
from framing.plugins import PluginOptions  # noqa: E402
from framing.run import AnalyzeOptions, analyze_folder  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_texts) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for story in ("a", "b"):
        (folder / story).mkdir()
        for name, text in list(seed_texts.items())[:2]:
            (folder / story / f"{name}.txt").write_text(text[:1200], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        yield cluster


def local_and_dask_options(
    corpus: Path, tmp_path: Path, scheduler: str, **extra
) -> tuple[AnalyzeOptions, AnalyzeOptions]:
    """The same run, in batches of 2 without report or cache, in one process (into ``tmp_path/local``)
    and on the Dask cluster at ``scheduler`` (into ``tmp_path/dask``)."""
    common = {"report": False, "cache": False, "batch_size": 2, **extra}
    local = AnalyzeOptions(corpus, tmp_path / "local", jobs=1, **common)
    return local, AnalyzeOptions(corpus, tmp_path / "dask", executor="dask", scheduler=scheduler, **common)


def test_dask_findings_equal_local_findings(corpus, cluster, tmp_path):
    engine = Engine(EngineConfig(batch_size=2))
    local, remote = local_and_dask_options(corpus, tmp_path, cluster.scheduler_address)
    analyze_folder(local, engine=engine)
    analyze_folder(remote, engine=engine)  # the driver's engine; the worker builds its own from the config
    lines = [set((tmp_path / name / "findings.jsonl").read_text("utf-8").splitlines()) for name in ("local", "dask")]
    assert lines[0] and lines[0] == lines[1]
    kinds = {json.loads(line)["kind"] for line in lines[0]}
    assert "error" not in kinds
    run = json.loads((tmp_path / "dask" / "run.json").read_text("utf-8"))
    assert run["execution"]["executor"] == "dask" and run["counts"]["articles"] == 4


def test_unreachable_scheduler_is_one_line_error(corpus, tmp_path, monkeypatch):
    from framing import dask_runner

    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT", "1s")
    options = AnalyzeOptions(
        corpus, tmp_path / "out", report=False, cache=False, executor="dask", scheduler="tcp://127.0.0.1:1"
    )
    with pytest.raises(FramingError, match="cannot connect to the Dask scheduler"):
        analyze_folder(options)


def test_an_article_that_kills_every_dask_worker_loses_only_itself(killer_plugin, tmp_path):
    import dask

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        poison = " POISON." if i == 1 else ""
        (corpus / f"a{i}.txt").write_text(f"Story {i} from Berlin.{poison} The Minister spoke.\n", encoding="utf-8")
    plugins = PluginOptions(modules=(str(killer_plugin),), disable=("omission", "labels"))
    # worker processes (they can die), each task tried once: a dead worker's task is a KilledWorker
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as cluster,
    ):
        local, remote = local_and_dask_options(corpus, tmp_path, cluster.scheduler_address, plugins=plugins)
        analyze_folder(local)  # in this process the analyzer never kills
        result = analyze_folder(remote)
    lines = {name: (tmp_path / name / "findings.jsonl").read_text("utf-8").splitlines() for name in ("local", "dask")}
    lost = [json.loads(line) for line in lines["dask"] if json.loads(line)["article"] == "a1"]
    assert [(f["kind"], f["analyzer"]) for f in lost] == [("error", "worker")]
    assert [e.article for e in result.errors] == ["a1"]
    others = [{line for line in lines[name] if json.loads(line)["article"] != "a1"} for name in ("local", "dask")]
    assert others[0] == others[1]  # a0, the article batched with it, included
