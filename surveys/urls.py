from django.urls import path  # noqa: F401  (filled by the views below)

app_name = "surveys"
urlpatterns: list = [
]
