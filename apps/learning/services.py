"""Writes on learning: enrollments, progress, attempts and certificates.

Services assume the caller was authorised; student-facing ones take the acting ``user`` and
only ever touch that user's rows (the ``access_*`` selectors answer 404 for anyone else's).
Each real change emits its domain event (declared in ``system.json``) in the same
transaction; slow side effects (the bulk import, the certificate mail) run on the worker
(``apps/learning/tasks.py``).
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from apps.content.events import course_ref
from apps.content.models import Course, Material, Question, QuestionSet
from apps.events.services import emit
from apps.iam.events import user_ref
from apps.iam.models import User
from apps.iam.services.accounts import canonical_email
from apps.jobs.runtime import TRANSIENT_ERRORS, Transient, enqueue
from apps.jobs.services import job_create, job_finish, job_progress, job_start
from apps.learning import drawing
from apps.learning.errors import (
    AttemptClosed,
    AttemptLimitReached,
    EnrollmentRevoked,
    InvalidAnswer,
    InvalidCsv,
    LearningNotFound,
    QuizNeedsPass,
)
from apps.learning.models import (
    Attempt,
    AttemptItem,
    Certificate,
    Enrollment,
    EnrollmentJob,
    MaterialProgress,
)
from apps.learning.selectors import (
    access_published_course,
    access_student_material,
    access_student_question_set,
    current_enrollment,
)
from apps.tenants.models import Tenant
from apps.tenants.selectors import tenant_url

logger = logging.getLogger(__name__)

MAX_CSV_ROWS = 5000

# --- enrollments ---------------------------------------------------------------------------


@transaction.atomic
def enrollment_enroll(
    *, user: User, course: Course, source: str, expires_at: datetime | None = None
) -> tuple[Enrollment, bool]:
    """Enroll ``user``; enrolling twice is idempotent. Returns (enrollment, changed).

    An admin grant reactivates a revoked or expired enrollment; a self-enroll does not.
    Emits ``enrollment.created`` for a new or reactivated enrollment (not for a new expiry
    of a current one).
    """
    enrollment, created = Enrollment.objects.select_for_update().get_or_create(
        user=user, course=course, defaults={"source": source, "expires_at": expires_at}
    )
    if created:
        _emit_enrollment_created(enrollment, course=course, reactivated=False)
        return enrollment, True
    if enrollment.is_current() and (
        source != Enrollment.Source.ADMIN or enrollment.expires_at == expires_at
    ):
        return enrollment, False
    if source != Enrollment.Source.ADMIN:
        if enrollment.status == Enrollment.Status.REVOKED:
            raise EnrollmentRevoked("Your enrollment in this course was revoked.")
        if enrollment.is_current():
            return enrollment, False
    reactivated = not enrollment.is_current()
    enrollment.status = Enrollment.Status.ACTIVE
    enrollment.source = source if source == Enrollment.Source.ADMIN else enrollment.source
    enrollment.expires_at = expires_at
    enrollment.revoked_at = None
    enrollment.save(update_fields=["status", "source", "expires_at", "revoked_at"])
    if reactivated:
        _emit_enrollment_created(enrollment, course=course, reactivated=True)
    return enrollment, True


def _emit_enrollment_created(enrollment: Enrollment, *, course: Course, reactivated: bool) -> None:
    emit(
        "enrollment.created",
        {
            "enrollment": {
                "id": enrollment.pk,
                "source": enrollment.source,
                "expires_at": enrollment.expires_at,
            },
            "user": user_ref(enrollment.user),
            "course": course_ref(course),
            "reactivated": reactivated,
        },
    )


@transaction.atomic
def enrollment_self_enroll(*, user: User, course_id: int) -> tuple[Enrollment, bool]:
    """Free self-enrollment in a published course."""
    course = access_published_course(course_id)
    return enrollment_enroll(user=user, course=course, source=Enrollment.Source.SELF)


@transaction.atomic
def enrollment_revoke(*, enrollment: Enrollment) -> Enrollment:
    """Revoke (idempotent); emits ``enrollment.revoked`` when it was not revoked yet."""
    if enrollment.status != Enrollment.Status.REVOKED:
        enrollment.status = Enrollment.Status.REVOKED
        enrollment.revoked_at = timezone.now()
        enrollment.save(update_fields=["status", "revoked_at"])
        emit(
            "enrollment.revoked",
            {
                "enrollment": {"id": enrollment.pk, "revoked_at": enrollment.revoked_at},
                "user": user_ref(enrollment.user),
                "course": course_ref(enrollment.course),
            },
        )
    return enrollment


def _parse_expiry(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError("expires_at must be an ISO date or datetime")
        moment = datetime(day.year, day.month, day.day, 23, 59, 59)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    if moment <= timezone.now():
        raise ValueError("expires_at is in the past")
    return moment


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _csv_rows(text: str) -> list[dict[str, str]]:
    if "\x00" in text or not _encodable(text):  # Postgres text cannot store either
        raise InvalidCsv(
            "The CSV must be UTF-8 text without NUL or lone surrogate characters.",
            errors={"csv": ["invalid characters"]},
        )
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    if "email" not in headers:
        raise InvalidCsv(
            "The CSV needs a header row with an 'email' column.",
            errors={"csv": ["missing email column"]},
        )
    unknown = sorted(set(headers) - {"email", "expires_at", "name"})
    if unknown:
        raise InvalidCsv(
            f"Unknown CSV columns: {', '.join(unknown)}.",
            errors={"csv": [f"unknown columns: {', '.join(unknown)}"]},
        )
    reader.fieldnames = headers
    rows = []
    for row in reader:
        rows.append(
            {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            | {"_extra": "x" if None in row else ""}
        )
        if len(rows) > MAX_CSV_ROWS:
            raise InvalidCsv(
                f"At most {MAX_CSV_ROWS} rows per upload.", errors={"csv": ["too many rows"]}
            )
    return rows


ENROLLMENT_IMPORT_KIND = "learning.enrollment_import"
ENROLLMENT_CHUNK_ROWS = 200  # rows per worker transaction (and per progress step)
_FINISHED = (EnrollmentJob.Status.COMPLETED, EnrollmentJob.Status.FAILED)


@transaction.atomic
def enrollment_job_create(*, course: Course, csv_text: str, actor: User | None) -> EnrollmentJob:
    """Record a bulk-enroll job and queue its first chunk for the worker.

    The header (and the row limit) is checked here, so a bad file is a 400 before anything
    is written; the rows themselves are checked by the worker, one chunk at a time. The
    job's progress is also a Jobs system job (``kind`` learning.enrollment_import).
    """
    rows = _csv_rows(csv_text)
    progress = job_create(
        kind=ENROLLMENT_IMPORT_KIND,
        title=f"Enroll learners from CSV into {course.title}",
        total=len(rows),
        created_by=actor,
    )
    job: EnrollmentJob = EnrollmentJob.objects.create(
        course=course, created_by=actor, csv_text=csv_text, total_rows=len(rows), job=progress
    )
    enqueue("learning.run_enrollment_job", tenant_id=job.tenant_id, job_id=job.pk, offset=0)
    return job


@dataclass
class _RowOutcome:
    row: int
    email: str
    error: str


@dataclass
class _PlannedRow:
    """One data row checked on its own (and against the rows before it)."""

    row: int
    email: str
    expires_at: datetime | None = None
    error: str = ""


def _plan(rows: list[dict[str, str]]) -> list[_PlannedRow]:
    """Every row's email and expiry, or why it is refused. Deterministic: the worker plans
    the whole file again for each chunk, so a duplicate is found in any chunk."""
    planned: list[_PlannedRow] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        email = canonical_email(row.get("email", ""))
        try:
            if row.get("_extra"):
                raise ValueError("too many fields")
            if not email:
                raise ValueError("email is empty")
            validate_email(email)
            if email in first_row:
                raise ValueError(f"duplicate of row {first_row[email]}")
            expires_at = _parse_expiry(row.get("expires_at", ""))
            first_row[email] = number
            planned.append(_PlannedRow(number, email, expires_at))
        except (ValueError, DjangoValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, DjangoValidationError) else str(exc)
            planned.append(_PlannedRow(number, email, error=message))
    return planned


@dataclass
class _ChunkResult:
    enrolled: int
    unchanged: int
    errors: list[_RowOutcome]


def enrollment_job_run(*, job_id: int, offset: int) -> None:
    """Process the rows ``offset .. offset + ENROLLMENT_CHUNK_ROWS`` of a job in the
    caller's (the task's) transaction, record the progress, and queue the next chunk.

    Idempotent: the job row is locked, and a chunk whose offset is not the job's
    ``processed_rows`` (it already ran: a redelivered message) changes nothing. A chunk
    that fails unexpectedly fails the job; a conflict with a concurrent grant is
    :class:`Transient` (the chunk is retried and then finds that enrollment).
    """
    job: EnrollmentJob | None = (
        EnrollmentJob.objects.select_for_update().select_related("course").filter(pk=job_id).first()
    )
    if job is None or job.status in _FINISHED or offset != job.processed_rows:
        return
    if job.status == EnrollmentJob.Status.PENDING:
        job.status = EnrollmentJob.Status.RUNNING
        if job.job_id is not None:
            job_start(job_id=job.job_id)
    try:
        with transaction.atomic():
            planned = _plan(_csv_rows(job.csv_text))
            chunk = planned[offset : offset + ENROLLMENT_CHUNK_ROWS]
            result = _enroll_chunk(job, chunk)
    except IntegrityError as exc:  # a concurrent grant of the same enrollment
        raise Transient(f"enrollment job {job_id}: {exc}") from exc
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # anything else would leave the job "running" for ever
        logger.exception("enrollment job %s failed at row offset %s", job_id, offset)
        _enrollment_job_fail(job, error=f"The import stopped at row {offset + 2}: {exc}")
        return
    job.processed_rows = offset + len(chunk)
    job.enrolled_count += result.enrolled
    job.unchanged_count += result.unchanged
    job.error_count += len(result.errors)
    job.report = [*job.report, *(vars(e) for e in result.errors)]
    done = job.processed_rows >= len(planned)
    if done:
        job.status = EnrollmentJob.Status.COMPLETED
        job.finished_at = timezone.now()
    job.save()
    if job.job_id is not None:
        job_progress(job_id=job.job_id, done=job.processed_rows, failed=job.error_count)
        if done:
            job_finish(job_id=job.job_id, result=_job_result(job))
    if not done:
        enqueue(
            "learning.run_enrollment_job",
            tenant_id=job.tenant_id,
            job_id=job.pk,
            offset=job.processed_rows,
        )


def _job_result(job: EnrollmentJob) -> dict[str, Any]:
    return {
        "enrollment_job_id": job.pk,
        "course_id": job.course_id,
        "total_rows": job.total_rows,
        "enrolled_count": job.enrolled_count,
        "unchanged_count": job.unchanged_count,
        "error_count": job.error_count,
    }


def _enrollment_job_fail(job: EnrollmentJob, *, error: str) -> None:
    job.status = EnrollmentJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save()
    if job.job_id is not None:
        job_finish(job_id=job.job_id, result=_job_result(job), error=error)


def _enroll_chunk(job: EnrollmentJob, chunk: list[_PlannedRow]) -> _ChunkResult:
    errors = [_RowOutcome(p.row, p.email, p.error) for p in chunk if p.error]
    wanted = {p.email: p for p in chunk if not p.error}
    users = {u.email: u for u in User.objects.filter(email__in=list(wanted))}
    for email in [e for e in wanted if e not in users]:
        errors.append(_RowOutcome(wanted.pop(email).row, email, "no user with this email"))
    existing = {
        e.user_id: e
        for e in Enrollment.objects.select_for_update().filter(
            course_id=job.course_id, user_id__in=[u.pk for u in users.values()]
        )
    }
    new_rows: list[Enrollment] = []
    updated: list[Enrollment] = []
    reactivated: list[Enrollment] = []
    unchanged = 0
    for email, planned in wanted.items():
        user = users[email]
        current = existing.get(user.pk)
        if current is None:
            new_rows.append(
                Enrollment(
                    user=user,
                    course_id=job.course_id,
                    source=Enrollment.Source.ADMIN,
                    expires_at=planned.expires_at,
                )
            )
        elif current.is_current() and current.expires_at == planned.expires_at:
            unchanged += 1
        else:
            if not current.is_current():
                reactivated.append(current)
            current.status = Enrollment.Status.ACTIVE
            current.expires_at, current.revoked_at = planned.expires_at, None
            current.user = user
            updated.append(current)
    Enrollment.objects.bulk_create(new_rows)
    Enrollment.objects.bulk_update(updated, ["status", "expires_at", "revoked_at"])
    for enrollment in new_rows:
        _emit_enrollment_created(enrollment, course=job.course, reactivated=False)
    for enrollment in reactivated:
        _emit_enrollment_created(enrollment, course=job.course, reactivated=True)
    errors.sort(key=lambda e: e.row)
    return _ChunkResult(enrolled=len(new_rows) + len(updated), unchanged=unchanged, errors=errors)


# --- progress ----------------------------------------------------------------------------


def _touch(enrollment: Enrollment) -> None:
    enrollment.last_activity_at = timezone.now()
    enrollment.save(update_fields=["last_activity_at"])


@transaction.atomic
def progress_complete_material(*, user: User, material_id: int) -> MaterialProgress:
    """Mark a material done (idempotent). Quizzes complete by passing their question set."""
    material = access_student_material(user=user, material_id=material_id)
    enrollment = current_enrollment(user=user, course_id=material.course_id, lock=True)
    if material.kind == Material.Kind.QUIZ:
        raise QuizNeedsPass("A quiz is completed by passing its question set.")
    progress = _complete(user=user, material=material, course=material.course)
    _touch(enrollment)
    check_course_completion(user=user, enrollment=enrollment)
    return progress


def _complete(*, user: User, material: Material, course: Course) -> MaterialProgress:
    """Mark ``material`` done; emits ``material.completed`` the first time only."""
    progress: MaterialProgress
    progress, _ = MaterialProgress.objects.get_or_create(
        user=user, material=material, defaults={"course_id": material.course_id}
    )
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.updated_at = progress.completed_at
        progress.save(update_fields=["completed_at", "updated_at"])
        emit(
            "material.completed",
            {
                "material": {"id": material.pk, "title": material.title, "kind": material.kind},
                "user": user_ref(user),
                "course": course_ref(course),
                "completed_at": progress.completed_at,
            },
        )
    return progress


@transaction.atomic
def progress_set_position(
    *, user: User, material_id: int, position_seconds: int
) -> MaterialProgress:
    """Remember where a video was left (resume position)."""
    material = access_student_material(user=user, material_id=material_id)
    enrollment = current_enrollment(user=user, course_id=material.course_id, lock=True)
    if material.kind != Material.Kind.VIDEO:
        raise InvalidAnswer("Only videos have a resume position.", code="not_a_video")
    if material.duration_seconds is not None and position_seconds > material.duration_seconds:
        raise InvalidAnswer(
            "The position is past the end of the video.",
            code="invalid_position",
            errors={"position_seconds": [f"at most {material.duration_seconds}"]},
        )
    progress: MaterialProgress
    progress, _ = MaterialProgress.objects.get_or_create(
        user=user, material=material, defaults={"course_id": material.course_id}
    )
    progress.position_seconds = position_seconds
    progress.updated_at = timezone.now()
    progress.save(update_fields=["position_seconds", "updated_at"])
    _touch(enrollment)
    return progress


def check_course_completion(*, user: User, enrollment: Enrollment) -> Certificate | None:
    """Issue the certificate once every required material is done (quizzes: passed).

    The first time: emits ``course.completed``; when the certificate is new, emits
    ``certificate.issued`` and queues the learner's congratulation mail.
    """
    required = Material.objects.filter(course_id=enrollment.course_id, required=True)
    total = required.count()
    done = MaterialProgress.objects.filter(
        user=user, material__in=required, completed_at__isnull=False
    ).count()
    if total == 0 or done < total:
        return None
    course = enrollment.course
    if enrollment.completed_at is None:
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["completed_at"])
        emit(
            "course.completed",
            {
                "enrollment": {"id": enrollment.pk},
                "user": user_ref(user),
                "course": course_ref(course),
                "completed_at": enrollment.completed_at,
            },
        )
    certificate: Certificate
    certificate, issued = Certificate.objects.get_or_create(
        user=user,
        course_id=enrollment.course_id,
        defaults={
            "code": _certificate_code(),
            "holder_name": user.name or user.email,
            "course_title": course.title,
        },
    )
    if issued:
        emit(
            "certificate.issued",
            {
                "certificate": {
                    "id": certificate.pk,
                    "code": certificate.code,
                    "issued_at": certificate.issued_at,
                    "verify_url": _verify_url(_current_tenant(certificate), certificate.code),
                },
                "user": user_ref(user),
                "course": course_ref(course),
            },
        )
        enqueue(
            "learning.mail_certificate",
            tenant_id=certificate.tenant_id,
            certificate_id=certificate.pk,
        )
    return certificate


def _current_tenant(row: Certificate) -> Tenant:
    tenant: Tenant = Tenant.objects.get(pk=row.tenant_id)
    return tenant


def _verify_url(tenant: Tenant, code: str) -> str:
    """The public verification page of a certificate on the academy's host."""
    return tenant_url(tenant, "/student/verify/" + quote(code, safe=""))


def _certificate_code() -> str:
    raw = secrets.token_hex(6).upper()
    return f"TS-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# --- attempts ----------------------------------------------------------------------------


def _snapshot(question: Question, *, scenario: str, shuffle: bool) -> dict[str, Any]:
    return {
        "question_id": question.pk,
        "kind": question.kind,
        "stem": question.stem,
        "scenario": scenario,
        "choices": drawing.shuffled(question.choices, shuffle),
        "correct_choice_ids": list(question.correct_choice_ids),
        "explanation": question.explanation,
        "topic_id": question.topic_id,
        "topic_name": question.topic.name if question.topic else "",
    }


@transaction.atomic
def attempt_start(*, user: User, question_set_id: int) -> tuple[Attempt, bool]:
    """Start an attempt (questions drawn and frozen), or return the open one."""
    question_set = access_student_question_set(user=user, question_set_id=question_set_id)
    enrollment = current_enrollment(user=user, course_id=question_set.course_id, lock=True)
    mine = Attempt.objects.filter(user=user, question_set=question_set)
    open_attempt: Attempt | None = (
        mine.select_for_update().filter(status=Attempt.Status.OPEN).first()
    )
    if open_attempt is not None and not attempt_close_if_due(attempt=open_attempt):
        return open_attempt, False
    if question_set.attempts_allowed is not None and mine.count() >= question_set.attempts_allowed:
        raise AttemptLimitReached(
            f"You have used all {question_set.attempts_allowed} attempts of this set."
        )
    questions = drawing.draw(question_set)
    if not questions:
        raise LearningNotFound("This question set has no questions yet.", code="empty_question_set")
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=user,
        course_id=question_set.course_id,
        question_set=question_set,
        started_at=now,
        deadline_at=(
            now + timedelta(seconds=question_set.time_limit_seconds)
            if question_set.time_limit_seconds
            else None
        ),
        pass_mark=question_set.pass_mark,
        partial_credit=question_set.partial_credit,
    )
    cases = [q.pk for q in questions if q.kind == Question.Kind.CASE_STUDY]
    subs: dict[int, list[Question]] = {}
    for sub in (
        Question.objects.filter(parent_id__in=cases)
        .select_related("topic")
        .order_by("position", "id")
    ):
        subs.setdefault(sub.parent_id or 0, []).append(sub)
    items: list[AttemptItem] = []
    for question in questions:
        expanded = (
            subs.get(question.pk, []) if question.kind == Question.Kind.CASE_STUDY else [question]
        )
        scenario = question.scenario if question.kind == Question.Kind.CASE_STUDY else ""
        for part in expanded:
            snap = _snapshot(part, scenario=scenario, shuffle=question_set.shuffle)
            if question.kind == Question.Kind.CASE_STUDY and not snap["topic_id"]:
                snap["topic_id"] = question.topic_id
                snap["topic_name"] = question.topic.name if question.topic else ""
            items.append(AttemptItem(attempt=attempt, position=len(items) + 1, **snap))
    AttemptItem.objects.bulk_create(items)
    _touch(enrollment)
    return attempt, True


def _is_due(attempt: Attempt) -> bool:
    return (
        attempt.status == Attempt.Status.OPEN
        and attempt.deadline_at is not None
        and timezone.now() >= attempt.deadline_at
    )


def attempt_close_if_due(*, attempt: Attempt) -> bool:
    """Auto-submit an attempt whose time ran out; True when it is (now) closed."""
    if _is_due(attempt):
        _grade(attempt, auto=True)
    return attempt.status != Attempt.Status.OPEN


def _open_item(attempt: Attempt, position: int) -> AttemptItem:
    if attempt_close_if_due(attempt=attempt):
        raise AttemptClosed("This attempt is closed; answers can no longer change.")
    item: AttemptItem | None = AttemptItem.objects.filter(
        attempt=attempt, position=position
    ).first()
    if item is None:
        raise LearningNotFound("No such question in this attempt.", code="item_not_found")
    return item


def attempt_answer(*, attempt: Attempt, position: int, choice_ids: Sequence[str]) -> AttemptItem:
    """Save the answer to one question (idempotent; an empty list clears it).

    Raises :class:`AttemptClosed` after submit or time-out; that error commits the
    auto-submit, so this is not wrapped in its own atomic block (which would undo it).
    """
    item = _open_item(attempt, position)
    valid = {c["id"] for c in item.choices}
    chosen = list(dict.fromkeys(choice_ids))
    unknown = [c for c in chosen if c not in valid]
    if unknown:
        raise InvalidAnswer("Unknown choice ids.", errors={"choice_ids": [f"unknown: {unknown}"]})
    if item.kind == Question.Kind.SINGLE and len(chosen) > 1:
        raise InvalidAnswer("Pick one choice.", errors={"choice_ids": ["exactly one choice"]})
    item.selected_choice_ids = chosen or None
    item.answered_at = timezone.now() if chosen else None
    item.save(update_fields=["selected_choice_ids", "answered_at"])
    return item


def attempt_flag(*, attempt: Attempt, position: int, flagged: bool) -> AttemptItem:
    item = _open_item(attempt, position)
    item.flagged = flagged
    item.save(update_fields=["flagged"])
    return item


def attempt_submit(*, user: User, attempt: Attempt) -> Attempt:
    """Grade an open attempt (idempotent: a submitted attempt is returned as is)."""
    if attempt.status == Attempt.Status.OPEN:
        attempt.user = user  # access_attempt found it by this user: spare the event a query
        _grade(attempt, auto=_is_due(attempt))
    return attempt


def item_score(
    *, kind: str, selected: Sequence[str] | None, correct: Sequence[str], partial_credit: bool
) -> float:
    chosen, right = set(selected or ()), set(correct)
    if not chosen or not right:
        return 0.0
    if chosen == right:
        return 1.0
    if kind == Question.Kind.MULTIPLE and partial_credit:
        return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
    return 0.0


def _grade(attempt: Attempt, *, auto: bool) -> None:
    items = list(AttemptItem.objects.filter(attempt=attempt))
    for item in items:
        item.score = item_score(
            kind=item.kind,
            selected=item.selected_choice_ids,
            correct=item.correct_choice_ids,
            partial_credit=attempt.partial_credit,
        )
    AttemptItem.objects.bulk_update(items, ["score"])
    total = sum(item.score or 0.0 for item in items)
    percent = Decimal(total * 100 / len(items)).quantize(Decimal("0.01")) if items else Decimal(0)
    attempt.score_percent = percent
    attempt.passed = percent >= attempt.pass_mark
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = (
        min(timezone.now(), attempt.deadline_at)
        if (auto and attempt.deadline_at)
        else timezone.now()
    )
    attempt.auto_submitted = auto
    attempt.save()
    question_set = QuestionSet.objects.select_related("course").get(pk=attempt.question_set_id)
    attempt.question_set, attempt.course = question_set, question_set.course
    emit(
        "attempt.submitted",
        {
            "attempt": {
                "id": attempt.pk,
                "score_percent": float(percent),
                "passed": attempt.passed,
                "auto_submitted": auto,
                "submitted_at": attempt.submitted_at,
            },
            "question_set": {"id": question_set.pk, "title": question_set.title},
            "user": user_ref(attempt.user),
            "course": course_ref(attempt.course),
        },
    )
    if attempt.passed:
        _complete_quizzes(attempt)


def _complete_quizzes(attempt: Attempt) -> None:
    quizzes = Material.objects.filter(
        question_set_id=attempt.question_set_id, kind=Material.Kind.QUIZ
    )
    user = attempt.user
    for material in quizzes:
        _complete(user=user, material=material, course=attempt.course)
    enrollment: Enrollment | None = Enrollment.objects.filter(
        user_id=attempt.user_id, course_id=attempt.course_id
    ).first()
    if enrollment is not None and enrollment.is_current():
        _touch(enrollment)
        check_course_completion(user=user, enrollment=enrollment)


# --- certificates ------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    """Revoke (idempotent); emits ``certificate.revoked`` when it was still valid."""
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoke_reason"])
        emit(
            "certificate.revoked",
            {
                "certificate": {
                    "id": certificate.pk,
                    "code": certificate.code,
                    "revoked_at": certificate.revoked_at,
                    "reason": reason,
                },
                "user": user_ref(certificate.user),
                "course": course_ref(certificate.course),
            },
        )
    return certificate


def certificate_mail(*, certificate_id: int) -> bool:
    """Mail the learner their certificate (code and verification link); run by the worker.

    Once per certificate (``mailed_at``, under a row lock); nothing for a revoked or deleted
    one. A failed send is :class:`Transient`: the task's transaction rolls back and the
    task is retried.
    """
    certificate: Certificate | None = (
        Certificate.objects.select_for_update()
        .select_related("user")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.mailed_at or certificate.revoked_at:
        return False
    tenant = _current_tenant(certificate)
    body = (
        f"Congratulations, {certificate.holder_name}!\n\n"
        f"You completed {certificate.course_title} and earned its certificate.\n"
        f"Certificate code: {certificate.code}\n"
        f"Anyone can check it here: {_verify_url(tenant, certificate.code)}\n"
        f"All your certificates: {tenant_url(tenant, '/student/certificates')}\n"
    )
    try:
        send_mail(
            f"{tenant.name}: your certificate for {certificate.course_title}",
            body,
            None,
            [certificate.user.email],
            fail_silently=False,
        )
    except smtplib.SMTPRecipientsRefused:
        logger.warning(
            "certificate %s: the mail server refused the learner's address", certificate.pk
        )
    except (smtplib.SMTPException, OSError) as exc:
        raise Transient(f"sending the certificate mail failed: {exc}") from exc
    certificate.mailed_at = timezone.now()
    certificate.save(update_fields=["mailed_at"])
    return True
