"""What the evaluation pages share: the refusal shown after a redirect, file names and types,
form errors in one line, the committees a user manages."""

from django.contrib import messages
from django.shortcuts import redirect

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.text import fold
from chidao.evaluation.services import EvaluationError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, exc: EvaluationError, fallback: str):
    """A refused change: its message, and back where the user came from (PRG)."""
    messages.error(request, str(exc))
    return redirect(fallback)


def _filename(text: str) -> str:
    return fold(text).replace(" ", "-")[:80] or "chidao"


def _managed_committees(user) -> list[Committee]:
    return list(Committee.objects.restrict(user, policy.CHANGE).order_by("name").only("id", "name"))


def _can_edit_sets(user) -> bool:
    return policy.manages_any_committee(user)
