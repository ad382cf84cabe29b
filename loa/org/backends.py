"""Authentication backend: Django's, except that the signed-in user is loaded with the unit it belongs to and that
unit's parent in the same query. Every page asks the scoping layer (which reads `user.unit`) and figure pages start
from the province (usually the unit's parent), so this saves one or two queries on every request."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("unit", "unit__parent").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id: Any) -> User | None:
        try:
            user = await User._default_manager.select_related("unit", "unit__parent").aget(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
