"""framing.parallel.fork_map: per-story tasks in forked workers, in order, never losing a task."""

from __future__ import annotations

import os

import pytest

from framing.parallel import LOST, OrderedPool, can_fork, fork_map

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork start method on this platform")


def square_with_pid(index: int) -> tuple[int, int]:
    return index * index, os.getpid()


@needs_fork
def test_results_come_in_task_order_from_worker_processes():
    results = list(fork_map(square_with_pid, 20, jobs=2))
    assert [value for value, _ in results] == [i * i for i in range(20)]
    assert results[0][1] == os.getpid(), "the first task warms this process before the workers fork"
    pids = {pid for _, pid in results[1:]}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_one_job_or_one_task_runs_here():
    assert list(fork_map(square_with_pid, 3, jobs=1)) == [(i * i, os.getpid()) for i in range(3)]
    assert list(fork_map(square_with_pid, 1, jobs=4)) == [(0, os.getpid())]
    assert list(fork_map(square_with_pid, 2, jobs=4)) == [(0, os.getpid()), (1, os.getpid())]
    assert list(fork_map(square_with_pid, 0, jobs=4)) == []


@needs_fork
def test_workers_see_the_data_of_the_moment_they_fork():
    data = {"rows": [f"row {i}" for i in range(10)]}  # never pickled: the workers inherit it
    assert list(fork_map(lambda i: data["rows"][i].upper(), 10, jobs=2)) == [f"ROW {i}" for i in range(10)]


@needs_fork
def test_a_dying_worker_loses_no_task():
    parent = os.getpid()

    def task(index: int) -> tuple[int, bool]:
        if index == 5 and os.getpid() != parent:
            os._exit(1)  # a worker killed mid-task (out of memory, a signal)
        return index, os.getpid() == parent

    results = list(fork_map(task, 12, jobs=2))
    assert [index for index, _ in results] == list(range(12))
    assert results[5] == (5, True), "the task that kills any worker ran in this process"
    assert not any(here for _, here in results[1:5]), "the tasks in flight with it ran again in workers"
    assert not any(here for _, here in results[6:]), "and the later ones in a new pool"


def die_once(task: tuple[int, str]) -> int:
    """``index * 10``; task 2 kills its worker the first time (a marker file remembers)."""
    index, marker = task
    if index == 2 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return index * 10


def die_always(index: int) -> int:
    if index == 3:
        os._exit(1)
    return index * 10


@needs_fork
def test_ordered_pool_runs_the_tasks_of_a_broken_pool_again(tmp_path):
    marker = str(tmp_path / "died")
    with OrderedPool(die_once, 2) as pool:
        for index in range(6):
            pool.submit((index, marker))
        assert len(pool) == 6
        assert [pool.next() for _ in range(6)] == [((i, marker), i * 10) for i in range(6)]
        assert len(pool) == 0
        pool.submit((9, marker))  # a new pool took over from the broken one
        assert pool.next() == ((9, marker), 90)
    assert os.path.exists(marker), "task 2 did kill its first worker"


@needs_fork
def test_ordered_pool_hands_back_a_task_that_kills_any_worker_as_lost():
    with OrderedPool(die_always, 2) as pool:
        for index in range(6):
            pool.submit(index)
        assert [pool.next() for _ in range(6)] == [(0, 0), (1, 10), (2, 20), (3, LOST), (4, 40), (5, 50)]
        assert pool.run_alone(3) is LOST and pool.run_alone(4) == 40


@needs_fork
def test_a_task_exception_is_raised_here():
    def task(index: int) -> int:
        if index == 3:
            raise ValueError("bad story 3")
        return index

    stream = fork_map(task, 6, jobs=2)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="bad story 3"):
        next(stream)
