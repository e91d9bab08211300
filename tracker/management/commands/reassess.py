"""manage.py reassess: every stored check-in assessed again with the current triage engine."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tracker.assessments import reassess_massage
from tracker.models import CheckIn, Massage
from tracker.triage import ENGINE_VERSION

PROGRESS_EVERY = 1000
# The README's promise for command-line input that is unknown or malformed; argparse's own
# errors exit with it too.
EXIT_BAD_INPUT = 2
# Massages read from the database at a time: the memory held is one chunk and one history.
CHUNK_SIZE = 200


def massage_id(text):
    """A massage id on the command line: a whole number above 0."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a massage id is a whole number above 0, not {text!r}")
    return value


class Command(BaseCommand):
    help = (
        f"Assess every stored check-in again with the current triage engine (engine_version "
        f"{ENGINE_VERSION}), each with the history up to it, and store the results that "
        "changed. Run it after an engine update: a result stored by an older engine stays as "
        "it was until then (spec/triage.md 10.9). Running it twice changes nothing the second "
        f"time. Prints a progress line every {PROGRESS_EVERY:,} check-ins and a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--massage",
            type=massage_id,
            action="append",
            dest="massages",
            metavar="ID",
            help="only the check-ins of this massage (give it again for more massages)",
        )

    def handle(self, *args, massages=None, **options):
        """Reassess massage by massage; ``--verbosity 0`` prints the summary alone."""
        queryset = Massage.objects.order_by("pk")
        if massages:
            found = set(queryset.filter(pk__in=massages).values_list("pk", flat=True))
            missing = sorted(set(massages) - found)
            if missing:
                names = ", ".join(str(pk) for pk in missing)
                raise CommandError(f"No massage with id {names}.", returncode=EXIT_BAD_INPUT)
            queryset = queryset.filter(pk__in=massages)

        count = assessed = changed = 0
        next_progress = PROGRESS_EVERY
        for massage in queryset.iterator(chunk_size=CHUNK_SIZE):
            done, changes = _reassess(massage)
            count += 1
            assessed += done
            changed += changes
            if assessed >= next_progress and options["verbosity"] > 0:
                self.stdout.write(
                    f"{assessed:,} check-ins assessed, {changed:,} results changed so far…"
                )
                next_progress = (assessed // PROGRESS_EVERY + 1) * PROGRESS_EVERY

        outcome = (
            f"{_count(changed, 'result')} changed."
            if changed
            else "no result changed: every stored result was already up to date."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Assessed {_count(assessed, 'check-in')} of {_count(count, 'massage')} with "
                f"engine version {ENGINE_VERSION}: {outcome}"
            )
        )


def _count(number, noun):
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


@transaction.atomic
def _reassess(massage):
    """Assess one massage's check-ins; ``(how many were assessed, how many results changed)``.

    ``reassess_massage`` writes only the results that changed, each with a new ``updated_at``
    (the version its cached pages are keyed by), so a changed ``updated_at`` is a changed
    result. One transaction per massage: its history is read and written as one.
    """
    before = dict(CheckIn.objects.filter(massage=massage).values_list("pk", "updated_at"))
    checkins = reassess_massage(massage)
    changed = sum(1 for checkin in checkins if checkin.updated_at != before.get(checkin.pk))
    return len(checkins), changed
