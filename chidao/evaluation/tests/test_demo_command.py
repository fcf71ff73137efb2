"""The command that loads the demo evaluation (in its own module: the other demo tests share
one loaded demo, and these need a register without it)."""

import io

import pytest
from django.core.management import call_command

from chidao.tasks.demo import load_demo_tasks

pytestmark = pytest.mark.django_db


def test_the_command():
    load_demo_tasks()
    out = io.StringIO()
    call_command("load_demo_evaluation", stdout=out)
    call_command("load_demo_evaluation", stdout=out)
    text = out.getvalue()
    assert "đang thẩm định" in text and "không nạp lại" in text


def test_the_command_needs_the_demo_plan():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load-demo-tasks"):
        call_command("load_demo_evaluation", stdout=io.StringIO())
