import os

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines import apart
from pipelines.apart import call_apart
from pipelines.text.articles import clean


def test_the_function_runs_in_another_process():
    assert call_apart(os.getpid) != os.getpid()


def test_frames_go_and_come_back_as_in_this_process():
    files = pl.DataFrame({"article_id": ["a"], "source_path": ["a.txt"],
                          "text": ["Harbour wall finished\n\nThe new harbour wall was finished on Monday.\n\n"
                                   "See also  Ferry timetable changes"]})
    here, there = clean(files), call_apart(clean, files)
    for name in ("articles", "removed", "rejected"):
        assert_frame_equal(getattr(here, name), getattr(there, name))


def test_the_childs_error_is_raised_here_with_its_traceback():
    with pytest.raises(ValueError, match="invalid literal") as caught:
        call_apart(int, "not a number")
    assert any("Traceback" in note for note in caught.value.__notes__)


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="exit code 3"):
        call_apart(os._exit, 3)


def test_each_call_finds_the_child_the_last_one_started():
    call_apart(os.getpid)
    ready = apart._spare.pid
    assert call_apart(os.getpid) == ready


def test_a_spare_never_used_exits_when_its_input_closes():
    call_apart(os.getpid)
    spare = apart._spare
    spare.stdin.close()
    assert spare.wait(timeout=30) == 0
