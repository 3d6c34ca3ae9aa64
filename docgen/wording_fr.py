"""Hold the French wording of the packaged templates: every clause, in order, by category.

The French counterpart of ``docgen.wording``, clause for clause, in Canadian-French legal
style. ``python -m docgen.build_templates`` lays it out as the French templates
(``docgen/templates/fr/``) and as the second half of the bilingual ones
(``docgen/templates/en-fr/``). Its placeholders are the French ones (``start_date_long_fr``,
``objectives_fr``...; see ``docgen.PLACEHOLDERS``).
"""

from __future__ import annotations

from docgen.wording import LINE, Clause, Frame, list_of, only_if
from portal.policy.categories import Category

LABELS = {
    Category.PARTNERSHIP_CITY: "Ville partenaire",
    Category.INTERNATIONAL_PROJECT: "Projet international",
}
"""The categories as the French version names them."""

RECITALS = {
    Category.PARTNERSHIP_CITY: (
        "ATTENDU QUE la Ville de Toronto, par son Programme d'alliances internationales, "
        "noue avec des villes du monde entier des relations durables qui apportent aux "
        "résidents des deux villes des avantages économiques, culturels, éducatifs, "
        "environnementaux et sociaux;",
        "ATTENDU QUE {{ counterpart_city }} et la Ville de Toronto partagent des liens entre "
        "leurs populations, leurs institutions et leurs entreprises, et souhaitent les "
        "approfondir;",
        "ATTENDU QUE les Parties souhaitent consigner leur intention de collaborer en tant que "
        "Villes partenaires dans plusieurs domaines d'intérêt commun;",
        "PAR CONSÉQUENT, les Parties consignent les intentions suivantes.",
    ),
    Category.INTERNATIONAL_PROJECT: (
        "ATTENDU QUE la Ville de Toronto, par son Programme d'alliances internationales, "
        "appuie des projets ciblés avec des villes du monde entier qui apportent aux résidents "
        "des deux villes des avantages économiques, culturels, éducatifs, environnementaux et "
        "sociaux;",
        "ATTENDU QUE {{ counterpart_city }} et la Ville de Toronto ont défini un projet "
        "d'intérêt commun aux objectifs précis;",
        "ATTENDU QUE les Parties souhaitent consigner leur intention de mener ce projet "
        "ensemble en tant que Projet international;",
        "PAR CONSÉQUENT, les Parties consignent les intentions suivantes.",
    ),
}

PURPOSE = {
    Category.PARTNERSHIP_CITY: (
        "Le présent accord a pour objet d'établir une relation durable entre les deux villes "
        "et leurs résidents. Les Parties entendent poursuivre les objectifs suivants :"
    ),
    Category.INTERNATIONAL_PROJECT: (
        "Le présent accord a pour objet de réaliser le projet nommé ci-dessus, avec des "
        "objectifs précis et pour une durée déterminée. Les Parties entendent poursuivre les "
        "objectifs suivants :"
    ),
}

LEAD = {
    Category.PARTNERSHIP_CITY: (
        "Pour la Ville de Toronto, {{ lead_division }} coordonne les activités prévues au "
        "présent accord."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "Pour la Ville de Toronto, {{ lead_division }} dirige le projet."
    ),
}

REVIEW = {
    Category.PARTNERSHIP_CITY: (
        "Dans les six mois précédant la fin du présent accord, les Parties examinent ce qu'il "
        "a permis de réaliser au regard de ses objectifs et décident s'il y a lieu de "
        "poursuivre la relation."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "Dans les six mois précédant la fin du présent accord, les Parties examinent ce que le "
        "projet a permis de réaliser au regard de ses objectifs et décident s'il doit prendre "
        "fin, se poursuivre sous la forme d'un nouveau Projet international ou être proposé "
        "pour une promotion au rang de Ville partenaire."
    ),
}

PROMOTION = Clause(
    "Promotion au rang de Ville partenaire",
    (
        "Si le projet se révèle fructueux, l'une ou l'autre des Parties peut proposer que la "
        "relation soit promue au rang de Ville partenaire. Une promotion se fait par un "
        "nouvel accord de Ville partenaire, approuvé et signé dans le cadre du Programme "
        "d'alliances internationales de la Ville de Toronto; elle ne prolonge ni ne modifie "
        "le présent accord.",
    ),
)

# In the order of docgen.wording.STANDARD: the first six go before "Caractère non
# contraignant", the rest after "Langues".
STANDARD = (
    Clause("Avis et coordonnateurs", (
        "Chaque Partie désigne un coordonnateur pour le présent accord, qui reçoit les avis et "
        "les rapports de l'autre Partie. Pour la Ville de Toronto : {{ city_coordinator_fr }}. "
        "Pour {{ counterpart_legal_name_fr }} : {{ counterpart_coordinator }}.",
        "Un avis prévu au présent accord est donné par écrit, par lettre ou par courriel, au "
        "coordonnateur de l'autre Partie. Une Partie peut désigner un nouveau coordonnateur "
        "par avis à l'autre Partie.",
    )),
    Clause("Modification", (
        "Le présent accord ne peut être modifié que par écrit, au moyen d'un document signé "
        "par les représentants autorisés des deux Parties.",
    )),
    Clause("Règlement des différends", (
        "Les Parties règlent tout différend portant sur l'interprétation ou la mise en œuvre "
        "du présent accord par voie de consultation entre leurs coordonnateurs et, au besoin, "
        "leurs signataires. Aucune Partie ne soumet un différend à un tribunal judiciaire ou "
        "administratif ni à un autre tiers.",
    )),
    Clause("Utilisation des noms et des logos", (
        "Aucune Partie n'utilise le nom, le logo, les armoiries ou toute autre marque "
        "officielle de l'autre Partie sans son consentement écrit préalable, qui peut être "
        "limité à une utilisation précise.",
    )),
    Clause("Propriété du matériel produit conjointement", (
        "Chaque Partie conserve ses droits sur le matériel qu'elle apporte aux activités. Le "
        "matériel que les Parties produisent ensemble en vertu du présent accord leur "
        "appartient conjointement; chaque Partie peut l'utiliser à des fins publiques non "
        "commerciales en mentionnant l'autre Partie, et toute autre utilisation requiert le "
        "consentement écrit des deux Parties.",
    )),
    Clause("Confidentialité et protection de la vie privée", (
        "Chaque Partie préserve la confidentialité des renseignements que l'autre Partie "
        "désigne comme confidentiels, sauf dans la mesure où la loi l'exige. La Ville de "
        "Toronto est assujettie à la Loi sur l'accès à l'information municipale et la "
        "protection de la vie privée de l'Ontario, et les renseignements qu'elle détient en "
        "vertu du présent accord peuvent être divulgués en application de cette loi.",
        "Chaque Partie ne recueille, n'utilise et ne divulgue des renseignements personnels en "
        "vertu du présent accord que dans la mesure permise par les lois sur la protection de "
        "la vie privée qui s'appliquent à elle.",
    )),
    Clause("Exemplaires et signatures électroniques", (
        "Le présent accord peut être signé en plusieurs exemplaires, dont chacun est un "
        "original et qui, ensemble, constituent un seul et même accord. Une signature donnée "
        "électroniquement, ou un exemplaire signé transmis électroniquement, a la même valeur "
        "qu'une signature originale.",
    )),
    Clause("Intégralité de l'entente", (
        "Le présent accord, avec toute modification apportée en vertu de celui-ci, constitue "
        "l'entente intégrale des Parties quant à son objet et remplace toute entente "
        "antérieure entre elles à ce sujet.",
    )),
    Clause("Date d'entrée en vigueur", (
        "Le présent accord entre en vigueur à la plus tardive des dates suivantes : le "
        "{{ start_date_long_fr }} et la date à laquelle la dernière des Parties le signe.",
    )),
)


def clauses(category: Category) -> list[Clause]:
    """Return the numbered sections of ``category``'s agreement in French, in order."""
    label = LABELS[category]
    body = [
        Clause("Objet et objectifs", (
            PURPOSE[category],
            list_of("objectives_fr", "Les Parties établiront les objectifs par écrit."),
        )),
        Clause("Domaines de coopération", (
            "Les Parties entendent coopérer dans les domaines suivants :",
            list_of("areas_fr", "Les Parties conviendront par écrit des domaines de "
                    "coopération."),
        )),
        Clause("Activités", (
            "Les Parties entendent mener les activités suivantes :",
            list_of("activities_fr", "Les Parties conviendront des activités par écrit."),
            only_if("lead_division", LEAD[category]),
        )),
        Clause("Résultats et rapports", (
            "Les Parties visent à atteindre les résultats suivants :",
            list_of("outcomes_fr", "Les Parties conviendront par écrit des résultats "
                    "attendus."),
            "Chaque année de l'accord, les Parties préparent un bref rapport annuel conjoint "
            "sur les activités menées et les résultats obtenus au regard des objectifs "
            "ci-dessus. Le Bureau du greffier municipal de la Ville de Toronto le conserve "
            "avec les dossiers du Programme d'alliances internationales.",
        )),
        Clause("Ressources", (
            "{{ resources_fr }}",
            "Chaque Partie assume ses propres frais de participation aux activités prévues au "
            "présent accord, sauf entente écrite contraire des Parties. Rien dans le présent "
            "accord n'engage l'une ou l'autre des Parties à dépenser des fonds que ses propres "
            "processus d'approbation n'ont pas approuvés.",
        )),
        Clause("Durée", (
            "Le présent accord prend effet le {{ start_date_long_fr }} ({{ start_date_iso }}), "
            "ou à la date de la dernière signature si celle-ci est postérieure, pour une durée "
            "de {{ term_length_fr }}. Il prend fin le {{ end_date_long_fr }} "
            "({{ end_date_iso }}), à moins qu'une Partie ne le résilie plus tôt.",
        )),
        Clause("Examen avant l'échéance", (REVIEW[category],)),
        Clause("Renouvellement", (
            "Le présent accord ne se renouvelle pas automatiquement. Les Parties ne peuvent "
            "poursuivre leur coopération après le {{ end_date_long_fr }} qu'en signant un "
            "nouvel accord.",
        )),
    ]
    if category is Category.INTERNATIONAL_PROJECT:
        body.append(PROMOTION)
    body += [
        Clause("Résiliation", (
            "L'une ou l'autre des Parties peut résilier le présent accord en tout temps en "
            "donnant à l'autre Partie un préavis écrit d'au moins 90 jours. Les Parties "
            "mènent à bonne fin, de manière ordonnée, les activités déjà en cours.",
        )),
        *STANDARD[:6],
        Clause("Caractère non contraignant", (
            f"Le présent accord de {label} consigne les intentions communes et la bonne "
            "volonté des Parties. Il n'est pas juridiquement contraignant, ne crée aucune "
            "obligation juridique ou financière pour l'une ou l'autre des Parties et ne crée "
            "aucune obligation en droit international.",
        )),
        Clause("Langues", ("{{ languages_clause_fr }}",)),
        *STANDARD[6:],
    ]
    return body


FRAME = Frame(
    language="fr-CA",
    version_heading="Version française",
    header="PROJET \u2014 {{ reference }} \u2014 version {{ version }}",
    page=("Page ", " de "),
    title="{{ title_fr }}",
    subtitle={
        category: (f"Accord de {LABELS[category]} entre la Ville de Toronto, Canada, et "
                   "{{ counterpart_city }}, {{ counterpart_country_fr }}")
        for category in Category
    },
    parties=(
        "Parties",
        "Le présent accord est conclu entre :",
        "{{ city_legal_name_fr }}, dans la province de l'Ontario, au Canada (la \u00ab\u00a0"
        "Ville de Toronto\u00a0\u00bb); et",
        "{{ counterpart_legal_name_fr }}, de {{ counterpart_city }}, "
        "{{ counterpart_country_fr }} (\u00ab\u00a0{{ counterpart_city }}\u00a0\u00bb),",
        "ci-après appelées collectivement les \u00ab\u00a0Parties\u00a0\u00bb.",
    ),
    recitals="Préambule",
    authority_recital="{{ authority_recital_fr }}",
    signatures=("Signatures",
                "Signé par les représentants des Parties aux dates indiquées ci-dessous."),
    signature_rows=(
        (("Pour {{ city_legal_name_fr }}",), ("Pour {{ counterpart_legal_name_fr }}",)),
        ((f"Signature : {LINE}",), (f"Signature : {LINE}",)),
        (("Nom : {{ signatory_name }}",), ("Nom : {{ counterpart_signatory_name }}",)),
        (("Titre : {{ signatory_title }}",), (
            "Titre : {{ counterpart_signatory_title }}",
            "{%p if counterpart_signatory_authority %}",
            "Pouvoir : {{ counterpart_signatory_authority }}",
            "{%p endif %}",
        )),
        ((f"Date : {LINE}",), (f"Date : {LINE}",)),
    ),
    template_title={category: f"Accord de {LABELS[category]} (modèle)" for category in Category},
)
"""The French words around the clauses."""
