"""Capacity kinds and waiting lists for other professions: the rules of each kind in the
matching (same engine, profession-filtered), checked against a brute-force oracle on small
instances, and the declaration rules of each kind."""

from __future__ import annotations

import random
from datetime import date

import pytest

from proxisante.registry.entities import Capacity, CapacityKind, CareList, serves
from proxisante.registry.kinds import check_kind
from proxisante.registry.matching import match_patients
from proxisante.registry.ports import CapacityDeclaration
from tests.unit.registry.test_matching import (
    POINTS,
    brute_force_cost,
    check_invariants,
    patient,
)

COMMUNES = ["03310", "03095", "03014"]
LISTS = [c.value for c in CareList]


def cap(
    pid: int, commune: str, kind: str = "standard", profession: str = "generalist", **kw: object
) -> Capacity:
    return Capacity(
        pid, commune, kw.pop("places", 1), kind=kind, serves=serves(profession, kind), **kw
    )  # type: ignore[arg-type]


def test_each_list_is_served_by_its_profession_only() -> None:
    ps = [patient(1, "03310", care="physiotherapy"), patient(2, "03310", care="dentistry")]
    caps = [
        cap(10, "03310", profession="generalist"),
        cap(11, "03095", profession="physiotherapist"),
    ]
    got = {a.patient_id: a.professional_id for a in match_patients(ps, caps, POINTS).assignments}
    assert got == {1: 11}  # the dentistry patient waits: no dentist declared


def test_shared_time_serves_its_area_only() -> None:
    ps = [patient(1, "03310"), patient(2, "03014")]
    caps = [cap(10, "03310", "shared_time", places=2, area=frozenset({"03014"}))]
    got = [a.patient_id for a in match_patients(ps, caps, POINTS).assignments]
    assert got == [2]


def test_ipa_asalee_follows_adults_with_ald() -> None:
    ps = [
        patient(1, "03310", ald=True),
        patient(2, "03310", ald=False),
        patient(3, "03310", age=10, ald=True),
    ]
    caps = [cap(10, "03310", "ipa_asalee", profession="nurse", places=3)]
    assert [a.patient_id for a in match_patients(ps, caps, POINTS).assignments] == [1]
    nursing = patient(4, "03310", care="nursing", ald=True)
    assert not match_patients([nursing], caps, POINTS).assignments  # IPA serves the GP list


@pytest.mark.parametrize("seed", range(30))
def test_brute_force_oracle_with_kinds_and_lists(seed: int) -> None:
    rng = random.Random(1000 + seed)
    patients = [
        patient(
            i + 1,
            rng.choice(COMMUNES),
            rng.choice("ABCDE"),
            age=rng.choice([8, 40, 80]),
            care=rng.choice(LISTS[:3]),
            ald=rng.random() < 0.4,
            needs_home_visits=rng.random() < 0.15,
        )
        for i in range(rng.randint(1, 6))
    ]
    caps = []
    for j in range(rng.randint(1, 4)):
        kind = rng.choice([k.value for k in CapacityKind])
        profession = (
            "nurse"
            if kind == "ipa_asalee"
            else rng.choice(
                ["generalist", "nurse", "physiotherapist"] if kind == "standard" else ["generalist"]
            )
        )
        area = (
            frozenset(rng.sample(COMMUNES, rng.randint(1, 2)))
            if kind == "shared_time"
            else frozenset()
        )
        caps.append(
            cap(
                j + 1,
                rng.choice(COMMUNES),
                kind,
                profession,
                places=rng.randint(0, 2),
                area=area,
                home_visits=rng.random() < 0.5,
            )
        )
    result = match_patients(patients, caps, POINTS)
    check_invariants(result, patients, caps)
    by_id = {p.id: p for p in patients}
    for a in result.assignments:
        assert next(c for c in caps if c.professional_id == a.professional_id).accepts(
            by_id[a.patient_id]
        )
    assert result.total_cost == brute_force_cost(patients, caps)


TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("declaration", "profession", "expected"),
    [
        (CapacityDeclaration(3, kind="retired_pool"), "generalist", "valid_until obligatoire"),
        (
            CapacityDeclaration(3, date(2028, 1, 1), kind="retired_pool"),
            "generalist",
            "un an au plus",
        ),
        (
            CapacityDeclaration(3, date(2026, 9, 1), kind="retired_pool"),
            "nurse",
            "réservé aux médecins",
        ),
        (CapacityDeclaration(3, kind="shared_time"), "generalist", "days_per_month attendu"),
        (
            CapacityDeclaration(3, kind="shared_time", days_per_month=4, area=("99999",)),
            "generalist",
            "area hors du territoire : 99999",
        ),
        (
            CapacityDeclaration(3, date(2026, 9, 1), kind="hospital_loan"),
            "generalist",
            "lender_finess obligatoire",
        ),
        (CapacityDeclaration(3, kind="ipa_asalee"), "generalist", "réservé aux infirmiers"),
        (
            CapacityDeclaration(3, kind="standard", days_per_month=3),
            "generalist",
            "ne valent que pour kind shared_time",
        ),
        (CapacityDeclaration(3, kind="locum"), "generalist", "kind 'locum' inconnu"),
    ],
)
def test_declaration_rules(
    declaration: CapacityDeclaration, profession: str, expected: str
) -> None:
    problems = check_kind(declaration, profession, {"03310", "03095"}, TODAY)
    assert any(expected in p for p in problems), problems


def test_valid_declarations_of_each_kind() -> None:
    ok = [
        (CapacityDeclaration(3), "dentist"),
        (CapacityDeclaration(3, date(2026, 12, 1), kind="retired_pool"), "generalist"),
        (
            CapacityDeclaration(3, kind="shared_time", days_per_month=4, area=("03310",)),
            "generalist",
        ),
        (
            CapacityDeclaration(
                3, date(2026, 12, 1), kind="hospital_loan", lender_finess="030780092"
            ),
            "generalist",
        ),
        (CapacityDeclaration(3, kind="ipa_asalee"), "nurse"),
    ]
    for declaration, profession in ok:
        assert check_kind(declaration, profession, {"03310"}, TODAY) == []
