from django.apps import AppConfig


class PictureConfig(AppConfig):
    name = "picture"
    verbose_name = "Lägesbild"
