"""One CPU-bound loop over a sequence on both cores: the second half in a forked copy of this process.

For the corpus steps' children (apart.py), which are fresh interpreters doing one job: a fork there copies no
Dagster threads, and shares everything built so far (the nodes of entity joining) without pickling it; pages are
copied only where the child touches reference counts (at 3,000 articles the child peaked at 471 MB resident,
much of it shared). The child runs only the loop: Python, numpy and rapidfuzz, never polars or DuckDB, whose
threads and locks a fork does not carry over.
"""
import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipelines.apart import outcome, unwrapped

Item = TypeVar("Item")
Found = TypeVar("Found")


def split_in_two(work: Callable[[Sequence[Item]], list[Found]], items: Sequence[Item]) -> list[Found]:
    """work(items[:half]) + work(items[half:]), the second in a forked child; its exception is raised here."""
    half = len(items) // 2
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reply with its half's result or its error, and leave without any clean-up
        os.close(read)
        try:
            with os.fdopen(write, "wb") as reply:
                pickle.dump(outcome(work, items[half:]), reply, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write)
    try:
        mine = work(items[:half])
    finally:
        with os.fdopen(read, "rb") as reply:
            try:
                sent = pickle.load(reply)
            except EOFError:
                sent = True, (RuntimeError(f"the forked half (process {pid}) died without replying"), "")
        os.waitpid(pid, 0)
    return mine + unwrapped(sent, f"forked process {pid}")
