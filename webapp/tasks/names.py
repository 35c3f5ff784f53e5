"""Task names, importable without Celery so services can start work by name."""

PROCESS_INTERVIEW_ANALYSIS = "webapp.tasks.interview.process_interview_analysis"
FINISH_INTERVIEW_ANALYSIS = "webapp.tasks.interview.finish_interview_analysis"
PROCESS_INTERVIEW_REPORT = "webapp.tasks.interview.process_interview_report"
ANALYSE_ANSWER = "webapp.tasks.analysis.analyse_answer"
PURGE_MEDIA = "webapp.tasks.analysis.purge_media"
PARSE_RESUME = "webapp.tasks.profile.parse_resume"

# Record kinds, one per kind of work, used for exclusivity and the operations page.
KIND_INTERVIEW_ANALYSIS = "interview_analysis"
KIND_INTERVIEW_REPORT = "interview_report"
KIND_ANSWER_ANALYSIS = "answer_analysis"
KIND_RESUME_PARSE = "resume_parse"

# The periodic check of stalled work (Celery beat).
CHECK_TASKS = "webapp.tasks.maintenance.check_tasks"
