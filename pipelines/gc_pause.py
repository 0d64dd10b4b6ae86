"""Python's cyclic garbage collector paused around a step's bulk work.

The cross-reference and cleaning steps build millions of small containers (a dict per mention, Counters per
spelling, sentence tables); every full collection walks all of them, and in a Dagster run the process holds
Dagster's own objects too. Measured on 3,000 articles: resolve_entities 27.4 s with the collector on, 20.0 s
paused. The work makes no reference cycles worth collecting midway; what it leaves behind is freed by reference
counting when the step returns, and the collector runs again from there.
"""
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
