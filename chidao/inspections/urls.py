from django.urls import path

from chidao.inspections import views

UNIT = "<int:pk>/units/<int:unit_id>/"

urlpatterns = [
    path("", views.inspection_index, name="inspections"),
    path("mine/", views.my_inspections, name="inspections-mine"),
    path(
        "committee/<int:committee_id>/", views.committee_inspections, name="committee-inspections"
    ),
    path("committee/<int:committee_id>/new/", views.inspection_create, name="inspection-create"),
    path("<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("<int:pk>/checklist/", views.checklist_add, name="inspection-checklist"),
    path(
        "<int:pk>/checklist/<int:item_id>/",
        views.checklist_change,
        name="inspection-checklist-change",
    ),
    path(
        "<int:pk>/checklist/<int:item_id>/remove/",
        views.checklist_remove,
        name="inspection-checklist-remove",
    ),
    path("<int:pk>/issue/", views.inspection_issue, name="inspection-issue"),
    path("<int:pk>/team/", views.inspection_team, name="inspection-team"),
    path("<int:pk>/plan.docx", views.plan_document, name="inspection-plan-docx"),
    path(UNIT, views.inspection_unit, name="inspection-unit"),
    path(UNIT + "preparation/", views.unit_preparation, name="inspection-preparation"),
    path(UNIT + "findings/", views.unit_findings, name="inspection-findings"),
    path(UNIT + "conclusion/", views.unit_conclusion, name="inspection-conclusion"),
    path(UNIT + "conclusion.docx", views.conclusion_document, name="inspection-conclusion-docx"),
    path(UNIT + "obstacle/", views.unit_obstacle, name="inspection-obstacle"),
    path("files/preparation/<int:pk>/", views.preparation_file, name="inspection-preparation-file"),
    path("files/finding/<int:pk>/", views.finding_file, name="inspection-finding-file"),
]
