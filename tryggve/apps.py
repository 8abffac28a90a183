from django.apps import AppConfig


class TryggveConfig(AppConfig):
    name = "tryggve"
    verbose_name = "Tryggve"

    def ready(self) -> None:
        from tryggve import checks  # noqa: F401  (registers the system checks)
