"""Sentences with the figures in them: findings, the reasons for a band, the confidence.

The analysis stores each as a code with its figures (webapp/analysis/findings.py, the scoring's
band and confidence reasons); these put them into words, translatable, with every number kept
on one line with its unit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString

from .labels import UNIT, label, tie


def _count(value: object) -> int:
    """A count stored as text ("3"); anything that is not a whole number reads as several."""
    try:
        return int(str(value))
    except ValueError:
        return 2


# A sentence is a translatable string formatted with the stored figures, or, where its words
# follow a count ("1 recording", "2 recordings"), a function of the figures that asks ngettext.
# A figure missing from an older report raises KeyError, and the next wording is tried.
Sentence = LazyString | Callable[[Mapping[str, str]], str]

# Sentences with the figures in them, keyed by finding code (webapp/analysis/findings.py).
# A finding over several answers says so ("all words spoken", "over the recorded answers"),
# and names the answer that stands out with that answer's own figure.
FINDING: dict[str, Sentence] = {
    "strong_competency": _l("%(competency)s is a strength: %(score)s / 100."),
    "weak_competency": _l("%(competency)s is weak: %(score)s / 100."),
    "skills_shown": lambda p: ngettext("Shows the required skill %(skills)s.",
                                       "Shows the required skills %(skills)s.", _count(p["n"]), **p),
    "skills_weak": lambda p: ngettext("Little evidence of the required skill %(skills)s.",
                                      "Little evidence of the required skills %(skills)s.", _count(p["n"]), **p),
    "unanswered": lambda p: ngettext("%(n)s of %(total)s questions was not answered.",
                                     "%(n)s of %(total)s questions were not answered.", _count(p["n"]), **p),
    "off_topic": lambda p: ngettext("%(n)s of %(total)s answers was off topic.",
                                    "%(n)s of %(total)s answers were off topic.", _count(p["n"]), **p),
    "result_missing": lambda p: ngettext(
        "Answers describe the situation but rarely the result: %(n)s of %(total)s stories ends without a clear result.",
        "Answers describe the situation but rarely the result: %(n)s of %(total)s stories end without a clear result.",
        _count(p["n"]), **p),
    "star_complete": _l("Stories are complete: situation, task, action and result in all %(n)s."),
    "own_role_unclear": _l("Says “we” far more than “I” in %(n)s of %(total)s stories, so the candidate's own part is unclear."),
    "points_covered": _l("Covers the key points: %(share)s %% of the expected points on average over the technical questions."),
    "points_missed": _l("Misses key points: under half covered in %(n)s of %(total)s technical answers (%(share)s %% of the expected points on average over all of them)."),
    "specific": lambda p: ngettext("Backs the answer with specifics: %(n)s figure, named tool or example.",
                                   "Backs the answer with specifics: %(n)s figures, named tools and examples.",
                                   _count(p["n"]), **p),
    "few_specifics": _l("Few concrete details: %(mean)s figures, tools or examples per answer on average."),
    "no_speech": lambda p: ngettext("No speech was detected in %(n)s recording.",
                                    "No speech was detected in %(n)s recordings.", _count(p["n"]), **p),
    # Reports built before the finding named its worst answer.
    "fillers_high": _l("Filler words were %(share)s %% of all words spoken (%(kinds)s); under 4 %% sounds fluent."),
    "fillers_low": _l("Few filler words: %(share)s %% of all words spoken."),
    "pace_fast": _l("Spoke fast: %(rate)s %(unit)s, against %(low)s–%(high)s."),
    "pace_slow": _l("Spoke slowly: %(rate)s %(unit)s, against %(low)s–%(high)s."),
    "pace_good": _l("A steady pace: %(rate)s %(unit)s, within %(low)s–%(high)s."),
    # Reports built before the finding gave the rate.
    "long_pauses": lambda p: ngettext("%(n)s pause of %(seconds)s s or more (%(where)s).",
                                      "%(n)s pauses of %(seconds)s s or more (%(where)s).", _count(p["n"]), **p),
    "monotone": _l("A flat, monotone voice in %(n)s of %(total)s answers."),
    "no_face_data": lambda p: ngettext("The face could not be tracked in %(n)s video: presence is not scored there.",
                                       "The face could not be tracked in %(n)s videos: presence is not scored there.",
                                       _count(p["n"]), **p),
    "low_eye_contact": _l("Looked at the camera %(share)s %% of the time (%(target)s %% or more reads as engaged)."),
    "eye_contact_good": _l("Good eye contact: looked at the camera %(share)s %% of the time."),
    "out_of_frame": _l("The face was in the picture only %(share)s %% of the time."),
}

# Wordings that need figures older reports do not have, or that fit one case, tried first:
# (code, variant), the variant as `_finding_variant` picks it. "one": the finding is about the
# only answer (question, story) of its kind, where "1 of 1 answers" would read oddly.
FINDING_DETAILED: dict[tuple[str, str], Sentence] = {
    ("fillers_high", "words"): lambda p: ngettext(
        "%(share)s %% of all words spoken were fillers (%(n)s of %(words)s word: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its words). Under 4 %% sounds fluent.",
        "%(share)s %% of all words spoken were fillers (%(n)s of %(words)s words: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its words). Under 4 %% sounds fluent.",
        _count(p["words"]), **p),
    ("fillers_high", "characters"): lambda p: ngettext(
        "%(share)s %% of all characters spoken were fillers (%(n)s of %(words)s character: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its characters). Under 4 %% sounds fluent.",
        "%(share)s %% of all characters spoken were fillers (%(n)s of %(words)s characters: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its characters). Under 4 %% sounds fluent.",
        _count(p["words"]), **p),
    ("fillers_low", "words"): lambda p: ngettext(
        "Few filler words: %(share)s %% of all words spoken (%(n)s of %(words)s word).",
        "Few filler words: %(share)s %% of all words spoken (%(n)s of %(words)s words).", _count(p["words"]), **p),
    ("fillers_low", "characters"): lambda p: ngettext(
        "Few filler words: %(share)s %% of all characters spoken (%(n)s of %(words)s character).",
        "Few filler words: %(share)s %% of all characters spoken (%(n)s of %(words)s characters).",
        _count(p["words"]), **p),
    # The answers with specifics, of all the answers analysed.
    ("specific", "all"): lambda p: ngettext(
        "Backs every answer with specifics: %(n)s figure, named tool or example.",
        "Backs every answer with specifics: %(n)s figures, named tools and examples.", _count(p["n"]), **p),
    ("specific", "of_total"): lambda p: ngettext(
        "Backs %(answers)s of %(total)s answers with specifics: %(n)s figure, named tool or example.",
        "Backs %(answers)s of %(total)s answers with specifics: %(n)s figures, named tools and examples.",
        _count(p["n"]), **p),
    # Reports built before the finding counted only the answers with specifics.
    ("specific", "many"): _l("Backs the answers with specifics: %(n)s figures, named tools and examples in %(answers)s answers."),
    ("pace_fast", "many"): _l("Spoke fast: %(rate)s %(unit)s over all recorded answers, against %(low)s–%(high)s; fastest in Q%(extreme)s (%(extreme_rate)s)."),
    ("pace_slow", "many"): _l("Spoke slowly: %(rate)s %(unit)s over all recorded answers, against %(low)s–%(high)s; slowest in Q%(extreme)s (%(extreme_rate)s)."),
    ("pace_good", "many"): _l("A steady pace: %(rate)s %(unit)s over all recorded answers, within %(low)s–%(high)s."),
    ("long_pauses", "many"): lambda p: ngettext(
        "%(n)s pause of %(seconds)s s or more over all recorded answers, %(rate)s a minute (%(where)s).",
        "%(n)s pauses of %(seconds)s s or more over all recorded answers, %(rate)s a minute (%(where)s).",
        _count(p["n"]), **p),
    ("long_pauses", "one"): lambda p: ngettext(
        "%(n)s pause of %(seconds)s s or more, %(rate)s a minute (%(where)s).",
        "%(n)s pauses of %(seconds)s s or more, %(rate)s a minute (%(where)s).", _count(p["n"]), **p),
    ("low_eye_contact", "many"): _l("Looked at the camera %(share)s %% of the time over all video answers (%(target)s %% or more reads as engaged); least in Q%(least)s (%(least_share)s %%)."),
    ("eye_contact_good", "many"): _l("Good eye contact: looked at the camera %(share)s %% of the time over all video answers."),
    ("out_of_frame", "many"): _l("The face was in the picture only %(share)s %% of the time on average over the video answers; least in Q%(least)s (%(least_share)s %%)."),
    ("unanswered", "one"): _l("The only question was not answered."),
    ("off_topic", "one"): _l("The only analysed answer was off topic."),
    ("result_missing", "one"): lambda p: (_("The story describes the situation but ends without a clear result.")
                                          if p.get("with_situation") == "1" else _("The story ends without a clear result.")),
    ("star_complete", "one"): _l("The story is complete: situation, task, action and result."),
    ("own_role_unclear", "one"): _l("Says “we” far more than “I” in the story, so the candidate's own part is unclear."),
    ("points_covered", "one"): _l("Covers the key points: %(share)s %% of the expected points of the technical question."),
    ("points_missed", "one"): _l("Misses key points: under half of the expected points covered in the technical answer (%(share)s %%)."),
    ("monotone", "one"): _l("A flat, monotone voice in the recorded answer."),
}


def _say(sentence: Sentence, params: Mapping[str, str]) -> str:
    return sentence(params) if callable(sentence) else str(sentence) % params


def _competency_list(value: str) -> str:
    return ", ".join(label("competency", c.strip()) for c in value.split(","))


def _more(listed: str, more: str | None) -> str:
    """A list cut short says how many it left out."""
    n = int(more or 0)
    return listed if not n else _("%(listed)s and %(n)s more", listed=listed, n=n)


# Findings whose count of answers (questions, stories) of their kind is "total", or "n" for a
# finding about all of them: one of them gets the "one" wording.
_OF_KIND = {"unanswered": "total", "off_topic": "total", "result_missing": "total", "own_role_unclear": "total",
            "points_missed": "total", "monotone": "total", "star_complete": "n"}


def _finding_variant(code: str, params: Mapping[str, str], questions: tuple[int, ...] | list[int] = ()) -> str | None:
    if code in ("fillers_high", "fillers_low"):
        return "characters" if params.get("unit") == "characters" else "words"
    if code in _OF_KIND:
        return "one" if params.get(_OF_KIND[code]) == "1" else None
    if code == "points_covered":
        return "one" if len(questions) == 1 else None
    if code == "specific" and "total" in params:
        if _count(params["total"]) <= 1:
            return None
        return "all" if params["total"] == params.get("answers") else "of_total"
    if code == "long_pauses" and "rate" in params:
        return "many" if _count(params.get("answers", "2")) > 1 else "one"
    if int(params.get("answers") or 1) > 1:
        return "many"
    return None


def finding_text(finding: dict) -> str:
    code = finding["code"]
    params = dict(finding.get("params") or {})
    if "competency" in params:
        params["competency"] = label("competency", params["competency"])
    if code in ("skills_shown", "skills_weak") and "skills" in params:
        params.setdefault("n", str(len(params["skills"].split(", "))))  # reports built before the count
    if "kinds" in params:
        params["kinds"] = _more(params["kinds"], params.get("more"))
    if "where" in params:
        params["where"] = _more(params["where"], params.get("more"))
    if code.startswith("pace_") and params.get("unit") in UNIT:
        params["unit"] = str(UNIT[params["unit"]])
    variant = _finding_variant(code, params, finding.get("questions") or ())
    for template in (FINDING_DETAILED.get((code, variant)), FINDING.get(code)):
        if template is None:
            continue
        try:
            return tie(_say(template, params))
        except (KeyError, ValueError, TypeError):
            continue
    return code.replace("_", " ")


BAND_REASON = {
    "overall_in_band": _l("The overall score %(a)s lies in the range %(b)s-%(c)s of this band."),
    "raised_by": _l("Raised by %(competency)s: %(b)s / 100, with %(c)s %% of the weight."),
    "lowered_by": _l("Lowered by %(competency)s: %(b)s / 100, with %(c)s %% of the weight."),
    "confidence": _l("Confidence is %(level)s (%(b)s / 100): part of the data is missing, read the score with care."),
}

CONFIDENCE_REASON: dict[str, Sentence] = {
    "unanswered": lambda p: ngettext("%(v)s question not answered", "%(v)s questions not answered", _count(p["v"]), **p),
    "no_content": lambda p: ngettext("%(v)s answer with nothing to analyse", "%(v)s answers with nothing to analyse",
                                     _count(p["v"]), **p),
    "no_speech": lambda p: ngettext("no speech detected in %(v)s recording", "no speech detected in %(v)s recordings",
                                    _count(p["v"]), **p),
    "no_audio": lambda p: ngettext("%(v)s recording without sound", "%(v)s recordings without sound", _count(p["v"]), **p),
    "transcript_poor": lambda p: ngettext("unreliable transcript in %(v)s answer", "unreliable transcript in %(v)s answers",
                                          _count(p["v"]), **p),
    "transcript_uncertain": lambda p: ngettext("uncertain transcript in %(v)s answer",
                                               "uncertain transcript in %(v)s answers", _count(p["v"]), **p),
    "speech_too_short": lambda p: ngettext("too little speech to measure the pace in %(v)s answer",
                                           "too little speech to measure the pace in %(v)s answers", _count(p["v"]), **p),
    "audio_too_quiet": lambda p: ngettext("recording too quiet in %(v)s answer", "recording too quiet in %(v)s answers",
                                          _count(p["v"]), **p),
    "audio_clipping": lambda p: ngettext("distorted (clipping) sound in %(v)s answer",
                                         "distorted (clipping) sound in %(v)s answers", _count(p["v"]), **p),
    "no_video": lambda p: ngettext("%(v)s video answer without a picture", "%(v)s video answers without a picture",
                                   _count(p["v"]), **p),
    "no_face_data": lambda p: ngettext("face not trackable in %(v)s video", "face not trackable in %(v)s videos",
                                       _count(p["v"]), **p),
    "not_measured": _l("not measured: %(v)s"),
    "skills_unevidenced": _l("no evidence either way for %(v)s"),
}


def band_reason_text(code: str, value: str) -> str:
    parts = (value.split("|") + ["", "", ""])[:3]
    params = {"a": parts[0], "b": parts[1], "c": parts[2]}
    if code in ("raised_by", "lowered_by"):
        params["competency"] = label("competency", parts[0])
    if code == "confidence":
        params["level"] = label("level", parts[0])
    template = BAND_REASON.get(code)
    return tie(str(template) % params) if template is not None else code.replace("_", " ")


def confidence_reason_text(code: str, value: str) -> str:
    if code == "not_measured":
        value = _competency_list(value)
    template = CONFIDENCE_REASON.get(code)
    return tie(_say(template, {"v": value})) if template is not None else f"{code.replace('_', ' ')}: {value}"
