from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from orgs.permissions import can_report


@login_required
def home(request):
    """Reporters land on the form (they are usually out in the field); everyone else on
    the week's joint picture."""
    if can_report(request.user):
        return redirect("reports:new")
    return redirect("picture:home")
