"""A score component's measured value and its reference, in words people read.

The scoring stores each component's figure and reference as short strings made for the record
("31 words (too_short)", "100-165 wpm", "<= 30 words on average"; webapp/analysis/scoring*.py).
This reads those strings back by component code and says them through gettext, with the unit
the content analysis measured in: a Chinese (or mixed) answer's sentence length is counted in
characters (a Latin word as two; `text.size_units` counts two characters as one word), so it is
shown as characters with the reference doubled. A string of a shape not known here is shown as
it is, so an older or newer scoring never breaks the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from .labels import label, tie

# The content analysis measures sentence length in word units: a Latin word, or two CJK characters.
CHARS_PER_WORD_UNIT = 2

_CAPPED = re.compile(r"^(?P<value>.*); capped at (?P<cap>\d+): clearly off topic$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _num(text: str) -> float | None:
    return float(text) if _NUMBER.match(text.strip()) else None


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if digits else f"{value:.0f}"


def _unit(code: str) -> str:
    return label("unit", code)


def _coverage(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) covered, (\d+) partial, (\d+) missed", text)
    return m and _("%(covered)s covered, %(partial)s partly covered, %(missed)s missed",
                   covered=m[1], partial=m[2], missed=m[3])


def _specificity(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) figures, (\d+) tools, (\d+) examples", text)
    if not m:
        return None
    figures, tools, examples = (int(n) for n in m.groups())
    return ", ".join((ngettext("%(num)d figure", "%(num)d figures", figures),
                      ngettext("%(num)d named tool", "%(num)d named tools", tools),
                      ngettext("%(num)d example", "%(num)d examples", examples)))


def _relevance(text: str, unit: str) -> str | None:
    return label("band", text) if text in ("on_topic", "partly_on_topic", "off_topic") else None


def _connectives(text: str, unit: str) -> str | None:
    return _("none") if text == "none" else text  # the words found in the answer, as written


def _sentence_length(text: str, unit: str) -> str | None:
    mean = _num(text)
    if mean is None:
        return None
    if unit == "chars":
        chars = round(mean * CHARS_PER_WORD_UNIT)
        return ngettext("%(num)d character", "%(num)d characters", chars)
    return _("%(n)s words", n=_fmt(mean))  # a mean with a decimal, "1.0 words"


def _star(text: str, unit: str) -> str | None:
    if text == "complete":
        return _("complete")
    m = re.fullmatch(r"missing: (.+)", text)
    return m and _("missing: %(elements)s",
                   elements=", ".join(label("star", e.strip()).lower() for e in m[1].split(",")))


def _actions_and_result(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"action (\w+), result (\w+)", text)
    return m and _("action %(action)s, result %(result)s",
                   action=label("status", m[1]), result=label("status", m[2]))


def _length(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) (words|chars) \((\w+)\)", text)
    if not m:
        return None
    status = label("status", m[3])
    if m[2] == "chars":
        return ngettext("%(num)d character (%(status)s)", "%(num)d characters (%(status)s)", int(m[1]), status=status)
    return ngettext("%(num)d word (%(status)s)", "%(num)d words (%(status)s)", int(m[1]), status=status)


def _pace(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) (wpm|cpm)", text)
    if not m:
        return None
    if m[2] == "cpm":
        return ngettext("%(num)d character a minute", "%(num)d characters a minute", int(m[1]))
    return ngettext("%(num)d word a minute", "%(num)d words a minute", int(m[1]))


def _fillers(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) in (\d+) (words|characters) \(([\d.]+) %\)(?:: (.+))?", text)
    if not m:
        return None
    if m[3] == "characters":
        shown = ngettext("%(n)s in %(num)d character (%(share)s %%)", "%(n)s in %(num)d characters (%(share)s %%)",
                         int(m[2]), n=m[1], share=m[4])
    else:
        shown = ngettext("%(n)s in %(num)d word (%(share)s %%)", "%(n)s in %(num)d words (%(share)s %%)",
                         int(m[2]), n=m[1], share=m[4])
    return f"{shown}: {m[5]}" if m[5] else shown


def _pitch(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"([\d.]+) st( \(monotone\))?", text)
    if not m:
        return None
    shown = _("%(n)s semitones", n=m[1])
    return _("%(value)s (monotone)", value=shown) if m[2] else shown


def _long_pauses(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+) \(([\d.]+) per minute\)", text)
    return m and _("%(n)s (%(rate)s a minute)", n=m[1], rate=m[2])


def _framing(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+ %) centred, distance (\w+)", text)
    if not m:
        return None
    distance = _("distance unknown") if m[2] == "unknown" else label("distance", m[2])
    return _("%(share)s centred, %(distance)s", share=m[1], distance=distance)


def _skill(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(.+) \((.*)\)", text)
    if not m:
        return None
    parts = []
    for part in m[2].split(", "):
        answers = re.fullmatch(r"answers (\d+)", part)
        resume = re.fullmatch(r"resume: (\w+)", part)
        if answers:
            parts.append(_("answers %(score)s", score=answers[1]))
        elif resume:
            parts.append(_("resume: %(status)s", status=label("resume_skill", resume[1])))
        elif part:
            parts.append(part)
    return f"{m[1]} ({', '.join(parts)})" if parts else m[1]


VALUES: dict[str, Callable[[str, str], str | None]] = {
    "coverage": _coverage,
    "specificity": _specificity,
    "relevance": _relevance,
    "connectives": _connectives,
    "sentence_length": _sentence_length,
    "star": _star,
    "actions_and_result": _actions_and_result,
    "length": _length,
    "pace": _pace,
    "fillers": _fillers,
    "pitch_variation": _pitch,
    "long_pauses": _long_pauses,
    "framing": _framing,
    "skill": _skill,
}


def evidence_label(code: str, unit: str = "words") -> str:
    """The component's name, with the unit it is counted in where that depends on the language."""
    if code == "sentence_length" and unit == "chars":
        return label("evidence", "sentence_length_chars")
    return label("evidence", code)


def evidence_value(evidence: Mapping[str, Any], unit: str = "words") -> str:
    """The measured value; `unit` is the answer's length unit ("words" or "chars")."""
    value = evidence.get("value")
    if value is None:
        return "—"
    code = evidence.get("code", "")
    if isinstance(value, float) and code == "vocabulary":
        text = f"{value:.2f}"  # MATTR, as the answer's details show it
    else:
        text = str(value)
    capped = _CAPPED.match(text)
    if capped:
        text = capped["value"]
    reader = VALUES.get(code)
    shown = (reader(text, unit) if reader else None) or text
    if capped:
        shown = _("%(value)s; capped at %(cap)s: clearly off topic", value=shown, cap=capped["cap"])
    return tie(shown)


def _target_sentence_length(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"<= (\d+) words on average", text)
    if not m:
        return None
    if unit == "chars":
        chars = int(m[1]) * CHARS_PER_WORD_UNIT
        return ngettext("%(num)d character or fewer on average", "%(num)d characters or fewer on average", chars)
    return ngettext("%(num)d word or fewer on average", "%(num)d words or fewer on average", int(m[1]))


def _target_range(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"(\d+)-(\d+) (words|chars|wpm|cpm)", text)
    return m and _("%(low)s–%(high)s %(unit)s", low=m[1], high=m[2], unit=_unit(m[3]))


def _target_long_pauses(text: str, unit: str) -> str | None:
    m = re.fullmatch(r"<= (\d+) per minute of (\d+) s or more", text)
    return m and _("at most %(n)s a minute of %(s)s s or more", n=m[1], s=m[2])


def _target_framing(text: str, unit: str) -> str | None:
    m = re.fullmatch(r">= (\d+ %) centred, distance ok", text)
    return m and _("%(share)s or more centred, at a good distance", share=m[1])


TARGETS: dict[str, Callable[[str, str], str | None]] = {
    "sentence_length": _target_sentence_length,
    "length": _target_range,
    "pace": _target_range,
    "long_pauses": _target_long_pauses,
    "framing": _target_framing,
}

# References worded the same for every component that has them (scoring.CONTENT_TARGETS).
FIXED_TARGETS = {
    "every expected point": lambda: _("every expected point"),
    "relevance >= 50 is on topic": lambda: _("50 or more is on topic"),
    "2 figures, 3 named tools, 1 example": lambda: _("2 figures, 3 named tools, 1 example"),
    "3 or more distinct": lambda: _("3 or more distinct"),
    "situation, task, action, result": lambda: _("situation, task, action, result"),
    "own actions and a measured result": lambda: _("own actions and a measured result"),
}


def _target_generic(text: str) -> str | None:
    """">= 60 %", "<= 30 %", "< 4 %", ">= 2.5 st", "MATTR >= 0.72"."""
    m = re.fullmatch(r"(?:(\w+) )?(>=|<=|<) (.+)", text)
    if not m:
        return None
    value = m[3]
    st = re.fullmatch(r"([\d.]+) st", value)
    if st:
        value = _("%(n)s semitones", n=st[1])
    if m[2] == ">=":
        shown = _("%(value)s or more", value=value)
    elif m[2] == "<=":
        shown = _("%(value)s or less", value=value)
    else:
        shown = _("under %(value)s", value=value)
    return f"{m[1]} {shown}" if m[1] else shown


def evidence_target(evidence: Mapping[str, Any], unit: str = "words") -> str:
    """The reference the value is held against, or "" when there is none."""
    text = evidence.get("target")
    if not text:
        return ""
    text = str(text)
    reader = TARGETS.get(evidence.get("code", ""))
    fixed = FIXED_TARGETS.get(text)
    shown = (reader(text, unit) if reader else None) or (fixed() if fixed else None) or _target_generic(text) or text
    return tie(shown)
