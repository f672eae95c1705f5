"""Forked worker processes that return results in order and never lose a task.

Two users: the article stage (``framing.pipeline.analyze_articles``) sends batches of articles
to an :class:`OrderedPool` of workers that inherit the loaded model; the work that follows is per
story (comparisons, charts) and reads data that is already in this process's memory, so
:func:`fork_map` forks its workers only then, and they inherit that data (copy-on-write) instead
of receiving it pickled; only each task's result is sent back.

A worker that dies (killed, out of memory) breaks a process pool, and every task in flight with
it. :class:`OrderedPool` then runs each of those tasks again, alone, in a one-worker pool of its
own (so an innocent task is not blamed for its neighbour), and takes the later tasks to a new
pool; a task that kills its worker even alone is handed back as lost, for the caller to split or
report. An exception raised by a task is re-raised in this process, as in a serial loop.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from framing.heap import freeze_survivors

T = TypeVar("T")
R = TypeVar("R")

#: The task of the current :func:`fork_map` call; forked workers inherit it.
_TASK: Callable[[int], object] | None = None


def _run_task(index: int) -> object:
    assert _TASK is not None, "fork_map's task is set before its workers are forked"
    return _TASK(index)


class Lost:
    """The result of a task that killed its worker even when run alone (:data:`LOST`)."""

    def __repr__(self) -> str:
        return "LOST"


LOST = Lost()


def can_fork() -> bool:
    """Whether worker processes can be forked here (they then inherit this process's memory)."""
    return "fork" in multiprocessing.get_all_start_methods()


class OrderedPool(Generic[T, R]):
    """``run(task)`` in ``workers`` forked processes; :meth:`next` returns the results in the
    order the tasks were submitted.

    ``initializer(*initargs)`` runs in each worker when it starts. A task whose worker died is
    run again alone (see the module docstring); :meth:`next` gives ``(task, LOST)`` for a task
    that killed that worker too. Use as a context manager (the workers are stopped at the end).
    """

    def __init__(
        self,
        run: Callable[[T], R],
        workers: int,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ):
        self.run, self.workers = run, workers
        self.initializer, self.initargs = initializer, initargs
        self._pool: ProcessPoolExecutor | None = None
        # (task, the pool it went to, its future); no pool: the pool broke as it was submitted
        self._pending: deque[tuple[T, ProcessPoolExecutor | None, Future[R] | None]] = deque()

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=self.initializer,
            initargs=self.initargs,
        )

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        pool.shutdown(wait=True, cancel_futures=True)
        if pool is self._pool:
            self._pool = None

    def __len__(self) -> int:
        """Tasks submitted whose result :meth:`next` has not returned yet."""
        return len(self._pending)

    def submit(self, task: T) -> None:
        if self._pool is None:
            self._pool = self._new_pool(self.workers)
        pool = self._pool
        try:
            self._pending.append((task, pool, pool.submit(self.run, task)))
        except BrokenProcessPool:  # a worker died since the last submit
            self._drop(pool)
            self._pending.append((task, None, None))

    def next(self) -> tuple[T, R | Lost]:
        """The oldest task and its result (:data:`LOST`: it kills any worker that runs it)."""
        task, pool, future = self._pending.popleft()
        if future is not None:
            try:
                return task, future.result()
            except BrokenProcessPool:
                self._drop(pool)  # type: ignore[arg-type]
        return task, self.run_alone(task)

    def run_alone(self, task: T) -> R | Lost:
        """``run(task)`` in a worker of its own; :data:`LOST` if that worker dies."""
        with self._new_pool(1) as pool:
            try:
                return pool.submit(self.run, task).result()
            except BrokenProcessPool:
                return LOST

    def close(self) -> None:
        if self._pool is not None:
            self._drop(self._pool)
        self._pending.clear()

    def __enter__(self) -> OrderedPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def fork_map(task: Callable[[int], T], count: int, jobs: int) -> Iterator[T]:
    """``task(0) ... task(count - 1)``, yielded in order, run by up to ``jobs`` forked workers.

    At most ``2 * jobs`` tasks are in flight (results that arrive early wait for their turn, so
    memory stays bounded by the window). The first task runs in this process before the workers
    fork (it warms what they then inherit). With one job, two tasks, or no ``fork`` start method
    (Windows, macOS's default), the tasks run here, one after the other, and give the same
    results. A task that kills its worker even when run alone (:class:`OrderedPool`) runs here.
    """
    if count <= 0:
        return
    # The first task runs here: what it imports and loads on first use (scipy, matplotlib's
    # fonts...) stays for the run, so it is frozen (freeze_survivors) and, with workers,
    # inherited by every one of them instead of being loaded by each.
    yield task(0)
    freeze_survivors()
    workers = min(jobs, count - 1)
    if workers <= 1 or not can_fork():
        for index in range(1, count):
            yield task(index)
        return
    global _TASK
    previous, _TASK = _TASK, task
    window = 2 * workers
    following = 1  # the next task to submit
    try:
        with OrderedPool(_run_task, workers) as pool:
            while following < count or len(pool):
                while following < count and len(pool) < window:
                    pool.submit(following)
                    following += 1
                index, result = pool.next()
                yield task(index) if result is LOST else result  # type: ignore[misc]
    finally:
        _TASK = previous
