from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.inspection_new, name="new"),
    path("certified/", views.certified, name="certified"),
    path("due/", views.due, name="due"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/items/<int:item_pk>/", views.result_save, name="result"),
    path("<int:pk>/finish/", views.inspection_finish, name="finish"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("walks/new/", views.walk_new, name="walk_new"),
    path("walks/<int:pk>/", views.walk_detail, name="walk"),
    path("walks/<int:pk>/observations/", views.observation_add, name="observation_add"),
]
