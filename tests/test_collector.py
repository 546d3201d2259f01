"""The cyclic collector's pause (scraper.collector): off meanwhile, back on after, nothing left for a young
collection to walk, and cycles made meanwhile still collected."""

from __future__ import annotations

import gc
import weakref

from apiref.scraper.collector import cycle_collection_paused


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_objects_made_in_a_pause_join_the_oldest_generation_and_cycles_are_still_collected() -> None:
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
        kept = [{"row": i} for i in range(50_000)]  # what a job keeps: tracked, acyclic
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, unreachable once the names go
        ref = weakref.ref(a)
        del a, b
        young = gc.get_count()[0]
    assert gc.isenabled()
    assert young >= 45_000  # (the count is of allocations less deallocations since the last collection)
    assert gc.get_count()[0] < 1_000  # the young generation does not hold the job's objects
    assert ref() is not None  # (nothing collected it yet)
    gc.collect()
    assert ref() is None
    assert len(kept) == 50_000


def test_a_pause_inside_a_pause_leaves_the_collector_off() -> None:
    with cycle_collection_paused():
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
