"""Resume parsing: a PDF or DOCX file in, a draft candidate profile out.

Pure code (no Flask, Celery or database): the ``profile`` task calls
``parse_resume`` and stores ``ParsedResume.to_dict()`` as the draft a person
corrects; ``match_skills`` feeds the skill-match competency.
"""

from .errors import ResumeError
from .model import (
    PARSER_VERSION,
    EducationEntry,
    ExperienceEntry,
    Field,
    Language,
    Line,
    Link,
    ParsedResume,
    ProjectEntry,
    Section,
    Skill,
    SkillHit,
    SkillMatch,
    Source,
)
from .pipeline import DEFAULT_MAX_PAGES, parse_resume
from .skills import Vocabulary, load_vocabulary, match_skills
from .sniff import DEFAULT_MAX_BYTES, sniff_document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PAGES",
    "PARSER_VERSION",
    "EducationEntry",
    "ExperienceEntry",
    "Field",
    "Language",
    "Line",
    "Link",
    "ParsedResume",
    "ProjectEntry",
    "ResumeError",
    "Section",
    "Skill",
    "SkillHit",
    "SkillMatch",
    "Source",
    "Vocabulary",
    "load_vocabulary",
    "match_skills",
    "parse_resume",
    "sniff_document",
]
