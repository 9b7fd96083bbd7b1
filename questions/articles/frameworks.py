"""Which framework a question is about, from the API names in its title and answer."""

import re

from .parsed import FRAMEWORK_SAMPLE

_FLASK_WORDS = re.compile(
    r"\b(?:flask(?:[-_]\w+)?|werkzeug|blueprints?|quart|current_app|app\.route|url_for|jsonify)\b"
    r"|@app\.",
    re.IGNORECASE,
)


_DJANGO_WORDS = re.compile(
    r"\b(?:django(?:[-_]\w+)?|querysets?|manage\.py|makemigrations|modeladmin|select_related"
    r"|prefetch_related|models\.model|get_object_or_404|drf|objects\.(?:all|filter|get|exclude"
    r"|create|update)|transaction\.atomic|on_commit)\b",
    re.IGNORECASE,
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


def detect_framework(title: str, answer: str) -> str:
    """The framework slug a question is about: flask, django, python or general."""
    # The opening of an answer says what it is about; a bound keeps a huge one fast.
    answer = answer[:FRAMEWORK_SAMPLE]
    in_title = len(_FLASK_WORDS.findall(title)), len(_DJANGO_WORDS.findall(title))
    in_answer = len(_FLASK_WORDS.findall(answer)), len(_DJANGO_WORDS.findall(answer))
    named = in_title if any(in_title) else in_answer
    if named[0] and not named[1]:
        return "flask"
    if named[1] and not named[0]:
        return "django"
    if any(in_title):
        # Both named in the question: a comparison, unless one clearly dominates.
        flask, django = in_title[0] + in_answer[0], in_title[1] + in_answer[1]
        if flask >= 2 * django or django >= 2 * flask:
            return "flask" if flask > django else "django"
        return "general"
    if any(in_answer):
        return "general"
    text = f"{title}\n{answer}"
    python = len(_PYTHON_WORDS.findall(text))
    web = len(_WEB_WORDS.findall(text))
    return "python" if python > web else "general"
