from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/update/", views.case_update, name="case_update"),
    path("cases/new/<slug:slug>/", views.case_new, name="case_new"),
    path("assignments/<int:pk>/status/", views.assignment_status, name="assignment_status"),
    path("<slug:slug>/<str:week>/", views.meeting_week, name="week"),
    path("<slug:slug>/<str:week>/open/", views.meeting_open, name="open"),
    path("<slug:slug>/<str:week>/priorities/", views.priority_add, name="priority_add"),
    path("<slug:slug>/<str:week>/assignments/", views.assignment_add, name="assignment_add"),
]
