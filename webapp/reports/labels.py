"""Readable names for the codes in analyses and scores, translatable.

The analysis stores codes ("coverage", "state_the_result"); people read these.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

COMPETENCY = {
    "professional_knowledge": _l("Professional knowledge"),
    "skill_match": _l("Skill match"),
    "communication": _l("Communication"),
    "logical_thinking": _l("Logical thinking"),
    "problem_solving": _l("Problem solving and innovation"),
    "composure": _l("Composure"),
    "presence": _l("Presence"),
}

EVIDENCE = {
    "coverage": _l("Expected points covered"),
    "relevance": _l("Relevance to the question"),
    "specificity": _l("Specific details (figures, tools, examples)"),
    "connectives": _l("Signposting words"),
    "sentence_length": _l("Average sentence length (words)"),
    "sentence_length_chars": _l("Average sentence length (characters)"),  # Chinese and mixed answers
    "star": _l("STAR structure"),
    "actions_and_result": _l("Own actions and the result"),
    "length": _l("Answer length"),
    "vocabulary": _l("Vocabulary variety (MATTR)"),
    "pace": _l("Speaking pace"),
    "fillers": _l("Filler words"),
    "pitch_variation": _l("Voice variation (pitch spread)"),
    "long_pauses": _l("Long pauses"),
    "pause_share": _l("Time spent in pauses"),
    "eye_contact": _l("Looking at the camera"),
    "face_in_frame": _l("Face in the frame"),
    "framing": _l("Framing and distance"),
    "head_turned_away": _l("Head turned away"),
    "skill_in_answer": _l("Skill shown in the answer"),
    "skill": _l("Required skill"),
}

HINT = {
    "cover_expected_points": _l("Cover the key points the question asks about."),
    "answer_the_question": _l("Answer the question that was asked, and say how your answer relates to it."),
    "give_concrete_examples": _l("Give concrete examples: figures, named tools, a real case."),
    "use_signposting": _l("Signpost the reasoning: first, because, therefore, as a result."),
    "use_shorter_sentences": _l("Use shorter sentences, one idea each."),
    "state_the_result": _l("Finish the story with the result, ideally measured."),
    "use_star_structure": _l("Tell the story as situation, task, action, result."),
    "describe_your_actions": _l("Say what you yourself did, step by step."),
    "quantify_the_result": _l("Quantify the result: how much, how fast, for whom."),
    "answer_in_more_detail": _l("Answer in more detail."),
    "be_more_concise": _l("Be more concise: keep to what matters."),
    "vary_your_wording": _l("Vary the wording; avoid repeating the same words."),
    "slow_down": _l("Slow down to 100-165 words a minute; pause at the end of each point."),
    "speed_up": _l("Speak a little faster and keep going between points."),
    "cut_fillers": _l("Replace “um” and “like” with a silent pause."),
    "vary_your_voice": _l("Vary the pitch: stress the key word of each point."),
    "pause_less": _l("Prepare the outline first, so long silences do not break the answer."),
    "look_at_the_camera": _l("Look at the camera lens, not at your own picture."),
    "stay_in_frame": _l("Stay in the picture: sit still, facing the camera."),
    "sit_centred": _l("Sit centred, at arm's length from the camera."),
    "show_required_skills": _l("Show the required skills: name them with a concrete case where you used them."),
}

BAND = {
    "strong_match": _l("Strong match"),
    "possible_match": _l("Possible match"),
    "weak_match": _l("Weak match"),
    "on_topic": _l("on topic"),
    "partly_on_topic": _l("partly on topic"),
    "off_topic": _l("off topic"),
}

STATUS = {
    "covered": _l("covered"),
    "partial": _l("partly covered"),
    "missed": _l("missed"),
    "found": _l("found"),
    "weak": _l("weak"),
    "missing": _l("missing"),
    "too_short": _l("too short"),
    "adequate": _l("adequate"),
    "too_long": _l("too long"),
    # An answer's analysis (models.analysis.ANALYSIS_STATUSES, and the report's own two).
    "ok": _l("analysed"),
    "no_speech": _l("no speech detected"),
    "empty": _l("empty answer"),
    "failed": _l("the analysis failed"),
    "unanswered": _l("not answered"),
}

# How lengths are counted (content_types.LengthCheck.unit, FillerStats.unit, SpeakingRate.unit).
UNIT = {
    "words": _l("words"),
    "chars": _l("characters"),
    "characters": _l("characters"),
    "wpm": _l("words a minute"),
    "cpm": _l("characters a minute"),
}

LANGUAGE = {
    "en": _l("English"),
    "zh": _l("Chinese"),
    "mixed": _l("Chinese and English"),
    "unknown": _l("unknown"),
}

DISTANCE = {
    "ok": _l("good distance"),
    "too_far": _l("too far from the camera"),
    "too_close": _l("too close to the camera"),
}

TRANSCRIPT_QUALITY = {"good": _l("clear"), "uncertain": _l("uncertain"), "poor": _l("poor")}

RESUME_SKILL = {"shown": _l("shown"), "implied": _l("implied by a related skill"), "missing": _l("not found")}

STAR_ELEMENT = {
    "situation": _l("Situation"),
    "task": _l("Task"),
    "action": _l("Action"),
    "result": _l("Result"),
}

SOURCE = {
    "content": _l("answer content"),
    "voice": _l("voice"),
    "video": _l("video"),
    "resume": _l("resume"),
    "answers": _l("answers"),
    "answers+resume": _l("answers and resume"),
}

LEVEL = {"high": _l("high"), "medium": _l("medium"), "low": _l("low")}

KIND = {
    "technical": _l("technical"),
    "behavioural": _l("behavioural"),
    "resource": _l("read or watch"),
    "practice": _l("practice"),
    "text": _l("typed"),
    "audio": _l("audio"),
    "video": _l("video"),
}

PRACTICE_REASON = {
    "low_score": _l("scored low"),
    "off_topic": _l("off topic"),
    "empty_answer": _l("empty answer"),
    "no_speech": _l("no speech detected"),
}

TABLES = {
    "competency": COMPETENCY,
    "evidence": EVIDENCE,
    "hint": HINT,
    "band": BAND,
    "status": STATUS,
    "star": STAR_ELEMENT,
    "source": SOURCE,
    "level": LEVEL,
    "kind": KIND,
    "practice_reason": PRACTICE_REASON,
    "unit": UNIT,
    "language": LANGUAGE,
    "distance": DISTANCE,
    "transcript_quality": TRANSCRIPT_QUALITY,
    "resume_skill": RESUME_SKILL,
}


def label(table: str, code: str | None) -> str:
    if code is None:
        return ""
    return str(TABLES[table].get(code, code.replace("_", " ")))


NBSP = "\u00a0"
# A number and the unit after it ("16 %", "67 / 100", "2 s", "143 words") stay on one line.
_NUMBER_UNIT = re.compile(
    r"(?<=\d) (?=%|/ \d|×|(?:s|ms|h|min|st|dB|dBFS|Hz|wpm|cpm|words?|characters?|semitones)\b)")
_SLASH_NUMBER = re.compile(r"(?<=\d)\u00a0/ (?=\d)")
_TIMES = re.compile(r"(?<=\S) (?=×\d)")  # "um ×2"


def tie(text: str) -> str:
    """The text with no line break between a number and its unit, or a word and its count."""
    return _TIMES.sub(NBSP, _SLASH_NUMBER.sub(NBSP + "/" + NBSP, _NUMBER_UNIT.sub(NBSP, text)))
