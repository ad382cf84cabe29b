from django.conf import settings
from django.db.models import QuerySet

from loa.org.scope import Actor

from .models import Notification, Preference


def notifications_for(actor: Actor | None) -> QuerySet[Notification]:
    """A user's own notices: nobody reads another person's list, whatever their role."""
    pk = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    if pk is None:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=pk)


def unread_count(actor: Actor | None) -> int:
    return notifications_for(actor).filter(read_at__isnull=True).count()


def delivery_for(actor: Actor | None) -> str:
    """The actor's delivery choice (notify.models.Delivery), the default when never chosen."""
    pk = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    chosen = Preference.objects.filter(user_id=pk).values_list("delivery", flat=True).first() if pk else None
    return chosen or settings.LOA_NOTIFY_DEFAULT_DELIVERY
