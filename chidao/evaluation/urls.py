from django.urls import path

from chidao.evaluation import views

urlpatterns = [
    path("", views.cycle_list, name="evaluation-cycles"),
    path("new/", views.cycle_create, name="evaluation-cycle-create"),
    path("sets/", views.criteria_sets, name="evaluation-sets"),
    path("sets/import/", views.criteria_set_import, name="evaluation-set-import"),
    path("sets/<int:set_id>/", views.criteria_set_detail, name="evaluation-set"),
    path("sets/<int:set_id>/export.xlsx", views.criteria_set_export, name="evaluation-set-export"),
    path("evidence/<int:pk>/", views.evidence_download, name="evaluation-evidence"),
    path("<int:pk>/", views.cycle_ranking, name="evaluation-ranking"),
    path("<int:pk>/settings/", views.cycle_settings, name="evaluation-settings"),
    path("<int:pk>/actions/<slug:action>/", views.cycle_action, name="evaluation-action"),
    path("<int:pk>/units/<int:unit_id>/", views.unit_sheet, name="evaluation-unit"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="evaluation-self-assessment"),
    path(
        "<int:pk>/self-assessment/<int:score_id>/",
        views.self_assess_score,
        name="evaluation-self-assess",
    ),
    path("<int:pk>/appraisal/", views.appraisal, name="evaluation-appraisal"),
    path(
        "<int:pk>/appraisal/<int:unit_id>/",
        views.appraisal_unit,
        name="evaluation-appraisal-unit",
    ),
    path(
        "<int:pk>/appraisal/<int:unit_id>/accept-all/",
        views.appraise_accept_all,
        name="evaluation-accept-all",
    ),
    path(
        "<int:pk>/appraisal/scores/<int:score_id>/",
        views.appraise_score,
        name="evaluation-appraise",
    ),
    path("<int:pk>/proposals/", views.proposals, name="evaluation-proposals"),
    path("<int:pk>/proposals/add/", views.proposal_add, name="evaluation-proposal-add"),
    path(
        "<int:pk>/proposals/<int:proposal_id>/",
        views.proposal_edit,
        name="evaluation-proposal-edit",
    ),
    path("<int:pk>/proposals.docx", views.proposals_docx, name="evaluation-proposals-docx"),
]
