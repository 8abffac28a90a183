from django.urls import path

from measures import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_new, name="new"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/edit/", views.measure_edit, name="edit"),
]
