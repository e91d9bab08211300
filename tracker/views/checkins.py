"""Check-ins: in progress."""


def checkin_create(request, pk):
    raise NotImplementedError


checkin_no_change = checkin_detail = checkin_update = checkin_delete = checkin_create
