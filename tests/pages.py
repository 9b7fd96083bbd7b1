"""Read rendered pages by element and visible text, the way a visitor reads them."""

from html.parser import HTMLParser

from django.test.html import Element, parse_html


def parse(response) -> Element:
    return parse_html(response.content.decode())


def find_all(node, tag=None, *, css_class=None, attrs=None) -> list[Element]:
    """Every element under `node` with this tag, CSS class and attribute values."""
    found = []
    for child in getattr(node, "children", ()):
        if isinstance(child, str):
            continue
        if _matches(child, tag, css_class, attrs or {}):
            found.append(child)
        found.extend(find_all(child, tag, css_class=css_class, attrs=attrs))
    return found


def find(node, tag=None, *, css_class=None, attrs=None) -> Element:
    """The one element that matches; fail the test if there are none or several."""
    found = find_all(node, tag, css_class=css_class, attrs=attrs)
    assert len(found) == 1, f"expected one <{tag or '*'} class={css_class}>, found {len(found)}"
    return found[0]


def attr(element, name):
    return dict(element.attributes).get(name)


def text(node) -> str:
    """The visible text of `node`, whitespace collapsed."""
    if isinstance(node, str):
        return " ".join(node.split())
    return " ".join(part for part in (text(child) for child in node.children) if part)


def listed_titles(response) -> list[str]:
    """The question titles a list page shows, in order."""
    return [text(link) for link in find_all(parse(response), "a", css_class="question-link")]


def results_count(response) -> str:
    return text(find(parse(response), "p", css_class="results-count"))


def filter_errors(response) -> str:
    """The message shown for filter values that were not understood ("" when none)."""
    return " ".join(text(alert) for alert in find_all(parse(response), css_class="alert-warning"))


def _matches(element, tag, css_class, attrs):
    if tag is not None and element.name != tag:
        return False
    attributes = dict(element.attributes)
    if css_class is not None and css_class not in (attributes.get("class") or "").split():
        return False
    return all(attributes.get(name) == value for name, value in attrs.items())


class _FormReader(HTMLParser):
    """Collect what a browser would submit from the forms of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self._select = None
        self._option = None
        self._textarea = None
        self._first_line = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            # A multiple select sends one value per chosen option, none when none is.
            self.values.setdefault(name, [] if "multiple" in attrs else "")
        elif tag == "option" and self._select and "selected" in attrs:
            if isinstance(self.values[self._select], list):
                self.values[self._select].append(attrs.get("value", ""))
            else:
                self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self._first_line = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            if self._first_line:
                # Browsers drop the newline that opens a <textarea>.
                data = data.removeprefix("\n")
                self._first_line = False
            self.values[self._textarea] += data


def form_values(response) -> dict[str, str | list[str]]:
    """The field values a browser would post back from the page, before any change.

    Formset templates (names with `__prefix__`) are left out, as browsers only
    submit the copies that script adds.
    """
    reader = _FormReader()
    reader.feed(response.content.decode())
    reader.close()
    return {name: value for name, value in reader.values.items() if "__prefix__" not in name}
