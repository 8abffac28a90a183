from django.contrib import admin

from orgs.permissions import scoped_to_collaborations, visible_surveys
from surveys.models import Survey, Target


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "period_start", "period_end", "owner", "shared"]
    list_filter = ["provider", "collaboration"]
    filter_horizontal = ["organisations", "areas"]

    def get_queryset(self, request):
        return visible_surveys(request.user)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "share", "organisation", "area", "question"]
    list_filter = ["collaboration", "year"]

    def get_queryset(self, request):
        return scoped_to_collaborations(request.user, super().get_queryset(request))
