"""Which framework a question is about, from the API names in its title and answer.

`detect_frameworks` judges the questions of one article together, `detect_framework`
one question alone. The rules:

- A question whose title names only Flask (its name, or an API only Flask has:
  `@app.route`, blueprints, `url_for`, `request.form`, `g.user`, Jinja2, Werkzeug,
  Flask-Login, ...) is `flask`; only Django (querysets, `models.Model`, `ForeignKey`,
  `urlpatterns`, `INSTALLED_APPS`, DRF, signals, `{% csrf_token %}`, ...) is `django`.
  A title naming neither defers to the answer in the same way.
- A few names are shared: `login_required`, a bare `ForeignKey`, class-based views
  and `as_view` count for Django only when no Flask (or SQLAlchemy) word is there;
  a bare `session[...]` and `g.<attribute>` count for Flask only when no Django word is.
- Both named in the title is a comparison: `general` when the title compares
  ("vs", "compare", "differ", "which", ...), else `general` unless one is named at
  least twice as often, title and answer together. Both named only in the answer
  is `general`.
- JavaScript, HTML/CSS and git questions (`fetch(`, the DOM, promises, flexbox,
  semantic HTML, rebase, cherry-pick, ...) are `general` when the title names no
  framework: front-end words in the title count twice, and an answer's framework
  words must be at least as many to win.
- A question naming no framework gets the article's main framework: django or
  flask when that one is detected for at least two questions, at least half of the
  questions that name a framework, and at least a third of the article's questions
  (JavaScript, HTML, CSS and git questions aside). Otherwise it is `python` when
  Python-language words outnumber web words, and `general` when they do not.

Answers are sampled to `FRAMEWORK_SAMPLE` characters; every list is one bounded regex.
"""

import re
from collections import Counter

from .parsed import FRAMEWORK_SAMPLE

# Code names are matched case-sensitively (request.GET is Django, request.args Flask);
# prose names inside (?i:...) in any case.

_FLASK_WORDS = re.compile(
    r"(?i:\b(?:flask(?:[-_]\w+)?|werkzeug|quart|jinja2?|blueprints?|register_blueprint"
    r"|current_app|url_for|jsonify|render_template(?:_string)?|get_flashed_messages"
    r"|before_request|after_request|before_first_request|teardown_request|teardown_appcontext"
    r"|app_context|test_request_context|test_client|make_response|send_from_directory"
    r"|current_user|login_user|logout_user|loginmanager|methodview)\b"
    r"|\bthe\s+`?g`?\s+object\b|\bflask\.g\b)"
    r"|@\w+\.(?:route|before_request|before_app_request|after_request|teardown_request"
    r"|teardown_appcontext|errorhandler|app_errorhandler|context_processor|template_filter"
    r"|url_value_preprocessor|shell_context_processor|cli\.command)\b"
    r"|@(?:app|bp|\w+_bp|\w*blueprint)\.(?:get|post|put|patch|delete)\("
    r"|\bapp\.config\b|(?<![.\w])flash\(|(?<![.\w])abort\(\s*\d"
    r"|\brequest\.(?:form|args|get_json|json|files|values|cookies)\b"
    r"|\bdb\.(?:Model|Column|session|relationship)\b|\bUserMixin\b"
)

# Flask's unless a Django word is there: Django writes request.session[...].
_FLASK_UNLESS_DJANGO = re.compile(
    r"(?<![.\w])session\[|(?<![.\w])g\.(?:user|db|conn\w*|cursor|locale|\w+_id|request_\w+"
    r"|current_\w+|pop|get|setdefault)\b"
)

_DJANGO_WORDS = re.compile(
    r"(?i:\b(?:django(?:\s+rest\s+framework|[-_]\w+)?|drf|rest_framework|querysets?"
    r"|manage\.py|settings\.py|urls\.py|makemigrations|showmigrations|sqlmigrate"
    r"|squashmigrations|collectstatic|modeladmin|select_related|prefetch_related"
    r"|get_object_or_404|reverse_lazy|transaction\.atomic|on_commit|urlpatterns)\b)"
    r"|\bpermission_required\b|\b(?:OneToOne|ManyToMany|Char|Text|Slug|UUID|(?:Big|Small)?Auto"
    r"|Positive(?:Big|Small)?Integer|(?:Big|Small)Integer|Duration|Binary|Image"
    r"|GenericIPAddress|FilePath|JSON)Field\b"
    r"|\bmodels\.(?:Model|Manager|QuerySet|\w+Field|ForeignKey|CASCADE|PROTECT|SET_NULL|Q|F"
    r"|Index|UniqueConstraint|CheckConstraint|TextChoices|IntegerChoices|Count|Sum|Avg)\b"
    r"|\.objects\.\w+|\b(?:get_queryset|as_manager|from_queryset)\b"
    r"|(?<![.\w])F\(\s*[\"']\w+[\"']\s*\)|(?<![.\w])Q\(\s*\w+\s*="
    r"|\b[FQ]\(\)\s*(?:expression|object)|\b[FQ]\s+(?:expressions?|objects)\b"
    r"|(?<![.\w])reverse\(\s*[\"']|(?<![.\w])(?:re_)?path\(\s*r?[\"'][^\"'\n]{0,200}[\"']\s*,"
    r"|\{%\s*(?:csrf_token|url|load|static)\b|\b(?:INSTALLED_APPS|MIDDLEWARE(?:_CLASSES)?"
    r"|AUTH_USER_MODEL|ALLOWED_HOSTS|ROOT_URLCONF|STATIC_ROOT)\b"
    r"|\b(?:ModelForm|(?:List|Detail|Create|Update|Delete|Template|Form|Redirect)View|ModelAdmin"
    r"|AbstractUser|AbstractBaseUser|get_user_model|PermissionsMixin|LoginRequiredMixin"
    r"|UserPassesTestMixin|HttpResponse\w*|JsonResponse|HttpRequest|AppConfig)\b"
    r"|\badmin\.(?:site|register)\b|\b(?:pre|post)_(?:save|delete|init|migrate)\b|\bm2m_changed\b"
    r"|@receiver\(|\bmigrations\.[A-Z]\w+|\brequest\.(?:POST|GET|FILES|COOKIES|META|user)\b"
    r"|(?<![.\w])render\(\s*request\b|\bserializers\.\w+|\b(?:Hyperlinked)?ModelSerializer\b"
    r"|\bAPIView\b|ViewSets?\b|\bviewsets\.|\b(?:permission|authentication)_classes\b"
    r"|\bserializer_class\b|\bDefaultRouter\b"
)

# Django's unless a Flask (or SQLAlchemy) word is there: Flask-Login has login_required,
# SQLAlchemy a ForeignKey, Flask class-based views and as_view.
_DJANGO_UNLESS_FLASK = re.compile(
    r"(?<![.\w])login_required\b|(?<![.\w])ForeignKey\b|\.as_view\(\)"
    r"|(?i:\bclass[- ]based\s+views?\b)|\bCBVs?\b"
)

_SQLALCHEMY = re.compile(r"(?i:\bsqlalchemy\b|\balembic\b)|\bColumn\(")

# JavaScript, HTML/CSS and git: general, whatever the article is about.
_FRONT_END_WORDS = re.compile(
    r"(?i:\b(?:javascript|typescript|ecmascript|es6|node\.?js|npm|yarn|webpack|jquery|jsx"
    r"|promises?|css3?|flexbox|css\s+grid|media\s+quer(?:y|ies)|z-index|box[- ]model"
    r"|pseudo[- ](?:class|element)s?|semantic\s+(?:html|elements?|tags|markup)|html5"
    r"|html\s+(?:elements?|tags?|attributes?)|git|gitignore|rebas(?:e|ed|es|ing)"
    r"|cherry[- ]pick\w*|merge\s+(?:conflicts?|commits?)|fast[- ]forward\w*|reflog"
    r"|detached\s+head|pull\s+requests?|squash(?:ing)?\s+commits"
    r"|(?:let|const|var)\s+(?:and|or|vs\.?|versus)\s+(?:let|const|var))\b)"
    r"|\b(?:JS|React|Vue|Angular|DOM|useState|useEffect|typeof|localStorage|sessionStorage"
    r"|addEventListener|querySelector(?:All)?|getElementById|preventDefault|setTimeout"
    r"|clearTimeout|setInterval)\b"
    r"|(?<![.\w])fetch\(|\.then\(|\basync\s+function\b|\bconsole\.(?:log|warn|error)\b"
    r"|\bdocument\.(?:cookie|body|head|forms|createElement|getElement\w*|querySelector\w*)\b"
    r"|\bwindow\.(?:location|onload|history|alert|setTimeout|localStorage)\b"
    r"|\b(?:const|let|var)\s+\w+\s*=(?!=)|={3}|!==|=>|\bdisplay:\s*(?:flex|grid)\b"
    r"|<(?:div|span|section|article|nav|header|footer|aside|main)>"
)

# A title that names both frameworks to compare them.
_COMPARISON = re.compile(
    r"(?i:\b(?:vs|versus|compar\w*|differ\w*|which|choose|pick|prefer\w*|over|instead)\b)"
)

_PYTHON_WORDS = re.compile(
    r"\b(?:python(?:ic)?|gil|generators?|decorators?|iterators?|iterables?|comprehensions?|tuples?"
    r"|dict(?:ionar(?:y|ies))?|lists?|sets?|lambdas?|asyncio|coroutines?|await|metaclass(?:es)?"
    r"|dunder|__\w+__|mutable|immutable|pep\s*\d+|pip|virtualenvs?|venv|garbage\s+collect\w*"
    r"|reference\s+count\w*|args|kwargs|type\s+hints?|typing|dataclass(?:es)?"
    r"|context\s+managers?|closures?|__slots__|mro|duck\s+typing|monkey[- ]patch\w*|threads?"
    r"|threading|multiprocessing|exceptions?|classes|inheritance|functions?)\b",
    re.IGNORECASE,
)


_WEB_WORDS = re.compile(
    r"\b(?:https?|rest(?:ful)?|apis?|endpoints?|status\s+codes?|headers?|cookies?|cors|csrf|xss"
    r"|sessions?|urls?|requests?|responses?|json|websockets?|tls|ssl|cach(?:e|es|ing)|cdn|oauth2?"
    r"|jwt|tokens?|authentication|authori[sz]ation|sql(?:\s+injection)?|databases?|orms?"
    r"|indexes|indices|transactions?|migrations?|nginx|wsgi|asgi|gunicorn|uvicorn|load\s+balanc\w+"
    r"|proxy|proxies|docker|deploy\w*|servers?|browsers?|html|idempot\w+|rate\s+limit\w*"
    r"|web|graphql|redis|celery|queues?)\b",
    re.IGNORECASE,
)

# What a question's judgement leaves to the article: a framework it names (or a
# comparison), a JavaScript/HTML/CSS/git question, or nothing named at all.
_NAMED, _FRONT_END, _OPEN = "named", "front-end", "open"


def detect_framework(title: str, answer: str) -> str:
    """The framework slug one question is about: flask, django, python or general."""
    return _judge(title, answer)[0]


def detect_frameworks(questions: list[tuple[str, str]]) -> list[str]:
    """The framework slug of each (title, answer) of one article, in order.

    A question naming no framework gets the article's main framework, if it has one.
    """
    judged = [_judge(title, answer) for title, answer in questions]
    main = _main_framework(judged)
    return [main if main and kind == _OPEN else slug for slug, kind in judged]


def _main_framework(judged: list[tuple[str, str]]) -> str | None:
    named = Counter(slug for slug, kind in judged if kind == _NAMED)
    naming = sum(named.values())
    considered = sum(1 for _, kind in judged if kind != _FRONT_END)
    for slug, other in (("django", "flask"), ("flask", "django")):
        count = named[slug]
        clear = count >= 2 and 2 * count >= naming and 3 * count >= considered
        if clear and count > named[other]:
            return slug
    return None


def _judge(title: str, answer: str) -> tuple[str, str]:
    """One question's slug, and whether it named a framework (see `_NAMED`...)."""
    # The opening of an answer says what it is about; a bound keeps a huge one fast.
    answer = answer[:FRAMEWORK_SAMPLE]
    text = f"{title}\n{answer}"
    flask_context = bool(
        _FLASK_WORDS.search(text) or _FLASK_UNLESS_DJANGO.search(text) or _SQLALCHEMY.search(text)
    )
    django_context = bool(_DJANGO_WORDS.search(text))

    def named(part: str) -> tuple[int, int]:
        flask = len(_FLASK_WORDS.findall(part))
        django = len(_DJANGO_WORDS.findall(part))
        if not django_context:
            flask += len(_FLASK_UNLESS_DJANGO.findall(part))
        if not flask_context:
            django += len(_DJANGO_UNLESS_FLASK.findall(part))
        return flask, django

    in_title, in_answer = named(title), named(answer)
    if any(in_title):
        if not all(in_title):
            return ("flask" if in_title[0] else "django"), _NAMED
        # Both named in the question: a comparison, unless one clearly dominates.
        if _COMPARISON.search(title):
            return "general", _NAMED
        flask, django = in_title[0] + in_answer[0], in_title[1] + in_answer[1]
        if flask >= 2 * django or django >= 2 * flask:
            return ("flask" if flask > django else "django"), _NAMED
        return "general", _NAMED
    front_in_title = len(_FRONT_END_WORDS.findall(title))
    front_end = 2 * front_in_title + len(_FRONT_END_WORDS.findall(answer))
    if all(in_answer):
        return "general", _NAMED
    if any(in_answer):
        if max(in_answer) >= front_end:
            return ("flask" if in_answer[0] else "django"), _NAMED
        return "general", _FRONT_END
    if front_in_title or front_end >= 2:
        return "general", _FRONT_END
    python = len(_PYTHON_WORDS.findall(text))
    web = len(_WEB_WORDS.findall(text))
    return ("python" if python > web else "general"), _OPEN
