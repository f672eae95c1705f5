"""Run independent per-story tasks in forked worker processes, in order.

The articles are analysed in a pool whose workers receive their batches (``pipeline``); the work
that follows is per story (comparisons, charts) and reads data that is already in this process's
memory. :func:`fork_map` forks its workers only then, so they inherit that data (copy-on-write)
instead of receiving it pickled, and sends back only each task's result.

Results come back in task order, with at most ``2 * jobs`` tasks in flight (results that arrive
early wait for their turn, so memory stays bounded by the window). The first task runs in this
process before the workers fork (it warms what they then inherit). With one job, two tasks,
or no ``fork`` start method (Windows, macOS's default), the tasks run here, one after the
other, and give the same results. A worker that dies (killed, out of memory) does not lose the
run: its tasks and every later one run in this process instead. An exception raised by a task
is re-raised here, as it would be in the serial loop.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from framing.heap import freeze_survivors

T = TypeVar("T")

#: The task of the current :func:`fork_map` call; forked workers inherit it.
_TASK: Callable[[int], object] | None = None


def _run_task(index: int) -> object:
    assert _TASK is not None, "fork_map's task is set before its workers are forked"
    return _TASK(index)


def can_fork() -> bool:
    """Whether worker processes can be forked here (they then inherit this process's memory)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(task: Callable[[int], T], count: int, jobs: int) -> Iterator[T]:
    """``task(0) ... task(count - 1)``, yielded in order, run by up to ``jobs`` forked workers."""
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
    pending: deque[tuple[int, Future[object]]] = deque()
    following = 1  # the next task to submit
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            while following < count or pending:
                while following < count and len(pending) < window:
                    pending.append((following, pool.submit(_run_task, following)))
                    following += 1
                current, future = pending.popleft()
                try:
                    result = future.result()
                except BrokenProcessPool:
                    break  # a worker died: this task and the rest run here (below)
                yield result  # type: ignore[misc]
            else:
                return
        for index in range(current, count):
            yield task(index)
    finally:
        _TASK = previous
