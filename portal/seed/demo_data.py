"""Hold the demo's people and requests: who signs in, which cities ask for what, in which status.

``portal.seed.demo`` walks each request to its status through the real services; this module
is only the cast and the script it follows.
"""

from __future__ import annotations

from portal.policy.annual_report import OutcomeRating
from portal.policy.categories import NOT_SURE, Category
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role, SigningOffice

STAFF = (
    # email, name, title, role, division code, office
    ("admin@demo.example", "Avery Admin", "Portal Administrator", Role.ADMIN, "CCO", None),
    ("reviewer@demo.example", "Rosa Reviewer", "International Relations Officer",
     Role.CCO_REVIEWER, "CCO", None),
    ("edc@demo.example", "Eli Economic", "Senior Advisor, International Business",
     Role.SUPPORTING_REVIEWER, "EDC", None),
    ("division@demo.example", "Dana Division", "Policy Development Officer",
     Role.DIVISION_STAFF, "EDC", None),
    ("head@demo.example", "Harper Head", "General Manager, Economic Development and Culture",
     Role.SIGNING_AUTHORITY, "EDC", SigningOffice.DIVISION_HEAD),
    ("mayor@demo.example", "Morgan Mayor", "Chief of Staff, Office of the Mayor",
     Role.SIGNING_AUTHORITY, None, SigningOffice.MAYORS_OFFICE),
    ("citymanager@demo.example", "Cameron Manager", "City Manager",
     Role.SIGNING_AUTHORITY, "CMO", SigningOffice.CITY_MANAGER),
    # A Deputy City Manager's account holds no division: the policy matches it to its
    # service area by its name, the one configured below.
    ("dcm.growth@demo.example", "Devon Growth",
     "Deputy City Manager, Development and Growth Services",
     Role.SIGNING_AUTHORITY, None, SigningOffice.DEPUTY_CITY_MANAGER),
    ("dcm.infra@demo.example", "Riley Infra", "Deputy City Manager, Infrastructure Services",
     Role.SIGNING_AUTHORITY, None, SigningOffice.DEPUTY_CITY_MANAGER),
    ("solicitor@demo.example", "Sam Solicitor", "Solicitor, Legal Services",
     Role.SOLICITOR, "LGL", None),
)

# city, country, representative, email, category, years, status, title, areas
CITY_REQUESTS = (
    ("Lyon", "FR", "Camille Martin", "city@demo.example", Category.INTERNATIONAL_PROJECT, 2,
     Status.DRAFT, "Toronto–Lyon festival of lights exchange", ["culture", "tourism"]),
    ("Seoul", "KR", "Ji-woo Kim", "seoul@demo.example", Category.PARTNERSHIP_CITY, 5,
     Status.SUBMITTED, "Seoul–Toronto smart city partnership", ["technology", "transit"]),
    ("Medellín", "CO", "Valentina Restrepo", "medellin@demo.example",
     Category.INTERNATIONAL_PROJECT, 3, Status.IN_TRIAGE,
     "Cable-car and transit-oriented housing exchange", ["transit", "housing"]),
    ("Accra", "GH", "Kwame Mensah", "accra@demo.example", Category.INTERNATIONAL_PROJECT, 2,
     Status.INFORMATION_REQUESTED, "Accra–Toronto creative industries residency",
     ["culture", "economic_development"]),
    ("Kraków", "PL", "Zofia Nowak", "krakow@demo.example", Category.PARTNERSHIP_CITY, 4,
     Status.IN_REVIEW, "Heritage cities partnership", ["culture", "tourism", "governance"]),
    ("Melbourne", "AU", "Olivia Brown", "melbourne@demo.example",
     Category.INTERNATIONAL_PROJECT, 3, Status.RECOMMENDED,
     "Urban forest canopy and heat resilience project", ["climate", "public_health"]),
    ("Barcelona", "ES", "Jordi Puig", "barcelona@demo.example", Category.PARTNERSHIP_CITY, 5,
     Status.DECLINED, "Mediterranean–Great Lakes partnership", ["tourism"]),
    ("Manchester", "GB", "Amelia Clarke", "manchester@demo.example",
     Category.INTERNATIONAL_PROJECT, 1, Status.WITHDRAWN,
     "Digital skills for youth pilot", ["education", "technology"]),
    # A country on the example federal-consultation list: its risk flag is raised.
    ("Moscow", "RU", "Anna Ivanova", "moscow@demo.example", Category.INTERNATIONAL_PROJECT, 2,
     Status.IN_TRIAGE, "Winter city maintenance exchange", ["transit", "climate"]),
    # The city could not choose the category: the reviewer settles it before recommending.
    ("Nairobi", "KE", "Wanjiru Kamau", "nairobi@demo.example", NOT_SURE, 2,
     Status.SUBMITTED, "Nairobi–Toronto green jobs exchange", ["climate", "economic_development"]),
)

# The free text in French of the requests whose agreement is bilingual (a French-speaking
# counterpart): the intake asks it on its own page, after the purpose page.
_IN_FRENCH = {  # the demo's shared objectives, activities and outcomes (demo.py), in French
    "objectives_fr": "Échanger des pratiques entre le personnel des deux villes\n"
                     "Mener un projet pilote commun\nPublier les résultats",
    "activities_fr": "Visite d'étude à Toronto au printemps\nVisite de retour à l'automne\n"
                     "Ateliers communs en ligne chaque trimestre",
    "outcomes_fr": "Davantage de projets communs entre le personnel : projets lancés, 3 "
                   "d'ici la fin de l'accord\nConnaissances partagées avec les résidents : "
                   "activités publiques tenues, 4 par année",
}
FRENCH_TEXTS = {
    "Lyon": {"title_fr": "Échange Toronto–Lyon sur les fêtes des lumières", **_IN_FRENCH},
    "Marseille": {"title_fr": "Projet des villes portuaires sur la résilience à la chaleur",
                  **_IN_FRENCH},
}

# The demo counterparts as legal persons, and who signs for each (invented: a demo names
# no real office holder).
PARTIES = {
    "Lyon": ("Ville de Lyon", "Robin Laurent"),
    "Seoul": ("Seoul Metropolitan Government", "Min-jun Park"),
    "Medellín": ("Distrito Especial de Ciencia, Tecnología e Innovación de Medellín",
                 "Andrés Gómez"),
    "Accra": ("Accra Metropolitan Assembly", "Ama Owusu"),
    "Kraków": ("Gmina Miejska Kraków", "Piotr Zieliński"),
    "Melbourne": ("Melbourne City Council", "Sam Taylor"),
    "Barcelona": ("Ajuntament de Barcelona", "Laia Serra"),
    "Manchester": ("Manchester City Council", "Chris Walsh"),
    "Moscow": ("Government of Moscow", "Ilya Petrov"),
    "Nairobi": ("Nairobi City County", "Achieng Otieno"),
    "Amsterdam": ("Gemeente Amsterdam", "Daan de Vries"),
    "Marseille": ("Ville de Marseille", "Camille Bernard"),
    "Helsinki": ("Helsingin kaupunki", "Aino Virtanen"),
    "Guadalajara": ("Municipio de Guadalajara", "Lucía Hernández"),
    "Rotterdam": ("Gemeente Rotterdam", "Sven Jansen"),
    "Copenhagen": ("Københavns Kommune", "Freja Holm"),
}

AGEING_TITLE = "Seoul–Toronto smart city partnership"
AGEING_DAYS = 30
"""The demo request left waiting this many days, past its service target (10 working days)."""

# Deputy City Managers: name, service area, divisions (invented; an administrator sets them).
DEPUTIES = (
    ("Devon Growth", "Development and Growth Services",
     ("Economic Development and Culture", "City Planning", "Housing Secretariat",
      "Corporate Real Estate Management")),
    ("Riley Infra", "Infrastructure Services",
     ("Transportation Services", "Toronto Water", "Solid Waste Management Services",
      "Environment, Climate and Forestry")),
)

# counterpart, country, status, category, years, title, areas, cost
DIVISION_REQUESTS = (
    ("Amsterdam", "NL", Status.APPROVED, Category.INTERNATIONAL_PROJECT, 3,
     "Circular economy procurement project", ["climate", "economic_development"], "45000"),
    # French-speaking: its agreement is drafted in English and French, one after the other.
    ("Marseille", "FR", Status.APPROVED, Category.INTERNATIONAL_PROJECT, 2,
     "Port cities heat resilience project", ["climate", "culture"], "30000"),
    ("Helsinki", "FI", Status.AGREEMENT_DRAFTED, Category.INTERNATIONAL_PROJECT, 2,
     "Libraries as civic innovation hubs", ["education", "governance"], "20000"),
    ("Guadalajara", "MX", Status.APPROVED_AS_TO_FORM, Category.INTERNATIONAL_PROJECT, 3,
     "Film and screen industries co-production project", ["culture", "economic_development"],
     "48000"),
    ("Nairobi", "KE", Status.SIGNED, Category.INTERNATIONAL_PROJECT, 2,
     "Startup ecosystem exchange", ["technology", "economic_development"], "35000"),
)

# Recommended projects above the Division Head's limit: each awaits the Deputy City Manager
# over its sponsoring division's service area.
# counterpart, country, sponsoring division code, title, areas, cost
DEPUTY_REQUESTS = (
    ("Rotterdam", "NL", "EDC", "Port-city creative economy project",
     ["culture", "economic_development"], "120000"),
    ("Copenhagen", "DK", "TRN", "Cycling infrastructure exchange", ["transit", "climate"],
     "250000"),
)

ACTIONS_TO = {
    Status.DRAFT: (),
    Status.SUBMITTED: (Action.SUBMIT,),
    Status.IN_TRIAGE: (Action.SUBMIT, Action.START_TRIAGE),
    Status.INFORMATION_REQUESTED: (Action.SUBMIT, Action.START_TRIAGE,
                                   Action.REQUEST_INFORMATION),
    Status.IN_REVIEW: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW),
    Status.RECOMMENDED: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW,
                         Action.RECOMMEND),
    Status.DECLINED: (Action.SUBMIT, Action.START_TRIAGE, Action.DECLINE),
    Status.WITHDRAWN: (Action.SUBMIT, Action.WITHDRAW),
    Status.APPROVED: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW,
                      Action.RECOMMEND, Action.APPROVE),
    Status.AGREEMENT_DRAFTED: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW,
                               Action.RECOMMEND, Action.APPROVE, Action.DRAFT_AGREEMENT),
    Status.APPROVED_AS_TO_FORM: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW,
                                 Action.RECOMMEND, Action.APPROVE, Action.DRAFT_AGREEMENT,
                                 Action.APPROVE_AS_TO_FORM),
    Status.SIGNED: (Action.SUBMIT, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND,
                    Action.APPROVE, Action.DRAFT_AGREEMENT, Action.APPROVE_AS_TO_FORM,
                    Action.RECORD_SIGNATURE),
}

NOTES = {
    Action.REQUEST_INFORMATION: "Could you tell us which City division you have worked with "
                                "so far, and attach the programme of the first residency?",
    Action.DECLINE: "The proposal centres on tourism promotion, which the program does not "
                    "fund on its own; we would welcome a project with measurable outcomes.",
    Action.WITHDRAW: "We will apply again next year with a new delegation.",
    Action.RECOMMEND: "Strong alignment with TransformTO; reciprocal commitments in writing.",
}

# This year's outcome reports of two agreements of the seeded registry, as the CCO records
# them (neither names a lead division): invented for the demo, so that the annual program
# report has ratings to count. The registry's sources say nothing of these outcomes.
# counterpart, ((outcome, progress, rating or None), ...)
OUTCOME_REPORTS = (
    ("Lisbon", (
        ("Staff exchange on waterfront renewal", "Two study visits; 14 staff took part",
         OutcomeRating.ACHIEVED),
        ("Joint guide to short-term rentals", "Drafted; publication moved to next spring",
         OutcomeRating.PARTLY),
    )),
    ("Chicago", (
        ("Trade missions between the two cities", "One mission with 12 Toronto firms",
         OutcomeRating.ACHIEVED),
        ("Shared practice on flood resilience", "The workshops were postponed; none held",
         OutcomeRating.NOT_ACHIEVED),
        ("Youth arts residencies", "4 of the 6 residencies planned", OutcomeRating.PARTLY),
        ("Transit data exchange", "Agreement on the data to share", None),
    )),
)
