"""Word lists and patterns behind the rule-based parts of the content analysis (English, Chinese).

Kept apart from the logic so a reviewer can read and extend them. Every match found with these
is reported with the words it matched, so a report can show why a sentence counted.
"""

from __future__ import annotations

import re

# --- STAR (situation, task, action, result) --------------------------------------------------
# Each element has "strong" cues; the result also has "weak" ones (a completion with no outcome,
# e.g. "we delivered the new version"), reported as status "weak".
STAR_CUES: dict[str, dict[str, list[str]]] = {
    "situation": {
        "strong": [
            r"\b(?:in|at) (?:my|our) (?:last|previous|former|current|first) (?:job|role|position|company|team|project|employer)\b",
            r"\b(?:when|while) i (?:was|worked)\b", r"\blast (?:year|month|quarter|summer|spring|autumn|winter)\b",
            r"\bthe (?:situation|context|background|problem) was\b", r"\bthe (?:old|existing|legacy|previous) \w+",
            r"\b(?:was|were) (?:slow|manual|broken|failing|late|unreliable|frustrated|unhappy)\b",
            r"\bwe (?:had|faced|were facing)\b", r"\bthere (?:was|were)\b", r"\bone time\b",
            r"在我?(?:上一份|上一家|之前的|以前的|前一家|上家)", r"当时", r"之前", r"去年", r"背景", r"情况",
            r"问题是", r"遇到", r"面临", r"旧(?:的)?(?:系统|流程|工具|版本|方案)", r"很慢", r"手工", r"不满",
        ],
    },
    "task": {
        "strong": [
            r"\bmy (?:task|goal|job|role|responsibility|assignment|mission) (?:was|is)\b",
            r"\bi was (?:asked|responsible|tasked|assigned|in charge|expected)\b", r"\bi (?:had|needed) to\b",
            r"\bthe (?:goal|task|aim|objective|target|challenge) was\b", r"\bresponsible for\b",
            r"\bi (?:led|managed|owned|coordinated)\b", r"\bwe (?:had|needed) to\b",
            r"我的(?:任务|目标|职责|工作|角色)", r"负责", r"目标是", r"要求我", r"需要(?:我|在)", r"带领", r"主导",
        ],
    },
    "action": {
        "strong": [
            (r"\bi (?:\w+ )?(?:wrote|built|set up|created|designed|implemented|interviewed|organi[sz]ed|proposed|"
            r"introduced|analy[sz]ed|measured|refactored|automated|trained|talked|spoke|met|asked|listened|"
            r"decided|started|chose|added|fixed|moved|split|reviewed|tested|migrated|rewrote|planned|"
            r"prioriti[sz]ed|negotiated|explained|presented|documented|deployed|configured|investigated|"
            r"profiled|debugged|scheduled|delegated|contacted|called|gathered|collected|ran|used|made|took)\b"),
            (r"\bwe (?:\w+ )?(?:built|implemented|introduced|refactored|automated|migrated|rewrote|deployed|"
            r"designed|set up|agreed|decided)\b"),
            (r"我(?:先|就|便|又|还|首先|然后|接着|主动|亲自)?(?:编写|写|搭建|建立|设计|实现|采访|组织|提议|提出|引入|分析|"
            r"测量|重构|自动化|培训|沟通|交流|请|询问|倾听|决定|开始|选择|添加|修复|迁移|重写|计划|安排|协调|"
            r"说服|解释|演示|整理|部署|配置|调查|排查|联系|收集|用|做|推动|制定)"),
            r"(?:采访|编写|搭建|重构|培训|修复|部署|迁移|设计)了",
        ],
    },
    "result": {
        "strong": [
            r"\bas a result\b", r"\bresult(?:ed|s)? (?:was|were|in)\b", r"\bin the end\b", r"\boutcome\b",
            (r"\b(?:dropped|fell|decreased|reduced|cut|increased|grew|rose|improved|saved|doubled|halved|"
            r"tripled|went down|went up|shortened|sped up)\b"),
            r"\bby (?:half|\d+\s?(?:%|percent|x|times))", r"\bfrom [\w.$%]+(?: \w+)? to [\w.$%]+",
            r"\bnow (?:takes?|runs?|is|are|has|have)\b", r"\bzero (?:incidents|bugs|errors|failures|complaints)\b",
            r"结果", r"最终", r"降低", r"降到", r"减少", r"提高", r"提升", r"缩短", r"节省", r"增长", r"增加",
            r"下降", r"从[^，。,]{1,12}(?:降|缩|减|提|升|增|变)", r"一半", r"\d+\s?%", r"\d+\s?倍", r"没有发生",
        ],
        "weak": [
            (r"\b(?:delivered|launched|shipped|released|finished|completed|went live|on time|succeeded|"
            r"solved|resolved|learned|learnt)\b"),
            r"交付", r"上线", r"完成", r"解决了", r"成功", r"学到", r"按时",
        ],
    },
}
STAR_ELEMENTS = ("situation", "task", "action", "result")

# --- Connectives (logical structure) ---------------------------------------------------------
CONNECTIVES_EN = [
    "first", "firstly", "second", "secondly", "third", "then", "next", "after that", "finally", "lastly",
    "because", "so", "so that", "therefore", "thus", "as a result", "however", "but", "although", "instead",
    "for example", "for instance", "in addition", "also", "moreover", "on the other hand", "in short",
    "to summarise", "to summarize", "otherwise", "if", "when", "since",
]
CONNECTIVES_ZH = [
    "首先", "其次", "然后", "接着", "之后", "最后", "因为", "所以", "因此", "但是", "不过", "然而", "虽然",
    "例如", "比如", "另外", "此外", "同时", "而且", "总之", "总的来说", "如果", "否则", "由于", "于是",
]

# --- Specificity -----------------------------------------------------------------------------
EXAMPLE_MARKERS = [
    r"\bfor (?:example|instance)\b", r"\bsuch as\b", r"\be\.g\.", r"\blike when\b",
    r"\b(?:in|at) (?:my|our) (?:last|previous|former|current) (?:job|role|company|team|project)\b",
    r"\bon (?:one|a) project\b", r"\blast (?:year|month|week|quarter)\b", r"\bin \d{4}\b",
    r"例如", r"比如", r"举个例子", r"举例", r"在我?(?:上一份|上一家|之前的|以前的|前一家)", r"去年", r"有一次", r"\d{4}\s?年",
]
NUMBER_WORDS_EN = (
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred thousand million billion half double twice dozen percent"
).split()
_NUMBER_WORD = r"(?:" + "|".join(NUMBER_WORDS_EN) + r")"
NUMBER_WORDS_RE = re.compile(rf"\b{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*\b", re.IGNORECASE)  # "ten thousand" is one
# Chinese numerals with a measure word or unit, e.g. 三个月, 十倍, 一半, 百分之五十.
ZH_NUMBER_RE = re.compile(
    r"(?:百分之[零一二两三四五六七八九十百]+|一半|两倍"
    r"|[零一二两三四五六七八九十百千万亿]+(?:个月|小时|分钟|毫秒|个|倍|次|天|周|月|年|人|名|秒|万|亿|成|台|行|条|家))"
)
# "一个", "一家", "一次" usually mean "a", "once": not figures.
ZH_NUMBER_GENERIC = frozenset({"一个", "一家", "一次", "一名", "一台", "一条", "一行", "一人"})

# Named technologies and methods (canonical spelling; matched case-insensitively as whole words).
TECH_TERMS = [
    "Python", "Java", "JavaScript", "TypeScript", "Golang", "Rust", "C++", "C#", "Ruby", "PHP", "Kotlin", "Scala", "Bash", "SQL", "PostgreSQL", "Postgres", "MySQL", "SQLite", "MongoDB", "Redis",
    "Elasticsearch", "Kafka", "RabbitMQ", "Celery", "Airflow", "Spark", "Hadoop", "Dask", "pandas", "NumPy",
    "scikit-learn", "PyTorch", "TensorFlow", "XGBoost", "Jupyter", "Docker", "Kubernetes",
    "Terraform", "Ansible", "AWS", "GCP", "Azure", "S3", "EC2", "Linux", "Nginx", "gunicorn",
    "Flask", "Django", "FastAPI", "Node.js", "React", "Redux", "Vue", "Angular", "Next.js",
    "Svelte", "HTML", "CSS", "Sass", "Tailwind", "Webpack", "Vite", "Jest", "Vitest", "Cypress",
    "Playwright", "Selenium", "pytest", "Git", "GitHub", "GitLab", "Jenkins", "CI/CD",
    "Prometheus", "Grafana", "Sentry", "Datadog", "REST", "GraphQL", "gRPC", "HTTP", "HTTPS", "OAuth", "JWT",
    "CSRF", "XSS", "CSP", "CDN", "DNS", "TCP", "API", "APIs", "JSON", "YAML", "Parquet", "ETL", "SLO",
    "Lighthouse", "WCAG", "ARIA", "NVDA", "axe", "Flexbox", "zod", "Jira", "Scrum", "Kanban", "A/B test", "ROC", "AUC", "F1",
    "regularisation", "regularization", "dropout", "cross-validation", "Tableau", "Power BI",
]
# Names that are also everyday words: matched only with this exact spelling.
TECH_TERMS_EXACT = ["Go", "Swift", "Express", "Lambda", "Grid", "CI", "CD", "Excel", "Helm", "EXPLAIN", "ANALYZE", "VACUUM"]
_TERM_ALT = "|".join(re.escape(t) for t in sorted(TECH_TERMS, key=len, reverse=True))
TECH_TERMS_RE = re.compile(rf"(?<![A-Za-z0-9])(?:{_TERM_ALT})(?![A-Za-z0-9+#])", re.IGNORECASE)
_EXACT_ALT = "|".join(re.escape(t) for t in TECH_TERMS_EXACT)
TECH_TERMS_EXACT_RE = re.compile(rf"(?<![A-Za-z0-9])(?:{_EXACT_ALT})(?![A-Za-z0-9+#])")
_CANONICAL = {t.lower(): t for t in TECH_TERMS}


def canonical_term(found: str) -> str:
    return _CANONICAL.get(found.lower(), found)


# --- "we" versus "I" -------------------------------------------------------------------------
I_EN_RE = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
WE_EN_RE = re.compile(r"\b(?:we|us|our|ours|ourselves|we're|we've|we'd|we'll)\b", re.IGNORECASE)
I_ZH_RE = re.compile(r"我(?!们)")
WE_ZH_RE = re.compile(r"我们|咱们")

# --- Key terms for expected points -----------------------------------------------------------
STOPWORDS_EN = frozenset(
    """a an the and or of to in on for with by as at from into than then that this these those is are was
    were be been being it its such your you their they them which what when how why not only every each
    any all more most less use used using so such e.g something one two before after like do does can
    should would will about over under up out also very much many via per""".split()
)
STOPWORDS_ZH = frozenset(
    "的 了 和 与 或 在 是 把 对 用 做 等 以 及 并 而 就 也 都 要 会 能 让 被 给 从 到 这 那 个 一个 一些 例如 比如 进行 使用 时 中".split()
)
