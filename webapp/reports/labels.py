"""Readable names for the codes in analyses and scores, translatable.

The analysis stores codes ("coverage", "state_the_result"); people read these.
"""

from __future__ import annotations

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
}

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
}


def label(table: str, code: str | None) -> str:
    if code is None:
        return ""
    return str(TABLES[table].get(code, code.replace("_", " ")))


# Sentences with the figures in them, keyed by finding code (webapp/analysis/findings.py).
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
    "points_covered": _l("Covers the key points: %(share)s %% of the expected points of the technical questions."),
    "points_missed": _l("Misses key points: under half covered in %(n)s of %(total)s technical answers (%(share)s %% overall)."),
    "specific": _l("Backs the answers with specifics: %(n)s figures, named tools and examples in %(answers)s answers."),
    "few_specifics": _l("Few concrete details: %(mean)s figures, tools or examples per answer."),
    "no_speech": _l("No speech was detected in %(n)s recording(s)."),
    "fillers_high": _l("Filler words were %(share)s %% of the words (%(kinds)s); under 4 %% sounds fluent."),
    "fillers_low": _l("Few filler words: %(share)s %% of the words."),
    "pace_fast": _l("Spoke fast: %(rate)s %(unit)s, against %(low)s-%(high)s."),
    "pace_slow": _l("Spoke slowly: %(rate)s %(unit)s, against %(low)s-%(high)s."),
    "pace_good": _l("A steady pace: %(rate)s %(unit)s, within %(low)s-%(high)s."),
    "long_pauses": _l("%(n)s pauses of %(seconds)s s or more (%(where)s)."),
    "monotone": _l("A flat, monotone voice in %(n)s of %(total)s answers."),
    "no_face_data": _l("The face could not be tracked in %(n)s video(s): presence is not scored there."),
    "low_eye_contact": _l("Looked at the camera %(share)s %% of the time (%(target)s %% or more reads as engaged)."),
    "eye_contact_good": _l("Good eye contact: looked at the camera %(share)s %% of the time."),
    "out_of_frame": _l("The face was in the picture only %(share)s %% of the time."),
}

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


def _competency_list(value: str) -> str:
    return ", ".join(label("competency", c.strip()) for c in value.split(","))


def finding_text(finding: dict) -> str:
    params = dict(finding.get("params") or {})
    if "competency" in params:
        params["competency"] = label("competency", params["competency"])
    template = FINDING.get(finding["code"])
    if template is None:
        return finding["code"].replace("_", " ")
    try:
        return str(template) % params
    except (KeyError, ValueError, TypeError):
        return finding["code"].replace("_", " ")


def band_reason_text(code: str, value: str) -> str:
    parts = (value.split("|") + ["", "", ""])[:3]
    params = {"a": parts[0], "b": parts[1], "c": parts[2]}
    if code in ("raised_by", "lowered_by"):
        params["competency"] = label("competency", parts[0])
    if code == "confidence":
        params["level"] = label("level", parts[0])
    template = BAND_REASON.get(code)
    return str(template) % params if template is not None else code.replace("_", " ")


def confidence_reason_text(code: str, value: str) -> str:
    if code == "not_measured":
        value = _competency_list(value)
    template = CONFIDENCE_REASON.get(code)
    return str(template) % {"v": value} if template is not None else f"{code.replace('_', ' ')}: {value}"
