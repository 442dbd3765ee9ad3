"""Fictitious people for the demonstration (never real data): a pure, seeded generator.

The communes are real (given by the caller from the embedded bundle); every professional and
patient is invented, labelled "(fictif)" — "(fiktiv)" in the Valais demo —, with e-mail
addresses at example.org and, in France, phone numbers in the 01 99 00 range that ARCEP reserves
for fiction (Switzerland has no such range: the Valais demo's patients have no phone number).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

FIRST_NAMES = (
    "Camille",
    "Louise",
    "Jeanne",
    "Alice",
    "Lucie",
    "Chloé",
    "Léa",
    "Manon",
    "Inès",
    "Rose",
    "Louis",
    "Gabriel",
    "Jules",
    "Arthur",
    "Hugo",
    "Paul",
    "Noé",
    "Adam",
    "Victor",
    "Marius",
    "Odette",
    "Marcel",
    "Yvette",
    "Roger",
    "Simone",
    "Henri",
    "Germaine",
    "Lucien",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
)


# The Valais demo (a German-speaking district): first and last names common in Upper Valais,
# every person labelled "(fiktiv)".
VALAIS_FIRST_NAMES = (
    "Anna", "Lea", "Laura", "Nina", "Sara", "Mia", "Elena", "Lena", "Noah", "Luca", "Jonas",
    "Elias", "Fabian", "Nico", "Lukas", "Simon", "Ruth", "Marianne", "Heidi", "Urs", "Beat",
    "Peter", "Bernadette", "Alois",
)  # fmt: skip
VALAIS_LAST_NAMES = (
    "Imboden", "Zenklusen", "Lochmatter", "Schmid", "Zurbriggen", "Kalbermatten", "Furrer",
    "Ruppen", "Anthamatten", "Supersaxo", "Venetz", "Bregy", "Andenmatten", "Summermatter",
    "Jossen", "Truffer", "Burgener", "Abgottspon",
)  # fmt: skip


@dataclass(frozen=True)
class DemoNames:
    """How the fictitious people of a demo are named and reached."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    label: str  # the mark of fiction, after every name
    doctor: str  # the title before a doctor's name
    phones: bool  # French fiction-range numbers (False: no phone)
    username: str  # professionals' logins: f"{username}{n}"


FRANCE = DemoNames(FIRST_NAMES, LAST_NAMES, "(fictif)", "Dr", True, "medecin")
VALAIS = DemoNames(
    VALAIS_FIRST_NAMES, VALAIS_LAST_NAMES, "(fiktiv)", "Dr. med.", False, "aerztin-visp"
)


@dataclass(frozen=True)
class DemoCommune:
    code: str
    name: str
    lon: float
    lat: float
    population: int


@dataclass(frozen=True)
class DemoProfessional:
    display_name: str
    commune: str
    places: int
    home_visits: bool
    username: str


@dataclass(frozen=True)
class DemoPatient:
    last_name: str
    first_name: str
    birth_date: date
    commune: str
    phone: str | None
    email: str
    ald: bool
    pregnant: bool
    precarity: str
    lost_doctor: str
    disability: bool
    reduced_mobility: bool
    registered_at: datetime


def demo_people(
    communes: list[DemoCommune],
    *,
    now: datetime,
    n_professionals: int = 10,
    n_patients: int = 60,
    seed: int = 3310,
    names: DemoNames = FRANCE,
) -> tuple[list[DemoProfessional], list[DemoPatient]]:
    """Fictitious professionals in the most populated communes and patients across all."""
    rng = random.Random(seed)  # noqa: S311  (fictitious demo data, not secrets)
    by_pop = sorted(communes, key=lambda c: -c.population)
    pros = []
    for i in range(n_professionals):
        c = by_pop[i % max(1, min(len(by_pop), 8))]
        name = f"{names.doctor} {rng.choice(names.first)} {rng.choice(names.last)} {names.label}"
        pros.append(
            DemoProfessional(
                name, c.code, rng.randint(1, 4), rng.random() < 0.5, f"{names.username}{i + 1}"
            )
        )
    weights = [max(c.population, 1) for c in communes]
    patients = []
    for i in range(n_patients):
        c = rng.choices(communes, weights=weights)[0]
        age = rng.choice([rng.randint(0, 15), rng.randint(16, 69), rng.randint(70, 95)])
        birth = (now - timedelta(days=365 * age + rng.randint(0, 364))).date()
        first, last = rng.choice(names.first), f"{rng.choice(names.last)} {names.label}"
        patients.append(
            DemoPatient(
                last_name=last,
                first_name=first,
                birth_date=birth,
                commune=c.code,
                phone=f"01 99 00 {i // 100 % 100:02d} {i % 100:02d}" if names.phones else None,
                email=f"patient{i + 1}@example.org",
                ald=rng.random() < 0.2,
                pregnant=16 <= age <= 45 and rng.random() < 0.05,
                precarity=rng.choice(["none"] * 8 + ["c2s", "ame"]),
                lost_doctor=rng.choice(["none", "retirement", "death", "doctor_moved"]),
                disability=rng.random() < 0.05,
                reduced_mobility=age >= 70 and rng.random() < 0.3,
                registered_at=now - timedelta(days=rng.randint(1, 200)),
            )
        )
    return pros, patients
