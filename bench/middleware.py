"""The bench's query counter: each response says how many SQL queries its request ran."""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """Counts every query of the request, the other middleware's included (it is the first).

    Django's own check that a reused connection still works (CONN_HEALTH_CHECKS) does not go
    through execute wrappers, so it is not counted; every query of the app is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
