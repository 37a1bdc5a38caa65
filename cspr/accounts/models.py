"""Users: every user belongs to a partnership or to an agency and has one role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from cspr.accounts.roles import Role
from cspr.organisations.models import Agency, Partnership


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("role", Role.SYSTEM_ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=30, choices=Role.choices)
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    # A statutory partner lead acts for one of their partnership's three partners (rule 37, C7),
    # set by the partnership administrator.
    statutory_partner = models.ForeignKey(
        "organisations.StatutoryPartner", null=True, blank=True, on_delete=models.PROTECT, related_name="leads"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, help_text="Belongs to the fictional demo world.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="agency_users_belong_to_an_agency",
                condition=~models.Q(role="agency_lead") | models.Q(agency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def home_partnership_id(self) -> int | None:
        """The partnership whose data this user works in (an agency user's is the agency's)."""
        if self.partnership_id is not None:
            return self.partnership_id
        if self.agency_id is not None and self.agency is not None:
            return self.agency.partnership_id
        return None
