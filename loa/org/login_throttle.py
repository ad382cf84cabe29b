"""Login throttling (django-axes) on two counts.

- One account from one address: LOA_LOGIN_FAILURE_LIMIT failures (5) lock that account for that address.
- One address over every account: LOA_LOGIN_ADDRESS_FAILURE_LIMIT failures (20) lock the address. Password spraying
  tries a few common passwords on many accounts, staying under the first count on each; this one sees it. It is
  higher because many officials of one office may sign in from one address (a shared Internet connection).

Both count failures since the cool-off (LOA_LOGIN_COOLOFF_MINUTES) began. Signing in successfully clears the
account's count only: clearing the address's too would let a sprayer reset it between rounds by signing into an
account of their own. API bearer tokens never go through this (they are not passwords and are not guessable).

At every login axes also deletes expired attempts and the account's count: on SQLite each delete opens a write
transaction, which takes the database's one write lock (IMMEDIATE) even when there is nothing to delete, the usual
case. Here a read looks first, so a clean login writes only its session, its access log row and last_login
(`loa bench logins` measures it).
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc] # django-axes has no type hints
    def _recent(self, request: HttpRequest) -> "QuerySet[AccessAttempt]":
        """The address's attempts since the cool-off began (Loa always sets AXES_COOLOFF_TIME)."""
        attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The account's count, or the account limit itself once the address is over its own limit: axes compares
        one number with one limit, and either count reaching its limit must lock."""
        recent = self._recent(request)
        account = _failures(recent.filter(username=get_client_username(request, credentials)))
        by_address = _failures(recent)
        request.loa_address_locked = by_address >= settings.LOA_LOGIN_ADDRESS_FAILURE_LIMIT  # type: ignore[attr-defined]
        if request.loa_address_locked:  # type: ignore[attr-defined]
            return max(account, int(get_failure_limit(request, credentials)))
        return account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        account = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            username=get_client_username(request, credentials),
        )
        if not account.exists():
            return 0
        count, _ = account.delete()
        return int(count)

    def clean_expired_user_attempts(
        self, request: HttpRequest | None = None, credentials: dict[str, Any] | None = None
    ) -> int:
        if not AccessAttempt.objects.filter(attempt_time__lte=get_cool_off_threshold(request)).exists():
            return 0
        return int(super().clean_expired_user_attempts(request, credentials))
