"""The per-article stage on a Dask cluster: ``framing analyze DIR --out OUT --executor dask``.

Needs the optional extra: ``pip install 'framing-toolkit[dask]'`` (``dask[bag]`` and ``distributed``).

How it runs:

- The driver (the ``framing analyze`` process) reads the articles lazily, groups them in batches
  of ``--batch-size`` and submits each batch as a task; at most ``2 x workers`` batches are in
  flight, so the driver's memory is bounded by the batch size, as in a local run.
- Each Dask worker process builds one :class:`~framing.pipeline.Engine` from the picklable
  :class:`~framing.pipeline.EngineConfig` (model name, plugin options, cache folder) the first
  time it gets a batch, and keeps it for the next ones. The task returns compact
  :class:`~framing.models.ArticleResult` objects (findings, metrics, summaries; no Docs).
- A batch whose workers all died (Dask retries a task on other workers first: ``KilledWorker``)
  is run again article by article, as in a local run; an article that still kills its worker
  becomes one ``error`` finding (:func:`framing.pipeline.lost_article`). Any other failure of
  the cluster stops the run with a one-line error.
- Results come back in submission order; the driver writes ``findings.jsonl`` as they arrive and
  runs the corpus-level comparisons and the report exactly as in a local run, so the findings are
  the same lines as with ``--executor local``.

Without ``--scheduler`` a :class:`distributed.LocalCluster` with ``--jobs`` single-threaded worker
processes is started for the run and closed at the end. With ``--scheduler tcp://host:8786`` the
run uses an existing cluster: every worker needs framing, the model and any ``-p``/``--plugins-dir``
plugin at the same path, and the parse cache is used only if its folder is reachable from the
workers at the same path (a shared file system; otherwise workers skip it: cache errors are misses).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from framing.cache import CacheStats
from framing.errors import FramingError
from framing.models import Article, ArticleResult
from framing.parallel import LOST, Lost
from framing.pipeline import Engine, EngineConfig, batched, one_by_one

CONNECT_TIMEOUT = "30s"
INSTALL_HINT = "the Dask executor needs dask and distributed: pip install 'framing-toolkit[dask]'"

_ENGINES: dict[EngineConfig, Engine] = {}
_ENGINE_LOCKS: dict[EngineConfig, threading.Lock] = {}
_GUARD = threading.Lock()


def worker_engine(config: EngineConfig) -> tuple[Engine, threading.Lock]:
    """The engine for ``config`` in this worker process (built once), and its lock."""
    with _GUARD:
        engine = _ENGINES.get(config)
        if engine is None:
            engine = _ENGINES[config] = Engine(config)
            _ENGINE_LOCKS[config] = threading.Lock()
        return engine, _ENGINE_LOCKS[config]


def analyze_batch_task(config: EngineConfig, articles: list[Article]) -> tuple[list[ArticleResult], CacheStats]:
    """The Dask task: analyse one batch on a worker (one batch at a time per engine)."""
    engine, lock = worker_engine(config)
    with lock:
        results = engine.analyze_batch(articles)
        return results, engine.take_cache_stats()


@contextlib.contextmanager
def dask_client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    """A client for ``scheduler``, or for a local cluster of ``jobs`` worker processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise FramingError(INSTALL_HINT) from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except Exception as exc:
            raise FramingError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=max(1, jobs),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def analyze_articles_dask(
    engine: Engine,
    articles: Iterable[Article],
    scheduler: str | None = None,
    jobs: int = 1,
    window: int | None = None,
) -> Iterator[ArticleResult]:
    """Like :func:`framing.pipeline.analyze_articles`, with the batches run on Dask workers.

    ``engine`` is the driver's engine: its :attr:`~framing.pipeline.Engine.config` is sent to the
    workers, and the cache hits/misses they report are added to its cache statistics.
    """
    config = engine.config
    with dask_client(scheduler, jobs) as client:  # (a one-line error if distributed is missing)
        from distributed import KilledWorker

        workers = len(client.scheduler_info().get("workers", {})) or max(1, jobs)
        window = max(1, window or 2 * workers)
        pending: deque[tuple[list[Article], Any]] = deque()

        def outcome(future: Any) -> tuple[list[ArticleResult], CacheStats] | Lost:
            try:
                return future.result()
            except KilledWorker:  # Dask retried it on other workers, and every one died
                return LOST
            except Exception as exc:
                raise FramingError(f"a Dask worker failed: {type(exc).__name__}: {exc}") from exc

        def run_alone(batch: list[Article]) -> tuple[list[ArticleResult], CacheStats] | Lost:
            return outcome(client.submit(analyze_batch_task, config, batch, pure=False))

        def collect() -> list[ArticleResult]:
            batch, future = pending.popleft()
            done = outcome(future)
            results, stats = one_by_one(batch, run_alone) if done is LOST else done
            if engine.cache is not None:
                engine.cache.stats.add(stats)
            return results

        for batch in batched(articles, config.batch_size, workers):
            pending.append((batch, client.submit(analyze_batch_task, config, batch, pure=False)))
            if len(pending) >= window:
                yield from collect()
        while pending:
            yield from collect()
