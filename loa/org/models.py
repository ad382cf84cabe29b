"""Organisation units (a materialised-path tree with validity dates) and users bound to a unit."""

from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.text import fold, normalize

from .catalog import TYPE_LEVEL, DivisionType, Role, UnitType

# Reform of 1 July 2025 (chính quyền địa phương hai cấp): legacy units end the day before.
REFORM_DATE = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$",
    _("Mã đơn vị chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 32 ký tự)."),
)


class OrgUnit(models.Model):
    """A unit in the hierarchy: ministry, province, department, commune, commune section, media…

    `path` is the chain of codes from the root ("42/42.SNV/"), so a subtree is one indexed
    prefix match and never a walk in Python. Codes are immutable once created.
    """

    code = models.CharField(_("mã"), max_length=32, unique=True, validators=[code_validator])
    gso_code = models.CharField(_("mã ĐVHC"), max_length=10, blank=True, db_index=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    unit_type = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitType.choices)
    division_type = models.CharField(_("loại ĐVHC"), max_length=20, choices=DivisionType.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=700, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    # Known staff (cán bộ, công chức, viên chức, người lao động): the base of participation shares (contests).
    staff_count = models.PositiveIntegerField(_("số cán bộ, công chức, viên chức"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            # Codes make the tree's paths, and a path prefix is a user's reach: "AB" and "ab" side by side would read
            # as one code to a person, and to any case-folding comparison.
            models.UniqueConstraint(
                Lower("code"),
                name="org_unit_code_unique_any_case",
                violation_error_message=_("Đã có đơn vị mang mã này (mã đơn vị không phân biệt chữ hoa, chữ thường)."),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(valid_to__isnull=True),
                name="org_unit_name_unique_in_parent",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True, valid_to__isnull=True),
                name="org_unit_name_unique_among_roots",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="org_unit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["unit_type", "valid_to"], name="org_unit_type_valid"),
            models.Index(fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return TYPE_LEVEL.get(self.unit_type, "")

    @property
    def display_name(self) -> str:
        """Name as an issuer: communes and provinces are "UBND <name>"."""
        if self.unit_type in {UnitType.UBND_TINH, UnitType.UBND_XA, UnitType.LEGACY_HUYEN}:
            return f"UBND {self.name}"
        return self.name

    def is_current(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        starts_ok = self.valid_from is None or self.valid_from <= day
        return starts_ok and (self.valid_to is None or self.valid_to >= day)

    def refresh_derived(self) -> None:
        """Recompute the stored fields that derive from this unit's own fields and its parent's path."""
        self.name = normalize(self.name)
        self.short_name = normalize(self.short_name)
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        self.depth = self.path.count("/") - 1
        # " | " keeps a phrase from matching across two fields.
        self.search_text = fold(" | ".join(filter(None, [self.name, self.short_name, self.code, self.gso_code])))


class LoaUserManager(UserManager["User"]):
    """Django's manager; a superuser (`loa createsuperuser`, the first administrator of a server) is a system
    administrator, the one role that needs no unit."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using Loa, bound to one unit with one role (system administrators may have no unit)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Set with a one-time password (bulk import, reset): the web sends the user to the password change page
    # until a password of their own is chosen.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    # Who took over when this account was deactivated: the handover is recorded, the data stays attributed.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("người thay thế"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects: ClassVar[LoaUserManager] = LoaUserManager()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django re-hashes a password at login when the preferred hasher changed (a one-time password's cheaper
        # hash): nobody changed anything, so the change log gets no empty "edited" row for it.
        if set(kwargs.get("update_fields") or ()) == {"password"}:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False),
                name="org_user_unit_required_unless_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A personal token for the REST API (Authorization: Bearer …); only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
