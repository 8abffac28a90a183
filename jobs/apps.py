from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Bakgrundsjobb"

    def ready(self):
        # Every app's jobs.py registers its kinds (jobs.registry), in every process.
        autodiscover_modules("jobs")
