"""Pending changes in the admin's forms: shown in place of the live content, read back out."""

from questions.models import Answer

from .snapshot import load_question, load_topic, question_data


def load_pending_question(question) -> None:
    """Put the pending version of `question` in memory, for its change form to show.

    Answers that exist live are shown as those rows with the pending text (so
    the form keeps their ids); answers the pending version adds come as
    `pending_new_answers`, initial data for extra forms.
    """
    data = question.pending_revision.data
    load_question(question, data)
    live = {answer.pk: answer for answer in question.answers.all()}
    question.pending_answers, question.pending_new_answers = [], []
    for item in data["answers"]:
        answer = live.get(item.get("id"))
        if answer is None:
            question.pending_new_answers.append(
                {"body": item["body"], "position": item["position"]}
            )
            continue
        answer.body, answer.position = item["body"], item["position"]
        question.pending_answers.append(answer)
    question.pending_versions = data.get("checked_versions", [])


def load_pending_topic(topic) -> None:
    load_topic(topic, topic.pending_revision.data)


def snapshot_from_forms(form, formsets) -> dict:
    """The question as the person submitted it: the main form and its answers' formset."""
    answers = []
    for formset in formsets:
        if formset.model is not Answer:
            continue
        deleted = set(formset.deleted_forms)
        for answer_form in formset.forms:
            cleaned = getattr(answer_form, "cleaned_data", None)
            if not cleaned or answer_form in deleted:
                continue
            instance = answer_form.instance
            answers.append(
                Answer(
                    pk=None if instance._state.adding else instance.pk,
                    body=cleaned["body"],
                    position=cleaned["position"],
                )
            )
    versions = [version.pk for version in form.cleaned_data.get("checked_versions") or ()]
    return question_data(form.instance, answers=answers, checked_versions=versions)
