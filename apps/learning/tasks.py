"""Learning's background work: the bulk enrollment import and the certificate mail."""

from __future__ import annotations

from apps.jobs.runtime import tenant_task
from apps.learning import services


@tenant_task("learning.run_enrollment_job", time_limit=120)
def run_enrollment_job(*, tenant_id: int, job_id: int, offset: int = 0) -> None:
    """One chunk of a bulk-enroll job (it queues the next one itself)."""
    services.enrollment_job_run(job_id=job_id, offset=offset)


@tenant_task("learning.mail_certificate")
def mail_certificate(*, tenant_id: int, certificate_id: int) -> bool:
    """The learner's congratulation mail with the certificate code and its link."""
    return services.certificate_mail(certificate_id=certificate_id)
