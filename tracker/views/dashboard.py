"""Dashboard: in progress."""


def dashboard(request):
    raise NotImplementedError
