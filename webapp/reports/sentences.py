"""Sentences with the figures in them: findings, the reasons for a band, the confidence.

The analysis stores each as a code with its figures (webapp/analysis/findings.py, the scoring's
band and confidence reasons); these put them into words, translatable, with every number kept
on one line with its unit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .labels import UNIT, label, tie

# Sentences with the figures in them, keyed by finding code (webapp/analysis/findings.py).
# A finding over several answers says so ("all words spoken", "over the recorded answers"),
# and names the answer that stands out with that answer's own figure.
FINDING = {
    "strong_competency": _l("%(competency)s is a strength: %(score)s / 100."),
    "weak_competency": _l("%(competency)s is weak: %(score)s / 100."),
    "skills_shown": _l("Shows the required skills %(skills)s."),
    "skills_weak": _l("Little evidence of the required skills %(skills)s."),
    "unanswered": _l("%(n)s of %(total)s questions were not answered."),
    "off_topic": _l("%(n)s of %(total)s answers were off topic."),
    "result_missing": _l("Answers describe the situation but rarely the result: %(n)s of %(total)s stories end without a clear result."),
    "star_complete": _l("Stories are complete: situation, task, action and result in all %(n)s."),
    "own_role_unclear": _l("Says “we” far more than “I” in %(n)s of %(total)s stories, so the candidate's own part is unclear."),
    "points_covered": _l("Covers the key points: %(share)s %% of the expected points on average over the technical questions."),
    "points_missed": _l("Misses key points: under half covered in %(n)s of %(total)s technical answers (%(share)s %% of the expected points on average over all of them)."),
    "specific": _l("Backs the answer with specifics: %(n)s figures, named tools and examples."),
    "few_specifics": _l("Few concrete details: %(mean)s figures, tools or examples per answer on average."),
    "no_speech": _l("No speech was detected in %(n)s recording(s)."),
    # Reports built before the finding named its worst answer.
    "fillers_high": _l("Filler words were %(share)s %% of all words spoken (%(kinds)s); under 4 %% sounds fluent."),
    "fillers_low": _l("Few filler words: %(share)s %% of all words spoken."),
    "pace_fast": _l("Spoke fast: %(rate)s %(unit)s, against %(low)s–%(high)s."),
    "pace_slow": _l("Spoke slowly: %(rate)s %(unit)s, against %(low)s–%(high)s."),
    "pace_good": _l("A steady pace: %(rate)s %(unit)s, within %(low)s–%(high)s."),
    "long_pauses": _l("%(n)s pauses of %(seconds)s s or more (%(where)s)."),
    "monotone": _l("A flat, monotone voice in %(n)s of %(total)s answers."),
    "no_face_data": _l("The face could not be tracked in %(n)s video(s): presence is not scored there."),
    "low_eye_contact": _l("Looked at the camera %(share)s %% of the time (%(target)s %% or more reads as engaged)."),
    "eye_contact_good": _l("Good eye contact: looked at the camera %(share)s %% of the time."),
    "out_of_frame": _l("The face was in the picture only %(share)s %% of the time."),
}

# Wordings that need figures older reports do not have, tried first: (code, variant).
FINDING_DETAILED = {
    ("fillers_high", "words"): _l("%(share)s %% of all words spoken were fillers (%(n)s of %(words)s words: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its words). Under 4 %% sounds fluent."),
    ("fillers_high", "characters"): _l("%(share)s %% of all characters spoken were fillers (%(n)s of %(words)s characters: %(kinds)s); most in Q%(worst)s (%(worst_share)s %% of its characters). Under 4 %% sounds fluent."),
    ("fillers_low", "words"): _l("Few filler words: %(share)s %% of all words spoken (%(n)s of %(words)s words)."),
    ("fillers_low", "characters"): _l("Few filler words: %(share)s %% of all characters spoken (%(n)s of %(words)s characters)."),
    ("specific", "many"): _l("Backs the answers with specifics: %(n)s figures, named tools and examples in %(answers)s answers."),
    ("pace_fast", "many"): _l("Spoke fast: %(rate)s %(unit)s over all recorded answers, against %(low)s–%(high)s; fastest in Q%(extreme)s (%(extreme_rate)s)."),
    ("pace_slow", "many"): _l("Spoke slowly: %(rate)s %(unit)s over all recorded answers, against %(low)s–%(high)s; slowest in Q%(extreme)s (%(extreme_rate)s)."),
    ("pace_good", "many"): _l("A steady pace: %(rate)s %(unit)s over all recorded answers, within %(low)s–%(high)s."),
    ("long_pauses", "many"): _l("%(n)s pauses of %(seconds)s s or more over all recorded answers, %(rate)s a minute (%(where)s)."),
    ("low_eye_contact", "many"): _l("Looked at the camera %(share)s %% of the time over all video answers (%(target)s %% or more reads as engaged); least in Q%(least)s (%(least_share)s %%)."),
    ("eye_contact_good", "many"): _l("Good eye contact: looked at the camera %(share)s %% of the time over all video answers."),
    ("out_of_frame", "many"): _l("The face was in the picture only %(share)s %% of the time on average over the video answers; least in Q%(least)s (%(least_share)s %%)."),
}


def _competency_list(value: str) -> str:
    return ", ".join(label("competency", c.strip()) for c in value.split(","))


def _more(listed: str, more: str | None) -> str:
    """A list cut short says how many it left out."""
    n = int(more or 0)
    return listed if not n else _("%(listed)s and %(n)s more", listed=listed, n=n)


def _finding_variant(code: str, params: dict) -> str | None:
    if code in ("fillers_high", "fillers_low"):
        return "characters" if params.get("unit") == "characters" else "words"
    if int(params.get("answers") or 1) > 1 or (code == "long_pauses" and "rate" in params):
        return "many"
    return None


def finding_text(finding: dict) -> str:
    code = finding["code"]
    params = dict(finding.get("params") or {})
    if "competency" in params:
        params["competency"] = label("competency", params["competency"])
    if "kinds" in params:
        params["kinds"] = _more(params["kinds"], params.get("more"))
    if "where" in params:
        params["where"] = _more(params["where"], params.get("more"))
    if code.startswith("pace_") and params.get("unit") in UNIT:
        params["unit"] = str(UNIT[params["unit"]])
    templates = [FINDING_DETAILED.get((code, _finding_variant(code, params))), FINDING.get(code)]
    for template in templates:
        if template is None:
            continue
        try:
            return tie(str(template) % params)
        except (KeyError, ValueError, TypeError):
            continue
    return code.replace("_", " ")


BAND_REASON = {
    "overall_in_band": _l("The overall score %(a)s lies in the range %(b)s-%(c)s of this band."),
    "raised_by": _l("Raised by %(competency)s: %(b)s / 100, with %(c)s %% of the weight."),
    "lowered_by": _l("Lowered by %(competency)s: %(b)s / 100, with %(c)s %% of the weight."),
    "confidence": _l("Confidence is %(level)s (%(b)s / 100): part of the data is missing, read the score with care."),
}

CONFIDENCE_REASON = {
    "unanswered": _l("%(v)s question(s) not answered"),
    "no_content": _l("%(v)s answer(s) with nothing to analyse"),
    "no_speech": _l("no speech detected in %(v)s recording(s)"),
    "no_audio": _l("%(v)s recording(s) without sound"),
    "transcript_poor": _l("unreliable transcript in %(v)s answer(s)"),
    "transcript_uncertain": _l("uncertain transcript in %(v)s answer(s)"),
    "speech_too_short": _l("too little speech to measure the pace in %(v)s answer(s)"),
    "audio_too_quiet": _l("recording too quiet in %(v)s answer(s)"),
    "audio_clipping": _l("distorted (clipping) sound in %(v)s answer(s)"),
    "no_video": _l("%(v)s video answer(s) without a picture"),
    "no_face_data": _l("face not trackable in %(v)s video(s)"),
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
    return tie(str(template) % {"v": value}) if template is not None else f"{code.replace('_', ' ')}: {value}"
