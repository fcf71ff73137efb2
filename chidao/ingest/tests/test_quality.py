"""The labelled set: per-field precision and recall of the extraction are at least 0.95."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from chidao.ingest.quality import (
    REAL_DIR,
    Count,
    Report,
    evaluate,
    labelled_set,
    read_split,
    score_one,
)
from chidao.ingest.tests.helpers import SET_DIR

pytestmark = pytest.mark.django_db
TARGET = 0.95


def test_the_set_holds_both_seeds_and_at_least_ten_composed_decisions():
    names = [text.name for text, _ in labelled_set(SET_DIR)]

    assert {"seed_000.txt", "seed_001.txt"} <= set(names)
    composed = [n for n in names if not n.startswith("seed_")]
    assert len(composed) >= 10
    for name in composed:
        first_line = (SET_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# ") and "soạn để kiểm thử" in first_line
    for _, label in labelled_set(SET_DIR):
        data = json.loads(label.read_text(encoding="utf-8"))
        assert set(data) >= {
            "document",
            "action",
            "replaces",
            "committee",
            "seats",
            "standing_agencies",
            "working_group",
        }


def test_every_field_reaches_the_target():
    report = evaluate(SET_DIR)

    low = {
        name: (round(p, 3), round(r, 3))
        for name, p, r, *_ in report.rows()
        if p < TARGET or r < TARGET
    }
    assert not low, f"{low}\n" + "\n".join(report.mistakes)
    # every field is measured on something (the own set holds no refusal)
    for name, count in report.counts.items():
        if name == "not_a_decision":
            continue
        if not name.endswith(".person") or not name.startswith("working_group"):
            assert count.labelled > 0, name


def test_the_command_prints_the_table():
    out = StringIO()
    call_command("ingest_quality", str(SET_DIR), "--min", str(TARGET), stdout=out)

    assert "seats.person" in out.getvalue()
    assert "precision" in out.getvalue()
    assert "micro" in out.getvalue()


def test_the_command_scores_the_real_corpus_per_split():
    out = StringIO()
    call_command("ingest_quality", str(REAL_DIR), stdout=out)

    text = out.getvalue()
    assert "(dev)" in text and "(held-out)" in text
    assert text.count("micro") == 2


def test_the_split_covers_every_real_text_once():
    split = read_split(REAL_DIR)
    stems = {text.stem for text, _ in labelled_set(REAL_DIR)}

    assert not set(split["dev"]) & set(split["heldout"])
    assert set(split["dev"]) | set(split["heldout"]) == stems
    assert len(stems) >= 80


def test_micro_f1_sums_the_fields_but_not_whole_seats():
    label = {
        "document": {"number": "1/QĐ-UBND", "date": "2025-01-02"},
        "committee": {},
        "seats": [{"role": "head", "person": "Nguyễn Văn An"}],
    }
    predicted = {"document": {"number": "1/QĐ-UBND"}, "committee": {}, "seats": label["seats"]}
    report = Report()

    score_one(report, predicted, label)
    micro = report.micro()

    # number, role, person right; the date missed; the whole seat not counted again
    assert (micro.right, micro.predicted, micro.labelled) == (3, 3, 4)
    assert round(micro.f1, 3) == round(2 * 1 * 0.75 / 1.75, 3)


def test_a_refusal_counts_only_when_the_text_is_not_a_decision():
    report = Report()

    score_one(report, {"not_a_decision": True}, {"not_a_decision": True})
    score_one(report, {"not_a_decision": False}, {"not_a_decision": False})

    count = report.counts["not_a_decision"]
    assert (count.right, count.predicted, count.labelled) == (1, 1, 1)


def test_a_wrong_value_costs_precision_and_recall_and_a_null_only_recall():
    wrong, missing = Count(), Count()
    wrong.add("Sở Y tế", "Sở Tư pháp")
    missing.add(None, "Sở Tư pháp")

    assert (wrong.precision, wrong.recall) == (0.0, 0.0)
    assert (missing.precision, missing.recall) == (1.0, 0.0)


def test_an_extra_seat_costs_precision():
    label = {"document": {}, "committee": {}, "seats": [{"role": "head", "position": "Chủ tịch"}]}
    predicted = {**label, "seats": label["seats"] + [{"role": "member", "position": "Giám đốc"}]}
    report = Report()

    score_one(report, predicted, label)

    assert report.counts["seats"].precision == 0.5
    assert report.counts["seats"].recall == 1.0
