"""The Markdown editor of the admin, whose preview looks like the public page."""

from markdownx.widgets import AdminMarkdownxWidget


class MarkdownEditor(AdminMarkdownxWidget):
    """markdownx's admin widget with the site's code highlighting and answer styles.

    The preview holds what `render_markdown` returns, the same HTML the public
    pages show, so the same stylesheets make it look the same.
    """

    class Media:
        css = {"all": ["css/pygments.css", "css/admin-preview.css"]}
