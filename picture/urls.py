from django.urls import path

from picture import views

app_name = "picture"
urlpatterns = [
    path("", views.picture_home, name="home"),
    path("<slug:slug>/<str:week>/", views.picture_week, name="week"),
    path("<slug:slug>/<str:week>/pdf/", views.picture_pdf, name="pdf"),
]
