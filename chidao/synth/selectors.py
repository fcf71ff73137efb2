"""What synthetic workload the database holds."""

import json

from chidao.documents.models import Source
from chidao.synth.params import COMMITTEE_ID_PREFIX, SOURCE_KEY
from chidao.tasks.models import (
    Task,
)


def synthetic_tasks():
    """Tasks of the synthetic workload (not the demo plan's synthetic tasks)."""
    return Task.objects.filter(committee__external_id__startswith=COMMITTEE_ID_PREFIX)


def workload_info() -> dict | None:
    """The parameters and counts the present workload was built with, or None."""
    source = Source.objects.filter(key=SOURCE_KEY).first()
    if source is None or not source.note.startswith("{"):
        return None
    try:
        return json.loads(source.note)
    except ValueError:
        return None
