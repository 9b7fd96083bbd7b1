"""The editorial workflow: every write to questions and topics that editors and publishers make.

The rule: what readers see changes only by a publisher's action. An editor's
change to a published question (or to a topic readers can see) is kept as a
pending revision and the live rows are not touched; a publisher approves it.
Every change records a `Revision` with the full content, so any two can be
compared and any one restored.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .freshness import mark_reviewed
from .models import (
    DIFFICULTY_RANK,
    PUBLISH_PERMISSION,
    Answer,
    Question,
    ReviewState,
    Status,
    Topic,
)
from .revisions.models import Action, Kind, Revision
from .revisions.snapshot import load_question, load_topic, publish_date, question_data, topic_data
from .search.models import SearchDocument


def may_publish(user) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def record(obj, *, action: str, user=None, data: dict | None = None, comment: str = "") -> Revision:
    """Store a revision of `obj` (a question or topic) with its content as it is now."""
    if data is None:
        data = question_data(obj) if isinstance(obj, Question) else topic_data(obj)
    title = data.get("title") or data.get("name") or str(obj)
    return Revision.objects.create(
        kind=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=title[:300],
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
        data=data,
    )


def goes_to_review(question: Question, user) -> bool:
    """Whether `user`'s change to `question` must wait for a publisher."""
    return question.pk is not None and question.status == Status.PUBLISHED and not may_publish(user)


# --- Questions: saving ----------------------------------------------------------


@transaction.atomic
def save_question(
    *,
    question: Question,
    data: dict,
    user,
    action: str = Action.SAVED,
    comment: str = "",
    pending: bool = False,
) -> Revision:
    """Save an edit of `question` (its content as `data`): live, or as pending changes.

    `question` is the stored row; `data` the snapshot of what the person submitted.
    Editors' edits of a published question become pending changes, and so does
    anyone's with `pending` (an import that was not asked to publish); everything
    else (drafts, and publishers' edits) is written at once.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if goes_to_review(question, user) or (pending and question.status == Status.PUBLISHED):
        return _save_pending(question, data=data, user=user, comment=comment)
    if not may_publish(user):
        # Editors never change what is published, nor when: those stay as stored.
        data = {**data, "status": question.status, "publish_at": _iso(question.publish_at)}
    return _write_live(question, data, user=user, action=action, comment=comment)


def _write_live(question: Question, data: dict, *, user, action: str, comment: str) -> Revision:
    """Write `data` into the live rows and record it; what was pending is settled."""
    apply_question(question, data, user=user)
    if question.status == Status.PUBLISHED:
        # A publisher's edit replaces whatever was pending.
        _clear_review(question)
    else:
        _drop_superseded_pending(question)
    return record(question, action=action, user=user, comment=comment)


def _save_pending(question: Question, *, data: dict, user, comment: str) -> Revision:
    data = {**data, "status": question.status, "publish_at": _iso(question.publish_at)}
    revision = record(question, action=Action.PENDING, user=user, data=data, comment=comment)
    first = question.pending_revision_id is None or question.review_state != ReviewState.IN_REVIEW
    Question.objects.filter(pk=question.pk).update(
        pending_revision=revision,
        review_state=ReviewState.IN_REVIEW,
        submitted_at=timezone.now() if first else question.submitted_at,
        submitted_by=user if first else question.submitted_by,
    )
    return revision


def apply_question(question: Question, data: dict, *, user=None) -> None:
    """Write `data` into the live question and make its answers exactly `data`'s."""
    load_question(question, data)
    question.status = data.get("status", question.status)
    if question.status == Status.PUBLISHED:
        question.publish_at = publish_date(data) or question.publish_at or timezone.now()
    else:
        question.publish_at = publish_date(data)
    # save() derives the rank from the difficulty, but full_clean() checks the
    # constraint that ties them first: derive it here too.
    question.difficulty_rank = DIFFICULTY_RANK.get(question.difficulty, question.difficulty_rank)
    question.full_clean()
    question.save(index_search=False)
    question.checked_versions.set(data.get("checked_versions", []))
    _apply_answers(question, data.get("answers", []), user=user)
    # Once for the question and all its answers, not once per row written.
    SearchDocument.objects.index(question)


def _slug_is_own(question: Question) -> bool:
    return not Question.objects.filter(slug=question.slug).exclude(pk=question.pk).exists()


def _apply_answers(question: Question, answers: list[dict], *, user) -> None:
    live = {answer.pk: answer for answer in Answer.objects.filter(question=question)}
    kept = set()
    for item in answers:
        answer = live.get(item.get("id"))
        if answer is None:
            answer = Answer(question=question, author=user)
            # An answer deleted since comes back with its id (links to it keep working).
            if item.get("id") and not Answer.objects.filter(pk=item["id"]).exists():
                answer.pk = item["id"]
        elif (answer.body, answer.position) == (item["body"], item["position"]):
            kept.add(answer.pk)
            continue
        answer.body, answer.position = item["body"], item["position"]
        answer.save(index_search=False)
        kept.add(answer.pk)
    for pk, answer in live.items():
        if pk not in kept:
            answer.delete(index_search=False)


def _drop_superseded_pending(question: Question) -> None:
    """Forget the pending changes of a question unpublished since they were made.

    The change form showed them, so a save of the draft (or a revert) carries
    them or deliberately replaces them; kept, they would hide this save from the
    form and overwrite it when the question is published again.
    """
    if question.pending_revision_id is not None:
        Question.objects.filter(pk=question.pk).update(pending_revision=None)
        question.pending_revision = None


def _clear_review(question: Question) -> None:
    question.pending_revision = None
    question.review_state = ReviewState.EDITING
    question.submitted_at = None
    question.submitted_by = None
    question.save(
        update_fields=["pending_revision", "review_state", "submitted_at", "submitted_by"]
    )


def _iso(value):
    return value.isoformat() if value else None


# --- Questions: review ----------------------------------------------------------


@transaction.atomic
def submit_for_review(*, question: Question, user, note: str = "") -> Revision:
    """Ask a publisher to look at a draft (pending changes are in review already)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == Status.PUBLISHED and question.pending_revision_id is None:
        raise ValidationError(_("Nothing to review: this question has no pending changes."))
    if question.review_state == ReviewState.IN_REVIEW:
        raise ValidationError(_("This question is already waiting for review."))
    question.review_state = ReviewState.IN_REVIEW
    question.submitted_at = timezone.now()
    question.submitted_by = user
    question.review_comment = ""
    question.save(update_fields=["review_state", "submitted_at", "submitted_by", "review_comment"])
    data = question.pending_revision.data if question.pending_revision_id else None
    return record(question, action=Action.SUBMITTED, user=user, data=data, comment=note)


@transaction.atomic
def request_changes(*, question: Question, user, comment: str) -> Revision:
    _require_publisher(user)
    if not comment.strip():
        raise ValidationError(_("Say what should change: the author reads this comment."))
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.review_state = ReviewState.CHANGES_REQUESTED
    question.review_comment = comment.strip()
    question.save(update_fields=["review_state", "review_comment"])
    data = question.pending_revision.data if question.pending_revision_id else None
    return record(question, action=Action.CHANGES_REQUESTED, user=user, data=data, comment=comment)


@transaction.atomic
def approve(*, question: Question, user, publish_at=None, comment: str = "") -> Revision:
    """Publish a draft or its pending changes, now or at `publish_at`; mark it reviewed."""
    _require_publisher(user)
    question = Question.objects.select_for_update().get(pk=question.pk)
    had_pending = question.pending_revision_id is not None
    data = dict(question.pending_revision.data) if had_pending else question_data(question)
    check_publishable(data)
    now = timezone.now()
    if had_pending and question.is_published() and publish_at is not None and publish_at > now:
        # Readers see this question now: scheduling its changes would take the
        # live version down until the date. Changes to a live question go live now.
        raise ValidationError(
            _(
                "This question is live, so its changes are published now, not at a date: "
                "leave the date empty."
            )
        )
    data["status"] = Status.PUBLISHED
    if publish_at is not None:
        data["publish_at"] = publish_at.isoformat()
    elif question.publish_at is None or (
        question.status != Status.PUBLISHED and question.publish_at <= now
    ):
        # A draft's future date schedules it; a live (or scheduled) question keeps its
        # date, so publishing it again does not make it "new" in the feed.
        data["publish_at"] = now.isoformat()
    else:
        data["publish_at"] = question.publish_at.isoformat()
    apply_question(question, data, user=user)
    _clear_review(question)
    question.review_comment = ""
    question.save(update_fields=["review_comment"])
    mark_reviewed(questions=[question], user=user, now=now)
    question.refresh_from_db(fields=["last_reviewed_at", "last_reviewed_by"])
    action = Action.APPROVED if had_pending else Action.PUBLISHED
    if not had_pending and question.publish_at > now:
        action = Action.SCHEDULED
    return record(question, action=action, user=user, comment=comment)


def check_publishable(data: dict) -> None:
    if not any(answer["body"].strip() for answer in data.get("answers", [])):
        raise ValidationError(_("A question needs at least one answer before it is published."))


@transaction.atomic
def publish(*, questions, user, publish_at=None) -> tuple[int, list[Question]]:
    """Publish each of `questions` (pending changes included); return (count, refused)."""
    count, refused = 0, []
    for question in questions:
        try:
            approve(question=question, user=user, publish_at=publish_at)
        except ValidationError:
            refused.append(question)
        else:
            count += 1
    return count, refused


@transaction.atomic
def unpublish(*, questions, user) -> int:
    _require_publisher(user)
    count = 0
    for question in questions:
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status != Status.PUBLISHED:
            continue
        question.status = Status.DRAFT
        question.save(update_fields=["status", "updated_at"])
        record(question, action=Action.UNPUBLISHED, user=user)
        if question.pending_revision_id is not None:
            _draft_from_pending(question, user=user)
        count += 1
    return count


def _draft_from_pending(question: Question, *, user) -> None:
    """Make an unpublished question's pending changes its draft, still in review.

    Nothing readers see is left to protect, so the draft holds the newest work
    (the live version is the "unpublished" revision before it) and waits for
    review as the changes did.
    """
    data = {**question.pending_revision.data, "status": Status.DRAFT}
    data["publish_at"] = _iso(question.publish_at)
    try:
        with transaction.atomic():
            apply_question(question, data, user=user)
    except ValidationError:
        # The pending version no longer fits (its slug was taken since): it
        # stays pending, and the change form shows it to finish.
        question.refresh_from_db()
        return
    question.pending_revision = None
    question.save(update_fields=["pending_revision"])
    record(
        question, action=Action.SAVED, user=user, comment=_("The pending changes became the draft.")
    )


# --- Questions: history ---------------------------------------------------------


@transaction.atomic
def revert(*, question: Question, revision: Revision, user) -> Revision:
    """Bring back `revision`'s content; for an editor on a published question, as pending."""
    if revision.kind != Kind.QUESTION or revision.object_id != question.pk:
        raise PermissionDenied("That revision belongs to another question.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    data = {**revision.data, "status": question.status, "publish_at": _iso(question.publish_at)}
    comment = _("Reverted to the revision of %(date)s.") % {
        "date": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
    }
    if goes_to_review(question, user):
        return _save_pending(question, data=data, user=user, comment=comment)
    return _write_live(question, data, user=user, action=Action.REVERTED, comment=comment)


@transaction.atomic
def delete_question(*, question: Question, user) -> None:
    _require_publisher(user)
    # The author is not content (reverts leave it alone), but recovery gives it back.
    data = {**question_data(question), "author": question.author_id}
    record(question, action=Action.DELETED, user=user, data=data)
    question.delete()


@transaction.atomic
def recover(*, revision: Revision, user) -> Question:
    """Recreate a deleted question from its last revision, as a draft with its old id."""
    _require_publisher(user)
    if revision.kind != Kind.QUESTION or Question.objects.filter(pk=revision.object_id).exists():
        raise ValidationError(_("That question is not deleted."))
    data = {**revision.data, "status": Status.DRAFT, "publish_at": None}
    if not Topic.objects.filter(pk=data["topic"]).exists():
        raise ValidationError(_("Its topic was deleted too: recover or create the topic first."))
    author = get_user_model().objects.filter(pk=revision.data.get("author")).first()
    question = Question(pk=revision.object_id, author=author)
    load_question(question, data)
    if not _slug_is_own(question):
        question.slug = f"{question.slug[:190]}-{question.pk}"
    data["slug"] = question.slug
    apply_question(question, data, user=user)
    record(question, action=Action.RECOVERED, user=user)
    return question


# --- Topics ---------------------------------------------------------------------


def topic_is_visible(topic: Topic) -> bool:
    """Whether readers see `topic`, now or once a scheduled question of it goes live."""
    return topic.pk is not None and topic.questions.filter(status=Status.PUBLISHED).exists()


@transaction.atomic
def save_topic(*, topic: Topic, data: dict, user, created: bool = False) -> Revision:
    """Save an edit of a topic; an editor's edit of a topic readers see waits for a publisher."""
    if created:
        load_topic(topic, data)
        topic.save()
        return record(topic, action=Action.CREATED, user=user)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic_is_visible(topic) and not may_publish(user):
        revision = record(topic, action=Action.PENDING, user=user, data=data)
        Topic.objects.filter(pk=topic.pk).update(pending_revision=revision)
        return revision
    load_topic(topic, data)
    topic.pending_revision = None
    topic.save()
    return record(topic, action=Action.SAVED, user=user)


@transaction.atomic
def approve_topic(*, topic: Topic, user) -> Revision:
    _require_publisher(user)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.pending_revision_id is None:
        raise ValidationError(_("This topic has no pending changes."))
    load_topic(topic, topic.pending_revision.data)
    topic.pending_revision = None
    topic.full_clean()
    topic.save()
    return record(topic, action=Action.APPROVED, user=user)


def _require_publisher(user) -> None:
    if not may_publish(user):
        raise PermissionDenied(_("Only publishers may do this."))
