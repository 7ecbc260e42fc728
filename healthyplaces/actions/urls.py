from django.urls import path

from .views import actions, commitments, logic_models, transfer

app_name = "actions"
urlpatterns = [
    path("", actions.action_list, name="list"),
    path("new/", actions.action_create, name="create"),
    path("export/", transfer.export, name="export"),
    path("import/", transfer.import_upload, name="import_upload"),
    path("import/<uuid:token>/", transfer.import_preview, name="import_preview"),
    path("<int:pk>/", actions.action, name="action"),
    path("<int:pk>/edit/", actions.action_edit, name="edit"),
    path("<int:pk>/progress/", actions.record_progress, name="record_progress"),
    path("commitments/", commitments.frameworks, name="commitment_frameworks"),
    path("commitments/<slug:key>/", commitments.by_principle, name="commitments"),
    path("commitments/<slug:key>/new/", commitments.new, name="commitment_new"),
    path("commitment/<int:pk>/change/", commitments.change, name="commitment_change"),
    path("logic-models/", logic_models.logic_model_list, name="logic_models"),
    path("logic-models/new/", logic_models.logic_model_new, name="logic_model_new"),
    path("logic-models/<int:pk>/", logic_models.logic_model, name="logic_model"),
    path("logic-models/<int:pk>/change/", logic_models.logic_model_change, name="logic_model_change"),
]
