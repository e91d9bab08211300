"""Every number and code set the triage rules use, each with the fact or decision it rests on.

Facts are ``F..`` of clinical-research.md section 1; parameters of its section 2.5 are proposals
for a clinician to review. Decisions ``7.x`` and clarifications ``8.x`` are spec/triage.md's, which
wins over the research where the two differ. Day thresholds are inclusive (7.8): "from day 3"
means ``d_onset >= 3``.
"""

from .vocabulary import ARM_REGIONS, FOREARM_AND_HAND_REGIONS, LEG_REGIONS, NECK_REGIONS

# --- Days -------------------------------------------------------------------------------------

# SORENESS_PEAK_END, 72 h: soreness peaks at 24-48 h and is past its peak by day 3 (F67-F69).
SORENESS_PEAK_END_DAY = 3
# SORENESS_MAX, 7 days and only while improving: DOMS is gone by 5-7 days (F69).
SORENESS_MAX_DAY = 7
# SAN_EARLY_DAMPING: a single pain-limited sign is not called a nerve pattern while
# d_onset < 3, since strength deficits of soreness peak at 24-48 h (F68; 8.11). The same
# 72 h bounds the "harder, but only because it hurts" answer PAT-SORENESS tolerates (2.4).
EARLY_WINDOW_DAYS = 3
# The damped case is asked again 72 h after the onset (2.4 PAT-SAN; 8.18).
DAMPING_RECHECK_AFTER_ONSET_DAYS = 3
# PAT-PERSIST: worsening from day 3 is past the soreness peak (F67-F69).
WORSENING_FROM_DAY = 3
# PAT-PERSIST: pain >= 4 or not clearly better at day 7 (F23 "doesn't improve after a few
# days"; F69 DOMS gone by 5-7 days).
PERSIST_FROM_DAY = 7
# PAT-PERSIST sooner: severe pain lasting 48 h or more (2.4; 8.12).
SEVERE_LASTED_DAYS = 2
# RF-DISSECTION-PAIN's symptom branch: within 14 days of neck treatment (7.2, 8.2); pain
# precedes neurological signs by days (F72) and lasted 2 weeks in F76.
DISSECTION_WINDOW_DAYS = 14
# RF-RHABDO's second branch: severe swollen muscles still worsening after day 2 (2.3; 8.9;
# F84 "doesn't improve in just a few days").
RHABDO_FROM_DAY = 2
# PAT-PLEXUS-TOS plexus branch: onset at most 2 days after the massage (F56-F58; 8.16).
PLEXUS_ONSET_WITHIN_DAYS = 2
# RF-PROGRESSIVE compares logs at most 7 days apart (8.7): weakness worse over hours to days (F93).
PROGRESSIVE_MAX_GAP_DAYS = 7
# EMG_INFORMATIVE_FROM: EMG shows axonal injury best from about day 21 (F30-F34; 8.14).
EMG_WINDOW_FROM_DAY = 21
# ROOT_REASSESS: reassess a root pattern not improving after 6 weeks (F55).
ROOT_REASSESS_DAY = 42
# NERVE_SPECIALIST_QUESTION: about 3 months without clear recovery (F37, F38, F42; 8.14).
SPECIALIST_DAY = 90
# SENSORY_ONLY_ESCALATE: not improving by day 7, or still present at day 21 (design, weak; 7.6).
SENSORY_NOT_IMPROVING_DAY = 7
SENSORY_STILL_PRESENT_DAY = 21
# recheck_on: as_of + 3 (7.7, 8.18); never sooner than as_of + 1 (8.18).
RECHECK_DAYS = 3
RECHECK_MIN_DAYS = 1
# 10.5: a skipped movement answer takes the last one given within 14 days.
CARRY_ANSWER_DAYS = 14
# 10.2: a red-flag code reported in an earlier check-in counts until a doctor has seen the
# person: at its own level while d <= 7 (a suspected TIA within the last week is seen within
# 24 hours; RCP National Clinical Guideline for Stroke 2023, NICE NG128), at SEE_DOCTOR_DAYS
# with sooner while 8 <= d <= 28 (an older one by a specialist within 7 days), then no more.
RED_FLAG_OWN_LEVEL_DAYS = 7
RED_FLAG_CARRY_DAYS = 28

# --- Pain (NPRS 0-10, F95) --------------------------------------------------------------------

# NPRS_SEVERE: 7 or more is severe pain (F95; 7.2, 7.4, 7.5, 8.12).
SEVERE_PAIN = 7
# PAT-SORENESS tolerates at most 6 (design choice of 2.4; higher goes to PAT-PERSIST).
SORENESS_MAX_PAIN = 6
# PAT-PERSIST: pain still 4 or more at day 7 (2.4).
PERSIST_PAIN = 4
# NPRS_MEANINGFUL_CHANGE: a rise of 2 is worsening (F95; 8.13).
MEANINGFUL_RISE = 2
# improving: pain down by 1, or by 2 when it was 5 or more (2.2; 8.13).
IMPROVING_DROP = 1
IMPROVING_DROP_FROM_HIGH = 2
HIGH_PAIN = 5

# --- Counts -----------------------------------------------------------------------------------

# Confidence "strong" when at least two of a rule's raisers hold (2.4 PAT-SAN).
STRONG_RAISERS = 2
# Nerve-type label: 3 or more DN4-style descriptors; structure only, not a DN4 score (F99).
NERVE_TYPE_DESCRIPTORS_MIN = 3
# RF-CES: two or more signs get stronger wording (F91).
CES_STRONG_SIGNS = 2

# --- Levels, actions, confidences --------------------------------------------------------------

EMERGENCY_NOW = "EMERGENCY_NOW"
SEE_DOCTOR_ASK_EMG = "SEE_DOCTOR_ASK_EMG"
SEE_DOCTOR_DAYS = "SEE_DOCTOR_DAYS"
MONITOR_SELF_CARE = "MONITOR_SELF_CARE"
NONE = "NONE"
CALL_EMERGENCY = "CALL_EMERGENCY"
GO_TO_ED_NOW = "GO_TO_ED_NOW"
STRONG, MODERATE, WEAK = "strong", "moderate", "weak"
CONFIDENCE_ORDER = (WEAK, MODERATE, STRONG)

# --- Code sets the rules read (vocabulary.py holds the codes and their words) -----------------

WEAK_GRADES = frozenset({"harder", "great_effort", "cannot"})  # 8.16 "not easy"; 7.11, 11.1
ARM_MOVEMENTS = ("arm_side_lift", "arm_forward_overhead", "wrist_finger_lift")
LEG_MOVEMENTS = ("foot_lift",)
MOVEMENTS = ARM_MOVEMENTS + LEG_MOVEMENTS
# The true function booleans, each a sign when new (8.13).
FUNCTION_FLAGS = (
    "shrug_weaker",
    "shoulder_lower",
    "blade_sticks_out",
    "neck_shoulder_line_flatter",
    "grip_weak",
    "whole_limb_weak",
    "limb_swollen",
)
# PAT-PERSIST's "new motor sign" (12.11): new weakness (11.1: weak movement answers, these two
# flags and weakness symptoms), a shoulder blade that sticks out, or a lower shoulder; not a
# weaker shrug or a flatter line (12.5).
WEAKNESS_FLAGS = ("grip_weak", "whole_limb_weak")
MOTOR_FLAGS = (*WEAKNESS_FLAGS, "blade_sticks_out", "shoulder_lower")
# Symptom kinds that are a "new sign" when absent from the previous log (8.13).
SIGN_KINDS = frozenset(
    {
        "weakness",
        "heaviness",
        "numbness",
        "tingling",
        "swelling",
        "redness",
        "pale_blue_or_cold_skin",
    }
)
# Pain kinds (11.4): a symptom of one of these, or any symptom with an nprs, is a pain symptom.
PAIN_KINDS = frozenset(
    {
        "ache",
        "sharp",
        "shooting_or_electric",
        "burning",
        "throbbing",
        "painful_cold",
        "cramping",
        "headache",
    }
)
# RF-RHABDO's muscle symptoms (8.9).
MUSCLE_KINDS = frozenset(
    {
        "ache",
        "sharp",
        "throbbing",
        "burning",
        "tenderness",
        "cramping",
        "stiffness",
        "swelling",
        "weakness",
        "heaviness",
    }
)
# RF-DVT: with a swollen limb, a pain, tenderness, warmth or redness symptom (7.3, 8.4).
DVT_COMPANION_KINDS = frozenset({"tenderness", "warmth", "redness"})
# RF-DISSECTION-PAIN's symptom branch: severe pain kinds (not ache or stiffness) and regions (7.2).
DISSECTION_KINDS = frozenset({"headache", "sharp", "shooting_or_electric", "throbbing"})
DISSECTION_REGIONS = frozenset({"neck_side", "neck_back", "head_back", "head_side_temple", "face"})
# "Neck context" of RF-DISSECTION-PAIN (8.2).
NECK_CONTEXT_REGIONS = NECK_REGIONS | {"above_collarbone"}
# PAT-SAN's regions (2.4; 8.11): the posterior triangle and the trapezius (F12, F17, F18).
SAN_REGIONS = frozenset({"neck_side", "shoulder_top", "shoulder_back", "shoulder_blade"})
# PAT-SAN, PAT-LTN: the neuralgic amyotrophy note reads sudden severe pain here (F49-F51).
SHOULDER_AND_ARM = (
    ARM_REGIONS
    | frozenset({"shoulder_top", "shoulder_front", "shoulder_outer", "shoulder_back", "armpit"})
    | SAN_REGIONS
)
# PAT-SAN confidence: massage on the side of the neck or the top of the shoulder (F01-F04).
SAN_SITE_REGIONS = frozenset({"neck_side", "shoulder_top"})
# Firm or focal pressure, or a tool (2.4 PAT-SAN confidence; F01-F04).
FIRM_PRESSURES = frozenset({"firm", "very_firm"})
FOCAL_TECHNIQUES = frozenset({"elbow_forearm", "thumbs_knuckles_points", "tool_device"})
SHARP_QUALITIES = frozenset({"sharp", "electric"})
# PAT-LTN confidence: massage where the long thoracic nerve runs (F45, F47).
LTN_SITE_REGIONS = frozenset({"neck_side", "above_collarbone", "armpit", "chest_side"})
# "A neck, shoulder or armpit massage" (7.10).
NECK_SHOULDER_ARMPIT_REGIONS = NECK_REGIONS | frozenset(
    {
        "above_collarbone",
        "shoulder_top",
        "shoulder_front",
        "shoulder_outer",
        "shoulder_back",
        "shoulder_blade",
        "between_shoulder_blades",
        "armpit",
    }
)
ARM_GIRDLE_AND_BLADE = (
    "shoulder_top",
    "shoulder_front",
    "shoulder_outer",
    "shoulder_back",
    "shoulder_blade",
    "armpit",
)
# PAT-PLEXUS-TOS's arm areas (8.16): shoulder and armpit, upper arm, elbow, forearm, hand+fingers.
ARM_AREA = {
    **dict.fromkeys(ARM_GIRDLE_AND_BLADE, "shoulder"),
    **{r: "upper_arm" for r in ARM_REGIONS if r.startswith("upper_arm_")},
    "elbow": "elbow",
    **{r: "forearm" for r in ARM_REGIONS if r.startswith("forearm_")},
    **{r: "hand" for r in ARM_REGIONS if r.startswith(("hand_", "finger_"))},
}
# PAT-ROOT: "past the elbow" (section 5); pain that radiates is sharp or shooting (F52).
PAST_ELBOW_REGIONS = FOREARM_AND_HAND_REGIONS
RADIATING_KINDS = frozenset({"sharp", "shooting_or_electric", "burning"})
SENSORY_KINDS = frozenset({"numbness", "tingling"})
FINGER_REGIONS = frozenset(r for r in ARM_REGIONS if r.startswith("finger_"))
# PAT-PERIPHERAL sensory branch: numbness, tingling or burning (2.4).
NERVE_SENSORY_KINDS = frozenset({"numbness", "tingling", "burning"})
# DN4-style descriptors (F99): burning, painful cold, electric shocks, tingling / pins and
# needles (one code here), numbness, itching.
NERVE_TYPE_KINDS = frozenset(
    {"burning", "painful_cold", "shooting_or_electric", "tingling", "numbness", "itching"}
)
# The limbs: 8.4 for RF-CORD and RF-DVT; "the same limb" of PAT-PERIPHERAL adds its girdle.
LIMB_REGIONS = {"arm": ARM_REGIONS, "leg": LEG_REGIONS}
ARM_GIRDLE = frozenset(
    {"shoulder_top", "shoulder_front", "shoulder_outer", "shoulder_back", "armpit"}
)
LEG_GIRDLE = frozenset({"buttock", "hip_outer", "groin"})
LIMB_WITH_GIRDLE = {"arm": ARM_REGIONS | ARM_GIRDLE, "leg": LEG_REGIONS | LEG_GIRDLE}
KNEE_REGIONS = frozenset(r for r in LEG_REGIONS if r.startswith("knee_"))
# The limb of each limb region of 8.4 (weakness there is weakness of that limb: 11.1, 12.6).
LIMB_OF = {**dict.fromkeys(ARM_REGIONS, "arm"), **dict.fromkeys(LEG_REGIONS, "leg")}
# 12.4: "a shoulder region" of 11.9's exemption.
SHOULDER_TOP_FRONT_OUTER_BACK = frozenset(
    {"shoulder_top", "shoulder_front", "shoulder_outer", "shoulder_back"}
)
# 12.8: the sensory branch of PAT-PERIPHERAL puts the shoulder regions with the arm and the
# outer hip and groin with the leg when it asks for weakness "in the same limb".
SENSORY_SAME_LIMB = {
    "arm": ARM_REGIONS | SHOULDER_TOP_FRONT_OUTER_BACK,
    "leg": LEG_REGIONS | frozenset({"hip_outer", "groin"}),
}
# PAT-PERIPHERAL motor branch confidence: the usual compression sites (F61-F63).
RADIAL_SITE_REGIONS = frozenset(r for r in ARM_REGIONS if r.startswith("upper_arm_"))
PERONEAL_SITE_REGIONS = frozenset({"knee_outer", "shin_outer", "knee_back", "calf"})
# PAT-SORENESS: symptom kinds of ordinary soreness ("mild bruising" included, 2.4).
SORENESS_KINDS = frozenset({"ache", "tenderness", "stiffness", "bruising"})
SORENESS_ONSETS = frozenset({"during_massage", "within_24h"})  # F10, F68
# PAT-PERSIST's "new motor sign" with a single log: only when the onset came days later (8.13).
LATE_ONSETS = frozenset({"1_to_7_days", "over_7_days"})
# onset.date defaults to the massage date for these timings (section 3).
ONSET_AT_MASSAGE = frozenset({"during_massage", "within_24h", "not_sure"})
# RF-PE and RF-DVT confidence: pregnancy, surgery, a cast or travel, an earlier clot (F85-F88).
CLOT_RISKS = (
    "pregnant_or_recent_birth",
    "recent_surgery_cast_or_long_travel",
    "previous_blood_clot",
)
