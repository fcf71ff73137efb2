"""A conclusion that gives tasks, as a meeting's conclusions notice and an inspection's
conclusion for a unit both are: its document, a notice of the committee's standing agency, is
the tasks' source; each numbered item gives a task whose source clause is "Mục N"
(NumberedItem.clause), listed in that order; a bad item refuses the whole conclusion, naming
the item. Their models share meetings.models.TaskNotice and NumberedItem.

It lives in meetings because inspections stands above meetings in the layers
(chidao/core/tests/test_layering.py), so both may import it. The calling service holds the
transaction."""

import datetime as dt

from chidao.core.errors import ActionRefused
from chidao.documents.models import LegalDocument, Source
from chidao.officialdocs import register
from chidao.tasks import services as tasks
from chidao.tasks.models import Task, TaskSource

SYNTHETIC_PREFIX = "[Dữ liệu mô phỏng] "


def in_clause_order(found) -> list[Task]:
    """Tasks in their items' order ("Mục 2" before "Mục 10")."""
    return sorted(found, key=lambda t: (len(t.source_clause), t.source_clause, t.pk))


def notice_source(
    *,
    committee,
    key: str,
    register_title: str,
    number: str,
    date: dt.date,
    title: str,
    synthetic: bool,
) -> TaskSource:
    """The notice's document, issued on `date` by the committee's standing agency (its
    issuing body when the register names none), filed under the source `key` (titled
    `register_title` when first made), and the task source it becomes."""
    agency = register.standing_agency_for(committee, date)
    source_row, _created = Source.objects.get_or_create(
        key=key, defaults={"kind": Source.Kind.ENTRY, "title": register_title}
    )
    document = LegalDocument.objects.create(
        number=number[:100],
        doc_type=LegalDocument.Type.NOTICE,
        date=date,
        issuer=agency.unit if agency else committee.issuing_body,
        title=f"{SYNTHETIC_PREFIX if synthetic else ''}{title}"[:500],
        source=source_row,
    )
    return TaskSource.objects.create(document=document, committee=committee, synthetic=synthetic)


def item_refused(
    error: type[ActionRefused],
    template: str,
    field: str,
    index: int,
    message,
    status: int = 422,
) -> ActionRefused:
    """The refusal of the item at `index` of the list `field`, naming it: `template`
    (translated) places the item's number, as %(n)s or %(number)s, before %(message)s."""
    number = index + 1
    return error(
        template % {"n": number, "number": number, "message": message},
        status=status,
        field=f"{field}[{index}]",
    )


def item_task(refuse, place: int, **task) -> Task:
    """The item's task (tasks.task_create with `task`); a task refused is the item refused:
    `refuse(place, message)` (the caller's own item refusal, `place` as it counts items)."""
    try:
        return tasks.task_create(**task)
    except tasks.TaskError as exc:
        raise refuse(place, str(exc)) from None
