from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.utils.translation import gettext_lazy as _

from loa.org.accounts import password_change


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

    def save(self, commit: bool = True) -> Any:
        # One audited change (the new password, and the one-time obligation ended), not Django's bare save.
        return password_change(user=self.user, new_password=self.cleaned_data["new_password1"])


class LoaPasswordChangeView(PasswordChangeView):
    """Changing the password also ends the obligation to change a one-time password (see OneTimePasswordMiddleware):
    NewPasswordForm.save does both in one service."""

    form_class = NewPasswordForm
    # Not registration/password_change_form.html: the admin app, listed first, has a page of that name.
    template_name = "web/password_change.html"
