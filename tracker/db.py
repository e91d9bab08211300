"""Small database helpers that the models' constraints need on both SQLite and PostgreSQL."""

from django.db.models import DateField, Func


class LatestToday(Func):
    """The last calendar date that is already "today" somewhere: the server's UTC date + 1 day.

    A date column checked against it can never hold a day that has not begun anywhere, while a
    person east of UTC can still log their own today. Forms check the person's exact local date.
    """

    template = "(CURRENT_DATE + 1)"
    output_field = DateField()
    arity = 0

    def as_sqlite(self, compiler, connection, **extra_context):
        return "date(CURRENT_TIMESTAMP, '+1 day')", []
