# ruff: noqa: E501  (translation tables: one text per line reads better than wrapped strings)
"""Every word the app shows, in Dutch and English, and the number formats of each language.

Labels and help texts of levers come from the parameter table (:data:`vsvsim.PARAMETERS`):
the English help is the parameter's own ``doc``, its unit its ``unit``; this module adds a
short label for every parameter in both languages, a Dutch meaning for every parameter
(the levers' help texts and the about tab's table), and a translation of every unit and
choice. ``tests/test_app.py`` checks that nothing is missing, so a new packaged parameter
without a translation fails the tests; a parameter of a module registered later shows by
its name, its declared unit and (in Dutch) no meaning.

Dutch is the default language (``DEFAULT_LANGUAGE``); the page switches in place.
"""

from __future__ import annotations

import math
from typing import Any

from vsvsim.params import PARAMETERS

__all__ = [
    "CHOICES",
    "DEFAULT_LANGUAGE",
    "DOCS_NL",
    "LANGUAGES",
    "METRICS",
    "MONTHS",
    "PARAM_LABELS",
    "SCENARIOS",
    "TEXTS",
    "UNITS",
    "choice",
    "fmt_count",
    "fmt_eur",
    "fmt_metric",
    "fmt_number",
    "fmt_pct",
    "help_text",
    "label",
    "scenario_label",
    "t",
    "unit",
]

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# --- page texts ---------------------------------------------------------------------------

#: Page texts: key -> {language: text}; ``{name}`` fields are filled by :func:`t`.
TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "nl": "vsvsim: voortijdig schoolverlaten en coaching",
        "en": "vsvsim: early school leaving and coaching",
    },
    "subtitle": {
        "nl": "Een simulatie van mbo-studenten, hun begeleiders en wat coaching doet tegen uitval.",
        "en": "A simulation of mbo students, their coaches and what coaching does about dropout.",
    },
    "language": {"nl": "Taal", "en": "Language"},
    "tab_compare": {"nl": "Scenario's vergelijken", "en": "Compare scenarios"},
    "tab_story": {"nl": "Verhaal van een student", "en": "One student's story"},
    "tab_network": {"nl": "Netwerk", "en": "Network"},
    "tab_about": {"nl": "Uitleg", "en": "About"},
    # compare page
    "compare_intro": {
        "nl": "Kies twee tot vier scenario's, pas per scenario de belangrijkste knoppen aan en "
        "vergelijk ze naast elkaar met de uitgangssituatie. Elk scenario draait meerdere keren "
        "(herhalingen) op hetzelfde gesimuleerde cohort; de marge is het 90%-interval. De "
        "toelichting bij de tabel zegt waarover: alleen de herhalingen, of ook de onzekere "
        "modelparameters.",
        "en": "Pick two to four scenarios, change the key levers per scenario and compare them "
        "side by side with the reference. Each scenario runs several times (replications) on "
        "the same simulated cohort; the range is the 90% interval. The note with the table "
        "says what it covers: the replications only, or the uncertain model parameters too.",
    },
    "scenario_n": {"nl": "Scenario {n}", "en": "Scenario {n}"},
    "reference": {"nl": "vergelijkingsbasis", "en": "reference"},
    "reference_help": {
        "nl": "Het eerste scenario is de vergelijkingsbasis: voorkomen uitval en kosten per "
        "voorkomen uitvaller worden daartegen gerekend.",
        "en": "The first scenario is the reference: prevented dropouts and the cost per "
        "prevented dropout are counted against it.",
    },
    "add_scenario": {"nl": "Scenario toevoegen", "en": "Add a scenario"},
    "remove": {"nl": "Verwijderen", "en": "Remove"},
    "levers": {"nl": "Knoppen van dit scenario", "en": "Levers of this scenario"},
    "levers_changed": {"nl": "{n} aangepast", "en": "{n} changed"},
    "reset_levers": {"nl": "Terug naar het scenario", "en": "Back to the scenario"},
    "shared_settings": {"nl": "Voor alle scenario's", "en": "For all scenarios"},
    "students_input": {"nl": "Aantal studenten (cohort)", "en": "Number of students (cohort)"},
    "students_help": {
        "nl": "Studenten in het gesimuleerde cohort, van {low} tot {high}.",
        "en": "Students in the simulated cohort, from {low} to {high}.",
    },
    "replications_input": {"nl": "Herhalingen", "en": "Replications"},
    "replications_help": {
        "nl": "Hoe vaak elk scenario draait (met seed, seed+1, ...), van 1 tot {high}; meer "
        "herhalingen geven een betrouwbaarder marge.",
        "en": "How often each scenario runs (with seed, seed+1, ...), from 1 to {high}; more "
        "replications give a more reliable range.",
    },
    "seed_input": {
        "nl": "Seed (startgetal van het toeval)",
        "en": "Seed (start of the random numbers)",
    },
    "seed_help": {
        "nl": "Een geheel getal van 0 tot {high}. Dezelfde seed geeft dezelfde uitkomsten.",
        "en": "A whole number from 0 to {high}. The same seed gives the same results.",
    },
    "mix_input": {"nl": "Samenstelling van het cohort", "en": "Cohort mix"},
    "mix_help": {
        "nl": "Verdeling over mbo-niveaus en risicokleuren bij de intake.",
        "en": "Spread over mbo levels and risk colours at intake.",
    },
    "years_input": {"nl": "Schooljaren", "en": "School years"},
    "years_help": {
        "nl": "Twee jaar, zodat terugkeer in het volgende schooljaar en de situatie een jaar na "
        "vertrek zichtbaar worden.",
        "en": "Two years, so re-entry in the next school year and the status a year after "
        "leaving can show.",
    },
    "run": {"nl": "Vergelijken", "en": "Compare"},
    "cancel": {"nl": "Stoppen", "en": "Cancel"},
    "running": {
        "nl": "Bezig: {done} van {total} herhalingen klaar",
        "en": "Running: {done} of {total} replications done",
    },
    "cancelled": {
        "nl": "Gestopt; de vorige uitkomsten blijven staan.",
        "en": "Cancelled; the previous results stay.",
    },
    "precomputing": {
        "nl": "De standaardvergelijking wordt nog berekend; even geduld of druk op Vergelijken.",
        "en": "The default comparison is still being computed; wait a moment or press Compare.",
    },
    "stale": {
        "nl": "De instellingen zijn veranderd: druk op Vergelijken voor nieuwe uitkomsten.",
        "en": "The settings have changed: press Compare for new results.",
    },
    "results_for": {
        "nl": "{students} studenten, {years} schooljaren, {reps} herhalingen (seeds {seeds}); "
        "waarde: gemiddelde (90%-interval)",
        "en": "{students} students, {years} school years, {reps} replications (seeds {seeds}); "
        "value: mean (90% interval)",
    },
    "uncertainty_posterior": {
        "nl": "De marges bevatten ook parameteronzekerheid: elk scenario draait over {draws} "
        "trekkingen uit de posterior van de kalibratie, met {reps} herhalingen per trekking "
        "(dezelfde trekkingen en seeds in elk scenario). 'NN% door parameters' is het deel "
        "van de variantie dat door de onzekere parameters van het model komt; de rest is toeval.",
        "en": "The ranges include parameter uncertainty: each scenario runs over {draws} draws "
        "from the calibration's posterior, with {reps} replications per draw (the same draws "
        "and seeds in every scenario). 'NN% from parameters' is the share of the variance that "
        "comes from the model's uncertain parameters; the rest is chance.",
    },
    "uncertainty_first_pass": {
        "nl": "Die posterior is een eerste ronde: de kalibratie was nog niet geconvergeerd, dus "
        "het deel door parameters is een bovengrens.",
        "en": "That posterior is a first pass: the calibration had not converged yet, so the "
        "share from parameters is an upper bound.",
    },
    "uncertainty_stochastic": {
        "nl": "De marges tonen alleen toeval (de herhalingen): er is nog geen posterior van de "
        "kalibratie vastgesteld, dus de onzekerheid in de parameters van het model zit er niet in.",
        "en": "The ranges are stochastic only (the replications): no posterior of the "
        "calibration is adopted yet, so the uncertainty in the model's parameters is not in them.",
    },
    "uncertainty_own_run": {
        "nl": "De marges tonen alleen toeval (de herhalingen): een vergelijking die u hier zelf "
        "draait gebruikt de posterior van de kalibratie niet; de standaardvergelijking wel (op "
        "de opdrachtregel: --posterior K).",
        "en": "The ranges are stochastic only (the replications): a comparison you run here "
        "does not use the calibration's posterior; the default comparison does (on the "
        "command line: --posterior K).",
    },
    "param_share": {"nl": "{share} door parameters", "en": "{share} from parameters"},
    "outcome": {"nl": "Uitkomst", "en": "Outcome"},
    "nothing_prevented": {"nl": "niets voorkomen", "en": "nothing prevented"},
    "cost_footnote": {
        "nl": "Kosten per voorkomen uitvaller: (coachkosten min die van {ref}) gedeeld door "
        "(uitvallers van {ref} min uitvallers), per herhaling; '-' waar niets werd voorkomen.",
        "en": "Cost per prevented dropout: (coach cost minus {ref}'s) divided by ({ref}'s "
        "dropouts minus dropouts), per replication; '-' where nothing was prevented.",
    },
    "cli_equivalent": {
        "nl": "Hetzelfde op de opdrachtregel:",
        "en": "The same on the command line:",
    },
    "fig_dropout": {
        "nl": "Uitval: schoolverlaters en overstappers",
        "en": "Dropout: school leavers and switchers",
    },
    "fig_timing": {"nl": "Moment van vertrek", "en": "When students leave"},
    "fig_status": {"nl": "Een jaar na vertrek", "en": "A year after leaving"},
    "fig_cost": {"nl": "Kosten per voorkomen uitvaller", "en": "Cost per prevented dropout"},
    "axis_pct_students": {"nl": "% van de studenten", "en": "% of students"},
    "axis_pct_month": {
        "nl": "% van de studenten dat die maand vertrekt",
        "en": "% of students leaving that month",
    },
    "axis_pct_leavers": {"nl": "% van de vertrekkers", "en": "% of leavers"},
    "axis_thousand_eur": {"nl": "duizend euro", "en": "thousand euros"},
    "whiskers": {"nl": "strepen: 90%-interval", "en": "whiskers: 90% interval"},
    "school_leavers": {"nl": "schoolverlaters", "en": "school leavers"},
    "switchers": {"nl": "overstappers", "en": "switchers"},
    "status_education": {"nl": "weer onderwijs", "en": "back in education"},
    "status_work": {"nl": "werk", "en": "work"},
    "status_neither": {"nl": "geen van beide", "en": "neither"},
    # files
    "files": {"nl": "Bestanden", "en": "Files"},
    "download_csv": {"nl": "Uitkomsten (CSV)", "en": "Results (CSV)"},
    "download_parquet": {"nl": "Uitkomsten (Parquet)", "en": "Results (Parquet)"},
    "download_zip": {
        "nl": "Alles met scenariobestanden (zip)",
        "en": "Everything with scenario files (zip)",
    },
    "download_scenario": {"nl": "Scenariobestand {name}", "en": "Scenario file {name}"},
    "upload": {"nl": "Scenariobestand uploaden (.toml)", "en": "Upload a scenario file (.toml)"},
    "upload_help": {
        "nl": "Een geüpload scenario wordt gecontroleerd en als laatste scenario gekozen; druk "
        "daarna op Vergelijken.",
        "en": "An uploaded scenario is checked and chosen as the last scenario; then press "
        "Compare.",
    },
    "upload_ok": {
        "nl": "Scenario '{name}' geladen uit {file}.",
        "en": "Scenario '{name}' loaded from {file}.",
    },
    "upload_error": {
        "nl": "Het bestand {file} is niet gebruikt: {reason}",
        "en": "The file {file} was not used: {reason}",
    },
    "upload_too_big": {"nl": "groter dan {kb} kB.", "en": "larger than {kb} kB."},
    "upload_not_text": {"nl": "geen tekstbestand (UTF-8).", "en": "not a text file (UTF-8)."},
    "uploaded": {"nl": "geüpload", "en": "uploaded"},
    # input errors
    "err_empty": {"nl": "{what}: vul een geheel getal in.", "en": "{what}: enter a whole number."},
    "err_not_whole": {
        "nl": "{what}: '{value}' is geen geheel getal; gebruik een geheel getal van {low} tot {high}.",
        "en": "{what}: '{value}' is not a whole number; use a whole number from {low} to {high}.",
    },
    "err_range": {
        "nl": "{what}: {value} is niet toegestaan; gebruik een geheel getal van {low} tot {high}.",
        "en": "{what}: {value} is not allowed; use a whole number from {low} to {high}.",
    },
    "err_cap": {
        "nl": "{what}: {value} is meer dan de {high} die deze app in de browser toestaat; "
        "gebruik voor grotere runs de opdrachtregel (vsvsim compare).",
        "en": "{what}: {value} is more than the {high} this app allows in the browser; for "
        "larger runs use the command line (vsvsim compare).",
    },
    "err_scenarios": {"nl": "Kies twee tot vier scenario's.", "en": "Pick two to four scenarios."},
    "err_model": {
        "nl": "De simulatie weigerde deze instellingen: {reason}",
        "en": "The simulation refused these settings: {reason}",
    },
    "fix_first": {
        "nl": "Verbeter eerst de rood gemarkeerde invoer.",
        "en": "First correct the input marked in red.",
    },
    # story page
    "story_intro": {
        "nl": "Volg één student week na week: wat school, de omgeving en de coach bieden, en hoe "
        "betrokkenheid, tijdsinvestering, zelfvertrouwen en welbevinden daarop reageren. "
        "Speel daarna hetzelfde jaar opnieuw af met een andere keuze (wat als).",
        "en": "Follow one student week by week: what school, life outside and the coach give, "
        "and how commitment, time investment, confidence and wellbeing respond. Then replay "
        "the same year with another choice (what if).",
    },
    "story_scenario": {"nl": "Scenario", "en": "Scenario"},
    "story_students": {"nl": "Studenten in het cohort", "en": "Students in the cohort"},
    "story_filter": {"nl": "Soort student", "en": "Kind of student"},
    "story_pick": {"nl": "Student", "en": "Student"},
    "story_none": {
        "nl": "Geen student van deze soort in dit cohort; kies een andere soort of seed.",
        "en": "No student of this kind in this cohort; pick another kind or seed.",
    },
    "student_n": {"nl": "student {id}", "en": "student {id}"},
    "student_desc": {
        "nl": "Student {id}: niveau {level}, risicokleur {colour}; {outcome}.",
        "en": "Student {id}: level {level}, risk colour {colour}; {outcome}.",
    },
    "week": {"nl": "Week", "en": "Week"},
    "week_of": {
        "nl": "Week {week} van {total} ({month})",
        "en": "Week {week} of {total} ({month})",
    },
    "step_back": {"nl": "Week terug", "en": "Week back"},
    "step": {"nl": "Volgende week", "en": "Next week"},
    "play": {"nl": "Afspelen", "en": "Play"},
    "pause": {"nl": "Pauze", "en": "Pause"},
    "this_week": {"nl": "Deze week", "en": "This week"},
    "lines_title": {"nl": "Het jaar van {who}", "en": "The year of {who}"},
    "axis_score": {"nl": "score (0-1)", "en": "score (0-1)"},
    "axis_week": {"nl": "week van het schooljaar", "en": "week of the school year"},
    "original": {"nl": "zoals het ging", "en": "as it went"},
    "whatif": {"nl": "wat als", "en": "what if"},
    "whatif_title": {"nl": "Wat als?", "en": "What if?"},
    "whatif_help": {
        "nl": "Dezelfde student, hetzelfde cohort en dezelfde toevalstrekkingen (dezelfde seed), "
        "met één verandering. Beide lijnen staan samen in de grafiek (gestreept: wat als).",
        "en": "The same student, the same cohort and the same random draws (the same seed), "
        "with one change. Both paths are drawn together (dashed: what if).",
    },
    "whatif_kind": {"nl": "Verandering", "en": "Change"},
    "wi_start": {
        "nl": "coaching begint in een andere week",
        "en": "coaching starts in another week",
    },
    "wi_nocoach": {"nl": "zonder coach", "en": "without a coach"},
    "wi_mechanism": {"nl": "een mechanisme uitgezet", "en": "a mechanism switched off"},
    "wi_week": {"nl": "Coaching begint in week", "en": "Coaching starts in week"},
    "wi_mech": {"nl": "Mechanisme", "en": "Mechanism"},
    "replay": {"nl": "Opnieuw afspelen", "en": "Replay"},
    "outcome_original": {"nl": "Zoals het ging: {text}", "en": "As it went: {text}"},
    "outcome_whatif": {"nl": "Wat als ({change}): {text}", "en": "What if ({change}): {text}"},
    "cld_title": {
        "nl": "Terugkoppellussen; deze week drijft: {loop}",
        "en": "Feedback loops; driving this week: {loop}",
    },
    "network_intro": {
        "nl": "Studenten van het cohort uit het verhaal, hun vrienden (grijze lijnen) en hun "
        "coaches (vierkantjes, oranje lijnen zolang ze coachen), gekleurd naar hun situatie "
        "in de gekozen week. De student uit het verhaal heeft een zwarte rand.",
        "en": "Students of the story's cohort, their friends (grey lines) and their coaches "
        "(squares, orange lines while coaching), coloured by their state in the chosen week. "
        "The story's student has a black edge.",
    },
    "network_title": {"nl": "Week {week}: {counts}", "en": "Week {week}: {counts}"},
    "coach": {"nl": "coach", "en": "coach"},
    "loading": {"nl": "Bezig met rekenen...", "en": "Computing..."},
    "about_text": {
        "nl": "vsvsim is een agent-gebaseerde simulatie van mbo-studenten, hun "
        "studieloopbaanbegeleiders en coaches, hun scholen en hun omgeving buiten school. "
        "Elke week vervullen school, omgeving en coach de behoefte aan autonomie, competentie "
        "en verbondenheid meer of minder; daarop reageren betrokkenheid, tijdsinvestering, "
        "zelfvertrouwen en welbevinden, en soms stopt een student: als overstapper (naar een "
        "andere opleiding) of als schoolverlater (het onderwijs uit). Uitkomsten zijn "
        "modeluitkomsten, geen voorspellingen: gebruik ze om scenario's met elkaar te "
        "vergelijken. Het model staat beschreven in docs/ODD.md.",
        "en": "vsvsim is an agent-based simulation of mbo students, their study-career "
        "mentors and coaches, their schools and their lives outside school. Each week school, "
        "outside life and the coach fulfil the needs for autonomy, competence and relatedness "
        "more or less; commitment, time investment, confidence and wellbeing respond, and "
        "sometimes a student stops: as a switcher (to another programme) or as a school leaver "
        "(out of education). Results are model results, not forecasts: use them to compare "
        "scenarios with each other. The model is described in docs/ODD.md.",
    },
    "all_params": {"nl": "Alle instellingen van het model", "en": "Every setting of the model"},
    "param_col": {"nl": "Instelling", "en": "Setting"},
    "default_col": {"nl": "Standaard", "en": "Default"},
    "unit_col": {"nl": "Eenheid", "en": "Unit"},
    "meaning_col": {"nl": "Betekenis", "en": "Meaning"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
}

# --- parameters ---------------------------------------------------------------------------

#: A short label for every parameter: name -> (Dutch, English).
PARAM_LABELS: dict[str, tuple[str, str]] = {
    "students": ("Aantal studenten", "Number of students"),
    "years": ("Schooljaren", "School years"),
    "start_year": ("Beginjaar", "First year"),
    "share_level_1": ("Aandeel niveau 1 (Entree)", "Share at level 1 (Entree)"),
    "share_level_2": ("Aandeel niveau 2", "Share at level 2"),
    "share_level_3": ("Aandeel niveau 3", "Share at level 3"),
    "share_level_4": ("Aandeel niveau 4", "Share at level 4"),
    "vulnerability_level_1": ("Kwetsbaarheid niveau 1", "Vulnerability at level 1"),
    "vulnerability_level_2": ("Kwetsbaarheid niveau 2", "Vulnerability at level 2"),
    "vulnerability_level_3": ("Kwetsbaarheid niveau 3", "Vulnerability at level 3"),
    "vulnerability_level_4": ("Kwetsbaarheid niveau 4", "Vulnerability at level 4"),
    "vulnerability_state_link": ("Kwetsbaarheid en beginstand", "Vulnerability and starting state"),
    "start_state_correlation": ("Samenhang beginstand", "Starting-state correlation"),
    "share_orange": ("Aandeel oranje bij screening", "Share screened orange"),
    "share_red": ("Aandeel rood bij screening", "Share screened red"),
    "intake_share": ("Nieuwe instroom per jaar", "New intake per year"),
    "schools": ("Aantal scholen", "Number of schools"),
    "programmes_per_school": ("Opleidingen per school", "Programmes per school"),
    "class_size": ("Klasgrootte", "Class size"),
    "students_per_context": ("Studenten per leefomgeving", "Students per outside context"),
    "friends_per_student": ("Vrienden per student", "Friends per student"),
    "climate_autonomy": ("Autonomie in het schoolklimaat", "Autonomy in the school climate"),
    "expectation_fit_correlation": ("Verwachting en passendheid", "Expectation and fit"),
    "vulnerability_fit_link": ("Kwetsbaarheid en passendheid", "Vulnerability and fit"),
    "fit_discovery_rate": ("Ontdekken van passendheid (lessen)", "Fit discovery (lessons)"),
    "practice_discovery_rate": ("Ontdekken van passendheid (praktijk)", "Fit discovery (practice)"),
    "climate_sd": ("Verschil in klimaat tussen scholen", "Climate spread between schools"),
    "programme_fit": ("Passendheid van de opleiding", "Programme fit"),
    "absence_conversation_threshold": ("Verzuim voor een gesprek", "Absence for a conversation"),
    "screening_accuracy": ("Nauwkeurigheid van de screening", "Screening accuracy"),
    "ew_drop": ("Vroegsignaal: daling", "Early warning: drop"),
    "ew_instability": ("Vroegsignaal: onrust", "Early warning: instability"),
    "ew_absence": ("Vroegsignaal: verzuim", "Early warning: absence"),
    "ew_second_semester_only": (
        "Vroegsignaal pas in het tweede halfjaar",
        "Early warning in semester 2 only",
    ),
    "referral_inside": ("Doorverwijzing binnen de school", "Referral inside the school"),
    "referral_outside": ("Doorverwijzing buiten de school", "Referral outside the school"),
    "internship_placement_rate": ("Kans op een stageplek", "Chance of an internship place"),
    "labour_market_pull": ("Aantrekkingskracht van werk", "Labour-market pull"),
    "stress_level": ("Stress buiten school", "Outside-school stress"),
    "stress_vulnerability_link": ("Stress en kwetsbaarheid", "Stress and vulnerability"),
    "stress_volatility": ("Schommeling van stress", "Stress volatility"),
    "life_event_rate": ("Ingrijpende gebeurtenissen", "Life events"),
    "job_finding_rate": ("Kans op werk na vertrek", "Job finding after leaving"),
    "job_loss_rate": ("Kans op baanverlies", "Job loss"),
    "need_rate": ("Tempo behoeftevervulling", "Need fulfilment speed"),
    "commitment_rate": ("Tempo binding", "Commitment speed"),
    "time_rate": ("Tempo tijdsinvestering", "Time investment speed"),
    "confidence_rate": ("Tempo zelfvertrouwen", "Confidence speed"),
    "wellbeing_rate": ("Tempo welbevinden", "Wellbeing speed"),
    "wellbeing_set_point": ("Persoonlijk niveau van welbevinden", "Wellbeing set point"),
    "event_noise": ("Wisselvalligheid van gebeurtenissen", "Event noise"),
    "state_noise": ("Wisselvalligheid per week", "Weekly noise"),
    "participation_identification_spiral": (
        "Spiraal van meedoen en binding",
        "Participation-identification spiral",
    ),
    "teacher_control_loop": ("Controlelus van docenten", "Teacher-control loop"),
    "confidence_loop": ("Lus van zelfvertrouwen", "Confidence loop"),
    "outside_pull_push": ("Trek en druk van buiten school", "Outside pull and push"),
    "delayed_realisation": ("Uitgesteld besef", "Delayed realisation"),
    "gradual_abrupt_routes": ("Geleidelijke en plotselinge uitval", "Gradual and abrupt routes"),
    "coach_relationship": ("Band met de coach", "Bond with the coach"),
    "peer_influence": ("Invloed van vrienden", "Peer influence"),
    "leaving_and_after": ("Overstappen en schoolverlaten apart", "Switching and leaving apart"),
    "spiral_commitment_to_time": ("Spiraal: binding naar tijd", "Spiral: commitment to time"),
    "spiral_time_to_commitment": ("Spiraal: tijd naar binding", "Spiral: time to commitment"),
    "control_responsiveness": ("Reactie van docenten met controle", "Teacher control response"),
    "control_need_frustration": ("Frustratie door controle", "Frustration by control"),
    "confidence_bias": ("Gekleurde waarneming", "Confidence bias"),
    "pull_time_cost": ("Tijd verloren aan werk", "Time lost to work"),
    "stress_drain": ("Energie verloren aan stress", "Energy lost to stress"),
    "realisation_absorb_threshold": (
        "Binding om tegenslag op te vangen",
        "Commitment to absorb setbacks",
    ),
    "realisation_try_harder": ("Harder werken na tegenslag", "Trying harder after setbacks"),
    "realisation_effort": ("Extra inzet onder spanning", "Extra effort under strain"),
    "realisation_tolerance": ("Grens van opgebouwde spanning", "Strain tolerance"),
    "strain_memory": ("Geheugen van spanning", "Strain memory"),
    "realisation_confidence_shield": ("Bescherming van zelfvertrouwen", "Confidence shield"),
    "realisation_drop": ("Daling van binding na besef", "Commitment drop after realisation"),
    "flicker_gain": ("Flikkeren voor het kantelpunt", "Flickering before the tipping point"),
    "abrupt_exit_probability": ("Plotselinge uitval na gebeurtenis", "Abrupt exit after an event"),
    "coach_commitment_effect": ("Binding door de coach", "Commitment from the coach"),
    "support_mismatch_sd": (
        "Verschil bedoelde en ervaren steun",
        "Intended vs experienced support",
    ),
    "bond_growth": ("Groei van de band", "Bond growth"),
    "peer_influence_strength": ("Kracht van vriendeninvloed", "Peer influence strength"),
    "friend_leaving_shock": ("Schok als een vriend stopt", "Shock when a friend leaves"),
    "popularity_time_cost": ("Tijd verloren aan populariteit", "Time lost to popularity"),
    "leave_hazard_max": ("Hoogste kans op vertrek", "Highest leaving chance"),
    "leave_threshold": ("Drempel voor vertrek", "Leaving threshold"),
    "leave_relative_weight": ("Vertrek naar eigen verwachting", "Leaving against expectations"),
    "leave_steepness": ("Steilheid van de vertrekkans", "Leaving steepness"),
    "holiday_hazard_factor": ("Vertrekkans in vakanties", "Leaving in holidays"),
    "leaver_threshold": ("Drempel voor schoolverlaten", "School-leaver threshold"),
    "leaver_decline_weight": ("Gewicht van achteruitgang", "Weight of decline"),
    "undifferentiated_switch_share": (
        "Aandeel overstappers (mechanisme uit)",
        "Switcher share (mechanism off)",
    ),
    "post_leave_decline": ("Achteruitgang na vertrek", "Decline after leaving"),
    "reentry_leaver": ("Terugkeer van schoolverlaters", "Re-entry of school leavers"),
    "coach_reentry_effect": ("Terugkeer dankzij de coach", "Re-entry thanks to the coach"),
    "midyear_reentry": ("Terugkeer halverwege het jaar", "Mid-year re-entry"),
    "reentry_switcher": ("Nieuwe start van overstappers", "New start of switchers"),
    "mentor_contact_rate": ("Contact met de slb'er", "Contact with the mentor"),
    "mentor_minutes": ("Duur van een slb-gesprek", "Length of a mentor talk"),
    "mentor_support": ("Steun van de slb'er", "Support from the mentor"),
    "preventive": ("Preventieve coaching", "Preventive coaching"),
    "curative": ("Curatieve coaching (na vertrek)", "Curative coaching (after leaving)"),
    "after_leaving": ("Als een gecoachte student stopt", "When a coached student leaves"),
    "project_profile": ("Stijl van het project", "Project style"),
    "project_location": ("Plaats van het project", "Project location"),
    "coaches": ("Aantal coaches", "Number of coaches"),
    "coach_type": ("Soort coach", "Kind of coach"),
    "coach_caseload": ("Studenten per coach", "Students per coach"),
    "coach_hours": ("Uren per coach per week", "Hours per coach per week"),
    "coach_contact_rate": ("Contactkans per week", "Contact chance per week"),
    "coach_minutes": ("Duur van een coachcontact", "Length of a coach contact"),
    "coach_support": ("Bedoelde steun van de coach", "Intended coach support"),
    "curative_coaches": ("Curatieve coaches (RMC)", "Curative coaches (RMC)"),
    "curative_caseload": ("Jongeren per curatieve coach", "Youngsters per curative coach"),
    "waiting_weeks": ("Wachttijd", "Waiting time"),
    "intake_moments": ("Intakemomenten per jaar", "Intake moments per year"),
    "intake_week": ("Coaching begint in week", "Coaching starts in week"),
    "trajectory_weeks": ("Duur van een traject", "Length of a trajectory"),
    "curative_trajectory_weeks": (
        "Duur van een curatief traject",
        "Length of a curative trajectory",
    ),
    "aftercare": ("Nazorg", "Aftercare"),
    "handover_weeks": ("Gat bij de overdracht", "Handover gap"),
    "volunteer_quit_rate": ("Vrijwilligers die stoppen", "Volunteers who quit"),
    "cost_professional": ("Kosten professionele coach", "Cost of a professional coach"),
    "cost_intern": ("Kosten stagiair-coach", "Cost of an intern coach"),
    "cost_volunteer": ("Onkosten vrijwilliger", "Expenses of a volunteer"),
    "cost_start_professional": (
        "Startkosten professionele coach",
        "Start cost of a professional coach",
    ),
    "cost_start_intern": ("Startkosten stagiair-coach", "Start cost of an intern coach"),
    "cost_start_volunteer": ("Startkosten vrijwilliger", "Start cost of a volunteer"),
    "coordination_hours_professional": (
        "Eenmalige coördinatie per koppeling, professional",
        "One-off coordination per match, professional",
    ),
    "coordination_hours_intern": (
        "Eenmalige coördinatie per koppeling, stagiair",
        "One-off coordination per match, intern",
    ),
    "coordination_hours_volunteer": (
        "Eenmalige coördinatie per koppeling, vrijwilliger",
        "One-off coordination per match, volunteer",
    ),
    "checkin_hours_volunteer": (
        "Tussentijdse contacten coördinator, vrijwilliger",
        "Coordinator check-ins, volunteer",
    ),
    "cost_coordination": ("Kosten per uur coördinator", "Cost per coordinator hour"),
    # The curative process (vsvsim/interventions/outreach.py).
    "curative_process": ("Curatief traject als proces", "Curative coaching as a process"),
    "rmc_registration_weeks": ("Tijd tot RMC-registratie", "Weeks to RMC registration"),
    "outreach_letters": ("Brieven per ronde", "Letters per round"),
    "outreach_calls": ("Telefoontjes per ronde", "Calls per round"),
    "outreach_home_visits": ("Huisbezoeken per ronde", "Home visits per round"),
    "letter_reply_rate": ("Kans dat een brief bereikt", "Chance a letter reaches"),
    "call_reach_rate": ("Kans dat een telefoontje bereikt", "Chance a call reaches"),
    "home_visit_reach_rate": ("Kans dat een huisbezoek bereikt", "Chance a home visit reaches"),
    "letter_minutes": ("Tijd per brief", "Time per letter"),
    "call_minutes": ("Tijd per telefoontje", "Time per call"),
    "home_visit_minutes": ("Tijd per huisbezoek", "Time per home visit"),
    "outreach_retry_weeks": ("Wachttijd tot een nieuwe ronde", "Weeks to a new round"),
    "handover_trust": ("Vertrouwen dat de overdracht meegaat", "Trust carried over at handover"),
    "reentry_ready_bond": ("Band voor een terugkeerplan", "Bond for a re-entry plan"),
    "reentry_ready_wellbeing": (
        "Welbevinden voor een terugkeerplan",
        "Wellbeing for a re-entry plan",
    ),
    "curative_intake_moments": ("Instroommomenten bij terugkeer", "Intake moments for re-entry"),
    "intake_lead_weeks": ("Aanlooptijd voor de instroom", "Lead time before an intake"),
    "intake_show_rate": ("Kans op komen bij de instroom", "Chance of starting at the intake"),
    "contact_loss_rate": ("Kans op contactverlies", "Chance of losing contact"),
    # Capacity (vsvsim/interventions/capacity.py).
    "waiting_list": ("Wachtlijst voor een coach", "Waiting list for a coach"),
    "teacher_referral_rate": ("Verwijzing door de mentor", "Referral by the mentor"),
    "self_referral_rate": ("Zelf aanmelden", "Self-referral"),
    "places_per_year": ("Plaatsen per jaar", "Places per year"),
    # Coach tiers (vsvsim/interventions/tiers.py).
    "coach_routing": ("Toewijzing aan soorten coaches", "Routing to coach tiers"),
    "buro_specialist_share": (
        "Aandeel gedragsdeskundigen (Het Buro)",
        "Share of behavioural specialists (Het Buro)",
    ),
    "plusgroep_volunteer_share": (
        "Aandeel vrijwilligers (Plusgroep)",
        "Share of volunteers (Plusgroep)",
    ),
    "reject_professional_share": (
        "Aandeel dat professionele hulp afwijst",
        "Share rejecting professional help",
    ),
    "reject_professional_fit": (
        "Werking van professionele hulp bij wie die afwijst",
        "Fit of professional help with a youngster who rejects it",
    ),
    "pluscoach_weeks": ("Duur traject Pluscoach", "Length of a Pluscoach trajectory"),
    "plusmaatje_weeks": ("Duur traject Plusmaatje", "Length of a Plusmaatje trajectory"),
    "coach_experience_specialist": (
        "Ervaring gedragsdeskundige",
        "Experience of a behavioural specialist",
    ),
    "matching_weeks_specialist": (
        "Koppeltijd gedragsdeskundige",
        "Matching time, behavioural specialist",
    ),
    "cost_specialist": (
        "Kosten per uur gedragsdeskundige",
        "Cost per hour, behavioural specialist",
    ),
    "cost_start_specialist": (
        "Startkosten gedragsdeskundige",
        "Start cost of a behavioural specialist",
    ),
    "coordination_hours_specialist": (
        "Eenmalige coördinatie per koppeling, gedragsdeskundige",
        "One-off coordination per match, behavioural specialist",
    ),
    "tier_reach_intern": ("Bereik stagiair", "Reach of an intern"),
    "tier_reach_volunteer": ("Bereik vrijwilliger", "Reach of a volunteer"),
    "tier_reach_professional": ("Bereik professional", "Reach of a professional"),
    "tier_reach_specialist": ("Bereik gedragsdeskundige", "Reach of a behavioural specialist"),
    "tier_severity_colour_weight": (
        "Gewicht van de kleur in de zwaarte",
        "Weight of the colour in severity",
    ),
    "tier_fit_strength": (
        "Sterkte van de match coach en zwaarte",
        "Strength of the coach-severity fit",
    ),
    "tier_bond_loss": ("Verlies van de band bij een slechte match", "Bond lost in a poor fit"),
    "care_referral_fit": (
        "Match waaronder naar zorg verwezen wordt",
        "Fit below which care is referred",
    ),
    "care_referral_rate": (
        "Kans op verwijzing naar specialistische zorg",
        "Chance of referral to specialised care",
    ),
    "debts_first": ("Schulden eerst", "Debts first"),
    "debt_block": ("Rem door onopgeloste schulden", "Block by unresolved debts"),
    "debt_coach_resolution": (
        "Kans dat de coach schulden helpt oplossen",
        "Chance the coach helps resolve debts",
    ),
    # Numbers of the model code that became parameters (in the order of the table).
    "vulnerability_concentration": (
        "Concentratie van kwetsbaarheid",
        "Vulnerability concentration",
    ),
    "initial_commitment_sd": (
        "Spreiding van binding bij de start",
        "Spread of starting commitment",
    ),
    "initial_confidence": ("Zelfvertrouwen bij de start", "Starting confidence"),
    "initial_confidence_sd": (
        "Spreiding van zelfvertrouwen bij de start",
        "Spread of starting confidence",
    ),
    "initial_wellbeing_sd": (
        "Spreiding van welbevinden bij de start",
        "Spread of starting wellbeing",
    ),
    "initial_time_investment": ("Tijdsinvestering bij de start", "Starting time investment"),
    "initial_time_vulnerability_factor": (
        "Kwetsbaarheid en begintijdsinvestering",
        "Vulnerability and starting time investment",
    ),
    "initial_time_commitment_weight": (
        "Binding en begintijdsinvestering",
        "Commitment and starting time investment",
    ),
    "initial_time_investment_sd": (
        "Spreiding van tijdsinvestering bij de start",
        "Spread of starting time investment",
    ),
    "locus_base": ("Weinig grip op eigen succes: basis", "External locus of control: base"),
    "locus_vulnerability_weight": (
        "Weinig grip en kwetsbaarheid",
        "External locus and vulnerability",
    ),
    "locus_concentration": ("Concentratie van weinig grip", "External locus concentration"),
    "strain_tolerance_offset": ("Basis van de spanningsgrens", "Strain tolerance offset"),
    "strain_tolerance_sd": ("Spreiding van de spanningsgrens", "Spread of strain tolerance"),
    "pull_beta_a": ("Trek van buiten school: eerste vormgetal", "Outside pull: first shape"),
    "pull_beta_b": ("Trek van buiten school: tweede vormgetal", "Outside pull: second shape"),
    "low_level_pull_bonus": (
        "Extra trek van buiten school op lage niveaus",
        "Extra outside pull at low levels",
    ),
    "low_level_max": ("Hoogste niveau met extra trek", "Highest level with extra pull"),
    "popularity_beta_shape": ("Vormgetal van populariteit", "Popularity shape"),
    "initial_openness": ("Openheid voor een coach", "Openness to a coach"),
    "initial_openness_sd": ("Spreiding van openheid", "Spread of openness"),
    "initial_school_needs": (
        "Behoeftevervulling op school bij de start",
        "Starting need fulfilment at school",
    ),
    "initial_outside_needs": (
        "Behoeftevervulling buiten school bij de start",
        "Starting need fulfilment outside school",
    ),
    "programme_quality_sd": (
        "Verschil in kwaliteit tussen opleidingen",
        "Spread of programme quality",
    ),
    "student_fit_sd": (
        "Verschil in passendheid binnen een opleiding",
        "Spread of fit within a programme",
    ),
    "initial_teacher_control_factor": (
        "Controle van docenten bij de start",
        "Starting teacher control",
    ),
    "context_pull_sd": (
        "Verschil in trek van werk tussen leefomgevingen",
        "Spread of pull between contexts",
    ),
    "context_stress_sd": (
        "Verschil in stress tussen leefomgevingen",
        "Spread of stress between contexts",
    ),
    "stress_base_sd": ("Verschil in gewone stress tussen studenten", "Spread of usual stress"),
    "reentry_wellbeing_base": ("Terugkeer bij welbevinden nul", "Re-entry at zero wellbeing"),
    "reentry_start_state": ("Beginstand bij terugkeer", "Starting state on re-entry"),
    "reentry_fit_sd": ("Spreiding van passendheid na terugkeer", "Spread of fit on re-entry"),
    "intake_age_regular": (
        "Instroomleeftijd rechtstreeks uit het vmbo",
        "Intake age straight from vmbo",
    ),
    "late_entry_share_level_1": ("Aandeel later ingestroomd, niveau 1", "Late entrants, level 1"),
    "late_entry_share_level_2": ("Aandeel later ingestroomd, niveau 2", "Late entrants, level 2"),
    "late_entry_share_level_3": ("Aandeel later ingestroomd, niveau 3", "Late entrants, level 3"),
    "late_entry_share_level_4": ("Aandeel later ingestroomd, niveau 4", "Late entrants, level 4"),
    "late_entry_extra_years": ("Extra jaren van late instromers", "Extra years of late entrants"),
    "vsv_age_limit": ("Leeftijdsgrens van de vsv-indicator", "Age limit of the VSV indicator"),
    "qualification_duty": ("Kwalificatieplicht", "Qualification duty"),
    "qualification_duty_age": (
        "Leeftijd tot waar de kwalificatieplicht geldt",
        "Age until which the qualification duty holds",
    ),
    "duty_procedure_weeks": (
        "Duur van de procedure van de leerplichtambtenaar",
        "Length of the attendance officer's procedure",
    ),
    "duty_stay_chance": (
        "Kans om te blijven na de procedure",
        "Chance of staying after the procedure",
    ),
    "rmc_age_limit": ("Leeftijdsgrens van het RMC", "Age limit of the RMC"),
    "absence_protocol": ("Verzuimprotocol", "Absence protocol"),
    "absence_report_hours": ("Uren verzuim voor een melding", "Hours of absence for a report"),
    "absence_report_weeks": ("Weken waarover verzuim telt", "Weeks over which absence counts"),
    "absent_week_hours": ("Uren verzuim per afwezige week", "Hours of absence per absent week"),
    "officer_conversation_weeks": (
        "Weken van melding tot gesprek",
        "Weeks from report to conversation",
    ),
    "officer_time_effect": (
        "Effect van het gesprek op tijdsinvestering",
        "Effect of the conversation on time investment",
    ),
    "officer_effect_weeks": ("Duur van het effect van het gesprek", "Weeks the conversation works"),
    "adult_approach_share": ("Sterkte van de 18+-aanpak", "Strength of the 18+ approach"),
    "reason_unknown_share": (
        "Aandeel reden onbekend (registratieruis)",
        "Share of reason unknown (recording noise)",
    ),
    "reason_salience": ("Opvallendheid van een reden", "Salience of a reason"),
    "reason_severe_stress": (
        "Stress buiten de invloed van school",
        "Stress outside the school's influence",
    ),
    "internship_min_programme_years": (
        "Kortste opleiding met stage",
        "Shortest programme with an internship",
    ),
    "internship_chance_base": (
        "Stagekans zonder competentie",
        "Internship chance without competence",
    ),
    "internship_competence_weight": (
        "Stagekans en competentie",
        "Internship chance and competence",
    ),
    "ew_memory_rate": ("Vroegsignaal: geheugen", "Early warning: memory"),
    "absence_letter_share": ("Verzuim voor een brief", "Absence for a letter"),
    "aftercare_weeks": ("Duur van de nazorg", "Length of aftercare"),
    "aftercare_contact_rate": ("Contactkans in de nazorg", "Aftercare contact chance"),
    "aftercare_minutes": ("Duur van een nazorgcontact", "Length of an aftercare contact"),
    "aftercare_support_factor": ("Steun in de nazorg", "Aftercare support"),
    "goal_weeks": ("Weken dat de doelen gehaald zijn", "Weeks with goals met"),
    "min_trajectory_weeks": ("Kortste traject", "Shortest trajectory"),
    "goal_commitment": ("Doel: binding", "Goal: commitment"),
    "goal_time_investment": ("Doel: tijdsinvestering", "Goal: time investment"),
    "goal_wellbeing": ("Doel: welbevinden", "Goal: wellbeing"),
    "poor_match_weeks": ("Weken tot een slechte klik", "Weeks to a poor match"),
    "poor_match_bond": ("Band bij een slechte klik", "Bond of a poor match"),
    "coach_experience_professional": (
        "Ervaring professionele coach",
        "Experience of a professional coach",
    ),
    "coach_experience_intern": ("Ervaring stagiair-coach", "Experience of an intern coach"),
    "coach_experience_volunteer": ("Ervaring vrijwilliger", "Experience of a volunteer"),
    "coach_experience_sd": ("Verschil in ervaring tussen coaches", "Spread of coach experience"),
    "coach_experience_floor": ("Minste ervaring van een coach", "Least coach experience"),
    "matching_weeks_professional": (
        "Matchtijd professionele coach",
        "Matching time, professional coach",
    ),
    "matching_weeks_intern": ("Matchtijd stagiair-coach", "Matching time, intern coach"),
    "matching_weeks_volunteer": ("Matchtijd vrijwilliger", "Matching time, volunteer"),
    "coach_skill_base": (
        "Vaardigheid coach zonder ervaring",
        "Skill of a coach without experience",
    ),
    "coach_skill_experience_weight": ("Vaardigheid door ervaring", "Skill from experience"),
    "holiday_contact_autumn": ("Contact in de herfstvakantie", "Contact in the autumn holiday"),
    "holiday_contact_christmas": (
        "Contact in de kerstvakantie",
        "Contact in the Christmas holiday",
    ),
    "holiday_contact_spring": ("Contact in de voorjaarsvakantie", "Contact in the spring holiday"),
    "holiday_contact_may": ("Contact in de meivakantie", "Contact in the May holiday"),
    "holiday_contact_summer": ("Contact in de zomervakantie", "Contact in the summer holiday"),
    "coach_perception_blur": ("Onscherp beeld van de coach", "Coach's blurred view"),
    "action_need_base": ("Keuze van acties: basis", "Action choice: base"),
    "action_need_weight": ("Keuze van acties naar behoefte", "Action choice by need"),
    "goal_relationship_offset": ("Gewicht van het relatiedoel", "Weight of the relationship goal"),
    "goal_need_offset": ("Gewicht van de andere doelen", "Weight of the other goals"),
    "school_event_fit_weight": ("Schoolgebeurtenis en passendheid", "School event and fit"),
    "school_event_competence_weight": (
        "Schoolgebeurtenis en competentie",
        "School event and competence",
    ),
    "outside_event_need_weight": (
        "Gebeurtenis buiten school en behoeften",
        "Outside event and needs",
    ),
    "outside_event_stress_weight": (
        "Gebeurtenis buiten school en stress",
        "Outside event and stress",
    ),
    "life_event_base_factor": ("Ingrijpende gebeurtenissen: basis", "Life events: base"),
    "life_event_vulnerability_gain": (
        "Ingrijpende gebeurtenissen en kwetsbaarheid",
        "Life events and vulnerability",
    ),
    "crisis_outside_event": ("Crisis: gebeurtenis buiten school", "Crisis: outside event"),
    "crisis_stress_shock": ("Crisis: extra stress", "Crisis: stress shock"),
    "stress_recovery_rate": ("Herstel van stress", "Stress recovery"),
    "failed_internship_event": ("Geen stageplek gevonden", "No internship place found"),
    "control_baseline": ("Controle van docenten: basis", "Teacher control: base"),
    "control_rate": ("Tempo controle van docenten", "Teacher control speed"),
    "stress_time_share": (
        "Stress ten koste van tijdsinvestering",
        "Stress cost in time investment",
    ),
    "peer_attendance_share": (
        "Invloed van aanwezigheid van vrienden",
        "Pull of friends' attendance",
    ),
    "peer_commitment_share": ("Invloed van binding van vrienden", "Pull of friends' commitment"),
    "popularity_relatedness_gain": (
        "Verbondenheid door populariteit",
        "Relatedness from popularity",
    ),
    "need_weight_base": (
        "Gewicht competentie en verbondenheid",
        "Weight of competence and relatedness",
    ),
    "need_autonomy_amplification": ("Versterking door autonomie", "Amplification by autonomy"),
    "school_autonomy_base": ("Autonomie op school: basis", "Autonomy at school: base"),
    "school_autonomy_climate_weight": (
        "Autonomie op school en klimaat",
        "Autonomy at school and climate",
    ),
    "school_autonomy_event_weight": (
        "Autonomie op school en gebeurtenissen",
        "Autonomy at school and events",
    ),
    "school_competence_base": ("Competentie op school: basis", "Competence at school: base"),
    "school_competence_fit_weight": (
        "Competentie op school en passendheid",
        "Competence at school and fit",
    ),
    "school_competence_effort_weight": (
        "Competentie op school en tijdsinvestering",
        "Competence at school and effort",
    ),
    "school_competence_event_weight": (
        "Competentie op school en gebeurtenissen",
        "Competence at school and events",
    ),
    "school_competence_control_share": (
        "Controle ten koste van competentie",
        "Control cost to competence",
    ),
    "school_relatedness_base": ("Verbondenheid op school: basis", "Relatedness at school: base"),
    "school_relatedness_event_weight": (
        "Verbondenheid op school en gebeurtenissen",
        "Relatedness at school and events",
    ),
    "school_relatedness_control_share": (
        "Controle ten koste van verbondenheid",
        "Control cost to relatedness",
    ),
    "outside_autonomy_base": ("Autonomie buiten school: basis", "Autonomy outside: base"),
    "outside_autonomy_pull_weight": (
        "Autonomie buiten school en trek van werk",
        "Autonomy outside and pull",
    ),
    "outside_autonomy_event_weight": (
        "Autonomie buiten school en gebeurtenissen",
        "Autonomy outside and events",
    ),
    "outside_autonomy_stress_weight": (
        "Autonomie buiten school en stress",
        "Autonomy outside and stress",
    ),
    "outside_competence_base": ("Competentie buiten school: basis", "Competence outside: base"),
    "outside_competence_pull_weight": (
        "Competentie buiten school en trek van werk",
        "Competence outside and pull",
    ),
    "outside_competence_event_weight": (
        "Competentie buiten school en gebeurtenissen",
        "Competence outside and events",
    ),
    "outside_competence_stress_weight": (
        "Competentie buiten school en stress",
        "Competence outside and stress",
    ),
    "outside_relatedness_base": ("Verbondenheid buiten school: basis", "Relatedness outside: base"),
    "outside_relatedness_event_weight": (
        "Verbondenheid buiten school en gebeurtenissen",
        "Relatedness outside and events",
    ),
    "outside_relatedness_stress_weight": (
        "Verbondenheid buiten school en stress",
        "Relatedness outside and stress",
    ),
    "wellbeing_base": ("Welbevinden: basis", "Wellbeing: base"),
    "wellbeing_need_gain": ("Welbevinden en behoeftevervulling", "Wellbeing and need fulfilment"),
    "wellbeing_school_weight": ("Gewicht van behoeften op school", "Weight of needs at school"),
    "wellbeing_outside_weight": (
        "Gewicht van behoeften buiten school",
        "Weight of needs outside school",
    ),
    "wellbeing_coach_weight": ("Gewicht van steun van de coach", "Weight of coach support"),
    "support_bond_base": ("Steun zonder band", "Support without a bond"),
    "support_bond_gain": ("Extra steun door de band", "Support through the bond"),
    "support_openness_base": ("Steun bij een gesloten student", "Support to a closed student"),
    "support_openness_gain": ("Extra steun door openheid", "Support through openness"),
    "support_fit_base": ("Steun van een actie die niet past", "Support from an unfitting action"),
    "support_fit_gain": ("Steun door een passende actie", "Support from a fitting action"),
    "confront_autonomy_base": ("Confronteren zonder band", "Confronting without a bond"),
    "confront_autonomy_bond_gain": ("Confronteren met een band", "Confronting with a bond"),
    "coach_support_retention": (
        "Steun die blijft tot het volgende contact",
        "Support kept between contacts",
    ),
    "bond_erosion": ("Afname van de band", "Bond erosion"),
    "low_threshold_bond_factor": (
        "Band door laagdrempelig contact",
        "Bond from low-threshold contact",
    ),
    "bond_target_base": ("Richtpunt van de band: basis", "Bond target: base"),
    "bond_target_autonomy_gain": (
        "Richtpunt van de band en autonomie",
        "Bond target and autonomy support",
    ),
    "openness_rate": ("Tempo openheid", "Openness speed"),
    "environment_stress_relief": (
        "Minder stress door de omgeving te betrekken",
        "Stress relief from involving the environment",
    ),
    "coach_time_share": ("Tijdsinvestering door de coach", "Time investment from the coach"),
    "coach_wellbeing_effect": ("Welbevinden door de coach", "Wellbeing from the coach"),
    "confront_need_threshold": (
        "Behoefte aan confronteren: grens",
        "Need for confronting: threshold",
    ),
    "confront_need_gain": ("Behoefte aan confronteren: sterkte", "Need for confronting: gain"),
    "emotional_need_threshold": (
        "Behoefte aan emotionele steun: grens",
        "Need for emotional support: threshold",
    ),
    "emotional_need_gain": (
        "Behoefte aan emotionele steun: sterkte",
        "Need for emotional support: gain",
    ),
    "emotional_need_stress_weight": (
        "Behoefte aan emotionele steun door stress",
        "Need for emotional support from stress",
    ),
    "contact_need_threshold": (
        "Behoefte aan laagdrempelig contact: grens",
        "Need for low-threshold contact: threshold",
    ),
    "contact_need_gain": (
        "Behoefte aan laagdrempelig contact: sterkte",
        "Need for low-threshold contact: gain",
    ),
    "environment_need_gain": (
        "Behoefte om de omgeving te betrekken",
        "Need for involving the environment",
    ),
    "schoolwork_need_threshold": (
        "Behoefte aan hulp bij schoolwerk: grens",
        "Need for schoolwork support: threshold",
    ),
    "schoolwork_need_gain": (
        "Behoefte aan hulp bij schoolwerk: sterkte",
        "Need for schoolwork support: gain",
    ),
    "motivating_need_threshold": (
        "Behoefte aan motiveren: grens",
        "Need for motivating: threshold",
    ),
    "motivating_need_gain": ("Behoefte aan motiveren: sterkte", "Need for motivating: gain"),
    "exercises_need_threshold": (
        "Behoefte aan oefeningen (zelfinzicht): grens",
        "Need for exercises: threshold",
    ),
    "exercises_need_gain": (
        "Behoefte aan oefeningen (zelfinzicht): sterkte",
        "Need for exercises: gain",
    ),
    "success_competence_weight": ("Succes en competentie", "Success and competence"),
    "success_effort_weight": ("Succes en inzet", "Success and effort"),
    "success_event_weight": ("Succes en schoolgebeurtenissen", "Success and school events"),
    "failure_setback_weight": ("Tegenslag door mislukking", "Setback from failure"),
    "setback_commitment_cost": ("Binding verloren per tegenslag", "Commitment lost per setback"),
    "realisation_recovery_share": ("Herstel na besef", "Recovery after realisation"),
    "spiral_tipping_commitment": (
        "Spiraal: kantelpunt van binding",
        "Spiral: commitment tipping point",
    ),
    "spiral_steepness": ("Spiraal: steilheid", "Spiral: steepness"),
    "flicker_offset": ("Flikkeren: sterkste punt", "Flickering: peak"),
    "flicker_width": ("Flikkeren: breedte", "Flickering: width"),
    "commitment_need_weight": ("Binding en behoeftevervulling", "Commitment and need fulfilment"),
    "commitment_confidence_weight": ("Binding en zelfvertrouwen", "Commitment and confidence"),
    "time_set_point_base": ("Tijdsinvestering: basis", "Time investment: base"),
    "time_autonomy_weight": ("Tijdsinvestering en autonomie", "Time investment and autonomy"),
    "time_confidence_weight": (
        "Tijdsinvestering en zelfvertrouwen",
        "Time investment and confidence",
    ),
    "time_commitment_weight": (
        "Tijdsinvestering en meegebrachte binding",
        "Time investment and commitment brought",
    ),
    "time_noise_factor": ("Wisselvalligheid van tijdsinvestering", "Time investment noise"),
    "attendance_base": (
        "Aanwezigheid zonder tijdsinvestering",
        "Attendance at zero time investment",
    ),
    "attendance_time_gain": ("Aanwezigheid en tijdsinvestering", "Attendance and time investment"),
    "absence_memory_rate": ("Geheugen van verzuim", "Absence memory"),
    "instability_gain": ("Onrust door schommelingen", "Instability from swings"),
    "instability_memory_rate": ("Geheugen van onrust", "Instability memory"),
    "general_memory_rate": ("Geheugen van de algemene stand", "General state memory"),
    "leaver_chance_steepness": (
        "Steilheid van de kans op schoolverlaten",
        "School-leaver steepness",
    ),
    "crisis_leaver_shift": ("Schoolverlaten na een crisis", "Leaving education after a crisis"),
    "job_finding_base_factor": (
        "Kans op werk zonder competentie",
        "Job finding without competence",
    ),
    "school_need_decay_after_leaving": (
        "Afname van behoeftevervulling na vertrek",
        "Need decline after leaving",
    ),
    "switcher_recovery_rate": ("Herstel van overstappers", "Switcher recovery"),
    "switcher_need_level": ("Herstelniveau van overstappers", "Switcher recovery level"),
    "coach_job_finding_effect": ("Werk vinden dankzij de coach", "Job finding thanks to the coach"),
    "work_need_rate": ("Tempo behoeftevervulling door werk", "Need fulfilment speed from work"),
    "work_need_level": ("Behoeftevervulling door werk", "Need fulfilment from work"),
    "leaver_stress_creep": ("Oplopende stress zonder werk", "Rising stress without work"),
    "readiness_commitment_weight": ("Bereidheid door te gaan: binding", "Readiness: commitment"),
    "readiness_time_weight": (
        "Bereidheid door te gaan: tijdsinvestering",
        "Readiness: time investment",
    ),
    "readiness_confidence_weight": (
        "Bereidheid door te gaan: zelfvertrouwen",
        "Readiness: confidence",
    ),
    "friend_leaving_memory": ("Nawerking van vertrokken vrienden", "Memory of friends who left"),
    "pass_threshold": ("Grens om over te gaan", "Pass threshold"),
    "pass_steepness": ("Steilheid van de overgangskans", "Pass steepness"),
}

#: Dutch one-line meaning of every parameter (English: the parameter's ``doc``); the levers
#: first, then the others the about tab lists.
DOCS_NL: dict[str, str] = {
    "preventive": "Coaching van studenten die nog op school zitten: geen, na de intakescreening "
    "(oranje en rood) of na een vroegsignaal tijdens het jaar.",
    "coach_type": "Wie de preventieve coaches zijn: professionals, stagiairs, vrijwilligers of gedragsdeskundigen voor het hele programma, of een bezetting volgens de toewijzing aan soorten coaches.",
    "coaches": "Hoeveel preventieve projectcoaches er zijn.",
    "coach_caseload": "Hoeveel studenten één coach tegelijk begeleidt.",
    "intake_week": "In welke week van het schooljaar de screening leidt tot coaching (0 = eind augustus).",
    "waiting_weeks": "Weken tussen de aanmelding en het eerste gesprek (het matchen komt erbij).",
    "after_leaving": "Als een gecoachte student stopt: overdracht aan een nieuwe curatieve "
    "coach (vertrouwen begint bij nul) of dezelfde coach gaat door (geïntegreerd).",
    "curative": "Coaching van jongeren die al gestopt zijn, gericht op terugkeer naar school of werk.",
    "curative_coaches": "Hoeveel curatieve coaches (RMC) er zijn.",
    "labour_market_pull": "Hoe krap de arbeidsmarkt is: hoe aantrekkelijk betaald werk is naast school.",
    "participation_identification_spiral": "Meedoen en binding met de opleiding versterken "
    "elkaar, omhoog en omlaag.",
    "teacher_control_loop": "Weinig inzet lokt controle van docenten uit; controle frustreert "
    "de basisbehoeften en verlaagt de inzet weer.",
    "confidence_loop": "Zelfvertrouwen groeit met succes; wie weinig vertrouwen heeft, ziet "
    "vooral mislukkingen.",
    "outside_pull_push": "Betaald werk trekt en stress thuis duwt energie weg van school.",
    "delayed_realisation": "Betrokken studenten vangen tegenslag eerst op, tot die zich opstapelt.",
    "gradual_abrupt_routes": "Uitval geleidelijk (met onrust vooraf) of plotseling na een "
    "ingrijpende gebeurtenis.",
    "coach_relationship": "De band met de coach groeit week na week en geeft steun zoals de "
    "student die ervaart.",
    "peer_influence": "Aanwezigheid, binding en vertrek van vrienden werken door.",
    "leaving_and_after": "Overstappers en schoolverlaters volgen verschillende routes; terugkeer "
    "gebeurt vooral bij het begin van een schooljaar.",
    # Every other parameter (the about tab lists them all), in the order of the table.
    "students": "Studenten in het begincohort (de schoolpopulatie bij de start).",
    "years": "Gesimuleerde schooljaren, elk beginnend eind augustus.",
    "start_year": "Kalenderjaar waarin het eerste schooljaar begint.",
    "share_level_1": "Aandeel studenten op mbo-niveau 1 (Entree).",
    "share_level_2": "Aandeel studenten op mbo-niveau 2.",
    "share_level_3": "Aandeel studenten op mbo-niveau 3.",
    "share_level_4": "Aandeel studenten op mbo-niveau 4.",
    "vulnerability_level_1": "Gemiddelde onderliggende kwetsbaarheid van studenten op niveau 1.",
    "vulnerability_level_2": "Gemiddelde onderliggende kwetsbaarheid van studenten op niveau 2.",
    "vulnerability_level_3": "Gemiddelde onderliggende kwetsbaarheid van studenten op niveau 3.",
    "vulnerability_level_4": "Gemiddelde onderliggende kwetsbaarheid van studenten op niveau 4.",
    "vulnerability_state_link": "Hoeveel onderliggende kwetsbaarheid de binding, het zelfvertrouwen, het welbevinden en de tijdsinvestering bij de start verlaagt.",
    "start_state_correlation": "Samenhang tussen de binding die een student meebrengt en zijn zelfvertrouwen en welbevinden bij de start (een gedeeld enthousiasme aan het begin van het jaar).",
    "vulnerability_concentration": "Hoe dicht de onderliggende kwetsbaarheid rond het gemiddelde van het niveau ligt (bètaverdeling; hoger: minder spreiding).",
    "initial_commitment_sd": "Spreiding van de binding die studenten meebrengen.",
    "initial_confidence": "Zelfvertrouwen bij de start van een student met gewone kwetsbaarheid.",
    "initial_confidence_sd": "Spreiding van het zelfvertrouwen bij de start.",
    "initial_wellbeing_sd": "Spreiding van het welbevinden bij de start.",
    "initial_time_investment": "Tijdsinvestering bij de start van een gewone student.",
    "initial_time_vulnerability_factor": "Hoeveel van het effect van kwetsbaarheid op de beginstand (zie 'Kwetsbaarheid en beginstand') doorwerkt in de tijdsinvestering bij de start.",
    "initial_time_commitment_weight": "Stijging van de tijdsinvestering bij de start per eenheid meegebrachte binding (rond 0,6).",
    "initial_time_investment_sd": "Spreiding van de tijdsinvestering bij de start.",
    "locus_base": "Gemiddeld gevoel weinig grip te hebben op eigen succes (externe beheersingsoriëntatie) bij een student zonder onderliggende kwetsbaarheid.",
    "locus_vulnerability_weight": "Stijging van het gemiddelde gevoel van weinig grip per eenheid kwetsbaarheid.",
    "locus_concentration": "Hoe dicht het gevoel van weinig grip rond het gemiddelde ligt (bètaverdeling; hoger: minder spreiding).",
    "strain_tolerance_offset": "De grens van opgebouwde spanning schaalt met dit getal plus de meegebrachte binding (enthousiaste studenten vangen meer op).",
    "strain_tolerance_sd": "Spreiding (lognormaal) van de grens van opgebouwde spanning tussen studenten.",
    "pull_beta_a": "Eerste vormgetal van de bètaverdeling van de trek van buiten school.",
    "pull_beta_b": "Tweede vormgetal van de bètaverdeling van de trek van buiten school.",
    "low_level_pull_bonus": "Extra trek van buiten school bij studenten op de lage mbo-niveaus (tot en met 'Hoogste niveau met extra trek').",
    "low_level_max": "Hoogste mbo-niveau dat de extra trek van buiten school krijgt.",
    "popularity_beta_shape": "Beide vormgetallen van de (symmetrische) bètaverdeling van populariteit.",
    "initial_openness": "Gemiddelde openheid voor een coach.",
    "initial_openness_sd": "Spreiding van de openheid voor een coach.",
    "initial_school_needs": "Vervulling van autonomie, competentie en verbondenheid op school bij de start.",
    "initial_outside_needs": "Vervulling van autonomie, competentie en verbondenheid buiten school bij de start.",
    "intake_share": "Nieuwe instroom in het eerste jaar aan het begin van elk volgend schooljaar.",
    "schools": "Aantal scholen (roc's) waarover het cohort verdeeld is.",
    "programmes_per_school": "Opleidingen per school.",
    "class_size": "Studenten per klas; elke klas heeft één slb'er (studieloopbaanbegeleider).",
    "students_per_context": "Studenten per leefomgeving buiten school (buurt, gezin en vriendenkring).",
    "friends_per_student": "Vriendschappen die elke student met klasgenoten sluit (gemiddeld aantal vrienden ongeveer het dubbele).",
    "climate_autonomy": "Schoolklimaat: 0 volledig controlerende, 1 volledig autonomie-ondersteunende docenten.",
    "expectation_fit_correlation": "Samenhang tussen de binding die een student meebrengt en de passendheid van zijn opleiding (negatief: enthousiaste studenten in opleidingen die niet bij hen passen).",
    "vulnerability_fit_link": "Hoeveel lager de passendheid van de opleiding is voor een kwetsbare student, per eenheid kwetsbaarheid (rond een kwetsbaarheid van 0,3).",
    "climate_sd": "Spreiding van het klimaat tussen scholen.",
    "programme_fit": "Gemiddelde passendheid tussen studenten en hun opleiding.",
    "programme_quality_sd": "Spreiding van de kwaliteit van opleidingen (een verschuiving van de passendheid die alle studenten van een opleiding delen).",
    "student_fit_sd": "Spreiding van de passendheid tussen studenten binnen een opleiding.",
    "initial_teacher_control_factor": "Ervaren controlerend gedrag van docenten bij de start, per eenheid controlerend klimaat (1 min 'Autonomie in het schoolklimaat').",
    "stress_level": "Gemiddelde stress buiten school (thuis, schulden, huisvesting).",
    "stress_vulnerability_link": "Hoeveel de gewone stress buiten school van een student stijgt met kwetsbaarheid (ten opzichte van 'Stress buiten school', per eenheid kwetsbaarheid).",
    "context_pull_sd": "Spreiding (lognormaal) van de aantrekkingskracht van werk tussen leefomgevingen.",
    "context_stress_sd": "Spreiding van de verschuiving van stress tussen leefomgevingen.",
    "stress_base_sd": "Spreiding van de gewone stress buiten school tussen studenten.",
    "realisation_tolerance": "Gemiddelde opgebouwde spanning waarbij een betrokken student beseft dat het niet lukt.",
    "share_orange": "Aandeel studenten dat bij de screening oranje krijgt (verhoogd risico).",
    "share_red": "Aandeel studenten dat bij de screening rood krijgt (hoog risico).",
    "screening_accuracy": "Nauwkeurigheid van de intakescreening: 1 de kleuren volgen het echte risico, 0 de kleuren zijn willekeurig.",
    "reentry_leaver": "Kans dat een schoolverlater bij het volgende schooljaar terugkeert.",
    "coach_reentry_effect": "De terugkeerkans wordt vermenigvuldigd met 1 + dit effect x de band, voor een schoolverlater met een coach.",
    "midyear_reentry": "Terugkeerkans bij het intakemoment in februari, ten opzichte van de start van het schooljaar.",
    "reentry_switcher": "Kans dat een overstapper bij het volgende schooljaar aan een nieuwe opleiding begint.",
    "reentry_wellbeing_base": "Factor op de terugkeerkans van een schoolverlater bij nul welbevinden (hij stijgt één op één met het welbevinden).",
    "reentry_start_state": "Behoeftevervulling op school, tijdsinvestering en zelfvertrouwen waarmee een teruggekeerde student aan een nieuwe opleiding begint (iets onder die van een gewone eerstejaars).",
    "reentry_fit_sd": "Spreiding van de passendheid van de nieuwe opleiding van een teruggekeerde student rond de gemiddelde passendheid.",
    "intake_age_regular": "Leeftijd bij de start van het schooljaar van de jongste studenten die rechtstreeks uit het vmbo naar het mbo gaan (hun verjaardagen vallen verspreid over het jaar daarna).",
    "late_entry_share_level_1": "Aandeel instromers op niveau 1 (Entree) dat een jaar of meer later begint dan rechtstreeks uit het vmbo.",
    "late_entry_share_level_2": "Aandeel instromers op niveau 2 dat een jaar of meer later begint dan rechtstreeks uit het vmbo.",
    "late_entry_share_level_3": "Aandeel instromers op niveau 3 dat een jaar of meer later begint dan rechtstreeks uit het vmbo.",
    "late_entry_share_level_4": "Aandeel instromers op niveau 4 dat een jaar of meer later begint dan rechtstreeks uit het vmbo (havisten, een tweede opleiding).",
    "late_entry_extra_years": "Gemiddeld aantal jaren, na het eerste, dat een late instromer ouder is (exponentieel verdeeld).",
    "vsv_age_limit": "Leeftijd op 1 oktober waaronder een jongere meetelt in de vsv-indicator (DUO: 23).",
    "qualification_duty": "Kwalificatieplicht: een jongere onder de 18 zonder startkwalificatie die wil stoppen, komt bij de leerplichtambtenaar; het RMC coacht schoolverlaters tot zijn leeftijdsgrens.",
    "qualification_duty_age": "Leeftijd tot waar de kwalificatieplicht geldt (tenzij een startkwalificatie is behaald).",
    "duty_procedure_weeks": "Aantal weken dat de procedure van de leerplichtambtenaar een jongere onder de 18 die wil stoppen op school houdt.",
    "duty_stay_chance": "Kans dat een jongere onder de 18 op school blijft als de procedure van de leerplichtambtenaar afloopt.",
    "rmc_age_limit": "Leeftijd vanaf waar het RMC schoolverlaters niet meer in curatieve coaching neemt (met de kwalificatieplicht aan).",
    "absence_protocol": "Verzuimprotocol: ongeoorloofd verzuim boven de wettelijke grens wordt gemeld, gevolgd door een brief en een gesprek met de leerplichtambtenaar (18+: de aanpak van het RMC).",
    "absence_report_hours": "Uren ongeoorloofd verzuim binnen de telperiode die de school moet melden (de wet: 16 uur in 4 weken).",
    "absence_report_weeks": "Aantal schoolweken waarover ongeoorloofd verzuim wordt opgeteld voor een melding.",
    "absent_week_hours": "Aantal uren ongeoorloofd verzuim waar een afwezige schoolweek in het model voor staat.",
    "officer_conversation_weeks": "Weken van de melding (en de brief van school) tot het gesprek met de leerplichtambtenaar of de 18+-aanpak.",
    "officer_time_effect": "Duw op het streefniveau van de tijdsinvestering na het gesprek met de leerplichtambtenaar.",
    "officer_effect_weeks": "Aantal weken dat de duw van de leerplichtambtenaar op de tijdsinvestering aanhoudt.",
    "adult_approach_share": "Sterkte van de 18+-aanpak ten opzichte van die van de leerplichtambtenaar.",
    "reason_unknown_share": "Aandeel vertrekkers waarvoor de school 'onbekend' registreert, wat het vertrek ook dreef (registratieruis).",
    "reason_salience": "Hoeveel standaarddeviaties (ten opzichte van de ingeschreven studenten die week) de sterkste drijfveer van een vertrekker moet opvallen voordat de school een reden noemt.",
    "reason_severe_stress": "Stress buiten school vanaf waar de school persoonlijke factoren buiten haar invloed registreert in plaats van factoren waar ze bij kan helpen.",
    "internship_placement_rate": "Kans dat een laatstejaars een stageplek vindt (gemiddelde student).",
    "internship_min_programme_years": "Kortste opleiding (in jaren) waarvan de laatstejaars een stageplek nodig hebben.",
    "internship_chance_base": "Vermenigvuldiger van de kans op een stageplek voor een student zonder competentie op school.",
    "internship_competence_weight": "Stijging van die vermenigvuldiger per eenheid competentie op school.",
    "ew_drop": "Daling van binding of zelfvertrouwen onder het lopende gemiddelde die een vroegsignaal geeft.",
    "ew_memory_rate": "Tempo van de lopende gemiddelden van binding en zelfvertrouwen waarmee het vroegsignaal vergelijkt (0,1: een geheugen van ongeveer tien weken).",
    "ew_instability": "Onrust waarboven een vroegsignaal wordt gegeven.",
    "ew_absence": "Recent verzuim waarboven een vroegsignaal wordt gegeven.",
    "ew_second_semester_only": "Vroegsignalering alleen in het tweede halfjaar.",
    "absence_conversation_threshold": "Recent verzuim waarboven de slb'er een gesprek voert (daaronder: een brief).",
    "absence_letter_share": "Recent verzuim, als aandeel van de grens voor een gesprek, waarboven de slb'er een brief stuurt.",
    "mentor_contact_rate": "Kans per week dat de slb'er een student spreekt.",
    "mentor_minutes": "Duur van een gewoon gesprek met de slb'er.",
    "mentor_support": "Steun voor de basisbehoeften die de slb'er in een gesprek bedoelt te geven.",
    "referral_inside": "Kans dat de school een student die in aanmerking komt doorverwijst naar een project binnen de school.",
    "referral_outside": "Kans dat de school een student die in aanmerking komt doorverwijst naar een project buiten de school.",
    "project_profile": "Stijl van het project: verschuift hoe vaak de coaches welke acties en doelen kiezen.",
    "project_location": "Preventief project binnen of buiten de school (dat bepaalt hoe graag de school doorverwijst).",
    "coach_hours": "Tijd per week die een coach aan contacten kan besteden.",
    "coach_contact_rate": "Kans per week op een contact met de projectcoach.",
    "coach_minutes": "Duur van een contact met de projectcoach.",
    "coach_support": "Steun voor de basisbehoeften die een ervaren coach in een contact bedoelt te geven.",
    "curative_caseload": "Hoeveel jongeren één curatieve coach hoogstens begeleidt.",
    "intake_moments": "Intakemomenten na screening: 1 (de intakeweek) of 2 (ook in het tweede halfjaar).",
    "trajectory_weeks": "Langste duur van een preventief traject.",
    "curative_trajectory_weeks": "Langste duur van een curatief traject.",
    "aftercare": "Licht contact ter nazorg gedurende 'Duur van de nazorg' nadat een traject eindigt.",
    "aftercare_weeks": "Weken licht nazorgcontact nadat een traject op tijd of met de doelen gehaald eindigt.",
    "aftercare_contact_rate": "Kans per week op een nazorgcontact (schoolweken; lager in vakanties).",
    "aftercare_minutes": "Duur van een nazorgcontact.",
    "aftercare_support_factor": "Deel van de gewone bedoelde steun dat een licht nazorgcontact geeft.",
    "goal_weeks": "Weken achter elkaar dat de doelen gehaald lijken voordat een preventief traject eindigt omdat de doelen gehaald zijn.",
    "min_trajectory_weeks": "Kortste preventieve traject dat mag eindigen omdat de doelen gehaald zijn.",
    "goal_commitment": "Binding waarboven de coach de doelen van een preventief traject als gehaald ziet (samen met tijdsinvestering en welbevinden).",
    "goal_time_investment": "Tijdsinvestering waarboven de coach de doelen als gehaald ziet (samen met binding en welbevinden).",
    "goal_wellbeing": "Welbevinden waarboven de coach de doelen als gehaald ziet (samen met binding en tijdsinvestering).",
    "handover_weeks": "Tijd tussen het vertrek en het moment dat de curatieve coach het overneemt (overdracht).",
    "volunteer_quit_rate": "Kans per week dat een vrijwilliger stopt als de klik met de student slecht is.",
    "poor_match_weeks": "Weken in een traject waarna een zwakke band telt als een slechte klik.",
    "poor_match_bond": "Band waaronder een traject van 'Weken tot een slechte klik' of langer een slechte klik is.",
    "coach_experience_professional": "Gemiddelde ervaring van een professionele coach.",
    "coach_experience_intern": "Gemiddelde ervaring van een stagiair-coach.",
    "coach_experience_volunteer": "Gemiddelde ervaring van een vrijwillige coach.",
    "coach_experience_sd": "Spreiding van de ervaring tussen coaches van één soort.",
    "coach_experience_floor": "Minste ervaring die een coach kan hebben.",
    "matching_weeks_professional": "Weken om een nieuwe student aan een professionele coach te koppelen.",
    "matching_weeks_intern": "Weken om een nieuwe student aan een stagiair-coach te koppelen.",
    "matching_weeks_volunteer": "Weken om een nieuwe student aan een vrijwilliger te koppelen.",
    "coach_skill_base": "Deel van de bedoelde steun van de coach dat een coach zonder ervaring geeft.",
    "coach_skill_experience_weight": "Extra deel van de bedoelde steun per eenheid ervaring van de coach.",
    "holiday_contact_autumn": "Contactkans met de coach in de herfstvakantie, ten opzichte van een schoolweek.",
    "holiday_contact_christmas": "Contactkans met de coach in de kerstvakantie, ten opzichte van een schoolweek.",
    "holiday_contact_spring": "Contactkans met de coach in de voorjaarsvakantie, ten opzichte van een schoolweek.",
    "holiday_contact_may": "Contactkans met de coach in de meivakantie, ten opzichte van een schoolweek.",
    "holiday_contact_summer": "Contactkans met de coach in de zomervakantie, ten opzichte van een schoolweek.",
    "coach_perception_blur": "Ruis op hoe een coach de binnenkant van een student ziet zolang er geen band is (kleiner naarmate band maal openheid groeit).",
    "action_need_base": "Gewicht van hoe vaak een actie gewoonlijk voorkomt als de coach er geen behoefte aan ziet.",
    "action_need_weight": "Extra gewicht van een actie per eenheid behoefte die de coach eraan ziet.",
    "goal_relationship_offset": "Gewicht van het doel 'relatie' bij een band van nul (het daalt één op één met de band).",
    "goal_need_offset": "Gewicht van de doelen omgeving, welbevinden en schoolvaardigheden als de coach geen behoefte ziet (plus de behoefte die hij wel ziet).",
    "cost_professional": "Kosten van één uur van een professionele coach.",
    "cost_intern": "Kosten van één uur van een stagiair-coach (inclusief de werkbegeleiding van de stagiair).",
    "cost_volunteer": "Kosten van één uur van een vrijwillige coach: alleen onkosten (werven, screenen, trainen en de coördinatie van koppelingen tellen apart).",
    "cost_start_professional": "Kosten van het starten van een professionele coach (werving, selectie, inwerken), één keer per aangenomen coach.",
    "cost_start_intern": "Kosten van het starten van een stagiair-coach (selectie, inwerktraining, stageovereenkomst), één keer per stagiair; keert elk schooljaar terug.",
    "cost_start_volunteer": "Kosten van het starten van een vrijwilliger (werving, VOG en screening, training), één keer per vrijwilliger; keert terug als vrijwilligers stoppen.",
    "coordination_hours_professional": "Uren van een coördinator, één keer per koppeling, voor een student die een professionele coach krijgt (intake, koppeling).",
    "coordination_hours_intern": "Uren van een coördinator, één keer per koppeling, voor een student die een stagiair-coach krijgt (intake, koppeling, evaluatie).",
    "coordination_hours_volunteer": "Uren van een coördinator, één keer per koppeling, voor een student die een vrijwilliger krijgt (intake, koppelgesprek, eerste gezamenlijke gesprek, afsluiting); een nieuwe vrijwilliger na een stopper is een nieuwe koppeling.",
    "checkin_hours_volunteer": "Uren van een coördinator per week dat een student bij een vrijwilliger staat (tussentijdse contacten tijdens de koppeling); een overdracht aan een nieuwe vrijwilliger telt die weken niet dubbel.",
    "cost_coordination": "Kosten van één uur van een betaalde coördinator (intake, koppeling en begeleiding van koppelingen).",
    "curative_process": "Curatieve coaching als proces (registratie, bereiken, vertrouwen opbouwen, een instroommoment, terugval) in plaats van de gefitte vermenigvuldiger voor terugkeer.",
    "rmc_registration_weeks": "Weken tussen vertrek en de registratie door het RMC, voor een schoolverlater die geen preventieve coach had.",
    "outreach_letters": "Brieven in een ronde om een jongere te bereiken (de eerste pogingen).",
    "outreach_calls": "Telefoontjes in een ronde om een jongere te bereiken, na de brieven.",
    "outreach_home_visits": "Huisbezoeken in een ronde om een jongere te bereiken, na de telefoontjes.",
    "letter_reply_rate": "Kans dat een brief de jongere bereikt (een antwoord, een afspraak die doorgaat).",
    "call_reach_rate": "Kans dat een telefoontje de jongere bereikt.",
    "home_visit_reach_rate": "Kans dat een huisbezoek de jongere bereikt.",
    "letter_minutes": "Professionele tijd die een brief kost.",
    "call_minutes": "Professionele tijd die een telefoontje kost (vergeefse pogingen inbegrepen).",
    "home_visit_minutes": "Professionele tijd die een huisbezoek kost (reistijd inbegrepen).",
    "outreach_retry_weeks": "Weken na een mislukte ronde voordat het RMC het opnieuw probeert.",
    "handover_trust": "Deel van de band met de preventieve coach waarmee een curatieve coach na een overdracht begint (0: vanaf nul, zoals het RMC).",
    "reentry_ready_bond": "Band vanaf welke coach en jongere een terugkeer plannen (samen met het welbevinden).",
    "reentry_ready_wellbeing": "Welbevinden vanaf welk coach en jongere een terugkeer plannen (samen met de band).",
    "curative_intake_moments": "Instroommomenten per jaar voor een geplande terugkeer: 1 (begin schooljaar) of 2 (ook februari).",
    "intake_lead_weeks": "Weken die een terugkeerplan nodig heeft voor een instroommoment (aanmelding, intakegesprek).",
    "intake_show_rate": "Kans dat een jongere met een plan op het instroommoment echt begint.",
    "contact_loss_rate": "Kans per week dat een bereikte jongere zonder band het contact verbreekt (maal 1 min de band).",
    "waiting_list": "Preventieve verwijzingen wachten op een lijst tot er een plek vrij is (verwijsroutes, plaatsen per jaar), in plaats van alleen op het instroommoment geplaatst te worden.",
    "teacher_referral_rate": "Met de wachtlijst: kans per week dat de mentor een student verwijst die meer verzuimt dan de drempel voor een gesprek.",
    "self_referral_rate": "Met de wachtlijst: kans per week, maal 1 min het welbevinden, dat een student zelf om een coach vraagt.",
    "places_per_year": "Met de wachtlijst: gefinancierde preventieve trajecten die per schooljaar kunnen starten (0: alleen de plekken per coach beperken).",
    "coach_routing": "Welke soort coach een preventief begeleide student krijgt: één soort voor iedereen, zoals Het Buro (stagiairs voor groen en oranje, een gedragsdeskundige voor rood) of zoals de Plusgroep (een Pluscoach bij complexe problemen, een Plusmaatje bij lichtere problemen of als de jongere professionele hulp afwijst); de bezetting volgt de soorten als de soort coach 'volgens toewijzing' is.",
    "buro_specialist_share": "Bij de toewijzing van Het Buro: deel van de preventieve coaches dat gedragsdeskundige is.",
    "plusgroep_volunteer_share": "Bij de toewijzing van de Plusgroep: deel van de preventieve coaches dat vrijwilliger (Plusmaatje) is (ongeveer 600 plekken met een Pluscoach en 200 met een Plusmaatje per jaar).",
    "reject_professional_share": "Bij de toewijzing van de Plusgroep: deel van de studenten dat professionele hulp afwijst; zij krijgen een vrijwilliger.",
    "reject_professional_fit": "Bij de toewijzing van de Plusgroep: hoe goed het contact met een professionele coach werkt bij een jongere die professionele hulp afwijst (vermenigvuldigt de aansluiting; de toewijzing geeft zo iemand een vrijwilliger, bemensing met één type niet).",
    "pluscoach_weeks": "Bij de toewijzing van de Plusgroep: duur van een traject met een professionele coach (4 tot 6 maanden).",
    "plusmaatje_weeks": "Bij de toewijzing van de Plusgroep: duur van een traject met een vrijwilliger (ongeveer een jaar, niet langer dan de maximale trajectduur).",
    "coach_experience_specialist": "Gemiddelde ervaring van een gedragsdeskundige.",
    "matching_weeks_specialist": "Weken om een nieuwe student aan een gedragsdeskundige te koppelen.",
    "cost_specialist": "Kosten van een uur van een gedragsdeskundige.",
    "cost_start_specialist": "Kosten van het starten van een gedragsdeskundige (werving, selectie, inwerken), één keer per aangenomen gedragsdeskundige.",
    "coordination_hours_specialist": "Uren van een coördinator, één keer per koppeling, voor een student die een gedragsdeskundige krijgt (intake, koppeling).",
    "tier_reach_intern": "Zwaarte van de problemen die een stagiair-coach aankan.",
    "tier_reach_volunteer": "Zwaarte van de problemen die een vrijwillige coach aankan.",
    "tier_reach_professional": "Zwaarte van de problemen die een professionele coach aankan (1: alles).",
    "tier_reach_specialist": "Zwaarte van de problemen die een gedragsdeskundige aankan (1: alles).",
    "tier_severity_colour_weight": "Gewicht van de risicokleur (tegenover stress buiten school) in de zwaarte van de problemen van een student.",
    "tier_fit_strength": "Hoeveel slechter de match wordt per eenheid zwaarte boven wat de coach aankan: minder bedoelde steun en een zwakkere band (0: de soort coach doet er niet toe).",
    "tier_bond_loss": "Band die een contact kost met een coach die helemaal niet bij de zwaarte van de problemen past.",
    "care_referral_fit": "Match waaronder een coach de student naar specialistische (tweedelijns)zorg verwijst.",
    "care_referral_rate": "Kans per week dat een coach een student met te zware problemen naar specialistische zorg verwijst.",
    "debts_first": "Met de leefgebieden: onopgeloste geldproblemen remmen het werk van de coach aan de rest, en de coach helpt de schulden oplossen.",
    "debt_block": "Met schulden eerst: deel van de bedoelde steun van de coach dat verloren gaat zolang de geldproblemen niet zijn opgelost.",
    "debt_coach_resolution": "Met schulden eerst: kans dat een contact met de coach de geldproblemen van de student oplost (budgetcoaching, schuldhulp).",
    "fit_discovery_rate": "Hoe snel de lessen in het eerste halfjaar een student laten zien hoe goed de opleiding echt past (1: meteen).",
    "practice_discovery_rate": "Hoe snel praktijkwerk en stage in het tweede halfjaar laten zien hoe goed de opleiding echt past (1: meteen).",
    "stress_volatility": "Standaardafwijking per week van de schommeling van stress buiten school rond het gewone niveau van de student (stress keert terug naar dat niveau in het tempo van 'Herstel van stress').",
    "life_event_rate": "Kans per week op een plotselinge ingrijpende gebeurtenis voor een gemiddelde student.",
    "event_noise": "Spreiding van week tot week van de lading van gebeurtenissen.",
    "school_event_fit_weight": "Lading van schoolgebeurtenissen per eenheid ervaren passendheid van de opleiding (rond het midden).",
    "school_event_competence_weight": "Lading van schoolgebeurtenissen per eenheid competentie op school (rond het midden).",
    "outside_event_need_weight": "Lading van gebeurtenissen buiten school per eenheid behoeftevervulling buiten school (rond het midden).",
    "outside_event_stress_weight": "Lading van gebeurtenissen buiten school die verloren gaat per eenheid stress boven het gewone niveau.",
    "life_event_base_factor": "Kans op een ingrijpende gebeurtenis voor een student zonder kwetsbaarheid, ten opzichte van 'Ingrijpende gebeurtenissen'.",
    "life_event_vulnerability_gain": "Stijging van die kans per eenheid kwetsbaarheid, ten opzichte van 'Ingrijpende gebeurtenissen'.",
    "crisis_outside_event": "Lading van de gebeurtenis buiten school in de week van een crisis (ingrijpende gebeurtenis).",
    "crisis_stress_shock": "Stress buiten school die een crisis (ingrijpende gebeurtenis) toevoegt.",
    "stress_recovery_rate": "Tempo waarin stress buiten school terugkeert naar het gewone niveau van de student.",
    "failed_internship_event": "Lading van de schoolgebeurtenis in de week dat een laatstejaars geen stageplek vindt.",
    "control_responsiveness": "Hoe sterk docenten op weinig inzet reageren met controle.",
    "control_need_frustration": "Hoeveel controle van docenten de behoeftevervulling op school frustreert.",
    "control_baseline": "Controle van docenten bij gewone inzet in een volledig controlerend klimaat (maal 1 min het klimaat).",
    "control_rate": "Tempo waarin de ervaren controle van docenten haar richtwaarde volgt.",
    "pull_time_cost": "Tijdsinvestering die verloren gaat aan een aantrekkelijk alternatief buiten school bij volle trek.",
    "stress_drain": "Welbevinden en tijdsinvestering die stress buiten school wegtrekt.",
    "stress_time_share": "Deel van 'Energie verloren aan stress' dat stress buiten school aan tijdsinvestering kost (het welbevinden draagt het helemaal).",
    "peer_influence_strength": "Trek van de aanwezigheid en de binding van vrienden.",
    "friend_leaving_shock": "Daling van de binding als een vriend stopt.",
    "popularity_time_cost": "Tijdsinvestering die populaire studenten verliezen.",
    "peer_attendance_share": "Trek van de aanwezigheid van vrienden op de richtwaarde van de tijdsinvestering, ten opzichte van 'Kracht van vriendeninvloed'.",
    "peer_commitment_share": "Trek van de binding van vrienden op de richtwaarde van de binding, ten opzichte van 'Kracht van vriendeninvloed'.",
    "popularity_relatedness_gain": "Verbondenheid op school die populaire studenten winnen (rond het midden).",
    "need_rate": "Tempo waarin de behoeftevervulling de omstandigheden van de week volgt.",
    "need_weight_base": "Gewicht van competentie en verbondenheid in de behoeftevervulling uit een bron bij nul autonomie.",
    "need_autonomy_amplification": "Stijging van dat gewicht per eenheid autonomie (autonomie versterkt de andere twee behoeften).",
    "school_autonomy_base": "Richtwaarde van autonomie op school bij nul klimaat, geen controle en neutrale gebeurtenissen.",
    "school_autonomy_climate_weight": "Autonomie op school die een autonomie-ondersteunend klimaat per eenheid oplevert.",
    "school_autonomy_event_weight": "Autonomie op school per eenheid lading van schoolgebeurtenissen (rond neutraal).",
    "school_competence_base": "Richtwaarde van competentie op school bij nul ervaren passendheid, gewone inzet en neutrale gebeurtenissen.",
    "school_competence_fit_weight": "Competentie op school die de ervaren passendheid van de opleiding per eenheid oplevert.",
    "school_competence_effort_weight": "Competentie op school per eenheid tijdsinvestering (rond het midden).",
    "school_competence_event_weight": "Competentie op school per eenheid lading van schoolgebeurtenissen (rond neutraal).",
    "school_competence_control_share": "Deel van de frustratie door controle (volledig op autonomie) dat op competentie valt.",
    "school_relatedness_base": "Richtwaarde van verbondenheid op school vóór vrienden, gebeurtenissen en controle.",
    "school_relatedness_event_weight": "Verbondenheid op school per eenheid lading van schoolgebeurtenissen (rond neutraal).",
    "school_relatedness_control_share": "Deel van de frustratie door controle (volledig op autonomie) dat op verbondenheid valt.",
    "outside_autonomy_base": "Richtwaarde van autonomie buiten school zonder trek en stress en met neutrale gebeurtenissen.",
    "outside_autonomy_pull_weight": "Autonomie buiten school die de trek van buiten school per eenheid oplevert (mechanisme 4).",
    "outside_autonomy_event_weight": "Autonomie buiten school per eenheid lading van gebeurtenissen buiten school (rond neutraal).",
    "outside_autonomy_stress_weight": "Autonomie buiten school die verloren gaat per eenheid stress buiten school (mechanisme 4).",
    "outside_competence_base": "Richtwaarde van competentie buiten school zonder trek en stress en met neutrale gebeurtenissen.",
    "outside_competence_pull_weight": "Competentie buiten school die de trek van buiten school per eenheid oplevert (mechanisme 4).",
    "outside_competence_event_weight": "Competentie buiten school per eenheid lading van gebeurtenissen buiten school (rond neutraal).",
    "outside_competence_stress_weight": "Competentie buiten school die verloren gaat per eenheid stress buiten school (mechanisme 4).",
    "outside_relatedness_base": "Richtwaarde van verbondenheid buiten school zonder stress en met neutrale gebeurtenissen.",
    "outside_relatedness_event_weight": "Verbondenheid buiten school per eenheid lading van gebeurtenissen buiten school (rond neutraal).",
    "outside_relatedness_stress_weight": "Verbondenheid buiten school die verloren gaat per eenheid stress buiten school (mechanisme 4).",
    "wellbeing_base": "Richtwaarde van het welbevinden zonder enige behoeftevervulling (vóór het persoonlijke niveau).",
    "wellbeing_need_gain": "Stijging van de richtwaarde van het welbevinden per eenheid totale behoeftevervulling.",
    "wellbeing_school_weight": "Gewicht van de behoeftevervulling op school in de totale behoeftevervulling.",
    "wellbeing_outside_weight": "Gewicht van de behoeftevervulling buiten school in de totale behoeftevervulling.",
    "wellbeing_coach_weight": "Gewicht van de ervaren steun van de coach in de totale behoeftevervulling.",
    "coach_commitment_effect": "Binding (en half zoveel tijdsinvestering) die de band met de coach oplevert.",
    "support_mismatch_sd": "Spreiding tussen bedoelde en ervaren steun.",
    "bond_growth": "Tempo waarin de band bij elk contact groeit.",
    "support_bond_base": "Deel van de bedoelde steun dat aankomt zonder band (eerst vertrouwen, dan zorg).",
    "support_bond_gain": "Extra deel van de bedoelde steun dat aankomt per eenheid band.",
    "support_openness_base": "Deel van de bedoelde steun dat aankomt bij een gesloten student.",
    "support_openness_gain": "Extra deel dat aankomt per eenheid openheid van de student.",
    "support_fit_base": "Deel van de bedoelde steun dat een student ervaart van een actie die helemaal niet past.",
    "support_fit_gain": "Extra ervaren deel per eenheid passendheid tussen de actie en wat de student nodig heeft.",
    "confront_autonomy_base": "Deel van de bedoelde steun voor autonomie dat een student ervaart bij confronteren zonder band (het voelt als controle).",
    "confront_autonomy_bond_gain": "Extra ervaren steun voor autonomie bij confronteren, per eenheid band.",
    "coach_support_retention": "Deel van de ervaren steun van de coach dat van week tot week blijft (het zakt weg tussen contacten).",
    "bond_erosion": "Afname van de band per week (zonder contact).",
    "low_threshold_bond_factor": "Groei van de band bij een laagdrempelig contact, ten opzichte van andere contacten.",
    "bond_target_base": "Band waar contacten naartoe werken als de student geen steun voor autonomie ervaart.",
    "bond_target_autonomy_gain": "Stijging van dat richtpunt van de band per eenheid ervaren steun voor autonomie van de coach.",
    "openness_rate": "Tempo waarin de openheid van de student de band volgt.",
    "environment_stress_relief": "Stress buiten school die afneemt door de omgeving te betrekken, per eenheid ervaren steun voor autonomie.",
    "coach_time_share": "Tijdsinvestering per eenheid ervaren steun voor competentie, ten opzichte van 'Binding door de coach'.",
    "coach_wellbeing_effect": "Stijging van de richtwaarde van het welbevinden per eenheid ervaren steun voor autonomie van de coach.",
    "confront_need_threshold": "Tijdsinvestering waaronder een student confronteren nodig heeft.",
    "confront_need_gain": "Behoefte aan confronteren per eenheid tijdsinvestering onder die grens.",
    "emotional_need_threshold": "Welbevinden waaronder een student emotionele steun nodig heeft.",
    "emotional_need_gain": "Behoefte aan emotionele steun per eenheid welbevinden onder die grens.",
    "emotional_need_stress_weight": "Behoefte aan emotionele steun per eenheid stress buiten school.",
    "contact_need_threshold": "Band waaronder een student laagdrempelig contact nodig heeft.",
    "contact_need_gain": "Behoefte aan laagdrempelig contact per eenheid band onder die grens.",
    "environment_need_gain": "Behoefte om de omgeving te betrekken per eenheid stress buiten school.",
    "schoolwork_need_threshold": "Competentie op school waaronder een student hulp bij schoolwerk nodig heeft.",
    "schoolwork_need_gain": "Behoefte aan hulp bij schoolwerk per eenheid competentie op school onder die grens.",
    "motivating_need_threshold": "Binding waaronder een student motiveren nodig heeft.",
    "motivating_need_gain": "Behoefte aan motiveren per eenheid binding onder die grens.",
    "exercises_need_threshold": "Zelfvertrouwen waaronder een student oefeningen (zelfinzicht) nodig heeft.",
    "exercises_need_gain": "Behoefte aan oefeningen (zelfinzicht) per eenheid zelfvertrouwen onder die grens.",
    "confidence_rate": "Tempo waarin het zelfvertrouwen het ervaren succes volgt.",
    "confidence_bias": "Hoe sterk het huidige zelfvertrouwen kleurt hoe succesvol een student zichzelf ziet.",
    "success_competence_weight": "Gewicht van competentie op school in het succes van deze week op kleine doelen.",
    "success_effort_weight": "Gewicht van de tijdsinvestering (inzet) in het succes, vóór het gevoel van grip.",
    "success_event_weight": "Gewicht van de schoolgebeurtenissen van deze week in het succes op kleine doelen.",
    "failure_setback_weight": "Tegenslag per eenheid mislukking op de kleine doelen van deze week (succes onder het midden).",
    "realisation_absorb_threshold": "Binding waarboven tegenslagen worden opgevangen (of tot meer inzet aanzetten).",
    "realisation_try_harder": "Binding die een student per tegenslag wint zolang hij die opvangt.",
    "realisation_effort": "Tijdsinvestering die een betrokken student toevoegt naarmate tegenslagen zich opstapelen, bij volle spanning (grens bereikt), tot hij beseft dat de opleiding misschien niet lukt.",
    "strain_memory": "Geheugen van opgebouwde spanning: tegenslagen vervagen met deze tijdsduur.",
    "realisation_confidence_shield": "Deel van de schade aan zelfvertrouwen door een tegenslag dat een betrokken student opvangt, tot hij beseft dat de opleiding misschien niet lukt.",
    "realisation_drop": "Daling van de richtwaarde van de binding na het besef.",
    "setback_commitment_cost": "Binding die verloren gaat per tegenslag bij een student die hem niet opvangt (en bij iedereen als het mechanisme uit staat).",
    "realisation_recovery_share": "Spanning, als deel van de grens, waaronder een student die het besef had zijn oude richtwaarde van de binding terugkrijgt.",
    "spiral_commitment_to_time": "Hoe sterk binding de tijdsinvestering aanstuurt (S-curve).",
    "spiral_time_to_commitment": "Hoe sterk tijdsinvestering terugwerkt op de binding.",
    "spiral_tipping_commitment": "Binding waarbij het meedoen instort (het midden van de S-curve van de spiraal).",
    "spiral_steepness": "Steilheid van de S-curve waarmee de tijdsinvestering op binding reageert.",
    "flicker_gain": "Extra wisselvalligheid vlak voor het kantelpunt (flikkeren).",
    "abrupt_exit_probability": "Kans dat een plotselinge ingrijpende gebeurtenis meteen tot uitschrijving leidt.",
    "flicker_offset": "Bereidheid boven de drempel voor vertrek waarbij het flikkeren het sterkst is.",
    "flicker_width": "Breedte van de band van bereidheid waarin het flikkeren toeneemt.",
    "commitment_rate": "Tempo waarin de binding haar drijfveren volgt.",
    "time_rate": "Tempo waarin de tijdsinvestering haar drijfveren volgt.",
    "wellbeing_rate": "Tempo waarin het welbevinden de behoeftevervulling volgt.",
    "wellbeing_set_point": "Deel van de afwijking in welbevinden bij de start dat blijft als persoonlijk niveau (0: welbevinden volgt alleen de behoeftevervulling).",
    "state_noise": "Wisselvalligheid van week tot week van binding en tijdsinvestering.",
    "commitment_need_weight": "Verschuiving van de richtwaarde van de binding per eenheid behoeftevervulling op school (rond het midden).",
    "commitment_confidence_weight": "Verschuiving van de richtwaarde van de binding per eenheid zelfvertrouwen (rond het gewone niveau).",
    "time_set_point_base": "Richtwaarde van de tijdsinvestering van een gewone student, vóór de drijfveren van de mechanismen.",
    "time_autonomy_weight": "Verschuiving van de richtwaarde van de tijdsinvestering per eenheid autonomie op school (motivatie van binnenuit).",
    "time_confidence_weight": "Verschuiving van de richtwaarde van de tijdsinvestering per eenheid zelfvertrouwen.",
    "time_commitment_weight": "Verschuiving van de richtwaarde van de tijdsinvestering per eenheid binding die de student meebracht.",
    "time_noise_factor": "Wisselvalligheid van de tijdsinvestering ten opzichte van die van de binding.",
    "attendance_base": "Kans per week om aanwezig te zijn bij nul tijdsinvestering.",
    "attendance_time_gain": "Stijging van de kans per week om aanwezig te zijn per eenheid tijdsinvestering.",
    "absence_memory_rate": "Tempo van het lopende gemiddelde van verzuim (aandeel recente weken afwezig).",
    "instability_gain": "Onrust per eenheid verandering van week tot week in binding en tijdsinvestering.",
    "instability_memory_rate": "Tempo van het lopende gemiddelde van onrust.",
    "job_finding_rate": "Kans per week dat een jongere buiten het onderwijs werk vindt (gemiddelde aantrekkingskracht).",
    "job_loss_rate": "Kans per week om dat werk weer te verliezen.",
    "leaver_threshold": "Algemeen niveau van welbevinden en behoeftevervulling waaronder een vertrekker het onderwijs verlaat.",
    "leaver_decline_weight": "Hoeveel een recente achteruitgang van de algemene stand (tegenover het lopende gemiddelde over ongeveer tien weken) naast het niveau meetelt voor het verlaten van het onderwijs.",
    "undifferentiated_switch_share": "Aandeel overstappers als vertrek één onverdeeld proces is (mechanisme uit).",
    "post_leave_decline": "Achteruitgang per week van de behoeftevervulling van een schoolverlater na vertrek.",
    "general_memory_rate": "Tempo van het lopende gemiddelde van de algemene stand (0,1: een geheugen van ongeveer tien weken).",
    "leaver_chance_steepness": "Steilheid van de kans om het onderwijs te verlaten (in plaats van over te stappen) rond de drempel voor schoolverlaten.",
    "crisis_leaver_shift": "Extra kans om het onderwijs te verlaten (in plaats van over te stappen) na een crisis buiten school.",
    "job_finding_base_factor": "Factor op de kans op werk bij nul competentie buiten school (hij stijgt één op één met die competentie).",
    "school_need_decay_after_leaving": "Deel van de behoeftevervulling op school dat een schoolverlater elke week na vertrek verliest (naast 'Achteruitgang na vertrek').",
    "switcher_recovery_rate": "Tempo waarin de behoeftevervulling van een overstapper na vertrek herstelt.",
    "switcher_need_level": "Niveau waarnaar de behoeftevervulling van een overstapper na vertrek herstelt.",
    "coach_job_finding_effect": "De kans op werk wordt vermenigvuldigd met 1 + dit effect x de ervaren steun voor competentie van de coach.",
    "work_need_rate": "Tempo waarin werk de behoeftevervulling buiten school naar zijn niveau brengt.",
    "work_need_level": "Behoeftevervulling buiten school die werk oplevert voor een jongere buiten het onderwijs.",
    "leaver_stress_creep": "Stijging per week van de stress buiten school van een schoolverlater zonder werk.",
    "leave_hazard_max": "Kans per week op vertrek bij de allerlaagste bereidheid om door te gaan.",
    "leave_threshold": "Bereidheid om door te gaan (binding, tijd, zelfvertrouwen) waarbij de vertrekkans de helft van het maximum is.",
    "leave_relative_weight": "Hoeveel de bereidheid wordt afgezet tegen de eigen verwachtingen van de student (de meegebrachte binding) in plaats van op een vaste schaal.",
    "leave_steepness": "Steilheid van de vertrekkans rond de drempel.",
    "holiday_hazard_factor": "Vertrekkans in vakantieweken ten opzichte van schoolweken.",
    "readiness_commitment_weight": "Gewicht van binding in de bereidheid om door te gaan (ook in het verwachtingsdeel van de vertrekkans).",
    "readiness_time_weight": "Gewicht van tijdsinvestering in de bereidheid om door te gaan.",
    "readiness_confidence_weight": "Gewicht van zelfvertrouwen in de bereidheid om door te gaan.",
    "friend_leaving_memory": "Deel van het aantal vertrokken vrienden dat een week later nog wordt gevoeld.",
    "pass_threshold": "Gemiddelde van tijdsinvestering en zelfvertrouwen waarbij de helft van de studenten overgaat naar het volgende jaar.",
    "pass_steepness": "Steilheid van de kans om over te gaan rond die grens.",
}

# Life domains (vsvsim/mechanisms/life_domains.py) and the screening that reads them: the
# per-domain parameters follow one pattern, so their labels are built from the domains'
# Dutch and English names.
_DOMAIN_NAMES: dict[str, tuple[str, str]] = {
    "home_family": ("thuis en gezin", "home and family"),
    "money_debts": ("geld en schulden", "money and debts"),
    "mental_health": ("psychische gezondheid", "mental health"),
    "addiction": ("verslaving", "addiction"),
    "housing": ("huisvesting", "housing"),
    "justice": ("justitie", "justice"),
    "health_pregnancy": ("gezondheid en zwangerschap", "health and pregnancy"),
}
PARAM_LABELS.update(
    {
        "life_domains": ("Leefgebieden", "Life domains"),
        "domain_level_factor_1": ("Leefgebieden: factor niveau 1", "Life domains: level-1 factor"),
        "domain_level_factor_2": ("Leefgebieden: factor niveau 2", "Life domains: level-2 factor"),
        "domain_level_factor_3": ("Leefgebieden: factor niveau 3", "Life domains: level-3 factor"),
        "domain_risk_factor_orange": (
            "Leefgebieden: factor oranje",
            "Life domains: orange factor",
        ),
        "domain_risk_factor_red": ("Leefgebieden: factor rood", "Life domains: red factor"),
        "domain_severity_min": ("Kleinste ernst van een probleem", "Smallest problem severity"),
        "domain_stress_floor": (
            "Stress zonder problemen op een leefgebied",
            "Stress without domain problems",
        ),
        "domain_need_frustration": (
            "Behoeften gefrustreerd door problemen",
            "Needs frustrated by problems",
        ),
        "domain_time_cost": ("Tijd die nieuwe problemen kosten", "Time that new problems cost"),
        "domain_disruption_weeks": (
            "Weken tot een nieuw probleem is ingepast",
            "Weeks to fit a new problem in",
        ),
        "quickscan_school_weight": (
            "Gewicht van school in de quickscan",
            "Weight of school in the quickscan",
        ),
        "ssm_interval_weeks": (
            "Weken tussen twee scores van de zelfredzaamheidsmatrix",
            "Weeks between self-sufficiency matrix scorings",
        ),
        "ssm_scope": ("Wie de zelfredzaamheidsmatrix krijgt", "Whose matrix is re-scored"),
        **{
            f"domain_prevalence_{k}": (f"Vóórkomen: {nl}", f"Prevalence: {en}")
            for k, (nl, en) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_weeks_{k}": (f"Duur van een probleem: {nl}", f"Duration of a problem: {en}")
            for k, (nl, en) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_burden_{k}": (f"Stress door {nl}", f"Stress from {en}")
            for k, (nl, en) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_acute_share_{k}": (f"Aandeel crises: {nl}", f"Share of crises: {en}")
            for k, (nl, en) in _DOMAIN_NAMES.items()
        },
    }
)
DOCS_NL.update(
    {
        "life_domains": "Leefgebieden: problemen per leefgebied vervangen de ene stressscore "
        "(hun som is de gewone stress), hun acute begin is de ingrijpende gebeurtenis, en de "
        "intakescreening is een quickscan van de leefgebieden.",
        "domain_level_factor_1": "Vóórkomen van elk leefgebied op niveau 1, ten opzichte van niveau 4.",
        "domain_level_factor_2": "Vóórkomen van elk leefgebied op niveau 2, ten opzichte van niveau 4.",
        "domain_level_factor_3": "Vóórkomen van elk leefgebied op niveau 3, ten opzichte van niveau 4.",
        "domain_risk_factor_orange": "Vóórkomen van elk leefgebied bij een student die echt "
        "oranje is, ten opzichte van groen.",
        "domain_risk_factor_red": "Vóórkomen van elk leefgebied bij een student die echt rood "
        "is, ten opzichte van groen.",
        "domain_severity_min": "Kleinste ernst van een probleem (de ernst is gelijk verdeeld "
        "tussen deze waarde en 1).",
        "domain_stress_floor": "Gewone stress buiten school van een student zonder problemen "
        "op een leefgebied.",
        "domain_need_frustration": "Wekelijks verlies van de behoefte buiten school die een "
        "leefgebied frustreert, per eenheid ernst van het probleem.",
        "domain_time_cost": "Wekelijks verlies van tijdsinvestering per eenheid verstoring "
        "door nieuwe problemen op leefgebieden die tijd kosten.",
        "domain_disruption_weeks": "Weken die het kost om de eisen van een nieuw probleem "
        "(verhuizen, rechtszaak, afspraken, een baby) in te passen in de week; de verstoring "
        "neemt elke week met 1 / weken af.",
        "quickscan_school_weight": "Gewicht van het schooldomein (het schooldossier: "
        "verzuim, resultaten, motivatie) in de quickscan en de zelfredzaamheidsmatrix, naast "
        "de leefgebieden (0: de kleur alleen uit de leefgebieden).",
        "ssm_interval_weeks": "Schoolweken tussen twee scores van de zelfredzaamheidsmatrix van "
        "een student (0: nooit opnieuw; met de leefgebieden aan).",
        "ssm_scope": "Wiens zelfredzaamheidsmatrix opnieuw wordt gescoord: studenten met een "
        "projectcoach (de coach scoort) of elke ingeschreven student (het zorgteam).",
        **{
            f"domain_prevalence_{k}": f"Aandeel groene studenten op niveau 4 met een probleem "
            f"op het gebied {nl} (vóór de factoren voor niveau en risico)."
            for k, (nl, _) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_weeks_{k}": f"Gemiddelde duur van een probleem op het gebied {nl}."
            for k, (nl, _) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_burden_{k}": f"Gewone stress buiten school erbij per eenheid ernst van "
            f"een probleem op het gebied {nl}."
            for k, (nl, _) in _DOMAIN_NAMES.items()
        },
        **{
            f"domain_acute_share_{k}": f"Aandeel nieuwe problemen op het gebied {nl} dat als "
            "crisis begint (de ernstigste): een ingrijpende gebeurtenis die de inschrijving "
            "ineens kan beëindigen."
            for k, (nl, _) in _DOMAIN_NAMES.items()
        },
    }
)

# Tracks (BOL/BBL), exits the school decides and study choice (vsvsim/population/tracks.py,
# vsvsim/interventions/school_exits.py, vsvsim/mechanisms/study_choice.py).
PARAM_LABELS.update(
    {
        "tracks": ("Leerwegen BOL en BBL", "Tracks BOL and BBL"),
        **{
            f"bbl_share_level_{k}": (f"Aandeel BBL op niveau {k}", f"BBL share at level {k}")
            for k in (1, 2, 3, 4)
        },
        "bbl_age_weight": ("Gewicht van leeftijd voor BBL", "Weight of age for BBL"),
        "bbl_placement_loss_rate": (
            "Kans per week dat een BBL'er zijn leerbedrijf verliest",
            "Weekly chance a BBL student loses its training company",
        ),
        "bbl_slack_loss_gain": (
            "Extra verlies van leerbedrijven bij een ruime arbeidsmarkt",
            "Extra loss of training companies in a slack labour market",
        ),
        "bbl_search_rate": (
            "Kans per week op een nieuw leerbedrijf",
            "Weekly chance of a new training company",
        ),
        "bbl_search_weeks": (
            "Zoekweken voor een nieuw leerbedrijf",
            "Weeks to find a new training company",
        ),
        "bol_internship_from_year": (
            "Eerste opleidingsjaar met stage (BOL)",
            "First programme year with an internship (BOL)",
        ),
        "binding_study_advice": ("Bindend studieadvies", "Binding study advice"),
        "bsa_threshold": ("Grens voor een negatief BSA", "Threshold of a negative BSA"),
        "bsa_min_weeks": (
            "Schoolweken ingeschreven vóór een BSA",
            "School weeks enrolled before a BSA",
        ),
        "deregistration": ("Uitschrijving na langdurig verzuim", "Deregistration after absence"),
        "dereg_weeks": (
            "Weken langdurig verzuim tot uitschrijving",
            "Weeks of long absence before deregistration",
        ),
        "dereg_time_investment": (
            "Tijdsinvestering onder welke verzuim langdurig telt",
            "Time investment below which absence counts as long",
        ),
        "study_choice": ("Studiekeuze en overstappen", "Study choice and switching"),
        "choice_guidance": ("Kwaliteit van de studiekeuzebegeleiding", "Study-choice guidance"),
        "guidance_fit_effect": (
            "Betere keuze door begeleiding",
            "Better choice through guidance",
        ),
        "guidance_expectation_effect": (
            "Realistischere verwachtingen door begeleiding",
            "More realistic expectations through guidance",
        ),
        "guidance_discovery_rate": (
            "Sneller inzicht in de passendheid in jaar 1",
            "Faster insight into fit in year 1",
        ),
        "switch_fit_learning": (
            "Betere passendheid na overstap per geleerde misfit",
            "Better fit after a switch per misfit learned",
        ),
        "internal_switch_share": (
            "Aandeel overstappers binnen de eigen school",
            "Share of switchers within the college",
        ),
        "switch_intake_moments": (
            "Instroommomenten per jaar voor interne overstappers",
            "Intake moments a year for internal switchers",
        ),
    }
)
DOCS_NL.update(
    {
        "tracks": "Leerwegen: BOL (schoolse leerweg, met stages) en BBL (beroepsbegeleidende "
        "leerweg: wie het leerbedrijf verliest en geen nieuw vindt, moet de opleiding "
        "verlaten).",
        **{
            f"bbl_share_level_{k}": f"Aandeel studenten op niveau {k} in de "
            "beroepsbegeleidende leerweg (BBL)."
            for k in (1, 2, 3, 4)
        },
        "bbl_age_weight": "Hoe sterk de leeftijd bij instroom binnen een niveau bepaalt wie in "
        "de BBL zit (gewicht van de gestandaardiseerde leeftijd tegen toeval; 0: leeftijd "
        "telt niet).",
        "bbl_placement_loss_rate": "Kans per week dat een BBL-student zijn leerbedrijf "
        "verliest (bij een gemiddelde arbeidsmarkt).",
        "bbl_slack_loss_gain": "Hoeveel sneller leerbedrijven verloren gaan bij een ruime "
        "lokale arbeidsmarkt: de kans wordt vermenigvuldigd met exp(factor x (0,5 - "
        "krapte) / 0,5).",
        "bbl_search_rate": "Kans per week dat een BBL-student zonder leerbedrijf een nieuw "
        "vindt (gemiddelde arbeidsmarkt en competentie).",
        "bbl_search_weeks": "Weken die een BBL-student heeft om een nieuw leerbedrijf te "
        "vinden voordat de opleiding eindigt.",
        "bol_internship_from_year": "Eerste opleidingsjaar waarin BOL-studenten een "
        "stageplaats nodig hebben (met de leerwegen aan; het laatste jaar heeft er altijd "
        "een).",
        "binding_study_advice": "Bindend studieadvies: aan het eind van jaar 1 moet een "
        "student met een grote achterstand de opleiding verlaten.",
        "bsa_threshold": "Studievoortgang over jaar 1 (gemiddelde van tijdsinvestering en "
        "zelfvertrouwen in de schoolweken) waaronder een student een negatief bindend "
        "studieadvies krijgt.",
        "bsa_min_weeks": "Schoolweken die een student in het schooljaar ingeschreven moet "
        "zijn voordat hij een bindend studieadvies krijgt.",
        "deregistration": "Uitschrijving: de school schrijft een student uit na een lange "
        "reeks schoolweken van verzuim.",
        "dereg_weeks": "Aaneengesloten schoolweken van langdurig verzuim waarna de school "
        "een student uitschrijft.",
        "dereg_time_investment": "Tijdsinvestering waaronder een gemiste schoolweek telt als "
        "week van langdurig verzuim (de student is zo goed als gestopt).",
        "study_choice": "Studiekeuze: begeleiding verbetert de passendheid bij instroom, een "
        "nieuwe opleiding past beter naarmate de student meer leerde over wat niet paste, "
        "en overstappers kunnen binnen hun school overstappen.",
        "choice_guidance": "Kwaliteit van de studie- en loopbaanbegeleiding vóór en tijdens "
        "jaar 1, boven de huidige praktijk (0: zoals nu, 1: de beste).",
        "guidance_fit_effect": "Deel van het tekort aan passendheid onder het gemiddelde dat "
        "de beste begeleiding wegneemt (een betere keuze).",
        "guidance_expectation_effect": "Deel van het verschil tussen de gehoopte en de echte "
        "passendheid dat de beste begeleiding bij de start wegneemt (realistische "
        "verwachtingen).",
        "guidance_discovery_rate": "Extra tempo per week waarmee eerstejaars onder de beste "
        "begeleiding zien hoe goed de opleiding echt past (loopbaanbegeleiding in jaar 1).",
        "switch_fit_learning": "Passendheid die een nieuwe opleiding wint per eenheid misfit "
        "die de student in de oude leerde (0: de oude passendheid plus toeval).",
        "internal_switch_share": "Deel van de overstappers dat binnen de eigen school "
        "overstapt (en in het onderwijs blijft) in plaats van elders opnieuw te beginnen.",
        "switch_intake_moments": "Instroommomenten per jaar voor de nieuwe opleiding van een "
        "interne overstapper (1 september; 2 ook februari; 3 ook november; 4 ook april).",
    }
)

#: Units: the parameter table's unit -> (Dutch, English).
UNITS: dict[str, tuple[str, str]] = {
    "0-1": ("0-1", "0-1"),
    "0-1 at tolerance": ("0-1 bij de grens", "0-1 at tolerance"),
    "0-1 per 0-1": ("0-1 per 0-1", "0-1 per 0-1"),
    "0-1 per friend": ("0-1 per vriend", "0-1 per friend"),
    "0-1 per setback": ("0-1 per tegenslag", "0-1 per setback"),
    "0-1 per unit": ("0-1 per eenheid", "0-1 per unit"),
    "0-1 per week": ("0-1 per week", "0-1 per week"),
    "1/0-1": ("1/0-1", "1/0-1"),
    "EUR per hour": ("euro per uur", "euros per hour"),
    "EUR per coach": ("euro per coach", "euros per coach"),
    "hours per match": ("uur per koppeling", "hours per match"),
    "hours per student-week": ("uur per studentweek", "hours per student-week"),
    "attempts": ("pogingen", "attempts"),
    "0-1 per contact": ("0-1 per contact", "0-1 per contact"),
    "students per year": ("studenten per jaar", "students per year"),
    "minutes per attempt": ("minuten per poging", "minutes per attempt"),
    "x bond at leaving": ("x band bij vertrek", "x bond at leaving"),
    "beta concentration": ("concentratie (bètaverdeling)", "beta concentration"),
    "beta shape": ("vormgetal (bètaverdeling)", "beta shape"),
    "choice": ("keuze", "choice"),
    "coaches": ("coaches", "coaches"),
    "correlation": ("correlatie", "correlation"),
    "friends": ("vrienden", "friends"),
    "hours per week": ("uur per week", "hours per week"),
    "log units": ("log-eenheden", "log units"),
    "mbo level": ("mbo-niveau", "mbo level"),
    "minutes per contact": ("minuten per contact", "minutes per contact"),
    "per 0-1": ("per 0-1", "per 0-1"),
    "per contact": ("per contact", "per contact"),
    "per week": ("per week", "per week"),
    "per year": ("per jaar", "per year"),
    "probability": ("kans", "probability"),
    "probability per 0-1": ("kans per 0-1", "probability per 0-1"),
    "programmes": ("opleidingen", "programmes"),
    "school years": ("schooljaren", "school years"),
    "schools": ("scholen", "schools"),
    "share": ("aandeel", "share"),
    "sd": ("standaarddeviaties", "standard deviations"),
    "share kept per week": ("aandeel dat per week blijft", "share kept per week"),
    "share of absence_conversation_threshold": (
        "aandeel van het verzuim voor een gesprek",
        "share of the absence for a conversation",
    ),
    "share of initial cohort": ("aandeel van het begincohort", "share of the initial cohort"),
    "share of recent weeks absent": (
        "aandeel recente weken afwezig",
        "share of recent weeks absent",
    ),
    "share of year-start chance": (
        "aandeel van de kans bij de jaarstart",
        "share of the year-start chance",
    ),
    "share per week": ("aandeel per week", "share per week"),
    "strain units": ("eenheden spanning", "strain units"),
    "students": ("studenten", "students"),
    "switch": ("aan/uit", "on/off"),
    "week of the school year": ("week van het schooljaar", "week of the school year"),
    "weeks": ("weken", "weeks"),
    "hours": ("uren", "hours"),
    "hours per absent week": ("uren per afwezige week", "hours per absent week"),
    "school weeks": ("schoolweken", "school weeks"),
    "0-1 on the time set point": ("0-1 op het streefniveau van tijd", "0-1 on the time set point"),
    "moments": ("momenten", "moments"),
    "weight": ("gewicht", "weight"),
    "weight per 0-1": ("gewicht per 0-1", "weight per 0-1"),
    "x": ("x", "x"),
    "x bond_growth": ("x groei van de band", "x bond growth"),
    "x coach_commitment_effect": ("x binding door de coach", "x commitment from the coach"),
    "x decline": ("x achteruitgang", "x decline"),
    "x hazard": ("x kans", "x hazard"),
    "x intended": ("x bedoelde steun", "x intended support"),
    "x intended per unit bond": (
        "x bedoelde steun per eenheid band",
        "x intended support per unit bond",
    ),
    "x intended per unit fit": (
        "x bedoelde steun per eenheid passendheid",
        "x intended support per unit fit",
    ),
    "x intended per unit openness": (
        "x bedoelde steun per eenheid openheid",
        "x intended support per unit openness",
    ),
    "x job_finding_rate": ("x kans op werk na vertrek", "x job finding after leaving"),
    "x life_event_rate": ("x kans op ingrijpende gebeurtenissen", "x life-event chance"),
    "x life_event_rate per unit": (
        "x kans op ingrijpende gebeurtenissen per eenheid",
        "x life-event chance per unit",
    ),
    "x noise": ("x ruis", "x noise"),
    "x per 0-1": ("x per 0-1", "x per 0-1"),
    "x per unit": ("x per eenheid", "x per unit"),
    "x per unit bond": ("x per eenheid band", "x per unit bond"),
    "x per unit support": ("x per eenheid steun", "x per unit support"),
    "x reentry_leaver": ("x terugkeer van schoolverlaters", "x re-entry of school leavers"),
    "x state_noise": ("x wisselvalligheid per week", "x weekly noise"),
    "x strength": ("x kracht van vriendeninvloed", "x peer influence strength"),
    "x tolerance": ("x grens van opgebouwde spanning", "x strain tolerance"),
    "x weekly change": ("x verandering per week", "x weekly change"),
    "year": ("jaar", "year"),
    "years": ("jaar", "years"),
}

#: Choices of text parameters: (parameter, value) -> (Dutch, English).
CHOICES: dict[tuple[str, str], tuple[str, str]] = {
    ("preventive", "none"): ("geen", "none"),
    ("preventive", "screening"): ("na intakescreening", "after intake screening"),
    ("preventive", "early_warning"): ("na een vroegsignaal", "after an early-warning signal"),
    ("after_leaving", "handover"): ("overdracht aan een nieuwe coach", "handover to a new coach"),
    ("after_leaving", "continue"): ("dezelfde coach gaat door", "the same coach carries on"),
    ("project_profile", "generic"): ("algemeen", "generic"),
    ("project_profile", "mijn_school"): ("Mijn School", "Mijn School"),
    ("project_profile", "buro"): ("Het Buro", "Het Buro"),
    ("project_profile", "plusgroep"): ("Plusgroep", "Plusgroep"),
    ("project_location", "inside"): ("binnen de school", "inside the school"),
    ("project_location", "outside"): ("buiten de school", "outside the school"),
    ("coach_type", "professional"): ("professional", "professional"),
    ("coach_type", "intern"): ("stagiair", "intern"),
    ("coach_type", "volunteer"): ("vrijwilliger", "volunteer"),
    ("coach_type", "specialist"): ("gedragsdeskundige", "behavioural specialist"),
    ("coach_type", "routed"): ("volgens toewijzing", "by routing"),
    ("coach_routing", "single"): ("één soort coach", "one kind of coach"),
    ("coach_routing", "buro"): ("zoals Het Buro", "as Het Buro"),
    ("coach_routing", "plusgroep"): ("zoals de Plusgroep", "as Plusgroep"),
    ("ssm_scope", "coached"): ("gecoachte studenten", "coached students"),
    ("ssm_scope", "all"): ("alle studenten", "every student"),
}

#: Scenario names and one-line descriptions: name -> {language: (label, description)}.
SCENARIOS: dict[str, dict[str, tuple[str, str]]] = {
    "tracks_and_choice": {
        "nl": (
            "Leerwegen en studiekeuze",
            "BOL en BBL (wie zijn leerbedrijf verliest en geen nieuw vindt, stopt), een "
            "bindend studieadvies, uitschrijving na langdurig verzuim, en betere "
            "studiekeuzebegeleiding met overstappen binnen de school.",
        ),
        "en": (
            "Tracks and study choice",
            "BOL and BBL (losing the training company and finding none ends the "
            "programme), a binding study advice, deregistration after long absence, and "
            "better study-choice guidance with switching within the college.",
        ),
    },
    "life_domains": {
        "nl": (
            "Leefgebieden",
            "Problemen per leefgebied maken de stress buiten school; een quickscan bij de "
            "intake en een zelfredzaamheidsmatrix elke zes weken, zodat kleuren in het jaar "
            "veranderen.",
        ),
        "en": (
            "Life domains",
            "Problems by life domain make up outside stress; a quickscan at intake and a "
            "self-sufficiency matrix every six weeks, so colours change during the year.",
        ),
    },
    "baseline": {
        "nl": (
            "Uitgangssituatie",
            "Alleen de gewone begeleiding door de slb'er; bij verzuim een brief, boven een drempel een gesprek.",
        ),
        "en": (
            "Baseline",
            "Regular mentoring only; absence brings a letter, above a threshold a conversation.",
        ),
    },
    "preventive_screening": {
        "nl": (
            "Preventief na screening",
            "Studenten met oranje of rood bij de intake krijgen een professionele coach zolang er plek is.",
        ),
        "en": (
            "Preventive after screening",
            "Students screened orange or red at intake get a professional coach while places last.",
        ),
    },
    "preventive_early_warning": {
        "nl": (
            "Preventief na vroegsignaal",
            "Een coach zodra het vroegsignaal afgaat (dalende binding of zelfvertrouwen, onrust, verzuim).",
        ),
        "en": (
            "Preventive after early warning",
            "A coach once the early-warning signal is raised (falling commitment or confidence, instability, absence).",
        ),
    },
    "curative": {
        "nl": (
            "Curatief (na vertrek)",
            "Coaching pas nadat een student gestopt is, gericht op terugkeer naar school of werk.",
        ),
        "en": (
            "Curative (after leaving)",
            "Coaching only after a student has left, aimed at re-entry or work.",
        ),
    },
    "integrated": {
        "nl": (
            "Geïntegreerd (zelfde coach)",
            "Preventieve coaching; als de student toch stopt, gaat dezelfde coach door.",
        ),
        "en": (
            "Integrated (same coach)",
            "Preventive coaching; if the student still leaves, the same coach carries on.",
        ),
    },
    "handover": {
        "nl": (
            "Overdracht bij vertrek",
            "Preventieve coaching; bij vertrek neemt een nieuwe curatieve coach het over, vanaf nul vertrouwen.",
        ),
        "en": (
            "Handover at leaving",
            "Preventive coaching; at leaving a new curative coach takes over, from zero trust.",
        ),
    },
    "curative_process": {
        "nl": (
            "Curatief als proces",
            "Het RMC registreert schoolverlaters en probeert ze te bereiken (brief, bellen, huisbezoek); een curatieve coach bouwt vertrouwen op en werkt naar terugkeer op een instroommoment of naar werk.",
        ),
        "en": (
            "Curative as a process",
            "The RMC registers school leavers and reaches out (letter, calls, home visit); a curative coach builds trust and works towards re-entry at an intake moment or towards work.",
        ),
    },
    "handover_process": {
        "nl": (
            "Overdracht bij vertrek (proces)",
            "Preventieve coaching; bij vertrek meldt de school de jongere bij het RMC, dat hem moet bereiken; de nieuwe coach begint bij nul vertrouwen.",
        ),
        "en": (
            "Handover at leaving (process)",
            "Preventive coaching; at leaving the school reports the youngster to the RMC, which has to reach them; the new coach starts from zero trust.",
        ),
    },
    "integrated_process": {
        "nl": (
            "Eén coach voor en na vertrek (proces)",
            "Preventieve coaching; bij vertrek gaat dezelfde coach door: geen gat om de jongere te bereiken en het vertrouwen blijft.",
        ),
        "en": (
            "One coach before and after leaving (process)",
            "Preventive coaching; at leaving the same coach carries on: no outreach gap, and the trust is kept.",
        ),
    },
    "waiting_list": {
        "nl": (
            "Wachtlijst en verwijsroutes",
            "Preventieve coaching met beperkte plekken: screening, verwijzing door de mentor en zelf aanmelden; wie geen plek heeft wacht, met een vast aantal plaatsen per jaar.",
        ),
        "en": (
            "Waiting list and referral routes",
            "Preventive coaching with limited places: screening, mentor referral and self-referral; who finds no place waits, with a fixed number of places a year.",
        ),
    },
    "tiers_buro": {
        "nl": (
            "Soorten coaches zoals Het Buro",
            "Preventieve coaching met stagiairs voor oranje en een gedragsdeskundige voor rood; of de coach bij de zwaarte past bepaalt het effect.",
        ),
        "en": (
            "Coach tiers as Het Buro",
            "Preventive coaching with interns for orange and a behavioural specialist for red; the fit between coach and severity sets the effect.",
        ),
    },
    "tiers_plusgroep": {
        "nl": (
            "Soorten coaches zoals de Plusgroep",
            "Een Pluscoach bij complexe problemen, een Plusmaatje bij lichtere problemen of als de jongere professionele hulp afwijst; schulden eerst.",
        ),
        "en": (
            "Coach tiers as Plusgroep",
            "A Pluscoach for complex problems, a Plusmaatje for lighter ones or a youngster who rejects professional help; debts first.",
        ),
    },
    "process_study": {
        "nl": (
            "Procesonderzoek (kalibratie)",
            "De wekelijkse studie uit het boek, om het model te ijken.",
        ),
        "en": (
            "Process study (calibration)",
            "The weekly study of the book, to calibrate the model.",
        ),
    },
    "kvj_projects": {
        "nl": (
            "Kansen voor Jongeren (kalibratie)",
            "De projecten van de evaluatie, om het model te ijken.",
        ),
        "en": (
            "Kansen voor Jongeren (calibration)",
            "The evaluated projects, to calibrate the model.",
        ),
    },
}

#: Outcomes of the comparison: metric -> {language: (label, one-line explanation)}.
# Coaching intensity that follows need (vsvsim/interventions/intensity.py).
PARAM_LABELS.update(
    {
        "coach_intensity": ("Intensiteit van de coaching", "Coaching intensity"),
        "coach_need_contacts": ("Contacten per week zonder behoefte", "Contacts a week, no need"),
        "coach_need_contacts_gain": (
            "Extra contacten per week naar behoefte",
            "Extra contacts a week by need",
        ),
        "coach_crisis_contacts": ("Extra contacten in een crisisweek", "Extra crisis contacts"),
        "coach_max_contacts": ("Meeste contacten per week", "Most contacts a week"),
        "coach_need_minutes": ("Duur van een gewoon contact", "Length of a routine contact"),
        "coach_crisis_minutes_factor": (
            "Duur van een contact in een crisisweek",
            "Length of a crisis contact",
        ),
        "coach_extra_contact_weight": (
            "Gewicht van elk volgend contact",
            "Weight of each further contact",
        ),
        "phase_trust_bond": ("Band voor de fase vertrouwen", "Bond for the trust phase"),
        "phase_goal_bond": ("Band voor de fase doelen", "Bond for the goals phase"),
        "phase_out_good_weeks": (
            "Weken doelen gehaald voor afbouw",
            "Weeks goals met to phase out",
        ),
        "phase_out_weeks": ("Afbouw voor het einde", "Phasing out before the end"),
        "phase_out_contact_factor": ("Contacten bij afbouw", "Contacts when phasing out"),
        "coach_second_action_share": ("Acties met twee soorten", "Actions of two types"),
        "coach_second_goal_share": ("Acties met twee doelen", "Actions with two goals"),
    }
)
DOCS_NL.update(
    {
        "coach_intensity": "Intensiteit van de coaching: vast (hooguit één contact per week met "
        "de vaste contactkans) of naar behoefte (contacten per week volgen de behoefte die de "
        "coach ziet en crises, trajecten in fasen, acties met twee soorten).",
        "coach_need_contacts": "Verwacht aantal contacten per week (naar behoefte) met een "
        "student bij wie de coach geen behoefte ziet.",
        "coach_need_contacts_gain": "Extra verwachte contacten per week per eenheid behoefte "
        "die de coach ziet (het gemiddelde van de waargenomen behoefte aan acties).",
        "coach_crisis_contacts": "Extra verwachte contacten in de week na een crisis "
        "(ingrijpende gebeurtenis), ook in vakanties.",
        "coach_max_contacts": "Meeste contacten met één student in een week (naar behoefte).",
        "coach_need_minutes": "Duur van een gewoon contact (naar behoefte).",
        "coach_crisis_minutes_factor": "Duur van een contact in een crisisweek ten opzichte van "
        "een gewoon contact.",
        "coach_extra_contact_weight": "Contactequivalenten die elk contact na het eerste in een "
        "week toevoegt: bedoelde steun i wordt 1-(1-i)^m en de band zet m stappen, m = 1 + dit "
        "x (contacten - 1) (afnemende meeropbrengst).",
        "phase_trust_bond": "Band waarboven contact leggen overgaat in vertrouwen opbouwen.",
        "phase_goal_bond": "Band waarboven de coach aan doelen werkt.",
        "phase_out_good_weeks": "Weken dat de doelen gehaald lijken voordat een traject wordt "
        "afgebouwd.",
        "phase_out_weeks": "Weken voor de maximale duur van het traject waarin het wordt "
        "afgebouwd.",
        "phase_out_contact_factor": "Verwachte gewone contacten bij afbouw, ten opzichte van "
        "de andere fasen.",
        "coach_second_action_share": "Kans dat de actie van een week ook bij een tweede soort "
        "actie hoort (naar behoefte).",
        "coach_second_goal_share": "Kans dat de actie van een week ook een tweede doel dient "
        "(naar behoefte).",
    }
)
UNITS.update(
    {
        "contacts per week": ("contacten per week", "contacts per week"),
        "contacts per week per 0-1": ("contacten per week per 0-1", "contacts per week per 0-1"),
        "contacts per contact": ("contacten per contact", "contacts per contact"),
    }
)
CHOICES.update(
    {
        ("coach_intensity", "fixed"): ("vast", "fixed"),
        ("coach_intensity", "need"): ("naar behoefte", "following need"),
    }
)
SCENARIOS["intensity"] = {
    "nl": (
        "Intensiteit naar behoefte",
        "Preventief na screening, met contacten die de behoefte volgen: meer in een crisisweek, "
        "minder als het goed gaat, binnen de uren van de coach; trajecten in fasen.",
    ),
    "en": (
        "Intensity following need",
        "Preventive after screening, with contacts that follow need: more in a crisis week, "
        "fewer when stable, within the coach's hours; trajectories in phases.",
    ),
}

METRICS: dict[str, dict[str, tuple[str, str]]] = {
    "dropout_rate": {
        "nl": (
            "Uitval",
            "Deel van de studenten dat stopt zonder diploma (overstappers en schoolverlaters).",
        ),
        "en": (
            "Dropout",
            "Share of students who stop without a diploma (switchers and school leavers).",
        ),
    },
    "school_leaver_rate": {
        "nl": ("Schoolverlaters", "Deel dat het onderwijs verlaat."),
        "en": ("School leavers", "Share who leave education."),
    },
    "switcher_rate": {
        "nl": ("Overstappers", "Deel dat stopt om een andere opleiding te beginnen."),
        "en": ("Switchers", "Share who stop to start another programme."),
    },
    "dropout_rate_at_risk": {
        "nl": ("Uitval in de risicogroep", "Uitval onder studenten met een verhoogd risico."),
        "en": ("Dropout, at-risk group", "Dropout among students at elevated risk."),
    },
    "dropout_rate_comparison": {
        "nl": ("Uitval in de vergelijkingsgroep", "Uitval onder studenten zonder verhoogd risico."),
        "en": ("Dropout, comparison group", "Dropout among students without elevated risk."),
    },
    "diploma_rate": {
        "nl": ("Diploma", "Deel dat in de gesimuleerde jaren een diploma haalt."),
        "en": ("Diploma", "Share who gain a diploma within the simulated years."),
    },
    "dropouts": {
        "nl": ("Uitvallers (aantal)", "Aantal studenten dat stopt zonder diploma."),
        "en": ("Dropouts (number)", "Number of students who stop without a diploma."),
    },
    "prevented_dropouts": {
        "nl": (
            "Voorkomen uitval (aantal)",
            "Uitvallers van de vergelijkingsbasis min uitvallers van dit scenario.",
        ),
        "en": (
            "Prevented dropouts (number)",
            "The reference's dropouts minus this scenario's dropouts.",
        ),
    },
    "out_at_end": {
        "nl": (
            "Buiten school aan het eind",
            "Deel dat aan het eind van de run gestopt is en niet terug.",
        ),
        "en": (
            "Out of school at the end",
            "Share who have left by the end of the run and not come back.",
        ),
    },
    "reentry_rate": {
        "nl": ("Terugkeer", "Deel van de vertrekkers dat weer met een opleiding begint."),
        "en": ("Re-entry", "Share of leavers who start a programme again."),
    },
    "median_left_week": {
        "nl": (
            "Mediane week van vertrek",
            "De helft van de vertrekkers stopt voor deze week van het schooljaar.",
        ),
        "en": (
            "Median week of leaving",
            "Half of the leavers stop before this week of the school year.",
        ),
    },
    "left_semester_1_share": {
        "nl": (
            "Vertrokken in het eerste halfjaar",
            "Deel van de vertrekkers dat voor februari stopt.",
        ),
        "en": ("Left in semester 1", "Share of leavers who stop before February."),
    },
    "status_after_year_education": {
        "nl": (
            "Een jaar later: weer onderwijs",
            "Van de vertrekkers: een jaar na vertrek weer op school.",
        ),
        "en": ("A year on: education", "Of the leavers: back in education a year after leaving."),
    },
    "status_after_year_work": {
        "nl": ("Een jaar later: werk", "Van de vertrekkers: een jaar na vertrek aan het werk."),
        "en": ("A year on: work", "Of the leavers: working a year after leaving."),
    },
    "status_after_year_neither": {
        "nl": (
            "Een jaar later: geen van beide",
            "Van de vertrekkers: een jaar na vertrek geen school en geen werk.",
        ),
        "en": (
            "A year on: neither",
            "Of the leavers: neither school nor work a year after leaving.",
        ),
    },
    "wellbeing_after_leaving": {
        "nl": (
            "Welbevinden na vertrek",
            "Gemiddeld welbevinden van vertrekkers na hun vertrek (0-1).",
        ),
        "en": ("Wellbeing after leaving", "Mean wellbeing of leavers after they left (0-1)."),
    },
    "ew_hits": {
        "nl": ("Vroegsignaal: terecht", "Gesignaleerde studenten die later stoppen."),
        "en": ("Early warning: hits", "Signalled students who later stop."),
    },
    "ew_false_alarms": {
        "nl": ("Vroegsignaal: vals alarm", "Gesignaleerde studenten die niet stoppen."),
        "en": ("Early warning: false alarms", "Signalled students who do not stop."),
    },
    "ew_misses": {
        "nl": ("Vroegsignaal: gemist", "Studenten die stoppen zonder signaal."),
        "en": ("Early warning: misses", "Students who stop without a signal."),
    },
    "ew_precision": {
        "nl": ("Vroegsignaal: trefzekerheid", "Deel van de signalen dat terecht was."),
        "en": ("Early warning: precision", "Share of signals that were right."),
    },
    "ew_recall": {
        "nl": ("Vroegsignaal: bereik", "Deel van de uitvallers dat een signaal kreeg."),
        "en": ("Early warning: recall", "Share of dropouts who were signalled."),
    },
    "coach_hours": {
        "nl": ("Coachuren", "Uren die projectcoaches aan contacten besteden."),
        "en": ("Coach hours", "Hours project coaches spend on contacts."),
    },
    "coach_cost": {
        "nl": (
            "Coachkosten",
            "Contacturen, het starten van coaches en de coördinatie van koppelingen samen.",
        ),
        "en": (
            "Coach cost",
            "Contact hours, starting coaches and coordinating matches together.",
        ),
    },
    "coach_hours_cost": {
        "nl": (
            "Coachkosten: contacturen",
            "Coachuren maal het uurtarief van het soort coach.",
        ),
        "en": (
            "Coach cost: contact hours",
            "Coach hours times the hourly cost of the kind of coach.",
        ),
    },
    "coach_start_cost": {
        "nl": (
            "Coachkosten: starten van coaches",
            "Werving, screening en training per aangenomen coach; verloop (stagiairs elk jaar, vrijwilligers die stoppen) laat ze terugkomen.",
        ),
        "en": (
            "Coach cost: starting coaches",
            "Recruitment, screening and training per coach hired; turnover (interns every year, volunteers who quit) makes it recur.",
        ),
    },
    "coordination_cost": {
        "nl": (
            "Coachkosten: coördinatie",
            "Uren van een coördinator (eenmalig per koppeling: intake, koppelen; bij vrijwilligers ook tussentijdse contacten per week) maal het uurtarief.",
        ),
        "en": (
            "Coach cost: coordination",
            "Coordinator hours (once per match: intake, matching; for volunteers also check-ins per week) times the hourly cost.",
        ),
    },
    "coordination_hours": {
        "nl": (
            "Coördinatie-uren",
            "Uren van coördinatoren voor intake, koppelen en tussentijdse contacten.",
        ),
        "en": ("Coordinator hours", "Hours of coordinators for intake, matching and check-ins."),
    },
    "checkin_hours": {
        "nl": (
            "Coördinatie-uren: tussentijdse contacten",
            "Het deel van de coördinatie-uren dat per week van een koppeling met een vrijwilliger terugkomt; een overdracht telt het niet opnieuw.",
        ),
        "en": (
            "Coordinator hours: check-ins",
            "The part of the coordinator hours that recurs every week of a match with a volunteer; a handover does not count it again.",
        ),
    },
    "basic_qualification_rate": {
        "nl": (
            "Startkwalificatie",
            "Deel van de studenten met een diploma op niveau 2 of hoger (Entree telt niet).",
        ),
        "en": (
            "Basic qualification",
            "Share of students with a diploma at level 2 or higher (Entree does not count).",
        ),
    },
    "basic_qualifications": {
        "nl": (
            "Startkwalificaties (aantal)",
            "Studenten met een diploma op niveau 2 of hoger aan het eind.",
        ),
        "en": (
            "Basic qualifications (number)",
            "Students with a diploma at level 2 or higher at the end.",
        ),
    },
    "extra_basic_qualifications": {
        "nl": (
            "Extra startkwalificaties",
            "Startkwalificaties van dit scenario min die van de vergelijkingsbasis.",
        ),
        "en": (
            "Extra basic qualifications",
            "This scenario's basic qualifications minus the reference's.",
        ),
    },
    "back_in_education_or_work": {
        "nl": (
            "Na een jaar terug in onderwijs of werk",
            "Vertrokken jongeren die een jaar na vertrek op school zitten of werken.",
        ),
        "en": (
            "Back in education or work a year on",
            "Youngsters who left and are in education or work a year after leaving.",
        ),
    },
    "extra_back_in_education_or_work": {
        "nl": (
            "Extra terug in onderwijs of werk",
            "Terug in onderwijs of werk in dit scenario min de vergelijkingsbasis.",
        ),
        "en": (
            "Extra back in education or work",
            "Back in education or work in this scenario minus the reference.",
        ),
    },
    "queue_left_waiting": {
        "nl": (
            "Vertrokken op de wachtlijst",
            "Studenten die stopten of een diploma haalden terwijl ze op een coach wachtten.",
        ),
        "en": ("Left while waiting", "Students who left or graduated while waiting for a coach."),
    },
    "queue_mean_wait_weeks": {
        "nl": (
            "Gemiddelde wachttijd (weken)",
            "Weken tussen verwijzing en een plek bij een coach, voor wie een plek kreeg.",
        ),
        "en": (
            "Mean wait (weeks)",
            "Weeks between referral and a place with a coach, for those placed.",
        ),
    },
    "outreach_cost": {
        "nl": (
            "Kosten van het bereiken (RMC)",
            "Tijd van brieven, telefoontjes en huisbezoeken maal het uurtarief van een professional.",
        ),
        "en": (
            "RMC outreach cost",
            "Time of letters, calls and home visits times a professional's hourly cost.",
        ),
    },
    "programme_cost": {
        "nl": ("Programmakosten", "Coachkosten plus de kosten van het bereiken door het RMC."),
        "en": ("Programme cost", "Coach cost plus the cost of the RMC's outreach."),
    },
    "cost_per_basic_qualification": {
        "nl": (
            "Kosten per extra startkwalificatie",
            "Extra programmakosten gedeeld door de extra startkwalificaties, tegen de vergelijkingsbasis.",
        ),
        "en": (
            "Cost per extra basic qualification",
            "Extra programme cost divided by the extra basic qualifications, against the reference.",
        ),
    },
    "cost_per_youngster_back": {
        "nl": (
            "Kosten per jongere terug in onderwijs of werk",
            "Extra programmakosten gedeeld door de extra jongeren die na een jaar op school zitten of werken.",
        ),
        "en": (
            "Cost per youngster back in education or work",
            "Extra programme cost divided by the extra youngsters in education or work a year after leaving.",
        ),
    },
    "cost_per_prevented_dropout": {
        "nl": (
            "Kosten per voorkomen uitvaller",
            "Extra coachkosten gedeeld door de voorkomen uitval, tegen de vergelijkingsbasis.",
        ),
        "en": (
            "Cost per prevented dropout",
            "Extra coach cost divided by the prevented dropouts, against the reference.",
        ),
    },
}

MONTHS: dict[int, tuple[str, str]] = {
    1: ("januari", "January"),
    2: ("februari", "February"),
    3: ("maart", "March"),
    4: ("april", "April"),
    5: ("mei", "May"),
    6: ("juni", "June"),
    7: ("juli", "July"),
    8: ("augustus", "August"),
    9: ("september", "September"),
    10: ("oktober", "October"),
    11: ("november", "November"),
    12: ("december", "December"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGUAGES.index(lang)]


def t(key: str, lang: str, **fields: Any) -> str:
    """The page text ``key`` in ``lang``, with ``{fields}`` filled in."""
    text = TEXTS[key][lang]
    return text.format(**fields) if fields else text


def label(name: str, lang: str) -> str:
    """Short label of parameter ``name``; its name where it has none.

    Every packaged parameter has a label (the tests check it); a parameter of a module
    registered later (``docs/extending.md``) shows by its name in both languages.
    """
    pair = PARAM_LABELS.get(name)
    return name if pair is None else _pick(pair, lang)


def help_text(name: str, lang: str) -> str:
    """One-line meaning of parameter ``name``: the table's ``doc`` in English."""
    if lang == "nl":
        return DOCS_NL.get(name, "")
    return PARAMETERS[name].doc


def unit(name: str, lang: str) -> str:
    """Unit of parameter ``name``; the table's own unit where it has no translation."""
    text = PARAMETERS[name].unit
    pair = UNITS.get(text)
    return text if pair is None else _pick(pair, lang)


def choice(name: str, value: str, lang: str) -> str:
    """Label of choice ``value`` of text parameter ``name``."""
    return _pick(CHOICES[name, value], lang)


def scenario_label(name: str, lang: str) -> str:
    """Display name of a shipped scenario; other names (uploads, copies) as they are."""
    if name in SCENARIOS:
        return SCENARIOS[name][lang][0]
    base, sep, rest = name.partition(" (")
    if sep and base in SCENARIOS:  # a second copy: "preventive_screening (2)"
        return f"{SCENARIOS[base][lang][0]} ({rest}"
    return name


# --- numbers ------------------------------------------------------------------------------


def fmt_number(value: float, lang: str, decimals: int = 0) -> str:
    """A number with the language's separators (Dutch: 1.234,5; English: 1,234.5)."""
    if value is None or not math.isfinite(value):
        return "-"
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.2 rounds to "-0": a zero has no sign
        text = text.lstrip("-")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_pct(value: float, lang: str, decimals: int = 1, sign: bool = True) -> str:
    """A 0-1 share as a percentage (Dutch: 6,0%)."""
    if value is None or not math.isfinite(value):
        return "-"
    return fmt_number(value * 100, lang, decimals) + ("%" if sign else "")


def fmt_count(value: float, lang: str) -> str:
    """A count, rounded."""
    return fmt_number(value, lang, 0)


def fmt_eur(value: float, lang: str) -> str:
    """An amount in euros (no cents)."""
    if value is None or not math.isfinite(value):
        return "-"
    return "€ " + fmt_number(value, lang, 0)


#: How each metric kind is written (kinds as in :data:`vsvsim.compare.METRICS`).
def fmt_metric(value: float, kind: str, lang: str, unit_sign: bool = True) -> str:
    """One value of a comparison metric of ``kind`` (pct, count, eur, week, score)."""
    if kind == "pct":
        return fmt_pct(value, lang, 1, unit_sign)
    if kind == "eur":
        return fmt_eur(value, lang) if unit_sign else fmt_number(value, lang, 0)
    if kind == "score":
        return fmt_number(value, lang, 2)
    return fmt_number(value, lang, 0)


# --- the story page -----------------------------------------------------------------------

#: Weekly state variables drawn as lines: column -> (Dutch, English).
SERIES: dict[str, tuple[str, str]] = {
    "commitment": ("binding met de opleiding", "commitment"),
    "time_investment": ("tijdsinvestering", "time investment"),
    "confidence": ("vertrouwen in studiesucces", "confidence"),
    "wellbeing": ("welbevinden", "wellbeing"),
    "need_school": ("behoeftevervulling op school", "needs met at school"),
    "need_outside": ("behoeftevervulling buiten school", "needs met outside school"),
    "need_coach": ("behoeftevervulling door de coach", "needs met by the coach"),
}

#: Coach action types and goals (the coach diary's categories): value -> (Dutch, English).
ACTIONS: dict[str, tuple[str, str]] = {
    "confronting": ("confronteren", "confronting"),
    "emotional_support": ("emotionele steun", "emotional support"),
    "low_threshold_contact": ("laagdrempelig contact", "low-threshold contact"),
    "involving_environment": ("de omgeving erbij betrekken", "involving the environment"),
    "schoolwork_support": ("hulp bij schoolwerk", "help with schoolwork"),
    "motivating": ("motiveren", "motivating"),
    "exercises": ("oefeningen", "exercises"),
}
GOALS: dict[str, tuple[str, str]] = {
    "relationship": ("de band verbeteren", "improving the relationship"),
    "self_insight": ("zelfinzicht", "self-insight"),
    "environment": ("de omgeving veranderen", "changing the environment"),
    "emotional_wellbeing": ("emotioneel welbevinden", "emotional wellbeing"),
    "school_skills": ("schoolvaardigheden", "school skills"),
}
#: Enrolment states: value -> (Dutch, English).
STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("nog niet begonnen", "not yet started"),
    "enrolled": ("ingeschreven", "enrolled"),
    "switcher": ("overstapper", "switcher"),
    "school_leaver": ("schoolverlater", "school leaver"),
    "diploma": ("diploma", "diploma"),
}
COLOURS_RISK: dict[str, tuple[str, str]] = {
    "green": ("groen", "green"),
    "orange": ("oranje", "orange"),
    "red": ("rood", "red"),
}

TEXTS.update(
    {
        "n_attended": {"nl": "Was op school of stage.", "en": "Went to school or the internship."},
        "n_absent": {"nl": "Was niet op school.", "en": "Did not go to school."},
        "n_school_good": {"nl": "Een fijne week op school.", "en": "A good week at school."},
        "n_school_bad": {"nl": "Een nare week op school.", "en": "A bad week at school."},
        "n_outside_good": {
            "nl": "Buiten school ging het goed.",
            "en": "Things went well outside school.",
        },
        "n_outside_bad": {
            "nl": "Buiten school zat het tegen.",
            "en": "Things went badly outside school.",
        },
        "n_stress": {
            "nl": "Veel stress thuis, met geld of met wonen.",
            "en": "A lot of stress at home, with money or housing.",
        },
        "n_control": {
            "nl": "Docenten grepen in met controle.",
            "en": "Teachers stepped in with control.",
        },
        "n_coach": {
            "nl": "Gesprek met de coach ({minutes} minuten): {action}, met als doel {goal}.",
            "en": "Talk with the coach ({minutes} minutes): {action}, aimed at {goal}.",
        },
        "n_life_event": {
            "nl": "Er gebeurde iets ingrijpends in het leven van de student.",
            "en": "Something drastic happened in the student's life.",
        },
        "n_left_switcher": {
            "nl": "Stopt met de opleiding om een andere te beginnen (overstapper).",
            "en": "Stops the programme to start another one (switcher).",
        },
        "n_left_school_leaver": {
            "nl": "Verlaat het onderwijs (schoolverlater).",
            "en": "Leaves education (school leaver).",
        },
        "n_left_diploma": {"nl": "Haalt het diploma.", "en": "Gains the diploma."},
        "n_out": {
            "nl": "Zit niet meer op deze opleiding ({status}).",
            "en": "No longer in this programme ({status}).",
        },
        "n_state": {
            "nl": "Binding {commitment}, tijdsinvestering {time_investment}, vertrouwen {confidence}, welbevinden {wellbeing}.",
            "en": "Commitment {commitment}, time investment {time_investment}, confidence {confidence}, wellbeing {wellbeing}.",
        },
        "o_stayed": {"nl": "bleef het hele jaar ingeschreven", "en": "stayed enrolled all year"},
        "o_left": {
            "nl": "werd {status} in week {week} ({month})",
            "en": "became a {status} in week {week} ({month})",
        },
        "o_diploma": {
            "nl": "haalde het diploma in week {week}",
            "en": "gained the diploma in week {week}",
        },
        "o_coached": {
            "nl": "; {weeks} weken coachcontact",
            "en": "; {weeks} weeks with coach contact",
        },
        "o_uncoached": {"nl": "; geen coachcontact", "en": "; no coach contact"},
        "cld_commitment": {"nl": "Binding", "en": "Commitment"},
        "cld_time": {"nl": "Tijdsinvestering", "en": "Time investment"},
        "cld_confidence": {"nl": "Vertrouwen", "en": "Confidence"},
        "cld_need_school": {"nl": "Behoeften school", "en": "Needs at school"},
        "cld_control": {"nl": "Controle docenten", "en": "Teacher control"},
        "cld_wellbeing": {"nl": "Welbevinden", "en": "Wellbeing"},
        "cld_outside": {"nl": "Stress en werk buiten", "en": "Stress and work outside"},
        "cld_bond": {"nl": "Band met coach", "en": "Bond with coach"},
    }
)


def pair(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The ``lang`` text of ``key`` in a (Dutch, English) table."""
    return _pick(table[key], lang)


def month_short(number: int, lang: str) -> str:
    """Three-letter name of calendar month ``number`` (Dutch: mrt for maart)."""
    if lang == "nl" and int(number) == 3:
        return "mrt"
    return month(number, lang)[:3]


def month(number: int, lang: str) -> str:
    """Name of calendar month ``number``."""
    return _pick(MONTHS[int(number)], lang)


# KvJ's success factors and per-tier contact levels (vsvsim/interventions/success_factors.py,
# intensity.py).
PARAM_LABELS.update(
    {
        "success_factors": ("Succesfactoren", "Success factors"),
        "college_ties": ("Banden met de school", "Ties with the college"),
        "warm_handover": ("Warme overdracht", "Warm handover"),
        "school_skills_focus": ("Nadruk op schoolse vaardigheden", "Focus on school skills"),
        "socioeconomic_focus": (
            "Nadruk op sociaal-economische problemen",
            "Focus on socio-economic problems",
        ),
        "admission_motivation": ("Toelating op motivatie", "Admission on motivation"),
        "ties_support_effect": ("Effect van de banden op de steun", "Ties' effect on support"),
        "ties_referral_effect": (
            "Effect van de banden op verwijzing",
            "Ties' effect on referral",
        ),
        "warm_handover_bond": ("Band na een warme overdracht", "Bond after a warm handover"),
        "cold_handover_weeks": (
            "Vertraging na een koude overdracht",
            "Delay after a cold handover",
        ),
        "focus_choice_shift": ("Verschuiving door de nadruk", "Shift by the focus"),
        "skills_competence_support": (
            "Competentiesteun door schoolse vaardigheden",
            "Competence support from school skills",
        ),
        "motivation_mean": ("Gemiddelde motivatie bij intake", "Mean motivation at intake"),
        "motivation_sd": ("Spreiding van de motivatie", "Spread of motivation"),
        "motivation_commitment_weight": (
            "Motivatie naar betrokkenheid",
            "Motivation by commitment",
        ),
        "motivation_growth": ("Groei van de motivatie", "Growth of motivation"),
        "motivation_effect": ("Effect van de motivatie", "Effect of motivation"),
        "motivation_lacking": (
            "Grens voor gebrek aan motivatie",
            "Threshold of lacking motivation",
        ),
        "contact_level_professional": (
            "Contactniveau professional",
            "Contact level, professional",
        ),
        "contact_level_intern": ("Contactniveau stagiair", "Contact level, intern"),
        "contact_level_volunteer": ("Contactniveau vrijwilliger", "Contact level, volunteer"),
        "contact_level_specialist": ("Contactniveau specialist", "Contact level, specialist"),
    }
)
DOCS_NL.update(
    {
        "success_factors": "De succesfactoren van Kansen voor Jongeren werken (banden met de "
        "school, warme overdracht, nadruk op schoolse vaardigheden of op sociaal-economische "
        "problemen, de motivatie van de jongere); uit: geen van alle.",
        "college_ties": "Banden tussen project en school (met succesfactoren): het werk van de "
        "coach werkt door in school en de school verwijst eerder; 0,5 is het gemiddelde project.",
        "warm_handover": "Deel van de preventieve verwijzingen met een warme overdracht (met "
        "succesfactoren): de student begint met wat vertrouwen; de anderen beginnen later.",
        "school_skills_focus": "Nadruk op schoolse vaardigheden (plannen, doelen, leren leren) "
        "naast zorg (met succesfactoren): meer doelen en acties daarop, meer competentiesteun.",
        "socioeconomic_focus": "Nadruk op sociaal-economische problemen (met succesfactoren): "
        "meer doelen en acties gericht op de omgeving, ten koste van de rest.",
        "admission_motivation": "Laagste gemeten motivatie voor het traject die het project "
        "toelaat (toelatingscommissie, met succesfactoren); 0 laat iedereen toe.",
        "ties_support_effect": "Verandering van de bedoelde steun van de coach per eenheid "
        "banden boven het gemiddelde project (maal de motivatie van de student).",
        "ties_referral_effect": "Verandering van de verwijsbereidheid van de school per eenheid "
        "banden boven het gemiddelde project.",
        "warm_handover_bond": "Band waarmee een warm overgedragen student begint (vertrouwen "
        "geleend van de mentor).",
        "cold_handover_weeks": "Extra weken voordat de contacten beginnen na een koude "
        "overdracht (de coach moet de student eerst bereiken).",
        "focus_choice_shift": "Verandering van het gewicht van de acties en doelen waar de "
        "nadruk op ligt, per eenheid nadruk boven het gemiddelde project.",
        "skills_competence_support": "Competentiesteun die de coach in elk contact bedoelt per "
        "eenheid van het aandeel schoolse vaardigheden in het werk boven dat van het gemiddelde "
        "project (maal de motivatie van de student).",
        "motivation_mean": "Gemiddelde motivatie voor het traject, gemeten bij de intake (bij "
        "gemiddelde betrokkenheid).",
        "motivation_sd": "Spreiding van de motivatie voor het traject bij de intake.",
        "motivation_commitment_weight": "Motivatie voor het traject per eenheid betrokkenheid "
        "boven 0,5 bij de intake.",
        "motivation_growth": "Deel van de ontbrekende motivatie dat per contact groeit, per "
        "eenheid band.",
        "motivation_effect": "Verandering van de bedoelde steun van de coach per eenheid "
        "motivatie boven het gemiddelde (0,6) van het gemiddelde project.",
        "motivation_lacking": "Motivatie bij de intake waaronder een jongere in het verslag als "
        "ongemotiveerd telt (geen effect).",
        "contact_level_professional": "Contactniveau van een professionele coach: "
        "vermenigvuldigt de verwachte gewone contacten (naar behoefte) en de wekelijkse "
        "contactkans (vast, hooguit één per week).",
        "contact_level_intern": "Contactniveau van een stagiair (als bij de professional).",
        "contact_level_volunteer": "Contactniveau van een vrijwilliger (als bij de professional).",
        "contact_level_specialist": "Contactniveau van een gedragsspecialist (als bij de "
        "professional).",
    }
)
UNITS.update(
    {
        "per contact per unit bond": ("per contact per eenheid band", "per contact per unit bond"),
    }
)
SCENARIOS["project_generic"] = {
    "nl": (
        "Gemiddeld project",
        "Preventief na screening met de succesfactoren op het gemiddelde niveau van de "
        "evaluatie van Kansen voor Jongeren.",
    ),
    "en": (
        "Generic project",
        "Preventive after screening with the success factors at the average level of the "
        "Kansen voor Jongeren evaluation.",
    ),
}
SCENARIOS["project_mijn_school"] = {
    "nl": (
        "Mijn School",
        "Aangepast programma binnen de school: eigen toelating, docent-coaches, contact van "
        "maandelijks tot dagelijks, nauwe banden, nadruk op schoolse vaardigheden.",
    ),
    "en": (
        "Mijn School",
        "Adapted programme inside the college: own admission, teacher-coaches, contact from "
        "monthly to daily, close ties, a focus on school skills.",
    ),
}
SCENARIOS["project_buro"] = {
    "nl": (
        "Het Buro",
        "In school: stagiairs voor groen en oranje, een gedragsspecialist voor rood, twee "
        "instroommomenten, goede banden met de school.",
    ),
    "en": (
        "Het Buro",
        "In school: interns for green and orange, a behavioural specialist for red, two "
        "intake moments, good ties with the school.",
    ),
}
SCENARIOS["project_plusgroep"] = {
    "nl": (
        "Plusgroep",
        "Buiten school: Pluscoach voor zware problemen, Plusmaatje voor lichtere, lossere "
        "banden met de school, schulden eerst.",
    ),
    "en": (
        "Plusgroep",
        "Outside school: Pluscoach for heavy problems, Plusmaatje for lighter ones, looser "
        "ties with the school, debts first.",
    ),
}
