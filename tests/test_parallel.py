"""framing.parallel.fork_map: per-story tasks in forked workers, in order, never losing a task."""

from __future__ import annotations

import os

import pytest

from framing.parallel import can_fork, fork_map

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
    assert results[5] == (5, True), "the lost task ran in this process"
    assert all(here for _, here in results[5:]), "and every later one"


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
