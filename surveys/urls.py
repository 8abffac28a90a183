from django.urls import path  # noqa: F401  (filled by the views below)

from surveys import views, views_import
from surveys import views_public as own_views

app_name = "surveys"
urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("attention/", views.attention, name="attention"),
    path("attention/send/", views.attention_send, name="attention_send"),
    path("new/", views_import.survey_new, name="new"),
    path("<int:survey_id>/import/", views_import.survey_import, name="import"),
    path("own/", own_views.own_list, name="own_list"),
    path("own/new/<slug:slug>/", own_views.own_new, name="own_new"),
    path("own/<int:pk>/", own_views.own_detail, name="own_detail"),
    path("own/<int:pk>/notice/<int:area_pk>/", own_views.own_notice, name="own_notice"),
    path("own/<int:pk>/codes/<int:area_pk>/", own_views.own_codes, name="own_codes"),
    path("own/<int:pk>/close/", own_views.own_close, name="own_close"),
]
