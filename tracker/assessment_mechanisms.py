"""Why a pattern's answers point where they do: one plain sentence of mechanism for each fired
rule, chosen by the evidence the engine stored with it (issue 12, point 5).

The engine says *which* answers drove a rule (``evidence``, spec/triage.md section 4); the
assessment page lists them, and this sentence says *why* those answers point to that nerve or
that danger: "Lifting your left arm out to the side is hard and your left shoulder blade sticks
out when you do: the trapezius muscle, powered by the spinal accessory nerve, does that work."
Each rule id (and branch) has its variants, picked from the evidence present, most specific
first, and a last one that needs nothing. The sentences say what the answers fit, never what
the person has (clinical-research.md 2.6). They read stored results of both engine revisions:
a result without ``branch`` is told apart by its level and evidence.

The anatomy each sentence rests on is the research's: the spinal accessory nerve and the
trapezius (F01-F06, F12, F17-F22), the long thoracic nerve and the serratus anterior (F43-F48),
nerve roots (F52-F55), the brachial plexus and the thoracic outlet (F56-F59), the radial and
peroneal nerves (F61-F63), soreness (F66-F69), and the red flags (F70-F94).
"""

import re
from dataclasses import dataclass, field

from .triage.vocabulary import ARM_REGIONS, FOREARM_AND_HAND_REGIONS, LEG_REGIONS, SIDES

_FUNCTION = re.compile(
    r"logs\[-?\d+\]\.function\.(?P<side>left|right)\.(?P<name>[a-z_]+)=(?P<value>.+)"
)
_SYMPTOM = re.compile(r"logs\[(?P<log>-?\d+)\]\.symptoms\[(?P<number>\d+)\]\.(?P<name>[a-z_]+)=")
_CODE = re.compile(r"logs\[-?\d+\]\.red_flags\[\d+\]=(?P<code>[a-z_]+)")
_FIELD = re.compile(r"logs\[-?\d+\]\.(?P<name>[a-z_]+)=(?P<value>.+)")
_MASSAGE_REGION = re.compile(r"massage\.regions\[\d+\]=(?P<region>[a-z_]+)")
_RISK = re.compile(r"risk\.(?P<name>[a-z_]+)=true")

_WEAK = frozenset({"harder", "great_effort", "cannot"})
_HAND = frozenset(r for r in ARM_REGIONS if r.startswith(("hand_", "finger_")))


@dataclass
class Facts:
    """What one fired rule's evidence holds, in the terms the sentences need."""

    weak: set = field(default_factory=set)  # movements answered harder, great_effort, cannot
    signs: set = field(default_factory=set)  # yes/no signs answered yes
    blade_when: str = ""
    swollen_with: set = field(default_factory=set)
    symptoms: list = field(default_factory=list)  # (kind, region, nprs) of the symptoms named
    codes: set = field(default_factory=set)
    fields: dict = field(default_factory=dict)  # log fields: weakness_type, course, ...
    phrases: list = field(default_factory=list)  # derived facts: "pain rose 3→6", ...
    massage_regions: set = field(default_factory=set)  # the massage's regions in the evidence
    massaged: set = field(default_factory=set)  # all of the massage's regions (the case's)
    risks: set = field(default_factory=set)

    @property
    def kinds(self):
        return {kind for kind, _, _ in self.symptoms}

    @property
    def regions(self):
        return {region for _, region, _ in self.symptoms}

    def kinds_in(self, regions):
        return {kind for kind, region, _ in self.symptoms if region in regions}

    @property
    def max_nprs(self):
        return max((nprs for _, _, nprs in self.symptoms if isinstance(nprs, int)), default=0)

    def has_phrase(self, start):
        return any(phrase.startswith(start) for phrase in self.phrases)


def _symptom(case, log_index, number):
    try:
        entry = case["logs"][log_index]["symptoms"][number]
    except (KeyError, IndexError, TypeError):
        return None
    return entry if isinstance(entry, dict) else None


def _massaged_regions(case):
    """The regions of the case's massage ("calf:left" entries), whatever the evidence names."""
    massage = case.get("massage") if isinstance(case, dict) else None
    regions = massage.get("regions") if isinstance(massage, dict) else None
    found = set()
    for entry in regions if isinstance(regions, list) else ():
        if isinstance(entry, dict):
            found.add(entry.get("region"))
        elif isinstance(entry, str):
            found.add(entry.partition(":")[0])
    return found


def facts_of(evidence, case):
    """The facts of an evidence list (paths into ``case``, and phrases); never raises."""
    facts = Facts(massaged=_massaged_regions(case))
    seen_symptoms = set()
    for item in evidence if isinstance(evidence, list | tuple) else ():
        if not isinstance(item, str):
            continue
        if match := _FUNCTION.fullmatch(item):
            name, value = match["name"], match["value"]
            if value in _WEAK:
                facts.weak.add(name)
            elif value == "true":
                facts.signs.add(name)
            elif name == "blade_visible_when":
                facts.blade_when = value
            elif name == "limb_swollen_with":
                facts.swollen_with.add(value)
        elif match := _SYMPTOM.match(item):
            key = (int(match["log"]), int(match["number"]))
            entry = _symptom(case, *key)
            if entry is not None and key not in seen_symptoms:
                seen_symptoms.add(key)
                facts.symptoms.append((entry.get("kind"), entry.get("region"), entry.get("nprs")))
        elif match := _CODE.fullmatch(item):
            facts.codes.add(match["code"])
        elif match := _FIELD.fullmatch(item):
            facts.fields[match["name"]] = match["value"]
        elif match := _MASSAGE_REGION.match(item):
            facts.massage_regions.add(match["region"])
        elif match := _RISK.fullmatch(item):
            facts.risks.add(match["name"])
        else:
            facts.phrases.append(item)
    return facts


@dataclass(frozen=True)
class _Words:
    """The person's own side in the words a sentence needs."""

    side: str  # "your left", or "" when the rule names no side

    @property
    def arm(self):
        return f"{self.side} arm" if self.side else "your arm"

    @property
    def blade(self):
        return f"{self.side} shoulder blade" if self.side else "your shoulder blade"

    @property
    def shoulder(self):
        return f"{self.side} shoulder" if self.side else "your shoulder"

    @property
    def on(self):
        return f"on {self.side}" if self.side else ""


def _joined(parts):
    """ "a", "a and b", "a, b and c"."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _capital(text):
    return text[:1].upper() + text[1:]


def _kinds_words(kinds, words):
    """Symptom kinds as a short phrase: "numbness or tingling"."""
    found = [word for kind, word in words if kind in kinds]
    return " or ".join(found) if found else ""


# --- The shoulder blade ---------------------------------------------------------------------


def _san(f, w, entry):
    lift = "arm_side_lift" in f.weak
    blade = "blade_sticks_out" in f.signs
    if lift and blade and f.blade_when == "lifting_sideways":
        return (
            f"Lifting {w.arm} out to the side is hard and {w.blade} sticks out when you do: the "
            "trapezius muscle, powered by the spinal accessory nerve, does that work."
        )
    if lift and blade:
        return (
            f"Lifting {w.arm} out to the side is hard and {w.blade} sticks out: the trapezius "
            "muscle, powered by the spinal accessory nerve, turns the shoulder blade up and holds "
            "it flat for that lift."
        )
    if lift:
        return (
            f"Lifting {w.arm} out to the side is hard: that lift needs the trapezius muscle to "
            "turn the shoulder blade upwards, and the spinal accessory nerve that powers it runs "
            "just under the skin at the side of the neck."
        )
    lower, flatter = "shoulder_lower" in f.signs, "neck_shoulder_line_flatter" in f.signs
    if lower or flatter:
        seen = [
            f"{w.shoulder} hangs lower" if lower else "",
            f"the line from your neck to {w.shoulder} looks flatter" if flatter else "",
        ]
        seen = " and ".join(part for part in seen if part)
        return (
            f"{seen[:1].upper()}{seen[1:]}: the trapezius muscle holds the shoulder up and fills "
            "that line, and the spinal accessory nerve powers it."
        )
    if blade:
        return (
            f"{w.blade.capitalize()} sticks out: a shoulder blade that lifts off the back at rest "
            "or when lifting the arm sideways fits a weak trapezius muscle, which the spinal "
            "accessory nerve powers."
        )
    if "shrug_weaker" in f.signs:
        return (
            f"Shrugging is weaker {w.on}: the top of the trapezius muscle does the shrug, and the "
            "spinal accessory nerve powers it."
        )
    return (
        "Your answers match weakness of the trapezius, the muscle between the neck and the "
        "shoulder, which the spinal accessory nerve powers."
    )


def _ltn(f, w, entry):
    if f.blade_when == "pushing_or_reaching_forward":
        return (
            f"{w.blade.capitalize()} sticks out when you push against a wall or reach forward: "
            "the serratus anterior muscle holds the blade flat against the ribs for that, and the "
            "long thoracic nerve that powers it runs down the side of the neck and the chest."
        )
    if "arm_forward_overhead" in f.weak:
        return (
            f"Raising {w.arm} forward over your head is hard and {w.blade} sticks out: the "
            "serratus anterior muscle, powered by the long thoracic nerve, turns the shoulder "
            "blade and holds it against the ribs for that movement."
        )
    return (
        "Your answers match weakness of the serratus anterior, the muscle that holds the "
        "shoulder blade against the ribs, which the long thoracic nerve powers."
    )


def _scapula(f, w, entry):
    return (
        f"{w.blade.capitalize()} sticks out, and it is not clear when: two muscles hold the blade "
        "flat, the trapezius (spinal accessory nerve) and the serratus anterior (long thoracic "
        "nerve), and a weakness of either can do this; a doctor can tell which by watching you "
        "move."
    )


# --- The neck, the arm and the leg ----------------------------------------------------------

_ROOT_FEELINGS = (
    ("numbness", "numbness"),
    ("tingling", "tingling"),
    ("shooting_or_electric", "shooting pain"),
    ("sharp", "sharp pain"),
    ("burning", "burning"),
)


def _root(f, w, entry):
    if f.fields.get("neck_move_or_cough_provokes_arm") == "true":
        return (
            f"Moving your neck, coughing or sneezing sends symptoms down {w.arm}: a nerve root "
            "pinched where it leaves the spine in the neck does that, and the symptoms follow that "
            "nerve down the arm."
        )
    feelings = _kinds_words(f.kinds_in(FOREARM_AND_HAND_REGIONS), _ROOT_FEELINGS)
    where = "hand or fingers" if f.regions & _HAND else "arm below the elbow"
    if feelings:
        return (
            f"Neck pain with {feelings} in {w.side or 'your'} {where} fits a nerve root in the "
            "neck: each root carries feeling from its own strip of the arm and hand, so an "
            "irritated root is felt far from the neck."
        )
    return (
        "Your answers match a nerve root irritated where it leaves the spine in the neck: its "
        "symptoms are felt along the nerve, down the arm."
    )


def _plexus_tos(f, w, entry):
    branch = entry.get("branch") or (
        "tos" if f.fields.get("overhead_or_dangling_provokes") == "true" else "plexus"
    )
    if branch == "tos":
        return (
            "Your arm or hand symptoms get worse with your arms overhead or hanging down: those "
            "positions narrow the gap between the collarbone and the first rib, where the nerves "
            "and blood vessels of the arm pass."
        )
    if "whole_limb_weak" in f.signs:
        return (
            f"A whole arm or leg {w.on} is weak: a single nerve can't do that, but an injury "
            "where a limb's nerves run together can, such as the network between the neck and "
            "the armpit (the brachial plexus)."
        )
    return (
        f"Weakness and numbness or tingling in more than one part of {w.arm} don't fit a single "
        "nerve: they fit the network between the neck and the armpit (the brachial plexus), "
        "where the arm's nerves still run together."
    )


_SENSORY_FEELINGS = (("numbness", "Numbness"), ("tingling", "Tingling"), ("burning", "Burning"))


def _peripheral(f, w, entry):
    branch = entry.get("branch") or (
        "sensory" if entry.get("level") in ("MONITOR_SELF_CARE", "SEE_DOCTOR_DAYS") else "motor"
    )
    if branch == "sensory":
        feelings = _kinds_words(f.kinds, _SENSORY_FEELINGS) or "Numbness or tingling"
        return (
            f"{feelings} where you were massaged {w.on}, without weakness: small nerves that "
            "carry feeling from the skin run close to the surface there, and pressure can irritate "
            "them without touching the nerves that power muscles."
        )
    if "wrist_finger_lift" in f.weak:
        return (
            f"Lifting {w.side or 'your'} wrist and fingers is hard: the radial nerve powers those "
            "muscles, and it winds round the back of the upper arm close to the bone, where firm "
            "pressure can squeeze it."
        )
    if "foot_lift" in f.weak:
        return (
            f"Lifting the front of {w.side or 'your'} foot is hard: the peroneal nerve powers "
            "that, and it wraps round the outside of the knee just under the skin, where pressure "
            "can squeeze it."
        )
    if "grip_weak" in f.signs:
        return (
            f"Your grip is weak {w.on}: the muscles of the hand are powered by nerves (the median "
            "and ulnar nerves) that pass close to the surface at the elbow and the wrist."
        )
    if "whole_limb_weak" in f.signs:
        return (
            f"A whole arm or leg {w.on} is weak: its nerves may be squeezed along the limb, or "
            "where they join near the spine; a nerve test (EMG) can tell where."
        )
    limb = "leg" if f.regions & LEG_REGIONS else "arm"
    return (
        f"Weakness in one part of {w.side or 'your'} {limb}: one nerve of a limb, pressed where "
        "it runs near the surface, weakens only the muscles it powers."
    )


# --- The course -------------------------------------------------------------------------------


def _persist(f, w, entry):
    if entry.get("level") == "SEE_DOCTOR_ASK_EMG" or f.has_phrase("new since the last check-in"):
        return (
            "Weakness that appears days after a massage, as soreness fades, is not how sore "
            "muscles behave: it can come from a nerve that was pressed."
        )
    if f.has_phrase("pain rose"):
        return (
            "Soreness from a massage is at its worst in the first two days and then eases; pain "
            "that grows after that points to something other than ordinary soreness."
        )
    if f.max_nprs >= 7:
        return (
            "Pain of 7 out of 10 or more is more than a massage usually causes, so its cause "
            "needs a doctor's look."
        )
    return (
        "Ordinary soreness after a massage is gone within about a week; symptoms that last longer "
        "need a doctor to find their cause."
    )


def _soreness(f, w, entry):
    return (
        "An ache or tenderness only where you were massaged, felt when pressed or moved, is how "
        "muscles answer firm pressure: small strains in the muscle that settle in a few days."
    )


# --- Warning signs ----------------------------------------------------------------------------

_BRAIN_LEADS = (
    ("face_droop", "One side of your face drooping"),
    ("speech_trouble", "Trouble speaking"),
    ("one_side_face_arm_leg_weak_or_numb", "Weakness or numbness on one side"),
    ("sudden_whole_arm_or_leg_weakness", "A whole arm or leg suddenly weak"),
)
_BACK_OF_BRAIN_LEADS = (
    ("sudden_vision_change", "A sudden change in your sight"),
    ("sudden_balance_loss_or_severe_dizziness", "Sudden loss of balance or severe dizziness"),
)


def _stroke(f, w, entry):
    lead = next((words for code, words in _BRAIN_LEADS if code in f.codes), None)
    if lead is None and "face" in f.regions:
        lead = "Numbness or weakness of your face"
    if lead is None and "whole_limb_weak" in f.signs:
        lead = "A whole arm or leg that became weak suddenly"
    if lead:
        return (
            f"{lead} comes from the brain, which moves the face and each side of the body, not "
            "from a muscle: after neck treatment, a tear in an artery of the neck can cut off "
            "blood to the brain."
        )
    lead = next((words for code, words in _BACK_OF_BRAIN_LEADS if code in f.codes), None)
    if lead is None and "dizziness" in f.kinds:
        lead = "Sudden dizziness"
    if lead:
        return (
            f"{lead} comes from the back of the brain, fed by arteries that run up through the "
            "bones of the neck: a tear in one of them after neck treatment can cut off that blood."
        )
    if "eyelid_droop_small_pupil" in f.codes:
        return (
            "A drooping eyelid with a small pupil on one side comes from a nerve that runs along "
            "the main artery of the neck: a tear in that artery can press on it."
        )
    if "new_hoarse_voice_or_swallowing_trouble" in f.codes:
        return (
            "New hoarseness or trouble swallowing can come from the lower brain, or from nerves "
            "beside the arteries of the neck, which a tear in an artery can press on."
        )
    return (
        "Confusion or fainting means the brain itself is affected, so its blood supply needs "
        "checking at once."
    )


def _dissection(f, w, entry):
    if entry.get("action") == "CALL_EMERGENCY" or "worst_ever_headache" in f.codes:
        return (
            "A sudden, very severe headache can come from bleeding around the brain or from a tear "
            "in an artery of the neck, which a massage of the neck can strain."
        )
    return (
        "The arteries to the brain run up the side and the back of the neck; when one tears, "
        "severe pain in the neck or head is often the first sign, hours or days before any other."
    )


def _cord(f, w, entry):
    if f.codes & {"new_unsteady_walking", "new_clumsy_hands"}:
        return (
            "Unsteady walking or clumsy hands come from the spinal cord in the neck, which carries "
            "the signals for all four limbs, not from one nerve."
        )
    return (
        "Weakness or numbness in both arms or both legs at once points to the spinal cord in the "
        "neck, which carries the nerves of all four limbs, rather than to one nerve on one side."
    )


_CES_WORDS = (
    ("saddle_numbness", "numbness between your legs"),
    ("genital_numbness_or_sexual_change", "a change in your genitals or sex"),
    ("bladder_control_change", "new trouble with your urine"),
    ("bowel_control_change", "new trouble with your bowels"),
)


def _ces(f, w, entry):
    found = [words for code, words in _CES_WORDS if code in f.codes]
    if not found and "saddle_area" in f.regions:
        found = ["numbness or tingling between your legs"]
    signs = _joined(found) or "these signs"
    return (
        f"{_capital(signs)} can come from the bundle of nerves at the bottom of the spine (the "
        "cauda equina), which serves the skin between the legs, the bladder, the bowel and sex: "
        "when it is squeezed, these change together."
    )


_LUNG_WORDS = (
    ("breathlessness", "new breathlessness"),
    ("chest_pain_on_breathing", "chest pain when you breathe in"),
    ("coughing_blood", "coughing up blood"),
)


def _pe(f, w, entry):
    signs = _joined(code_words for code, code_words in _LUNG_WORDS if code in f.codes)
    signs = signs or "breathlessness or chest pain"
    # The massage itself is no evidence of RF-PE (only a raiser of its confidence): the case
    # says whether the legs were massaged.
    legs = (f.massage_regions | f.massaged) & LEG_REGIONS
    if legs or "swelling" in f.kinds:
        return (
            f"{_capital(signs)} after a massage of the legs can mean a clot from a leg vein has "
            "travelled to the lungs, where it blocks the blood that picks up oxygen."
        )
    return (
        f"{_capital(signs)} can mean a blood clot has reached the lungs, where it blocks the "
        "blood that picks up oxygen."
    )


def _dvt(f, w, entry):
    if "pale_blue_or_cold_skin" in f.kinds:
        return (
            f"A pale, blue or cold hand or foot {w.on} means blood is not getting through to it: "
            "a blocked blood vessel needs checking at once."
        )
    return (
        f"An arm or leg {w.on} that is swollen and also painful, warm or red can mean a clot "
        "blocks a deep vein, so blood backs up in that limb."
    )


def _rhabdo(f, w, entry):
    if f.codes & {"urine_dark", "urine_much_less"}:
        return (
            "Dark or much less urine with sore or weak muscles can mean damaged muscle is "
            "releasing a protein (myoglobin) that can block the kidneys."
        )
    return (
        "A massaged area that swells and hurts more and more can mean the muscle there is "
        "breaking down, and what it releases can harm the kidneys."
    )


def _progressive(f, w, entry):
    if "weakness spread since the last check-in" in f.phrases:
        return (
            "Weakness that spreads to another limb or to the other side means more than one nerve, "
            "or the spinal cord, is being affected, and it is still happening."
        )
    return (
        "Weakness that gets worse from one check-in to the next means a nerve is still being "
        "harmed now, so it needs checking today."
    )


def _systemic(f, w, entry):
    if entry.get("level") == "EMERGENCY_NOW":
        return (
            "Fever with a stiff neck, or with a headache and vomiting or light hurting your eyes, "
            "points to an infection around the brain (meningitis), not to the massage."
        )
    if f.risks & {"cancer_history", "immunosuppressed"}:
        return (
            "After cancer, or with a weakened immune system, new pain can come from an illness "
            "rather than from the massage, so a doctor should check."
        )
    found = [words for code, words in _GENERAL_WORDS if code in f.codes]
    signs = _joined(found) or "a fever, weight loss or pain at night"
    verb = "don't" if len(found) > 1 else "doesn't"
    return (
        f"{_capital(signs)} {verb} come from pressure on a muscle or a nerve: an illness of the "
        "body needs to be ruled out."
    )


_GENERAL_WORDS = (
    ("fever", "a fever or chills"),
    ("unexplained_weight_loss", "weight loss you can't explain"),
    ("night_pain_not_eased_by_rest", "pain that wakes you at night"),
    ("stiff_neck_all_over", "a stiff neck"),
    ("vomiting_or_light_sensitivity", "vomiting or light hurting your eyes"),
)


_MECHANISMS = {
    "RF-STROKE": _stroke,
    "RF-DISSECTION-PAIN": _dissection,
    "RF-CORD": _cord,
    "RF-CES": _ces,
    "RF-PE": _pe,
    "RF-DVT": _dvt,
    "RF-RHABDO": _rhabdo,
    "RF-PROGRESSIVE": _progressive,
    "RF-SYSTEMIC": _systemic,
    "PAT-SAN": _san,
    "PAT-LTN": _ltn,
    "PAT-SCAPULA-NERVE": _scapula,
    "PAT-ROOT": _root,
    "PAT-PLEXUS-TOS": _plexus_tos,
    "PAT-PERIPHERAL": _peripheral,
    "PAT-PERSIST": _persist,
    "PAT-SORENESS": _soreness,
}


def mechanism(entry, case):
    """One plain sentence: why this rule's answers point where they do. "" for a rule id this
    module does not know (a later engine's); never raises."""
    sentence = _MECHANISMS.get(entry.get("id"))
    if sentence is None:
        return ""
    side = entry.get("side")
    words = _Words(SIDES.get(side, "") if side in ("left", "right") else "")
    try:
        return sentence(facts_of(entry.get("evidence"), case), words, entry)
    except Exception:  # the page must always render, whatever a stored result holds
        return ""
