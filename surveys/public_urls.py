"""The resident's pages of our own survey, no login: /enkat/ (see surveys/views_public.py)."""

from django.urls import path

from surveys import views_public as views

app_name = "enkat"
urlpatterns = [
    path("", views.enter, name="enter"),
    path("svar/", views.answer, name="answer"),
    path("tack/", views.thanks, name="thanks"),
    path("o/<str:key>/", views.open_link, name="open"),
    path("<str:code>/", views.token_page, name="token"),
]
