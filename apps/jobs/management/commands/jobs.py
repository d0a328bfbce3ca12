"""``manage.py jobs queues|dlq|redrive|purge-dlq``: the operator's view of the SQS queues.

Across every academy, talking to SQS only (no database). Exit codes: 0 done, 1 refused or
failed (SQS unreachable, a named message not found, ``purge-dlq`` without ``--yes``),
2 bad arguments.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.jobs import dead_letters
from teacherseat.queues import QUEUES, depth, queue_name, queue_url, sqs_client


class Command(BaseCommand):
    help = "Inspect the job queues and their dead-letter queues; redrive or purge dead letters."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        verbs.add_parser("queues", help="each queue and its DLQ: visible, in flight, delayed")
        dlq = verbs.add_parser("dlq", help="list dead letters")
        dlq.add_argument("--queue", choices=QUEUES, help="one queue (default: all)")
        dlq.add_argument("--tenant-id", type=int, help="only this academy's messages")
        dlq.add_argument("--limit", type=int, default=20)
        redrive = verbs.add_parser("redrive", help="move dead letters back to their queue")
        redrive.add_argument("--queue", choices=QUEUES, help="one queue (default: all)")
        redrive.add_argument("--tenant-id", type=int, help="only this academy's messages")
        redrive.add_argument(
            "--message-id", action="append", dest="message_ids", help="repeatable; default all"
        )
        purge = verbs.add_parser("purge-dlq", help="delete every message of one DLQ")
        purge.add_argument("--queue", choices=QUEUES, required=True)
        purge.add_argument("--yes", action="store_true", help="confirm the deletion")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "queues": self.queues,
            "dlq": self.dlq,
            "redrive": self.redrive,
            "purge-dlq": self.purge,
        }
        try:
            handlers[options["verb"]](options)
        except dead_letters.BROKER_ERRORS as exc:
            raise CommandError(f"SQS did not answer: {exc}") from exc

    def queues(self, options: dict[str, Any]) -> None:
        client = sqs_client()
        self.stdout.write(f"{'QUEUE':<40} {'VISIBLE':>8} {'IN-FLIGHT':>9} {'DELAYED':>8}")
        for name in QUEUES:
            for queue in (name, f"{name}-dlq"):
                counts = depth(client, queue_url(queue))
                self.stdout.write(
                    f"{queue_name(queue):<40} {counts['visible']:>8} "
                    f"{counts['in_flight']:>9} {counts['delayed']:>8}"
                )

    def dlq(self, options: dict[str, Any]) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.", returncode=2)
        letters = dead_letters.list_dead_letters(
            tenant_id=options["tenant_id"], queue=options["queue"], limit=options["limit"]
        )
        if not letters:
            self.stdout.write("No dead letters.")
            return
        self.stdout.write(
            f"{'MESSAGE ID':<38} {'QUEUE':<10} {'TASK':<32} {'TENANT':>6} {'RECEIVES':>8}  SENT"
        )
        for letter in letters:
            tenant = "-" if letter.tenant_id is None else str(letter.tenant_id)
            sent = letter.sent_at.isoformat(timespec="seconds") if letter.sent_at else "-"
            self.stdout.write(
                f"{letter.message_id:<38} {letter.queue:<10} {letter.task:<32} {tenant:>6} "
                f"{letter.received_count:>8}  {sent}"
            )

    def redrive(self, options: dict[str, Any]) -> None:
        wanted = options["message_ids"]
        moved = dead_letters.redrive(
            tenant_id=options["tenant_id"], message_ids=wanted, queue=options["queue"]
        )
        self.stdout.write(f"Redriven: {moved}")
        if wanted is not None and moved < len(set(wanted)):
            raise CommandError(
                f"{len(set(wanted)) - moved} of the named messages were not found "
                "(already redriven, or held by someone else right now)."
            )

    def purge(self, options: dict[str, Any]) -> None:
        if not options["yes"]:
            raise CommandError(
                f"This deletes every message of {queue_name(options['queue'] + '-dlq')}; "
                "repeat with --yes to confirm."
            )
        deleted = dead_letters.purge(queue=options["queue"])
        self.stdout.write(f"Purged {queue_name(options['queue'] + '-dlq')}: {deleted} messages")
