from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from loa.org.accounts import password_changed


class LoaLoginView(LoginView):
    redirect_authenticated_user = True


class NewPasswordForm(PasswordChangeForm):
    """Django's form, except that the new password must differ from the current (one-time) one."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, new = data.get("old_password"), data.get("new_password1")
        if old and new and old == new:
            raise forms.ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."))
        return data


class LoaPasswordChangeView(PasswordChangeView):
    """Changing the password also ends the obligation to change a one-time password (see OneTimePasswordMiddleware)."""

    form_class = NewPasswordForm
    # Not registration/password_change_form.html: the admin app, listed first, has a page of that name.
    template_name = "web/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(user=form.user)
        return response
