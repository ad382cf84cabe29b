"""The codes of the public CCHC column: where a news item stands on its way from an activity to the public page."""

from django.db import models
from django.utils.translation import pgettext_lazy

from loa.core.labels import register_catalog


class NewsStatus(models.TextChoices):
    DRAFT = "news_draft", pgettext_lazy("news", "Bản nháp")
    PENDING = "news_pending", pgettext_lazy("news", "Chờ duyệt")
    RETURNED = "news_returned", pgettext_lazy("news", "Bị trả lại")
    PUBLISHED = "news_published", pgettext_lazy("news", "Đã đăng")
    WITHDRAWN = "news_withdrawn", pgettext_lazy("news", "Đã gỡ")


# States in which the unit's people may change the text and the images (a published item is withdrawn first, so
# that what the public reads is always what the leader approved).
EDITABLE = frozenset({NewsStatus.DRAFT, NewsStatus.RETURNED, NewsStatus.PENDING, NewsStatus.WITHDRAWN})
# States from which an item may be sent to the leader.
SENDABLE = frozenset({NewsStatus.DRAFT, NewsStatus.RETURNED, NewsStatus.WITHDRAWN})

register_catalog("news_status", NewsStatus)
