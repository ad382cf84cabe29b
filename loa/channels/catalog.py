"""What the registry records and what plans can measure on it.

A unit's channels are the means it communicates through (its portal, loudspeakers, Zalo OA, …). Per kind, the
registry keeps an address, whether the channel carries CCHC content (the address of the CCHC column, the name of the
programme, the place procedures are posted) and, where it is counted, how many (loudspeaker clusters, LED screens).

A measure is a share computed across a subtree, the way plans word their objectives: "100% xã có chuyên mục CCHC
trên Trang TTĐT" is the share of communes that have a portal entry with a CCHC column. Press bodies are counted as
registry entries (a province records its newspapers and broadcaster, or they are units of their own).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loa.core.labels import register_catalog
from loa.org.catalog import DEPARTMENT_TYPES, UnitType


class ChannelKind(models.TextChoices):
    PORTAL = "web_portal", _("Cổng/Trang thông tin điện tử")
    LOUDSPEAKER = "loudspeaker_system", _("Đài truyền thanh, hệ thống loa")
    ZALO = "zalo_oa", _("Tài khoản Zalo OA")
    FACEBOOK = "facebook_page", _("Trang Facebook")
    YOUTUBE = "youtube_channel", _("Kênh YouTube")
    LED = "led_screen", _("Màn hình LED")
    ONE_STOP = "one_stop_desk", _("Bộ phận Một cửa (niêm yết TTHC)")
    NEWSPAPER = "press_newspaper", _("Báo, tạp chí")
    BROADCASTER = "press_broadcaster", _("Đài Phát thanh - Truyền hình")


register_catalog("channel_kind", ChannelKind)


@dataclass(frozen=True)
class KindSpec:
    address: Promise  # what the address column means for this kind
    cchc: Promise  # what the CCHC column means: filled = the channel carries CCHC content
    quantity: Promise | None = None  # what is counted, when something is


KINDS: dict[str, KindSpec] = {
    ChannelKind.PORTAL: KindSpec(_("Địa chỉ trang"), _("Địa chỉ chuyên mục CCHC")),
    ChannelKind.LOUDSPEAKER: KindSpec(_("Nơi đặt đài"), _("Chuyên mục CCHC phát trên loa"), _("Số cụm loa")),
    ChannelKind.ZALO: KindSpec(_("Tên hoặc địa chỉ tài khoản"), _("Mục CCHC trên tài khoản")),
    ChannelKind.FACEBOOK: KindSpec(_("Địa chỉ trang"), _("Mục CCHC trên trang")),
    ChannelKind.YOUTUBE: KindSpec(_("Địa chỉ kênh"), _("Danh sách phát về CCHC")),
    ChannelKind.LED: KindSpec(_("Nơi đặt màn hình"), _("Nội dung CCHC trình chiếu"), _("Số màn hình")),
    ChannelKind.ONE_STOP: KindSpec(_("Địa chỉ Bộ phận Một cửa"), _("Nơi niêm yết TTHC")),
    ChannelKind.NEWSPAPER: KindSpec(_("Địa chỉ báo điện tử"), _("Chuyên trang, chuyên mục CCHC")),
    ChannelKind.BROADCASTER: KindSpec(_("Địa chỉ"), _("Chương trình, chuyên mục CCHC")),
}

COMMUNES = (UnitType.UBND_XA,)
DEPARTMENTS = tuple(sorted(DEPARTMENT_TYPES))
PRESS = (ChannelKind.NEWSPAPER, ChannelKind.BROADCASTER)


@dataclass(frozen=True)
class Measure:
    """A share across a subtree: of the units of `unit_types` (or, with `entries`, of the registry entries of
    `kinds`), those with an entry of `kinds`, with CCHC content when `cchc`."""

    label: Promise
    noun: Promise  # what is counted, as in "34/69 xã"
    kinds: tuple[str, ...]
    cchc: bool
    unit_types: tuple[str, ...] = ()
    entries: bool = False


MEASURES: dict[str, Measure] = {
    "xa_portal_cchc": Measure(
        _("Xã, phường có chuyên mục CCHC trên Cổng/Trang TTĐT"), _("xã"), (ChannelKind.PORTAL,), True, COMMUNES
    ),
    "xa_portal": Measure(_("Xã, phường có Cổng/Trang TTĐT"), _("xã"), (ChannelKind.PORTAL,), False, COMMUNES),
    "xa_loudspeaker_cchc": Measure(
        _("Xã, phường có chuyên mục CCHC trên hệ thống truyền thanh"),
        _("xã"),
        (ChannelKind.LOUDSPEAKER,),
        True,
        COMMUNES,
    ),
    "xa_zalo": Measure(_("Xã, phường có tài khoản Zalo OA"), _("xã"), (ChannelKind.ZALO,), False, COMMUNES),
    "xa_facebook": Measure(_("Xã, phường có trang Facebook"), _("xã"), (ChannelKind.FACEBOOK,), False, COMMUNES),
    "xa_one_stop": Measure(
        _("Xã, phường niêm yết công khai TTHC tại Bộ phận Một cửa"), _("xã"), (ChannelKind.ONE_STOP,), True, COMMUNES
    ),
    "so_portal_cchc": Measure(
        _("Sở, ban, ngành có chuyên mục CCHC trên Cổng/Trang TTĐT"),
        _("sở, ngành"),
        (ChannelKind.PORTAL,),
        True,
        DEPARTMENTS,
    ),
    "press_cchc": Measure(
        _("Cơ quan báo chí có chương trình, chuyên mục CCHC"), _("cơ quan báo chí"), PRESS, True, entries=True
    ),
}
