"""The community's back office: the queues of stories and replies, readers' reports and the
decision log, by concern:

- ``decisions``: the words a moderator reads, and when a decision can't apply;
- ``filters``: the queue's filters (status, reader reports);
- ``moderated``: the queue and review page shared by stories and replies;
- ``stories``: the story and reply queues (registered here);
- ``log``: reports and decisions, read-only (registered here);
- ``index``: the admin index with the queues' counts (massagecare/urls.py serves it).
"""

from . import log, stories  # noqa: F401  (registers their ModelAdmins on admin.site)
