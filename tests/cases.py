"""Loading a contract case (spec/triage.md section 3) into the database, for tests."""

import datetime
import json
from pathlib import Path

from tracker.models import CheckIn, Massage, SideFunction, Symptom
from tracker.triage import vocabulary as v

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"
EXAMPLES = sorted((SPEC / "examples").glob("*.json"))


def load_example(path):
    return json.loads(Path(path).read_text())


def _date(text):
    return datetime.date.fromisoformat(text)


def case_to_db(case, owner):
    """Store ``case`` as a massage with check-ins of ``owner``; returns the massage."""
    m = case["massage"]
    pain = m.get("pain_during") or {}
    risk = case.get("risk") or {}
    onset = case.get("onset") or {}
    massage = Massage.objects.create(
        owner=owner,
        date=_date(m["date"]),
        types=m.get("types", []),
        regions=m.get("regions", []),
        pressure=m.get("pressure") or "",
        techniques=m.get("techniques", []),
        pain_during_region=pain.get("region", ""),
        pain_during_side=pain.get("side", ""),
        pain_during_nprs=pain.get("nprs"),
        pain_during_quality=pain.get("quality", ""),
        neck_manipulation=bool(m.get("neck_manipulation")),
        onset_timing=onset.get("timing", "not_sure"),
        onset_date=_date(onset["date"]) if onset.get("date") else None,
        age_band=risk.get("age_band", ""),
        **{name: bool(risk.get(name)) for name in v.RISK_FACTORS},
    )
    for order, log in enumerate(case["logs"]):
        checkin = CheckIn.objects.create(
            massage=massage,
            date=_date(log["date"]),
            created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(seconds=order),
            course=log.get("course") or "",
            weakness_type=log.get("weakness_type") or "",
            neck_move_or_cough_provokes_arm=bool(log.get("neck_move_or_cough_provokes_arm")),
            overhead_or_dangling_provokes=bool(log.get("overhead_or_dangling_provokes")),
            red_flags=log.get("red_flags", []),
            emg_done=bool(log.get("emg_done")),
            seen_doctor=bool(log.get("seen_doctor")),
        )
        for symptom in log.get("symptoms", []):
            sides = ("left", "right") if symptom["side"] == "both" else (symptom["side"],)
            for side in sides:
                Symptom.objects.create(checkin=checkin, **{**symptom, "side": side})
        for side, answers in (log.get("function") or {}).items():
            SideFunction.objects.create(checkin=checkin, side=side, **answers)
    return massage


def without_blanks(value):
    """A case with the left-out-equivalent values removed: false, null, empty lists and dicts."""
    if isinstance(value, dict):
        cleaned = {k: without_blanks(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (False, None, [], {}, "")}
    if isinstance(value, list):
        return [without_blanks(item) for item in value]
    return value
