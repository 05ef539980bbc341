"""matcher.pool: review statuses and the note a not-selected candidate needs."""

from __future__ import annotations

import pytest

from matcher import pool
from matcher.errors import InputError
from matcher.pool import MAX_NOTE_CHARS, POOL_STATUSES, StatusChange, status_change


def test_public_names_are_sorted() -> None:
    assert pool.__all__ == sorted(pool.__all__)


@pytest.mark.parametrize("status", POOL_STATUSES)
def test_every_status_with_a_note(status: str) -> None:
    assert status_change(status, "  strong on M&E \n") == StatusChange(status, "strong on M&E")  # type: ignore[arg-type]


def test_none_keeps_the_note_and_empty_clears_it() -> None:
    assert status_change("longlisted", None).note is None
    assert status_change("longlisted", "").note == ""


@pytest.mark.parametrize("note", [None, "", "   \n\t"])
def test_not_selected_needs_a_note(note: str | None) -> None:
    with pytest.raises(InputError) as info:
        status_change("not_selected", note)
    assert info.value.reason == "note_required"


def test_unknown_status_and_long_note_are_refused() -> None:
    with pytest.raises(InputError) as unknown:
        status_change("hired", "x")
    assert unknown.value.reason == "unknown_status"
    with pytest.raises(InputError) as long:
        status_change("new", "x" * (MAX_NOTE_CHARS + 1))
    assert long.value.reason == "note_too_long"


def test_control_characters_leave_the_note() -> None:
    note = status_change("new", "line one\x1b[31m\r\nline two\u202e").note
    assert note == "line one[31m\nline two"
