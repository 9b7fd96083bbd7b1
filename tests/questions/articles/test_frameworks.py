"""Framework detection: API names per question, and an article's main framework."""

import time

import pytest

from questions.articles.frameworks import detect_framework, detect_frameworks
from questions.articles.importer import parse_article
from questions.articles.parsed import FRAMEWORK_SAMPLE

DECORATOR = ("What is a decorator?", "A callable that takes a function and returns a new one.")


@pytest.mark.parametrize(
    ("title", "answer"),
    [
        ("How do you keep anonymous visitors out of a view?", "Wrap it in @login_required."),
        ("How do you check a permission?", 'Use @permission_required("polls.add_vote").'),
        ("How do you link a book to its author?", "author = ForeignKey(Author, on_delete=CASCADE)"),
        ("How do you give each user one profile?", "user = OneToOneField(User, on_delete=CASCADE)"),
        ("How do you tag posts?", "tags = ManyToManyField(Tag, blank=True)"),
        ("How do you store a short title?", "title = CharField(max_length=120)"),
        ("How do you store a URL part?", "slug = SlugField(unique=True)"),
        ("How do you declare a table?", "class Book(models.Model):\n    pass"),
        ("When is a queryset evaluated?", "When you iterate over it or slice it with a step."),
        ("What is a QuerySet?", "A lazy description of rows."),
        ("How do you add a custom manager?", "class Published(models.Manager): ..."),
        ("How do you list active users?", "User.objects.filter(is_active=True)"),
        ("How do you add one to a counter safely?", 'Call update(likes=F("likes") + 1).'),
        ("How do you OR two conditions?", 'Pass Q(author="ann") | Q(author="bob").'),
        ("What are F expressions for?", "Letting the database compute with a column."),
        ("How do you answer 404 for a missing row?", "get_object_or_404(Book, pk=pk)"),
        ("How do you build a link from a route name?", 'url = reverse("book-detail", args=[1])'),
        ("Why use reverse_lazy in a class attribute?", "The URLconf is not loaded yet."),
        ("Where are routes declared?", 'urlpatterns = [path("books/", views.books)]'),
        ("How do you route /about/?", 'path("about/", views.about, name="about")'),
        ("Where does configuration live?", "In settings.py, one module per project."),
        ("How do you switch an app on?", "Add its config to INSTALLED_APPS."),
        ("How do you add a middleware class?", "Append its dotted path to MIDDLEWARE."),
        ("How do you build a form from a model?", "Subclass ModelForm and set Meta.model."),
        ("How do you show a paginated list?", "Subclass ListView and set paginate_by."),
        ("How do you show one object?", "A DetailView looks it up by pk or slug."),
        ("Why write class-based views?", "They share behaviour through mixins."),
        ("How do you customise the admin list?", "Register a ModelAdmin with list_display."),
        ("How do you react to a saved row?", "Connect a receiver to post_save."),
        ("How do you fill a field before saving?", "Listen to pre_save and set it."),
        ("How do you start a shell?", "Run python manage.py shell."),
        ("How do you create a schema change?", "Run makemigrations, then review the file."),
        ("How do you apply schema changes?", "python manage.py migrate"),
        ("How do you turn a model into JSON?", "Write serializers.ModelSerializer subclasses."),
        ("What does ModelSerializer generate?", "Fields and validators from the model."),
        ("How do you write an endpoint by hand?", "Subclass APIView and define get()."),
        ("How do you expose CRUD in one class?", "A ModelViewSet registered on a router."),
        ("How do you limit an endpoint to staff?", "permission_classes = [IsAdminUser]"),
        ("What does Django REST framework add?", "Serialisation, auth and browsable pages."),
        ("How do you avoid a query per row?", "Join the author with select_related."),
        ("How do you load tags for many posts?", "Use prefetch_related on the queryset."),
        ("How do you make two writes all-or-nothing?", "Wrap them in transaction.atomic."),
        ("How do you send mail after a commit?", "Register it with transaction.on_commit."),
        ("How do you protect a form?", "Put {% csrf_token %} inside it."),
        ("How do you swap the user model?", "Point AUTH_USER_MODEL at your own class."),
        ("How do you add a field to users?", "Subclass AbstractUser and add the field."),
        ("How do you read a posted field?", 'name = request.POST["name"]'),
    ],
)
def test_django_api_names(title, answer):
    assert detect_framework(title, answer) == "django"
    # In the title it names the framework just as well.
    assert detect_framework(f"{title} {answer}", "Nothing to add.") == "django"


@pytest.mark.parametrize(
    ("title", "answer"),
    [
        ("How do you create the application object?", "app = Flask(__name__)"),
        ("How do you map a URL to a view?", '@app.route("/items")\ndef items(): ...'),
        ("How do you split routes by feature?", 'Create a Blueprint("shop", __name__).'),
        ("How do you read a posted field?", 'name = request.form["name"]'),
        ("How do you read ?page=2?", 'page = request.args.get("page", 1)'),
        ("How do you read a JSON body?", "data = request.get_json()"),
        ("Where do you keep the user for one request?", "Set g.user in a hook."),
        ("What is the g object?", "A namespace that lives as long as one app context."),
        ("How do you share a database handle?", "from flask import g"),
        ("How do you reach request-scoped data?", "Through flask.g, set earlier."),
        ("How do you close the connection?", 'db = g.pop("db", None)'),
        ("How do you read settings in an extension?", "current_app.config gives them."),
        ("How do you link to another page?", 'href = url_for("shop.cart")'),
        ("How do you return JSON?", "return jsonify(items=items)"),
        ("How do you render a page?", 'return render_template("cart.html", cart=cart)'),
        ("How do you show a one-off message?", 'flash("Saved.") then show it on the next page.'),
        ("How do you remember a cart?", 'session["cart"] = items'),
        ("Which template engine is used?", "Jinja2, with autoescaping on for HTML files."),
        ("What handles the WSGI plumbing?", "Werkzeug: routing, requests and the debugger."),
        ("How do you set the secret key?", 'app.config["SECRET_KEY"] = secret'),
        ("How do you run code first on every request?", "Register a before_request hook."),
        ("How do you close resources at the end?", "Register teardown_appcontext."),
        ("How do you run code outside a request?", "with app.app_context(): init_db()"),
        ("How do you talk to the database?", "Flask-SQLAlchemy gives you db.Model."),
        ("How do you change the schema?", "Flask-Migrate wraps Alembic."),
        ("How do you serve the same app asynchronously?", "Quart keeps the API with async views."),
        ("How do you protect a page?", "from flask_login import login_required"),
        ("What gives you the signed-in user?", "current_user, filled by the LoginManager."),
        ("How do you require sign-in?", "Flask-Login's @login_required decorator."),
        ("How do you require sign-in?", "@login_required and then use current_user.name."),
        ("How do you link a post to its author?", 'db.Column(db.ForeignKey("user.id"))'),
    ],
)
def test_flask_api_names(title, answer):
    assert detect_framework(title, answer) == "flask"
    assert detect_framework(f"{title} {answer}", "Nothing to add.") == "flask"


@pytest.mark.parametrize(
    ("title", "answer"),
    [
        # A bare letter g is no Flask code.
        ("What does e.g. mean in a docstring?", "It stands for for example, as i.e. for that is."),
        ("How do you add an edge?", "g = nx.Graph()\ng.add_edge(1, 2)"),
        ("Why pick g as a name?", "The constant g is 9.81 m/s2 in physics code."),
        # Django keeps its session on the request; SQLAlchemy has its own ForeignKey.
        ("How do you remember a cart?", 'request.session["cart"] = items'),
        ("How do you declare a foreign key in SQLAlchemy?", 'Column(ForeignKey("users.id"))'),
        # Python's own reverse takes no route name.
        ("How do you reverse a list in place?", "items.reverse() returns None."),
        # A Celery task is not a Flask route.
        ("How do you define a task?", "@app.task\ndef send(): ..."),
    ],
)
def test_shared_names_do_not_name_a_framework(title, answer):
    assert detect_framework(title, answer) not in ("flask", "django")


@pytest.mark.parametrize(
    ("title", "answer"),
    [
        ("How do you call an API from the page?", "const items = await fetch('/api/items');"),
        ("What does addEventListener do?", "It registers a handler for an event on a node."),
        ("What is a promise?", "An object for a value that arrives later; chain it with .then()."),
        ("What is the difference between let and const?", "One can be reassigned."),
        ("What is the DOM?", "The tree of nodes a browser builds from the page's markup."),
        ("What does npm install do?", "It installs the packages listed in package.json."),
        ("Why does React render a component twice?", "Strict mode does it on purpose."),
        ("How do you centre a box?", "display: flex; justify-content: center"),
        ("What is flexbox?", "A one-dimensional layout model."),
        ("How do CSS selectors pick elements?", "By tag, class, id, attribute and position."),
        ("What is semantic HTML?", "Markup that says what content is: nav, article, main."),
        ("What does git rebase do?", "It replays commits on top of another base."),
        ("How do you resolve a merge conflict?", "Edit the marked hunks, then add the file."),
        ("When would you cherry-pick a commit?", "To bring one fix onto a release branch."),
        ("What does git stash do?", "It shelves uncommitted changes."),
        # A JavaScript question stays general even with a Django answer sprinkled in.
        (
            "How do you send the CSRF token with fetch()?",
            "Read document.cookie and send X-CSRFToken; Django checks it like a form field.",
        ),
    ],
)
def test_javascript_html_css_and_git_questions_are_general(title, answer):
    assert detect_framework(title, answer) == "general"


@pytest.mark.parametrize(
    ("title", "answer"),
    [
        ("Django vs Flask: which suits a beginner?", "Flask is small; Flask grows with you."),
        ("How do Django and Flask differ?", "Django includes an ORM and an admin; Flask does not."),
        ("Compare Django's ORM with Flask-SQLAlchemy", "Both map rows to objects."),
        ("How do you hash passwords?", "Django uses PBKDF2; Flask apps use Werkzeug."),
    ],
)
def test_comparisons_are_general(title, answer):
    assert detect_framework(title, answer) == "general"
    assert detect_frameworks([FLASK_QUESTIONS[0], (title, answer), FLASK_QUESTIONS[1]])[1] == (
        "general"
    )


FLASK_QUESTIONS = [
    ("How do you split a Flask app by feature?", "Register one blueprint per feature."),
    ("What does url_for do?", "It builds a URL from an endpoint name."),
    ("How do you read a query parameter?", 'request.args.get("q")'),
]
DJANGO_QUESTIONS = [
    ("What is a QuerySet?", "A lazy query."),
    ("Why use select_related?", "To join a foreign key in one query."),
]


def test_a_mostly_flask_article_gives_its_framework_to_questions_naming_none():
    assert detect_framework(*DECORATOR) == "python"
    questions = [*FLASK_QUESTIONS, DECORATOR, ("What is a 304?", "A cached page is still valid.")]
    assert detect_frameworks(questions) == ["flask"] * 5


def test_a_mixed_article_has_no_main_framework():
    questions = [*FLASK_QUESTIONS[:2], *DJANGO_QUESTIONS, DECORATOR]
    assert detect_frameworks(questions) == ["flask", "flask", "django", "django", "python"]


def test_one_framework_question_does_not_make_a_python_article_about_it():
    questions = [DJANGO_QUESTIONS[0], DECORATOR, ("What is the GIL?", "A lock on one thread.")]
    assert detect_frameworks(questions) == ["django", "python", "python"]
    # Nor do two among many questions naming no framework.
    questions = [*DJANGO_QUESTIONS, *[DECORATOR] * 5]
    assert detect_frameworks(questions) == ["django", "django", *["python"] * 5]


def test_javascript_and_git_questions_stay_general_in_a_framework_article():
    questions = [
        *DJANGO_QUESTIONS,
        (
            "How do you debounce a handler?",
            "Restart a timer on each event: clearTimeout(timer); timer = setTimeout(run, 300).",
        ),
        ("What does git bisect do?", "It finds the commit that broke something."),
        DECORATOR,
    ]
    assert detect_frameworks(questions) == ["django", "django", "general", "general", "django"]


def test_detect_frameworks_agrees_with_detect_framework_for_one_question():
    assert detect_frameworks([]) == []
    for question in [*FLASK_QUESTIONS, *DJANGO_QUESTIONS, DECORATOR]:
        assert detect_frameworks([question]) == [detect_framework(*question)]


def test_only_the_opening_of_a_long_answer_is_read():
    answer = "plain words " * (FRAMEWORK_SAMPLE // 12 + 1) + "Flask Flask Flask"
    assert detect_framework("What is a cookie?", answer) == "general"
    start = time.perf_counter()
    detect_frameworks([("What is a cookie?", "x" * 1_000_000 + " Flask")] * 50)
    assert time.perf_counter() - start < 2


def test_the_reader_gives_an_article_its_main_framework():
    article = parse_article(
        "Flask notes\n\n"
        "Q: How do blueprints help?\nThey group routes.\n\n"
        "Q: What does jsonify return?\nA response with a JSON body.\n\n"
        "Q: What is a decorator?\nA callable that wraps a function.\n\n"
        "Q: What does git rebase do?\nIt replays commits.\n"
    )
    assert [q.framework for q in article.questions] == ["flask", "flask", "flask", "general"]
