"""Background work of the provincial topology (docs/decisions/0059): the search index of replicated rows."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .reindex import KIND_DISCLOSURE, KIND_ITEMS, KIND_LAWS, reindex


@db_periodic_task(crontab(minute="*/5"))
@lock_task("topology-search-reindex")
def reindex_replicated_rows() -> dict:
    """Every five minutes on the hub and the nodes: index the rows that replication brought in: the nodes'
    published results at the hub, the hub's laws and items on a node (each database's other kinds are written by
    its own services, which index them). In the all-in-one form nothing arrives by
    replication and the services keep the index in step: nothing to do."""
    kinds = {"hub": [KIND_DISCLOSURE], "node": [KIND_LAWS, KIND_ITEMS]}.get(settings.YZF_ROLE, [])
    return reindex(kinds=kinds) if kinds else {}
