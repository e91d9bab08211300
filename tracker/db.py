"""Small database helpers that the models' constraints need on both SQLite and PostgreSQL."""

import datetime

from django.db.models import DateField, Func, IntegerField, Value


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


class DaysSince(Func):
    """Whole days from a fixed date to a date column: 0 on that day, 21 three weeks later.

    ``DaysSince("date", massage.date)``. PostgreSQL subtracts dates to an integer; SQLite counts
    with julianday(). Charts group check-ins by it, so the database does the bucketing.
    """

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()
    arity = 2

    def __init__(self, expression, start, **extra):
        if isinstance(start, datetime.date):
            start = Value(start, output_field=DateField())
        super().__init__(expression, start, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        # "::date" binds tighter than "-": it types the start date, a parameter or a column.
        return self.as_sql(
            compiler, connection, template="(%(expressions)s::date)", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )
