"""Massages: being written by a helper this session."""


def massage_create(request):
    raise NotImplementedError


massage_detail = massage_update = massage_delete = massage_create
