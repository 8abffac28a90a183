from django.urls import path

from accounts import organisation_views as org
from accounts import personal_views as own

app_name = "accounts"
urlpatterns = [
    # The organisation's admin.
    path("", org.organisations, name="organisations"),
    path("org/<slug:slug>/", org.member_list, name="members"),
    path("org/<slug:slug>/invite/", org.invite, name="invite"),
    path("org/<slug:slug>/invitations/<int:pk>/resend/", org.resend_invitation,
         name="resend_invitation"),
    path("org/<slug:slug>/invitations/<int:pk>/withdraw/", org.withdraw_invitation,
         name="withdraw_invitation"),
    path("org/<slug:slug>/members/<int:user_id>/role/", org.change_role, name="change_role"),
    path("org/<slug:slug>/members/<int:user_id>/remove/", org.remove_member,
         name="remove_member"),
    path("org/<slug:slug>/tokens/", org.token_list, name="organisation_tokens"),
    path("org/<slug:slug>/tokens/<int:pk>/revoke/", org.revoke_token,
         name="revoke_organisation_token"),
    # Everyone's own account. The invitation and reset links carry a secret in the path:
    # keep /accounts/invite/ and /accounts/reset/ out of the proxy's access log.
    path("invite/", own.accept_invitation, name="accept_invitation"),
    path("invite/<str:token>/", own.invitation_link, name="invitation"),
    path("tokens/", own.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", own.revoke_token, name="revoke_token"),
    path("password/", own.password_change, name="password_change"),
    path("password/done/", own.password_change_done, name="password_change_done"),
    path("password/reset/", own.password_reset, name="password_reset"),
    path("password/reset/sent/", own.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", own.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", own.password_reset_complete, name="password_reset_complete"),
]
