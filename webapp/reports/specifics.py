"""The figures and named tools of an answer as the answer says them: "2 million", "EXPLAIN ANALYZE".

The content analysis stores the distinct items each of its patterns found, pattern by pattern
(`content._specificity`): "2 million" is stored as the figures "2" and "million", "EXPLAIN
ANALYZE" as the tools "EXPLAIN" and "ANALYZE", without where they were. Each counts in the
score as stored. For the reader, this finds the items again in the answer's sentences (also
stored) and shows the ones that stand next to each other, with nothing but spaces between, as
one phrase, in the order the answer says them. An item it cannot find again is listed as stored.
Pure (no Flask).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

_GAP = re.compile(r"[ \t\u00a0]+")  # a comma, a full stop or a line break ends a phrase


class Said(NamedTuple):
    phrases: list[str]
    merged: bool  # some phrase joins several stored items, so the phrases do not match the count


def _pattern(item: str) -> re.Pattern[str]:
    """The item as a whole word; a figure's digits as the analysis reads them, also in "p95" or "2x"."""
    words = r"[\s-]+".join(re.escape(part) for part in item.split())
    before = r"(?<![0-9])" if item[0].isdigit() else r"(?<![A-Za-z0-9])"
    after = r"(?![0-9])" if item[-1].isdigit() else r"(?![A-Za-z0-9])"
    return re.compile(before + words + after, re.IGNORECASE)


def _figure_then_word(before: str, after: str) -> bool:
    """A number and the number word after it: "2 million", "3.5 thousand", "50 percent"."""
    return after[:1].isalpha()


def _always(before: str, after: str) -> bool:
    return True


def said(found: Sequence[str], sentences: Sequence[str], joins: Callable[[str, str], bool]) -> Said:
    items = [i for i in dict.fromkeys(found) if i.strip()]
    if not items:
        return Said([], False)
    patterns = [(item, _pattern(item)) for item in items]
    phrases: list[str] = []
    located: set[str] = set()
    merged = False
    for sentence in sentences:
        spans = sorted(
            ((m.start(), m.end(), item) for item, pattern in patterns for m in pattern.finditer(sentence)),
            key=lambda s: (s[0], -s[1]),
        )
        kept: list[tuple[int, int, str]] = []
        for span in spans:  # a match inside a longer one ("2" in "2.5", "95" in "95%") is part of it
            if kept and span[0] < kept[-1][1]:
                continue
            kept.append(span)
        run: list[tuple[int, int, str]] = []
        for span in kept + [None]:
            if span is not None and run and _GAP.fullmatch(sentence[run[-1][1]:span[0]]) and joins(run[-1][2], span[2]):
                run.append(span)
                continue
            if run:
                phrases.append(" ".join(s[2] for s in run))
                located.update(s[2] for s in run)
                merged = merged or len(run) > 1
            run = [span] if span is not None else []
    phrases.extend(i for i in items if i not in located)
    shown = list(dict.fromkeys(phrases))
    return Said(shown, merged)


def said_figures(found: Sequence[str], sentences: Sequence[str]) -> Said:
    return said(found, sentences, _figure_then_word)


def said_tools(found: Sequence[str], sentences: Sequence[str]) -> Said:
    return said(found, sentences, _always)
