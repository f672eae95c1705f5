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


#: Articles between two :func:`freeze_survivors` calls in the articles loop.
FREEZE_EVERY = 64

#: Allocations between two collections of the youngest generation once the articles are
#: analysed (CPython's default is 700; see :func:`collect_young_rarely`).
YOUNG_THRESHOLD = 10_000

#: Inside a :func:`frozen_heap` block that froze the heap (and will unfreeze it): the collector's
#: thresholds when it began, which it restores; ``None`` outside one.
_thresholds: tuple[int, ...] | None = None


def freeze_survivors() -> None:
    """Move what the run keeps so far (results, compact rows, story results) out of the way of
    the garbage collector, as :func:`frozen_heap` does with the model.

    Without it every full collection walks every kept finding: at 200 articles the report's
    matplotlib allocations alone set off half a dozen of them at about 0.1 s each. The young
    generations are collected first, so only survivors are frozen; the run's ``frozen_heap``
    hands them all back to the collector at the end. Outside a ``frozen_heap`` block (or in
    one that found the caller's own frozen objects) this does nothing: nothing would unfreeze.
    """
    if _thresholds is None:
        return
    gc.collect(1)
    gc.freeze()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep everything allocated so far (the model, the lexicons) out of garbage collection
    during a run, and give it back afterwards (with the collector's thresholds as they were:
    see :func:`collect_young_rarely`).

    A full collection walks every object of the loaded pipeline (about 30 ms with
    en_core_web_sm) and the run's allocations trigger one every hundred articles or so;
    ``gc.freeze`` moves the existing objects to a generation collections skip (and keeps them
    shared after ``fork``, for ``--jobs``). Nothing is done when the caller already froze objects.
    """
    if gc.get_freeze_count():
        yield
        return
    global _thresholds
    gc.collect()
    gc.freeze()
    _thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*_thresholds)
        _thresholds = None
        gc.unfreeze()


def collect_young_rarely() -> None:
    """Collect the youngest generation every :data:`YOUNG_THRESHOLD` allocations instead of
    CPython's 700, for the rest of the run (its comparisons and report; the workers forked for
    them inherit it).

    Drawing the charts and building the report allocate hundreds of thousands of short-lived
    objects, and each young collection also walks the survivors of the previous one. Not during
    the parse: there, garbage kept a little longer between spaCy's large allocations left the
    parse workers' peak memory growing with the corpus (+6 % at 800 articles). Outside a
    :func:`frozen_heap` block this does nothing (nothing would restore the threshold).
    """
    if _thresholds is not None:
        gc.set_threshold(max(_thresholds[0], YOUNG_THRESHOLD), *_thresholds[1:])
