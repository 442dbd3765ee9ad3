"""An IPA / Asalée nurse's capacity gives "suivi par une équipe", never "médecin traitant
trouvé" (issue 22): the patient's status, the notification, the dashboard and the monthly
figures count doctors apart, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.registry.ports import CLI
from proxisante.registry.reporting import raw_monthly_counts
from proxisante.registry.selfreg import code_hash
from proxisante.store.db import transaction
from proxisante.store.notify.models import OutboxRow
from proxisante.store.registry import crud
from proxisante.store.registry.proposals import list_proposals

from .conftest import NOW, VICHY, add_patient, service  # type: ignore[import-not-found]

CODES = {"doctor": "ABCD-EFGH-JKMN", "nurse": "PQRS-TUVW-XYZ2"}


def _setup(factory: sessionmaker[Session]) -> dict[str, int]:
    """A GP and an Asalée nurse, one place each; two adults with ALD, one near each."""
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="CPTS", communes=VICHY, now=NOW)
        gp = crud.create_professional(
            s, territory_id="t", display_name="Dr G", commune_code="03310"
        )
        nurse = crud.create_professional(
            s, territory_id="t", display_name="Inf A", commune_code="03014", profession="nurse"
        )
        crud.declare_capacity(s, professional_id=gp.id, places=1, now=NOW)
        crud.declare_capacity(s, professional_id=nurse.id, places=1, now=NOW, kind="ipa_asalee")
        ids = {"gp": gp.id, "nurse": nurse.id}
        for i, (who, commune) in enumerate((("doctor", "03310"), ("nurse", "03014"))):
            ids[who] = add_patient(
                s, "t", commune, i, ald=True, tracking_hash=code_hash(CODES[who])
            )
        service(s).run_matching(CLI, "t")
    return ids


def test_a_nurse_s_follow_up_is_not_a_medecin_traitant(factory: sessionmaker[Session]) -> None:
    ids = _setup(factory)
    with transaction(factory) as s:
        proposals = list_proposals(s, territory_id="t", status="proposed")
        assert {p.professional_id for p in proposals} == {ids["gp"], ids["nurse"]}
        for p in proposals:
            service(s).accept(CLI, p.id, p.professional_id)
    with transaction(factory) as s:
        births = {
            who: crud.get_patient(s, patient_id=ids[who]).birth_date.isoformat()  # type: ignore[union-attr]
            for who in CODES
        }
        doctor = service(s).request_status(CLI, CODES["doctor"], births["doctor"])
        nurse = service(s).request_status(CLI, CODES["nurse"], births["nurse"])
        assert (doctor.outcome, doctor.label) == ("doctor_found", "médecin traitant trouvé")
        assert nurse.outcome == "team_follow_up"
        assert nurse.label == "suivi par une équipe (pas un médecin traitant)"
        assert crud.attachment_counts(s, territory_id="t") == {
            "doctor_found": 1,
            "team_follow_up": 1,
            "professional_found": 0,
        }
        history = crud.patient_histories(s, territory_id="t")
        raw = raw_monthly_counts(history, [(NOW.year, NOW.month)])[0]
        assert sum(raw.attached.values()) == 2
        assert sum(raw.doctor_found.values()) == 1
        assert sum(raw.team_follow_up.values()) == 1
        subjects = {
            o.patient_id: o.subject
            for o in s.scalars(select(OutboxRow).where(OutboxRow.event == "proposal.accepted"))
        }
        assert subjects[ids["doctor"]] == "Médecin traitant trouvé"
        assert subjects[ids["nurse"]] == "Suivi par une équipe de soins"
