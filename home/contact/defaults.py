"""The contact form's usual fields (created by the demo content and the factories).

The clean names are fixed so that stored answers keep their keys if a label is reworded."""

DEFAULT_FORM_FIELDS = [
    {"label": "Nom et prénom", "clean_name": "nom", "field_type": "singleline", "required": True},
    {
        "label": "Adresse électronique",
        "clean_name": "courriel",
        "field_type": "email",
        "required": True,
        "help_text": "Pour vous répondre. Format attendu : nom@domaine.fr",
    },
    {
        "label": "Organisation",
        "clean_name": "organisation",
        "field_type": "singleline",
        "required": False,
        "help_text": "Collectivité, entreprise, structure d'insertion…",
    },
    {"label": "Message", "clean_name": "message", "field_type": "multiline", "required": True},
    {
        "label": "J'accepte que les informations saisies soient utilisées pour répondre à ma "
        "demande.",
        "clean_name": "consentement",
        "field_type": "checkbox",
        "required": True,
        "help_text": "Elles sont conservées un an, puis supprimées.",
    },
]
