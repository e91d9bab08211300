"""manage.py assess FILE: run the triage engine on one case written as JSON (spec/triage.md 1)."""

import json
import sys

from django.core.management.base import BaseCommand

from tracker.triage import CaseError, assess_or_series
from tracker.triage.contract import load_json

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Assess one case (spec/triage.md section 3) read as JSON from FILE, or from standard "
        "input when FILE is '-'. Prints the assessment as JSON on standard output and exits 0; "
        'with "series": true in the case, the list of the assessments of every prefix of its '
        "check-ins, each as of its own last check-in (spec/triage.md 10.7). "
        'A file that cannot be read, bad JSON or an invalid case prints {"errors": [{"path", '
        '"message"}, ...]} on standard output instead, and exits 2.'
    )

    # The engine is pure Python: no model, database or setting for the system checks to vet.
    requires_system_checks = []
    # call_command("assess", "-", stdin=io.StringIO(...)) feeds standard input in tests.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="a JSON file holding one case, or -")

    def handle(self, *args, file, **options):
        text, errors = self._read(file, options.get("stdin") or sys.stdin)
        data = None
        if not errors:
            data, errors = load_json(text)
        if not errors:
            try:
                assessment = assess_or_series(data)
            except CaseError as error:
                errors = error.errors
        if errors:
            self._print({"errors": errors})
            # SystemExit, not CommandError: the errors are already printed as JSON, and
            # CommandError would add its own "CommandError: ..." line to standard error.
            raise SystemExit(EXIT_BAD_INPUT)
        self._print(assessment)

    def _read(self, file, stdin):
        if file == "-":
            # Bytes when there are some, so that load_json decodes them as UTF-8 (RFC 8259).
            stream = getattr(stdin, "buffer", None) or stdin
            try:
                return stream.read(), []
            except (OSError, ValueError) as error:
                return None, [{"path": "", "message": f"Cannot read standard input: {error}"}]
        try:
            with open(file, "rb") as handle:
                return handle.read(), []
        except OSError as error:
            reason = error.strerror or str(error)
            return None, [{"path": "", "message": f"Cannot read {file}: {reason}."}]

    def _print(self, payload):
        # ASCII escapes: a lone surrogate echoed from hostile input could not be encoded.
        self.stdout.write(json.dumps(payload, indent=2))
