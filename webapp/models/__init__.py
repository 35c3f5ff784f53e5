"""Typed SQLAlchemy models, grouped by domain."""

from .analysis import AnswerAnalysis, Report, SessionAnalysis
from .interviews import Answer, Candidate, InterviewSession, Position, PositionSkill, Question
from .media import MediaUpload
from .profiles import CandidateProfile, ResumeUpload
from .reviews import ReportReview
from .tasks import FINAL_STATES, LIVE_STATES, TaskRecord
from .users import ApiToken, LoginFailure, User

__all__ = [
    "Answer",
    "AnswerAnalysis",
    "ApiToken",
    "Candidate",
    "CandidateProfile",
    "FINAL_STATES",
    "InterviewSession",
    "LIVE_STATES",
    "LoginFailure",
    "MediaUpload",
    "Position",
    "PositionSkill",
    "Question",
    "Report",
    "ResumeUpload",
    "ReportReview",
    "SessionAnalysis",
    "TaskRecord",
    "User",
]
