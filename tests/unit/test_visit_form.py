"""The registration in progress: defaults, blank rows, what stops registering."""

from __future__ import annotations

from desktop.catalog import ServiceItemInfo
from desktop.residents import ResidentSummary
from desktop.visit_form import VisitForm


def item(item_id: str, category: str) -> ServiceItemInfo:
    return ServiceItemInfo(item_id, "A", "综合受理", "General", "事项", "Item", category, False, "")


RESIDENT = ResidentSummary("r1", "张三", "138****5678", "", "幸福里小区 3栋", "一网格")


def test_item_sets_default_category_which_stays_changeable() -> None:
    form = VisitForm()
    form.choose_item(0, item("i1", "household"))
    assert form.rows[0].category == "household"
    form.set_category(0, "shared")
    assert form.rows[0].category == "shared"
    form.choose_item(0, item("i2", "public"))
    assert form.rows[0].category == "public"


def test_problems_name_the_missing_resident_and_items() -> None:
    form = VisitForm()
    assert set(form.problems()) == {"resident", "row.0.item"}
    form.pick_resident(RESIDENT)
    form.set_description(0, "想问问低保")
    form.add_row()
    form.set_description(1, "还有电梯的事")
    problems = form.problems()
    assert set(problems) == {"row.0.item", "row.1.item"}
    assert problems["row.0.item"].code == "ui.register.item_required"


def test_blank_rows_are_left_out_of_the_drafts() -> None:
    form = VisitForm()
    form.pick_resident(RESIDENT)
    form.choose_item(0, item("i1", "public"))
    form.set_urgency(0, "urgent")
    form.set_description(0, "  低保复核  ")
    form.add_row()
    assert form.problems() == {}
    drafts = form.drafts()
    assert len(drafts) == 1
    assert (drafts[0].service_item_id, drafts[0].category, drafts[0].urgency) == (
        "i1",
        "public",
        "urgent",
    )
    assert drafts[0].description == "低保复核"


def test_unknown_values_fall_back_and_reset_clears() -> None:
    form = VisitForm()
    form.set_urgency(0, "whenever")
    form.set_category(0, "private")
    assert (form.rows[0].urgency, form.rows[0].category) == ("normal", "")
    form.pick_resident(RESIDENT)
    form.add_row()
    form.remove_row(1)
    form.remove_row(0)  # the last row stays
    assert len(form.rows) == 1
    form.reset()
    assert form.resident is None and len(form.rows) == 1
