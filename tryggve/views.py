from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from orgs.permissions import reportable_collaborations


@login_required
def home(request):
    """Reporters land on the form (they are usually out in the field); others on the list."""
    if reportable_collaborations(request.user).exists():
        return redirect("reports:new")
    return redirect("reports:list")
