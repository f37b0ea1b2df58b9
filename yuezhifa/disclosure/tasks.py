"""Background work of the disclosure platform: results leave the public pages when their display period is over."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yuezhifa.topology.jobs import case_job

from . import services


@db_periodic_task(crontab(minute="5", hour="*"))
@case_job("公示期满撤下")
def expire_published_results() -> int:
    """Every hour (the first run after midnight does the day's work): published results past ``display_until`` become
    expired and leave search, feed and export. The public pages already hide them from the next day on, whether this
    has run or not."""
    return services.expire_results()
