"""Pydantic models of the API (everything that crosses the trust boundary)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Free text without control characters (PostgreSQL refuses NUL; logs and CSV stay clean).
Text = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
CommuneCode = Annotated[str, Field(pattern=r"^(\d{5}|2[AB]\d{3})$", examples=["03310"])]
TerritoryId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", examples=["cpts-vichy"])]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
PatientStatusFilter = Literal["waiting", "proposed", "attached", "withdrawn"]
ProposalStatusFilter = Literal["proposed", "accepted", "declined", "expired", "cancelled"]


class LoginRequest(BaseModel):
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


class PatientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    commune_code: CommuneCode
    last_name: Text
    first_name: Text
    birth_date: date
    phone: Annotated[str | None, Field(default=None, pattern=r"^\+?[0-9 .]{6,20}$")] = None
    email: Annotated[
        str | None,
        Field(default=None, max_length=200, pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+$"),
    ] = None
    ald: bool = False
    pregnant: bool = False
    precarity: Literal["none", "c2s", "ame"] = "none"
    lost_doctor: Literal[
        "none", "retirement", "death", "doctor_moved", "patient_moved", "other"
    ] = "none"
    disability: bool = False
    reduced_mobility: bool = False
    language: Annotated[str | None, Field(default=None, pattern=r"^[a-z]{2}$")] = None
    consent: bool = Field(description="The patient agrees to be registered (must be true).")
    channel: Literal["self", "helper", "coordinator", "phone"] = "coordinator"

    @field_validator("birth_date")
    @classmethod
    def _plausible(cls, value: date) -> date:
        if not date(1900, 1, 1) <= value <= date.today():
            raise ValueError("expected a birth date between 1900-01-01 and today")
        return value

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError("the patient's consent is required to register (consent: true)")
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
    priority_reasons: list[str]
    status: str
    registered_at: datetime
    attached_professional_id: int | None
    fictitious: bool


class ProfessionalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: Text
    commune_code: CommuneCode
    profession: Literal["generalist", "nurse", "team"] = "generalist"
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(
        default_factory=lambda: ["fr"], max_length=10
    )
    home_visits: bool = False
    username: Annotated[str | None, Field(default=None, pattern=r"^[a-z0-9._-]{3,50}$")] = None
    password: Annotated[str | None, Field(default=None, min_length=10, max_length=200)] = None


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


class CapacityDeclare(BaseModel):
    model_config = ConfigDict(extra="forbid")
    places: Annotated[int, Field(ge=0, le=2000)]
    valid_until: date | None = None
    min_age: Annotated[int, Field(ge=0, le=150)] = 0
    max_age: Annotated[int, Field(ge=0, le=150)] = 150
    home_visits: bool = False


class CapacityPublic(BaseModel):
    professional_id: int
    places_declared: int
    places_remaining: int
    valid_until: date | None
    min_age: int
    max_age: int
    home_visits: bool


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


class MatchingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dry_run: bool = False


class MatchingSummary(BaseModel):
    run_id: int | None
    territory_id: str
    dry_run: bool
    waiting: int
    proposals: int
    by_level: dict[str, int]
    travel_estimate: str = Field(default="", description="How travel times were obtained.")


class Dashboard(BaseModel):
    territory_id: str
    fictitious: bool
    counts: dict[str, dict[str, int]]
    waiting: int
    proposed: int
    attached: int
    share_attached: float | None
    recent_attachments: list[dict[str, object]]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Annotated[str, Field(pattern=r"^[a-z0-9._-]{3,50}$")]
    password: Annotated[str, Field(min_length=10, max_length=200)]
    role: Literal["coordinator", "professional", "regulator", "helper", "analyst", "admin"]
    territory_id: TerritoryId | None = None
    professional_id: Id | None = None


class UserPublic(BaseModel):
    id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None
    totp_secret: str | None = Field(
        default=None, description="Shown once at creation for coordinators and admins."
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
