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

TABLES = {
    "competency": COMPETENCY,
    "evidence": EVIDENCE,
    "hint": HINT,
    "band": BAND,
    "status": STATUS,
    "star": STAR_ELEMENT,
}


def label(table: str, code: str | None) -> str:
    if code is None:
        return ""
    return str(TABLES[table].get(code, code.replace("_", " ")))
