"""From what the reader found to the article: topics and levels, answers, frameworks.

Answers are rendered to Markdown, stub and empty ones make their questions
unanswered, the last answer loses its sign-off, and the frameworks of all the
article's questions are judged together (an article, or a long section, may have
a main framework).
"""

from .frameworks import detect_frameworks
from .kinds import is_stub, strip_answer_prefix, without_sign_off
from .parsed import ParsedArticle, ParsedQuestion, ParsedSection
from .titles import difficulty_from, normalise_question, topic_name_from


def assemble(reader) -> ParsedArticle:
    """The article from what `reader` (a `reader._Reader` that has read) found."""
    title = reader.title
    article_topic = topic_name_from(title) if title else None
    article_level = difficulty_from(title) if title else None
    everything = [question for section in reader.sections for question in section.questions]
    last = everything[-1] if everything else None
    sections, skipped = [], []
    for part in reader.sections:
        section = ParsedSection(
            heading=part.heading,
            topic=(topic_name_from(part.heading) if part.heading else None) or article_topic,
            difficulty=(difficulty_from(part.heading) if part.heading else None) or article_level,
            introduction=reader._render(part.introduction),
        )
        for question in part.questions:
            units = question.units
            if question is last:
                units = without_sign_off(units)
                for unit in question.units[len(units) :]:
                    reader._drop(unit, "closing")
            answer = reader._render(strip_answer_prefix(units))
            if not answer or is_stub(answer):
                skipped.append(question.title)
                section.unanswered.append(question.title)
                continue
            section.questions.append(
                ParsedQuestion(
                    title=question.title,
                    answer=answer,
                    framework="",  # set below, from all the article's questions
                )
            )
        if section.questions or section.unanswered:
            sections.append(section)
    _set_frameworks(sections)
    # A table of contents lists the questions again: those are not missing answers.
    answered = {normalise_question(q.title) for s in sections for q in s.questions}
    skipped = [title for title in skipped if normalise_question(title) not in answered]
    for section in sections:
        section.unanswered = [
            title for title in section.unanswered if normalise_question(title) not in answered
        ]
    return ParsedArticle(
        title=title,
        introduction=reader._render(reader.introduction),
        sections=[section for section in sections if section.questions or section.unanswered],
        skipped=list(dict.fromkeys(skipped)),
        left_out=reader.left_out,
        highest_number=reader.highest_number,
        source_chars=reader.source_chars,
    )


# A section this long is judged on its own: a "Core Python" part of a Django
# README is not about Django. Shorter ones are judged with the whole article.
SECTION_JUDGED_ALONE = 5


def _set_frameworks(sections: list[ParsedSection]) -> None:
    """Each question's framework; an article (or a long section) may have a main one."""
    pairs = [(q.title, q.answer) for section in sections for q in section.questions]
    whole = iter(detect_frameworks(pairs))
    for section in sections:
        in_article = [next(whole) for _ in section.questions]
        if len(section.questions) >= SECTION_JUDGED_ALONE:
            in_article = detect_frameworks([(q.title, q.answer) for q in section.questions])
        section.questions = [
            ParsedQuestion(title=q.title, answer=q.answer, framework=slug)
            for q, slug in zip(section.questions, in_article, strict=True)
        ]
