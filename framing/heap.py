"""The run's dealings with memory: the garbage collector and the C allocator.

A run keeps large, long-lived structures (the loaded pipeline, the results the report shows,
the report's model); CPython's full collections would walk all of them again and again. These
helpers move such survivors out of the collector's way (``gc.freeze``) at the points where they
are known to stay, and give the parse's freed memory back to the system before the report.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def release_free_memory() -> None:
    """Give the memory the C allocator keeps after the parse back to the system (glibc only).

    spaCy's batches leave freed blocks in glibc's heap; how much stays mapped depends on how long
    the run was, so without this the report (matplotlib, the detailed stories) would raise the
    peak of long runs above that of short ones. Elsewhere this does nothing.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        trim = getattr(libc, "malloc_trim", None)
        if trim is not None:
            trim(0)
    except OSError:  # pragma: no cover - no C library to load
        pass


#: Whether a :func:`frozen_heap` block froze the heap (and will unfreeze it).
_freezing = False

#: Articles between two :func:`freeze_survivors` calls in the articles loop.
FREEZE_EVERY = 64

#: Allocations between two collections of the youngest generation during a run (CPython's
#: default is 700): the parse, the analyzers and the charts allocate millions of short-lived
#: objects, and each young collection also walks the survivors of the last one. At 200
#: articles this takes the collector's time from 0.61 to 0.40 s in one process (3,200 -> 370
#: collections); the cyclic garbage it leaves a little longer is a few thousand objects.
YOUNG_THRESHOLD = 10_000


def freeze_survivors() -> None:
    """Move what the run keeps so far (results, compact rows, story results) out of the way of
    the garbage collector, as :func:`frozen_heap` does with the model.

    Without it every full collection walks every kept finding: at 200 articles the report's
    matplotlib allocations alone set off half a dozen of them at about 0.1 s each. The young
    generations are collected first, so only survivors are frozen; the run's ``frozen_heap``
    hands them all back to the collector at the end. Outside a ``frozen_heap`` block (or in
    one that found the caller's own frozen objects) this does nothing: nothing would unfreeze.
    """
    if not _freezing:
        return
    gc.collect(1)
    gc.freeze()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep everything allocated so far (the model, the lexicons) out of garbage collection
    during a run, collect the young generation less often (:data:`YOUNG_THRESHOLD`), and
    restore both afterwards.

    A full collection walks every object of the loaded pipeline (about 30 ms with
    en_core_web_sm) and the run's allocations trigger one every hundred articles or so;
    ``gc.freeze`` moves the existing objects to a generation collections skip (and keeps them
    shared after ``fork``, for ``--jobs``; forked workers inherit the threshold too). Nothing is
    done when the caller already froze objects.
    """
    if gc.get_freeze_count():
        yield
        return
    global _freezing
    gc.collect()
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), *threshold[1:])
    _freezing = True
    try:
        yield
    finally:
        _freezing = False
        gc.set_threshold(*threshold)
        gc.unfreeze()
