"""Pydantic models of the API (everything that crosses the trust boundary)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from proxisante.i18n import _
from proxisante.registry.contact import check_birth_date, check_language, check_phone
from proxisante.registry.reporting import MonthRow
from proxisante.web.errors import NUL_MESSAGE

# Free text without control characters (PostgreSQL refuses NUL; logs and CSV stay clean).
Text = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
CommuneCode = Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$", examples=["03310"])]
TerritoryId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", examples=["cpts-vichy"])]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _nul_path(value: object, where: str = "") -> str | None:
    """Where a NUL character hides in a request body (strings, keys, nested lists)."""
    stack: list[tuple[object, str]] = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return at or "(corps)"
        if isinstance(item, dict):
            for k, v in item.items():
                if isinstance(k, str) and "\x00" in k:
                    return at or "(corps)"
                stack.append((v, f"{at}.{k}" if at else str(k)))
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{at}[{i}]") for i, v in enumerate(item))
    return None


class RequestModel(BaseModel):
    """Base of every request body: no NUL character anywhere (PostgreSQL refuses it)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: object) -> object:
        where = _nul_path(data)
        if where is not None:
            raise ValueError(f"{NUL_MESSAGE} (\\0) interdit dans {where}")
        return data


PatientStatusFilter = Literal["waiting", "proposed", "attached", "withdrawn"]
ProposalStatusFilter = Literal["proposed", "accepted", "declined", "expired", "cancelled"]


class LoginRequest(RequestModel):
    username: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    totp: Annotated[str | None, Field(default=None, max_length=10)] = None


class LoginResponse(BaseModel):
    token: str
    role: str
    territory_id: str | None


class Me(BaseModel):
    user_id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None


class TerritoryPublic(BaseModel):
    id: str
    name: str
    fictitious: bool
    communes: int
    max_travel_min: float


class PatientCreate(RequestModel):
    model_config = ConfigDict(extra="forbid")
    commune_code: CommuneCode
    last_name: Text
    first_name: Text
    birth_date: date
    phone: Annotated[str | None, Field(default=None, max_length=30)] = None
    email: Annotated[EmailStr | None, Field(default=None, max_length=200)] = None
    ald: bool = False
    pregnant: bool = False
    precarity: Literal["none", "c2s", "ame"] = "none"
    lost_doctor: Literal[
        "none", "retirement", "death", "doctor_moved", "patient_moved", "other"
    ] = "none"
    disability: bool = False
    reduced_mobility: bool = False
    language: Annotated[str | None, Field(default=None, max_length=10)] = None
    consent: bool = Field(description="Le patient accepte d'être inscrit (doit valoir true).")
    channel: Literal["self", "helper", "coordinator", "phone"] = "coordinator"
    care: Literal["generalist", "nursing", "physiotherapy", "speech_therapy", "dentistry"] = Field(
        default="generalist",
        description="La liste d'attente : un médecin traitant (generalist) ou une autre "
        "profession.",
    )

    @field_validator("birth_date")
    @classmethod
    def _plausible(cls, value: date) -> date:
        return check_birth_date(value, date.today())

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else check_phone(value)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return None if value is None else check_language(value)

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError(
                _("le consentement du patient est requis pour l'inscrire (consent: true)")
            )
        return value


class PatientPublic(BaseModel):
    id: int
    territory_id: str
    commune_code: str
    last_name: str | None
    first_name: str | None
    birth_date: date | None
    phone: str | None
    email: str | None
    priority_level: str
    priority_reasons: list[str]  # in the request's language (stored as codes)
    status: str
    registered_at: datetime
    attached_professional_id: int | None
    fictitious: bool


class ProfessionalCreate(RequestModel):
    model_config = ConfigDict(extra="forbid")
    display_name: Text
    commune_code: CommuneCode
    profession: Literal[
        "generalist", "team", "nurse", "physiotherapist", "speech_therapist", "dentist"
    ] = "generalist"
    languages: list[Annotated[str, Field(max_length=10)]] = Field(
        default_factory=lambda: ["fr"], min_length=1, max_length=10
    )
    home_visits: bool = False
    username: Annotated[str | None, Field(default=None, pattern=r"^[a-z0-9._-]{3,50}$")] = None
    password: Annotated[str | None, Field(default=None, min_length=10, max_length=200)] = None

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(check_language(v) for v in value))


class ProfessionalPublic(BaseModel):
    id: int
    territory_id: str
    display_name: str
    profession: str
    commune_code: str
    languages: list[str]
    home_visits: bool
    places_declared: int | None = None
    places_remaining: int | None = None
    live_proposals: int = 0


class CapacityDeclare(RequestModel):
    model_config = ConfigDict(extra="forbid")
    places: Annotated[int, Field(ge=0, le=2000)]
    valid_until: date | None = None
    min_age: Annotated[int, Field(ge=0, le=150)] = 0
    max_age: Annotated[int, Field(ge=0, le=150)] = 150
    home_visits: bool = False
    kind: Literal["standard", "retired_pool", "shared_time", "hospital_loan", "ipa_asalee"] = Field(
        default="standard",
        description="Nature de la capacité (règles : docs/explanation/registry.md, "
        "« Capacity kinds »).",
    )
    days_per_month: Annotated[int | None, Field(default=None, ge=1, le=20)] = None
    lender_finess: Annotated[
        str | None, Field(default=None, pattern=r"^(?:[0-9]{2}|2A|2B)[0-9]{7}$")
    ] = None
    area: list[Annotated[str, Field(pattern=r"^[0-9][0-9AB][0-9]{3}$")]] = Field(
        default_factory=list, max_length=20
    )

    @model_validator(mode="after")
    def _ages(self) -> CapacityDeclare:
        if self.min_age > self.max_age:
            raise ValueError(
                _("min_age ({min_age}) ne doit pas dépasser max_age ({max_age})").format(
                    min_age=self.min_age, max_age=self.max_age
                )
            )
        return self


class CapacityPublic(BaseModel):
    professional_id: int
    places_declared: int
    places_remaining: int
    valid_until: date | None
    min_age: int
    max_age: int
    home_visits: bool
    kind: str = "standard"
    days_per_month: int | None = None
    lender_finess: str | None = None
    area: list[str] = Field(default_factory=list)

    @field_validator("area", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if value is None:
            return []
        return value.split(",") if isinstance(value, str) else value


class ProposalPublic(BaseModel):
    id: int
    patient_id: int
    professional_id: int
    status: str
    level: str
    travel_time_min: float
    created_at: datetime
    deadline: datetime
    decided_at: datetime | None


class DecisionResult(BaseModel):
    proposal: ProposalPublic
    next_proposal: ProposalPublic | None = None


class MatchingRequest(RequestModel):
    model_config = ConfigDict(extra="forbid")
    dry_run: bool = False


class MatchingSummary(BaseModel):
    run_id: int | None
    territory_id: str
    dry_run: bool
    waiting: int
    proposals: int
    by_level: dict[str, int]
    travel_estimate: str = Field(
        default="", description="Comment les temps de trajet sont obtenus."
    )


class RecentAttachmentPublic(BaseModel):
    patient_id: int
    professional_id: int | None
    attached_at: datetime | None
    level: str


class Dashboard(BaseModel):
    """Exact live figures (the coordination of the territory, administrators)."""

    territory_id: str
    fictitious: bool
    counts: dict[str, dict[str, int]]
    waiting: int
    proposed: int
    attached: int
    share_attached: float | None
    recent_attachments: list[RecentAttachmentPublic]
    # Of the attached (registry.outcome): a médecin traitant found (doctors only: the key
    # indicator), a follow-up by a team (IPA / Asalée), another professional (other lists).
    doctor_found: int = 0
    team_follow_up: int = 0
    professional_found: int = 0
    share_doctor_found: float | None = None


class ReportMonth(BaseModel):
    """One published month: counts per level and in total, ``"< 11"`` where hidden."""

    month: str = Field(examples=["2026-05"])
    registered: dict[str, int | str]
    waiting: dict[str, int | str]
    attached: dict[str, int | str]
    doctor_found: dict[str, int | str]
    team_follow_up: dict[str, int | str]
    median_wait_days: int | float | str | None = Field(
        description="médiane en jours, « secret statistique », ou null sans rattachement"
    )

    @classmethod
    def of(cls, row: MonthRow) -> ReportMonth:
        def cells(m: str) -> dict[str, int | str]:
            c = row.measure(m)
            return {**dict(c.levels), "total": c.total}

        return cls(
            month=row.month,
            registered=cells("registered"),
            waiting=cells("waiting"),
            attached=cells("attached"),
            doctor_found=cells("doctor_found"),
            team_follow_up=cells("team_follow_up"),
            median_wait_days=row.median_wait_days,
        )


class UserCreate(RequestModel):
    """Checked whole by :func:`proxisante.accounts.service.create_user` (its messages)."""

    model_config = ConfigDict(extra="forbid")
    username: Annotated[str, Field(max_length=100, examples=["dr.martin"])]
    password: Annotated[str, Field(min_length=10, max_length=200)]
    role: Literal[
        "coordinator", "professional", "regulator", "helper", "analyst", "admin", "elected"
    ]
    territory_id: TerritoryId | None = None
    professional_id: Id | None = None


class UserPublic(BaseModel):
    id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None
    totp_secret: str | None = Field(
        default=None, description="Montré une seule fois, à la création (coordinateurs, admins)."
    )


class AuditPublic(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    role: str | None
    action: str
    patient_id: int | None
    territory_id: str | None
    detail: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail
