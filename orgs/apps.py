from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "Organisationer och områden"

    def ready(self):
        # The admin app (first in INSTALLED_APPS) has registered every app's ModelAdmins
        # by now: close those that do not scope themselves.
        from orgs.scoped_admin import close_unscoped_admins

        close_unscoped_admins()
