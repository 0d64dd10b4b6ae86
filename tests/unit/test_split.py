import os

import pytest

from pipelines.split import split_in_two


def _pids(items):
    return [(item, os.getpid()) for item in items]


def test_the_two_halves_run_in_two_processes_and_come_back_in_order():
    found = split_in_two(_pids, list(range(7)))
    assert [item for item, _ in found] == list(range(7))
    first, second = {pid for item, pid in found if item < 3}, {pid for item, pid in found if item >= 3}
    assert first == {os.getpid()} and len(second) == 1 and second != first


def test_nothing_to_split_gives_nothing():
    assert split_in_two(_pids, []) == []


def _fails_in_the_second_half(items):
    if 5 in items:
        raise ValueError("item 5 is bad")
    return list(items)


def test_the_forked_halfs_error_is_raised_here_with_its_traceback():
    with pytest.raises(ValueError, match="item 5 is bad") as caught:
        split_in_two(_fails_in_the_second_half, list(range(6)))
    assert any("Traceback" in note for note in caught.value.__notes__)


def _dies_in_the_second_half(items):
    if 5 in items:
        os._exit(3)
    return list(items)


def test_a_forked_half_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="died without replying"):
        split_in_two(_dies_in_the_second_half, list(range(6)))
