"""Bookkeeping for finders that must not report overlapping matches."""

from __future__ import annotations


class Occupied:
    """Which characters of a text earlier matches have taken.

    A byte mask: checking and taking a span costs its length, not the number of matches
    found so far, so a sentence with thousands of matches stays linear.
    """

    def __init__(self, length: int):
        self._mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)
