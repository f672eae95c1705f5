"""The run's garbage-collector settings (framing.heap): applied for the run, then restored."""

from __future__ import annotations

import gc

from framing.heap import YOUNG_THRESHOLD, collect_young_rarely, freeze_survivors, frozen_heap


def test_frozen_heap_freezes_and_collects_young_objects_less_often_then_restores():
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0, "the objects alive at the start are out of the collector's way"
        assert gc.get_threshold() == before, "the parse runs with the usual thresholds"
        collect_young_rarely()
        assert gc.get_threshold() == (max(before[0], YOUNG_THRESHOLD), *before[1:])
        kept = [[i] for i in range(1000)]
        frozen = gc.get_freeze_count()
        freeze_survivors()
        assert gc.get_freeze_count() >= frozen + len(kept), "survivors frozen during the run"
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_frozen_heap_leaves_a_caller_that_froze_objects_alone():
    gc.freeze()
    try:
        frozen, threshold = gc.get_freeze_count(), gc.get_threshold()
        with frozen_heap():
            assert gc.get_threshold() == threshold
            freeze_survivors()  # nothing would unfreeze these: does nothing
            collect_young_rarely()  # nothing would restore it: does nothing
            assert gc.get_freeze_count() == frozen and gc.get_threshold() == threshold
    finally:
        gc.unfreeze()
