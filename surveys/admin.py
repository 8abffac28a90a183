from django.contrib import admin

from orgs.scoped_admin import ScopedAdmin
from surveys.models import Survey, Target


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    list_display = ["title", "provider", "period_start", "period_end", "owner", "shared"]
    list_filter = ["provider", "collaboration"]
    filter_horizontal = ["organisations", "areas"]


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ["year", "share", "organisation", "area", "question"]
    list_filter = ["collaboration", "year"]
