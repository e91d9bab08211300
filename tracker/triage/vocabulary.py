"""Every code of the triage contract (spec/triage.md sections 3, 5 and 6) with its plain words.

The codes are what is stored and what the engine reads; the labels are what people see. They
speak like a person ("your left"), and explain a medical word where one is needed. This module
is pure Python so that the engine, the forms and the command line share one vocabulary.
"""

from dataclasses import dataclass

# Sides are the person's own: "your left" is the side of your left hand.
SIDES = {
    "left": "your left",
    "right": "your right",
    "both": "both sides",
    "midline": "in the middle",
}
LATERAL_SIDES = ("left", "right")


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    area: str
    midline_allowed: bool = False


AREAS = (
    "Head and neck",
    "Shoulder and upper back",
    "Arm and hand",
    "Chest and belly",
    "Back, hips and buttocks",
    "Leg and foot",
    "Whole body",
)

REGIONS = (
    Region("head_back", "Back of the head", "Head and neck", midline_allowed=True),
    Region("head_side_temple", "Side of the head or temple", "Head and neck"),
    Region("face", "Face", "Head and neck", midline_allowed=True),
    Region("neck_back", "Back of the neck", "Head and neck", midline_allowed=True),
    Region("neck_side", "Side of the neck, between ear and shoulder", "Head and neck"),
    Region("neck_front", "Front of the neck", "Head and neck", midline_allowed=True),
    Region("above_collarbone", "Hollow above the collarbone (front)", "Head and neck"),
    Region(
        "shoulder_top", "Top of the shoulder, the ridge from neck to tip", "Shoulder and upper back"
    ),
    Region("shoulder_front", "Front of the shoulder", "Shoulder and upper back"),
    Region("shoulder_outer", "Outer side of the shoulder", "Shoulder and upper back"),
    Region("shoulder_back", "Back of the shoulder", "Shoulder and upper back"),
    Region("shoulder_blade", "Shoulder blade (back)", "Shoulder and upper back"),
    Region(
        "between_shoulder_blades",
        "Upper back, between the shoulder blades",
        "Shoulder and upper back",
        midline_allowed=True,
    ),
    Region("armpit", "Armpit", "Shoulder and upper back"),
    Region("upper_arm_front", "Upper arm, front", "Arm and hand"),
    Region("upper_arm_back", "Upper arm, back", "Arm and hand"),
    Region("upper_arm_outer", "Upper arm, outer side", "Arm and hand"),
    Region("elbow", "Elbow", "Arm and hand"),
    Region("forearm_thumb_side", "Forearm, thumb side", "Arm and hand"),
    Region("forearm_little_finger_side", "Forearm, little-finger side", "Arm and hand"),
    Region("hand_back", "Back of the hand", "Arm and hand"),
    Region("hand_palm", "Palm of the hand", "Arm and hand"),
    Region("finger_thumb", "Thumb", "Arm and hand"),
    Region("finger_index", "Index finger", "Arm and hand"),
    Region("finger_middle", "Middle finger", "Arm and hand"),
    Region("finger_ring", "Ring finger", "Arm and hand"),
    Region("finger_little", "Little finger", "Arm and hand"),
    Region("chest_side", "Side of the chest, below the armpit", "Chest and belly"),
    Region("chest_front", "Front of the chest", "Chest and belly", midline_allowed=True),
    Region("abdomen", "Belly", "Chest and belly", midline_allowed=True),
    Region("mid_back", "Middle of the back", "Back, hips and buttocks", midline_allowed=True),
    Region("low_back", "Lower back", "Back, hips and buttocks", midline_allowed=True),
    Region("buttock", "Buttock", "Back, hips and buttocks"),
    Region(
        "saddle_area",
        "Between the legs: genitals, around the back passage, inner upper thighs",
        "Back, hips and buttocks",
        midline_allowed=True,
    ),
    Region("hip_outer", "Outer hip", "Back, hips and buttocks"),
    Region("groin", "Groin", "Back, hips and buttocks"),
    Region("thigh_front", "Thigh, front", "Leg and foot"),
    Region("thigh_back", "Thigh, back", "Leg and foot"),
    Region("thigh_outer", "Thigh, outer side", "Leg and foot"),
    Region("thigh_inner", "Thigh, inner side", "Leg and foot"),
    Region("knee_front", "Knee, front", "Leg and foot"),
    Region("knee_back", "Knee, back (the hollow)", "Leg and foot"),
    Region("knee_outer", "Knee, outer side", "Leg and foot"),
    Region("shin_front", "Shin, front", "Leg and foot"),
    Region("shin_outer", "Shin, outer side", "Leg and foot"),
    Region("calf", "Calf", "Leg and foot"),
    Region("ankle", "Ankle", "Leg and foot"),
    Region("foot_top", "Top of the foot", "Leg and foot"),
    Region("sole", "Sole of the foot", "Leg and foot"),
    Region("toes", "Toes", "Leg and foot"),
    Region("whole_body", "All over the body", "Whole body", midline_allowed=True),
)
REGION_BY_CODE = {region.code: region for region in REGIONS}
REGION_CODES = tuple(REGION_BY_CODE)
MIDLINE_REGIONS = frozenset(r.code for r in REGIONS if r.midline_allowed)

NECK_REGIONS = frozenset({"neck_back", "neck_side", "neck_front"})
SHOULDER_REGIONS = frozenset(
    {
        "above_collarbone",
        "shoulder_top",
        "shoulder_front",
        "shoulder_outer",
        "shoulder_back",
        "shoulder_blade",
        "between_shoulder_blades",
        "armpit",
        "chest_side",
    }
)
ARM_REGIONS = frozenset(
    {
        "upper_arm_front",
        "upper_arm_back",
        "upper_arm_outer",
        "elbow",
        "forearm_thumb_side",
        "forearm_little_finger_side",
        "hand_back",
        "hand_palm",
        "finger_thumb",
        "finger_index",
        "finger_middle",
        "finger_ring",
        "finger_little",
    }
)
FOREARM_AND_HAND_REGIONS = frozenset(
    r for r in ARM_REGIONS if r.startswith(("forearm_", "hand_", "finger_"))
)
LEG_REGIONS = frozenset(
    {
        "thigh_front",
        "thigh_back",
        "thigh_outer",
        "thigh_inner",
        "knee_front",
        "knee_back",
        "knee_outer",
        "shin_front",
        "shin_outer",
        "calf",
        "ankle",
        "foot_top",
        "sole",
        "toes",
    }
)

SYMPTOM_KINDS = {
    "ache": "Aching pain",
    "sharp": "Sharp pain",
    "shooting_or_electric": "Shooting or electric pain",
    "burning": "Burning",
    "throbbing": "Throbbing",
    "painful_cold": "Painful cold feeling",
    "tingling": "Tingling or pins and needles",
    "numbness": "Numbness",
    "itching": "Itching",
    "tenderness": "Sore when pressed (tender)",
    "weakness": "Weakness",
    "heaviness": "Heaviness or a dragging feeling",
    "stiffness": "Stiffness",
    "cramping": "Cramping",
    "swelling": "Swelling",
    "bruising": "Bruising",
    "redness": "Redness",
    "warmth": "Warm to the touch",
    "pale_blue_or_cold_skin": "Skin pale, bluish or cold",
    "headache": "Headache",
    "dizziness": "Dizziness",
    "tremor": "Shaking (tremor)",
}

MOVEMENT_GRADES = {
    "easy": "Easily, the same as the other side",
    "harder": "Harder than the other side",
    "great_effort": "Only by twisting my body or with great effort",
    "cannot": "I can't",
    "not_tried": "I haven't tried",
}
# Worse is higher; not_tried has no grade (spec/triage.md 8.7).
MOVEMENT_GRADE_ORDER = {"easy": 0, "harder": 1, "great_effort": 2, "cannot": 3}

MOVEMENT_QUESTIONS = {
    "arm_side_lift": (
        "Keeping your elbow straight, can you lift your arm out to the side to above "
        "shoulder height?"
    ),
    "arm_forward_overhead": "Can you raise your arm straight forward and up over your head?",
    "wrist_finger_lift": "Can you lift your wrist and fingers up, like signalling “stop”?",
    "foot_lift": (
        "Can you lift the front of your foot: walk on your heel without your toes catching "
        "or your foot slapping?"
    ),
}
# Short names for lists and charts, where the full question is too long.
MOVEMENT_SHORT = {
    "arm_side_lift": "Lift arm out to the side",
    "arm_forward_overhead": "Raise arm forward and overhead",
    "wrist_finger_lift": "Lift wrist and fingers",
    "foot_lift": "Lift the front of the foot",
}
SIDE_SIGNS = {
    "shrug_weaker": "When you shrug both shoulders towards your ears, is this side weaker?",
    "shoulder_lower": "In a mirror, or asking someone: is this shoulder lower than the other?",
    "blade_sticks_out": "Ask someone to look at your back: does this shoulder blade stick out?",
    "neck_shoulder_line_flatter": (
        "Does the line from your neck to this shoulder look flatter or thinner than the other?"
    ),
    "grip_weak": "Is your grip weak on this side (you can't grip firmly or open a jar)?",
    "whole_limb_weak": (
        "Is the whole arm or leg on this side weak (it drifts down when held out, or can't be "
        "lifted at all)?"
    ),
    "limb_swollen": "Is the arm or leg on this side swollen compared with the other?",
}
SIDE_SIGNS_SHORT = {
    "shrug_weaker": "shrug weaker",
    "shoulder_lower": "shoulder lower",
    "blade_sticks_out": "shoulder blade sticks out",
    "neck_shoulder_line_flatter": "neck-to-shoulder line flatter",
    "grip_weak": "grip weak",
    "whole_limb_weak": "whole arm or leg weak",
    "limb_swollen": "arm or leg swollen",
}
BLADE_VISIBLE_WHEN = {
    "lifting_sideways": "When lifting the arm out to the side",
    "pushing_or_reaching_forward": "When pushing against a wall or reaching forward",
    "at_rest": "Even at rest",
    "not_sure": "Not sure",
}
LIMB_SWOLLEN_WITH = {
    "pain": "painful",
    "tender": "tender to touch",
    "warm": "warm",
    "red": "red or discoloured",
}
WEAKNESS_TYPES = {
    "pain_stops_me": "The pain stops me",
    "weak_even_when_pain_mild": "It feels weak even when the pain is mild",
}
COURSES = {
    "better": "Better",
    "same": "About the same",
    "worse": "Worse",
    "comes_and_goes": "It comes and goes",
}

MASSAGE_TYPES = {
    "relaxation": "Relaxation or Swedish",
    "deep_tissue": "Deep tissue",
    "sports": "Sports",
    "trigger_point": "Trigger point",
    "thai": "Thai",
    "shiatsu": "Shiatsu",
    "chair": "Chair massage",
    "self_massage": "Self-massage",
    "device": "Massage device (percussion gun, massage chair, handheld)",
    "neck_manipulation": "Neck manipulation (“cracking”)",
    "stretching_traction": "Assisted stretching or traction",
    "other": "Other",
}
PRESSURES = {
    "light": "Light",
    "medium": "Medium",
    "firm": "Firm",
    "very_firm": "Very firm",
}
TECHNIQUES = {
    "palms": "Broad palms",
    "thumbs_knuckles_points": "Thumbs, knuckles or points",
    "elbow_forearm": "Elbow or forearm",
    "tool_device": "A tool or device",
}
PAIN_QUALITIES = {
    "sharp": "Sharp",
    "electric": "Electric",
    "burning": "Burning",
    "ache": "Aching",
}
PROVIDER_TYPES = {
    "licensed_therapist": "Licensed massage therapist",
    "physio": "Physiotherapist",
    "chiropractor": "Chiropractor",
    "other": "Someone else",
    "unknown": "I don't know",
}
ONSET_TIMINGS = {
    "during_massage": "During the massage",
    "within_24h": "Within a day after it",
    "1_to_7_days": "One to seven days after it",
    "over_7_days": "More than a week after it",
    "not_sure": "I'm not sure",
}


AGE_BANDS = {
    "under_18": "Under 18",
    "18-29": "18 to 29",
    "30-39": "30 to 39",
    "40-49": "40 to 49",
    "50-59": "50 to 59",
    "60-69": "60 to 69",
    "70_plus": "70 or older",
}
# The risk context of a case (spec/triage.md section 3, ``risk``): each raises or explains a rule.
RISK_FACTORS = {
    "pregnant_or_recent_birth": "Pregnant, or gave birth in the last three months",
    "recent_surgery_cast_or_long_travel": (
        "An operation, a plaster cast, or a long journey (4 hours or more) in the last weeks"
    ),
    "previous_blood_clot": "Had a blood clot before",
    "known_muscle_disease": "A known muscle disease",
    "intense_exercise_same_days": "Hard exercise in the same days as the massage",
    "known_neck_disc_or_stenosis": "A known neck disc problem or narrowing of the spinal canal",
    "cancer_history": "Have had cancer",
    "immunosuppressed": "A weakened immune system (illness or medicines)",
}

LEVELS = {
    "EMERGENCY_NOW": "Get emergency help now",
    "SEE_DOCTOR_ASK_EMG": "See a doctor within a few days, and ask about a nerve test (EMG)",
    "SEE_DOCTOR_DAYS": "See a doctor or physiotherapist within a few days",
    "MONITOR_SELF_CARE": "Likely to settle: look after yourself and check in again",
    "NONE": "No symptoms reported",
}
LEVEL_SHORT = {
    "EMERGENCY_NOW": "Emergency",
    "SEE_DOCTOR_ASK_EMG": "See a doctor, ask about an EMG",
    "SEE_DOCTOR_DAYS": "See a doctor",
    "MONITOR_SELF_CARE": "Self-care",
    "NONE": "No symptoms",
}
# The rule ids, exactly these strings, in the contract's order (spec/triage.md section 2).
RULE_IDS = (
    "RF-STROKE",
    "RF-DISSECTION-PAIN",
    "RF-CORD",
    "RF-CES",
    "RF-PE",
    "RF-DVT",
    "RF-RHABDO",
    "RF-PROGRESSIVE",
    "RF-SYSTEMIC",
    "PAT-SAN",
    "PAT-LTN",
    "PAT-SCAPULA-NERVE",
    "PAT-ROOT",
    "PAT-PLEXUS-TOS",
    "PAT-PERIPHERAL",
    "PAT-PERSIST",
    "PAT-SORENESS",
)
PATTERN_IDS = tuple(rule_id for rule_id in RULE_IDS if rule_id.startswith("PAT-"))
# Each rule in plain words: the assessment page's headings and the patterns a story names.
RULE_TITLES = {
    "RF-STROKE": "Warning signs of a stroke",
    "RF-DISSECTION-PAIN": "Warning pain in the head or neck",
    "RF-CORD": "Warning signs from the spinal cord",
    "RF-CES": "Warning signs from the nerves low in the spine (cauda equina)",
    "RF-PE": "Warning signs of a blood clot in the lungs (pulmonary embolism)",
    "RF-DVT": "Warning signs of a blood clot in an arm or leg (deep vein thrombosis)",
    "RF-RHABDO": "Warning signs of muscle breakdown (rhabdomyolysis)",
    "RF-PROGRESSIVE": "Weakness that is getting worse or spreading",
    "RF-SYSTEMIC": "Signs of an illness of the whole body",
    "PAT-SAN": "The nerve that works the trapezius muscle (spinal accessory nerve)",
    "PAT-LTN": "The nerve that holds the shoulder blade to the chest (long thoracic nerve)",
    "PAT-SCAPULA-NERVE": "A nerve of the shoulder blade muscles",
    "PAT-ROOT": "A nerve root in the neck (cervical radiculopathy)",
    "PAT-PLEXUS-TOS": (
        "The nerves between the neck and the arm (brachial plexus or thoracic outlet)"
    ),
    "PAT-PERIPHERAL": "A nerve in the arm or leg (peripheral nerve)",
    "PAT-PERSIST": "Symptoms that last or get worse",
    "PAT-SORENESS": "Ordinary soreness after a massage",
}
LEVEL_ORDER = (
    "NONE",
    "MONITOR_SELF_CARE",
    "SEE_DOCTOR_DAYS",
    "SEE_DOCTOR_ASK_EMG",
    "EMERGENCY_NOW",
)


@dataclass(frozen=True)
class RedFlagGroup:
    key: str
    question: str
    codes: dict[str, str]


# The emergency screen: every question asks "since the massage, even if it went away".
RED_FLAG_GROUPS = (
    RedFlagGroup(
        "stroke",
        "Signs of a stroke",
        {
            "face_droop": "One side of your face drooping",
            "speech_trouble": "Slurred, muddled or lost speech",
            "sudden_vision_change": "Sudden blurred, double or lost vision",
            "sudden_balance_loss_or_severe_dizziness": (
                "Sudden loss of balance, or severe dizziness"
            ),
            "one_side_face_arm_leg_weak_or_numb": (
                "Sudden weakness or numbness of your face, arm or leg on one side"
            ),
            "sudden_whole_arm_or_leg_weakness": "Sudden weakness of a whole arm or leg",
            "eyelid_droop_small_pupil": "One eyelid drooping, with a smaller pupil in that eye",
            "new_hoarse_voice_or_swallowing_trouble": "A new hoarse voice or trouble swallowing",
            "confusion_or_fainting": "Confusion, or fainting",
        },
    ),
    RedFlagGroup(
        "warning_pain",
        "Warning pain in the head or neck",
        {
            "worst_ever_headache": "A sudden, severe headache: the worst you have ever had",
            "new_severe_one_sided_neck_or_head_pain": (
                "New, severe pain on one side of your neck or head, unlike your usual pain"
            ),
        },
    ),
    RedFlagGroup(
        "cord",
        "Both arms, both legs, walking and hands",
        {
            "both_arms_or_both_legs_weak_or_numb": "Weakness or numbness in both arms or both legs",
            "new_unsteady_walking": "New unsteady walking",
            "new_clumsy_hands": "New clumsiness with your hands (buttons, writing)",
        },
    ),
    RedFlagGroup(
        "cauda_equina",
        "Between the legs, bladder and bowel",
        {
            "saddle_numbness": (
                "Numbness between your legs or around your back passage, or a different "
                "feeling when wiping"
            ),
            "genital_numbness_or_sexual_change": "Numb genitals, or a change in sexual function",
            "bladder_control_change": "New trouble starting or controlling your urine",
            "bowel_control_change": "New trouble controlling your bowels",
        },
    ),
    RedFlagGroup(
        "lungs",
        "Breathing and chest",
        {
            "breathlessness": "New breathlessness",
            "chest_pain_on_breathing": "Chest pain when you breathe in",
            "coughing_blood": "Coughing up blood",
        },
    ),
    RedFlagGroup(
        "muscle_breakdown",
        "Urine",
        {
            "urine_dark": "Urine turned dark, like tea or cola",
            "urine_much_less": "Passing much less urine than usual",
        },
    ),
    RedFlagGroup(
        "progression",
        "Weakness getting worse",
        {"weakness_worse_or_spreading": "Weakness getting worse or spreading over hours or days"},
    ),
    RedFlagGroup(
        "general",
        "Feeling unwell",
        {
            "fever": "Fever or chills",
            "stiff_neck_all_over": "A stiff neck all over: you can't bend your chin to your chest",
            "vomiting_or_light_sensitivity": "Vomiting, or light hurting your eyes",
            "unexplained_weight_loss": "Weight loss you can't explain",
            "night_pain_not_eased_by_rest": (
                "Pain that wakes you at night and does not ease with rest"
            ),
        },
    ),
)
RED_FLAGS = {code: label for group in RED_FLAG_GROUPS for code, label in group.codes.items()}


def label(mapping: dict[str, str], code: str | None) -> str:
    """The plain words for a code, or the code itself when it is unknown."""
    if code is None:
        return ""
    return mapping.get(code, code)


def region_label(code: str) -> str:
    region = REGION_BY_CODE.get(code)
    return region.label if region else code


# Shorter names for lists and reports, where the form's explanation is not needed.
SHORT_REGION_LABELS = {
    "neck_side": "Side of the neck",
    "above_collarbone": "Above the collarbone",
    "shoulder_top": "Top of the shoulder",
    "shoulder_blade": "Shoulder blade",
    "between_shoulder_blades": "Between the shoulder blades",
    "chest_side": "Side of the chest",
    "saddle_area": "Between the legs",
    "knee_back": "Back of the knee",
    "head_side_temple": "Side of the head",
}


def where(region: str, side: str) -> str:
    """A region with the person's own side, in short words: "Side of the neck (your left)"."""
    name = SHORT_REGION_LABELS.get(region) or region_label(region)
    return f"{name} ({label(SIDES, side)})"
