"""Helpers to walk the registration wizard with the test client, as a browser would."""

import html
import re

from directory.registration_draft import DRAFT_FIELD

_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)"')
URL = "/annuaire/inscription/"


def hidden_fields(response):
    content = response.content.decode()
    return {match["name"]: html.unescape(match["value"]) for match in _HIDDEN.finditer(content)}


def carry(response):
    """The draft and the anti-spam timestamp of the page, as the next POST must send them."""
    fields = hidden_fields(response)
    return {name: fields[name] for name in (DRAFT_FIELD, "horodatage") if name in fields}


def step_data(sector_ids, **overrides):
    """Valid answers of every step, keyed by step slug."""
    steps = {
        "siret": {"siret": "732 829 320 00074"},
        "identite": {"legal_name": "Les Jardins du Canal", "brand_name": "", "kind": "ACI"},
        "secteurs": {"sectors": [str(pk) for pk in sector_ids]},
        "lieu": {
            "address": "12 chemin du Canal",
            "postcode": "13001",
            "city": "Marseille",
            "perimeter_kind": "radius",
            "perimeter_radius_km": "30",
            "perimeter_departments": "",
        },
        "offre": {
            "description": "Chantier d'insertion en espaces verts et maraîchage.",
            "services": "Entretien d'espaces verts, débroussaillage.",
            "labels": "",
            "accepts_subcontracting": "on",
            "insertion_headcount_band": "10-19",
            "permanent_headcount_band": "",
        },
        "contact": {
            "contact_name": "Camille Durand",
            "contact_email": "camille@jardins-du-canal.example.org",
            "contact_phone": "04 91 00 00 00",
            "show_contact_email": "on",
            "website": "jardins-du-canal.example.org",
        },
        "logo": {},
        "envoi": {"consent_publication": "on", "consent_privacy": "on"},
    }
    for slug, values in overrides.items():
        steps[slug] = {**steps[slug], **values}
    return steps


SLUGS = ["siret", "identite", "secteurs", "lieu", "offre", "contact", "logo", "envoi"]


def post_step(client, previous, data, action="suivant", files=None):
    payload = {**carry(previous), **data, "action": action}
    if files:
        payload.update(files)
    return client.post(URL, payload)


def walk(client, sector_ids, until="envoi", overrides=None, files=None):
    """Go through the steps up to (and including) ``until``; returns the last response."""
    answers = step_data(sector_ids, **(overrides or {}))
    response = client.get(URL)
    for slug in SLUGS:
        action = "envoyer" if slug == "envoi" else "suivant"
        step_files = (files or {}).get(slug)
        response = post_step(client, response, answers[slug], action=action, files=step_files)
        if slug == until:
            return response
    return response
