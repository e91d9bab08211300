import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from tracker.case_export import chronological_checkins, massage_case
from tracker.models import Massage


class Command(BaseCommand):
    help = (
        "Print one massage and its check-ins as a triage case (spec/triage.md section 3), the "
        "input of `manage.py assess`: manage.py export_case 12 | manage.py assess -"
    )

    def add_arguments(self, parser):
        parser.add_argument("massage_id", type=int, help="the massage's id")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the day of the assessment (YYYY-MM-DD); by default the last check-in's day",
        )

    def handle(self, *args, massage_id, as_of, **options):
        massage = Massage.objects.filter(pk=massage_id).first()
        if massage is None:
            raise CommandError(f"There is no massage {massage_id}.", returncode=2)
        checkins = chronological_checkins(massage)
        if not checkins:
            raise CommandError(f"Massage {massage_id} has no check-in to assess.", returncode=2)
        case = massage_case(massage, checkins, as_of=as_of)
        self.stdout.write(json.dumps(case, indent=2, ensure_ascii=False))
