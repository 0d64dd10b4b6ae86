"""The worker processes that parse a large corpus give the rows one process gives, also when workers are replaced."""
import os

import pytest

from pipelines.text import DEFAULT_MODEL
from pipelines.text import extract as ex
from pipelines.text.nlp import load_pipeline
from pipelines.text.paragraphs import split_paragraphs
from tests.conftest import REPO

WANTED = {e.table for e in ex.EXTRACTORS}


@pytest.fixture(scope="module")
def work() -> list[tuple[str, str, set[str]]]:
    """Four of the repository's sample articles, their paragraphs after the headline as the body."""
    files = sorted((REPO / "raw").glob("*.txt"))[:4]
    return [(f.stem, "\n\n".join(split_paragraphs(f.read_text(encoding="utf-8"))[1:]), WANTED) for f in files]


def test_workers_replaced_after_every_chunk_give_the_rows_of_one_process(work, monkeypatch):
    in_process = ex.parse_and_extract(load_pipeline(DEFAULT_MODEL), work)
    monkeypatch.setattr(ex, "CHUNK", 1)
    monkeypatch.setattr(ex, "WORKER_MEMORY_LIMIT", 1)  # every worker is past it after each chunk
    started = []
    popen = ex.subprocess.Popen
    monkeypatch.setattr(ex.subprocess, "Popen", lambda *a, **k: started.append(a) or popen(*a, **k))
    pinned, pin = {}, os.sched_setaffinity

    def recorded_pin(pid: int, cores) -> None:
        pinned[pid] = set(cores)
        pin(pid, cores)

    monkeypatch.setattr(os, "sched_setaffinity", recorded_pin)

    in_workers = ex.parse_and_extract_in_workers(DEFAULT_MODEL, work, processes=2)

    # two at the start, then one for each chunk done while others wait (the last two may both find one waiting)
    assert 2 + 2 <= len(started) <= 2 + 3
    if len(os.sched_getaffinity(0)) >= 2:  # each worker on one core, a replacement on its predecessor's
        assert len(pinned) == len(started) and all(len(cores) == 1 for cores in pinned.values())
        assert len(set.union(*pinned.values())) == 2
    for table, frame in in_process.items():
        assert frame.height > 0, table
        key = ["article_id", "char_start", "char_end"]
        assert in_workers[table].sort(key).equals(frame.sort(key)), table


def test_a_worker_that_dies_is_an_error_naming_it(work):
    with pytest.raises(RuntimeError, match=r"extraction worker \d+ died \(exit code 1\)"):
        ex.parse_and_extract_in_workers("no_such_spacy_model", work, processes=1)


def test_resident_memory_of_this_process_is_read():
    assert ex._resident_bytes(os.getpid()) > 10_000_000
    assert ex._resident_bytes(2 ** 22 + 12345) == 0  # no such process
