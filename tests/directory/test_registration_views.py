"""The public registration, step by step, with every bad input answered in French."""

import io
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directory.edit_links import make_confirmation_token
from directory.factories import SectorFactory, StructureFactory
from directory.models import ApplicationKind, ApplicationStatus, EmailStatus, StructureApplication
from directory.registration_draft import DRAFT_FIELD, Draft
from tests.directory.registration_helpers import (
    URL,
    carry,
    hidden_fields,
    post_step,
    step_data,
    walk,
)

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


@pytest.fixture
def sectors(site):
    return [SectorFactory(name="Espaces verts"), SectorFactory(name="Nettoyage")]


@pytest.fixture
def sector_ids(sectors):
    return [sectors[0].pk]


def page(response):
    return response.content.decode()


def png(size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_first_step_is_accessible_and_not_cached(client, site):
    response = client.get(URL)
    html = page(response)
    assert response.status_code == 200
    assert "Étape 1 sur 8" in html
    assert "<title>Étape 1 sur 8 : Numéro SIRET" in html
    assert 'aria-current="step"' in html
    assert 'name="site_web"' in html  # honeypot
    assert 'name="horodatage"' in html
    assert 'aria-describedby="id_siret_aide"' in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert not client.cookies.get("sessionid")


def test_valid_registration_end_to_end(client, sector_ids):
    response = walk(client, sector_ids, until="contact")
    assert "Étape 7 sur 8" in page(response)
    response = post_step(client, response, {"logo": png()})
    html = page(response)
    assert "Étape 8 sur 8" in html
    assert "Récapitulatif de votre demande" in html
    assert "Les Jardins du Canal" in html
    assert "Espaces verts" in html
    assert "Une image PNG est jointe." in html
    assert "Rayon d&#x27;intervention (km)" in html or "Rayon d'intervention (km)" in html
    assert "Régions d" not in html.split("Récapitulatif")[1].split("consent_publication")[0]
    response = post_step(
        client, response, {"consent_publication": "on", "consent_privacy": "on"}, "envoyer"
    )
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/inscription/envoyee/"
    application = StructureApplication.objects.get()
    assert application.kind == ApplicationKind.REGISTRATION
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert application.siret == SIRET
    assert application.data["sectors"] == sector_ids
    assert application.data["website"] == "https://jardins-du-canal.example.org"
    assert application.data["accepts_subcontracting"] is True
    assert application.logo_file
    assert len(mail.outbox) == 1
    confirmation = client.get(response["Location"])
    assert "confirmez votre adresse" in page(confirmation)


def test_each_step_keeps_previous_answers_and_can_go_back(client, sector_ids):
    response = walk(client, sector_ids, until="secteurs")
    assert "Étape 4 sur 8" in page(response)
    back = post_step(client, response, {}, action="precedent")
    html = page(back)
    assert "Étape 3 sur 8" in html
    assert f'value="{sector_ids[0]}" id="id_sectors_{sector_ids[0]}" checked' in html
    back = post_step(client, back, {}, action="precedent")
    assert 'value="Les Jardins du Canal"' in page(back)


def test_sector_groups_are_closed_disclosures_except_those_with_a_ticked_sector(
    client, sectors, sector_ids
):
    response = walk(client, sector_ids, until="secteurs")
    html = page(post_step(client, response, {}, action="precedent"))
    ticked_group = sectors[0].group.name
    assert re.search(
        rf'<details class="sector-group" open>\s*<summary class="sector-group__summary">'
        rf"{re.escape(ticked_group)} <span class=\"sector-group__count\">\(1 choisi\)</span>",
        html,
    )
    closed = html.count('<details class="sector-group">')
    assert closed >= 1
    assert closed + 1 == html.count('<details class="sector-group"')


def test_a_sector_error_opens_the_first_group_for_its_error_link(client, sector_ids):
    response = walk(client, sector_ids, until="identite")
    html = page(post_step(client, response, {"sectors": []}))
    assert "Choisissez au moins un secteur" in html
    assert html.count('<details class="sector-group" open>') == 1


def test_summary_edit_buttons_return_to_the_summary(client, sector_ids):
    response = walk(client, sector_ids, until="logo")
    assert "Étape 8 sur 8" in page(response)
    to_identity = post_step(client, response, {}, action="etape-2")
    assert "Étape 2 sur 8" in page(to_identity)
    assert "Enregistrer et revenir au récapitulatif" in page(to_identity)
    back = post_step(
        client,
        to_identity,
        {"legal_name": "Jardins du Canal SCOP", "brand_name": "", "kind": "ACI"},
        action="resume",
    )
    assert "Étape 8 sur 8" in page(back)
    assert "Jardins du Canal SCOP" in page(back)


def test_enter_on_the_summary_step_sends_the_request_not_a_summary_edit(client, sector_ids):
    """Enter in a form (on a consent box) presses the form's first submit button: on the last
    step it must send the request, not "Modifier : identité de la structure" of the summary."""
    html = page(walk(client, sector_ids, until="logo"))
    form = html.split('class="wizard-form"', 1)[1]
    first_button = re.search(r"<button [^>]*>", form).group(0)
    assert 'type="submit"' in first_button
    assert 'value="envoyer"' in first_button
    assert 'tabindex="-1"' in first_button  # not a second stop for Tab
    assert 'aria-hidden="true"' in first_button  # nor for screen readers
    assert form.index('value="envoyer"') < form.index('value="etape-2"')


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Saisissez un numéro SIRET."),
        ("1234", "Un numéro SIRET compte 14 chiffres (vous en avez saisi 4)."),
        ("7328293200007A", "Un numéro SIRET ne contient que des chiffres."),
        ("73282932000075", "la clé de contrôle ne correspond pas"),
        ("٧٣٢٨٢٩٣٢٠٠٠٠٧٤", "ne contient que des chiffres"),
        ("1" * 41, "14 chiffres"),
    ],
)
def test_bad_siret_gets_a_french_error(client, site, value, message):
    response = client.post(URL, {**carry(client.get(URL)), "siret": value})
    html = page(response)
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in html
    assert 'class="error-summary"' in html
    assert 'href="#id_siret"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_siret_aide id_siret_erreur"' in html
    assert "<title>Erreur : Étape 1 sur 8" in html


def test_la_poste_siret_is_accepted(client, site):
    response = client.post(URL, {**carry(client.get(URL)), "siret": "35600000000010"})
    assert "Étape 2 sur 8" in page(response)


def test_already_listed_siret_is_offered_the_edit_link(client, site):
    StructureFactory(siret=SIRET, legal_name="Déjà là", contact_email="contact@example.org")
    response = client.post(URL, {**carry(client.get(URL)), "siret": SIRET})
    html = page(response)
    assert response.status_code == 200
    assert "Cette structure est déjà dans l'annuaire" in html
    assert f"/annuaire/modifier/?siret={SIRET}" in html
    assert "contact@example.org" not in html


def test_listed_siret_without_contact_continues_as_a_claim(client, sector_ids):
    structure = StructureFactory(siret=SIRET, contact_email="")
    response = walk(client, sector_ids, until="siret")
    assert "Étape 2 sur 8" in page(response)
    assert "sans adresse de contact" in page(response)
    walk(client, sector_ids)
    application = StructureApplication.objects.get()
    assert application.kind == ApplicationKind.CHANGE
    assert application.structure == structure


def test_unpublished_structure_is_not_revealed(client, sector_ids):
    StructureFactory(siret=SIRET, publication_state="unpublished", contact_email="x@example.org")
    response = walk(client, sector_ids, until="siret")
    assert "Étape 2 sur 8" in page(response)
    assert "existe déjà" not in page(response)


STEP_ERRORS = [
    (
        "identite",
        {"legal_name": "", "kind": ""},
        ["Indiquez la raison sociale", "Choisissez le type"],
    ),
    ("identite", {"kind": "XYZ"}, ["Sélectionnez un choix valide"]),
    ("identite", {"legal_name": "x" * 300}, ["au plus 255 caractères"]),
    ("secteurs", {"sectors": []}, ["Choisissez au moins un secteur"]),
    ("secteurs", {"sectors": ["999999"]}, ["Ce secteur n&#x27;existe pas"]),
    ("secteurs", {"sectors": ["abc"]}, ["Ce secteur n&#x27;existe pas"]),
    ("lieu", {"postcode": "130", "city": ""}, ["5 chiffres", "Indiquez la commune"]),
    ("lieu", {"perimeter_kind": "radius", "perimeter_radius_km": ""}, ["Indiquez le rayon"]),
    ("lieu", {"perimeter_radius_km": "-5"}, ["au moins 1 km"]),
    ("lieu", {"perimeter_radius_km": "99999999999999999999"}, ["ne peut pas dépasser"]),
    ("lieu", {"perimeter_radius_km": "trente"}, ["nombre entier"]),
    ("lieu", {"perimeter_kind": "territories"}, ["au moins une région"]),
    (
        "lieu",
        {"perimeter_kind": "territories", "perimeter_departments": "13, 99, ZZ"},
        ["Département inconnu : 99, ZZ"],
    ),
    ("lieu", {"perimeter_kind": "galaxie"}, ["Sélectionnez un choix valide"]),
    (
        "offre",
        {"description": "", "services": ""},
        ["Présentez la structure", "Indiquez les prestations"],
    ),
    ("offre", {"insertion_headcount_band": "beaucoup"}, ["Sélectionnez un choix valide"]),
    ("contact", {"contact_email": "pas-une-adresse"}, ["adresse électronique valide"]),
    (
        "contact",
        {"contact_name": "", "contact_email": ""},
        ["Indiquez le nom", "Indiquez l&#x27;adresse"],
    ),
    ("contact", {"contact_phone": "appelez-moi"}, ["10 chiffres"]),
    ("contact", {"contact_phone": "", "show_contact_phone": "on"}, ["décochez"]),
    ("contact", {"website": "javascript:alert(1)"}, ["adresse de site valide"]),
    (
        "envoi",
        {"consent_publication": "", "consent_privacy": ""},
        ["accepter la publication", "notice sur les données"],
    ),
]


@pytest.mark.parametrize(("slug", "bad", "messages"), STEP_ERRORS)
def test_bad_input_at_each_step_gets_french_errors(client, sector_ids, slug, bad, messages):
    previous = walk(
        client,
        sector_ids,
        until={
            "identite": "siret",
            "secteurs": "identite",
            "lieu": "secteurs",
            "offre": "lieu",
            "contact": "offre",
            "envoi": "logo",
        }[slug],
    )
    good = step_data(sector_ids)[slug]
    response = post_step(
        client, previous, {**good, **bad}, action="envoyer" if slug == "envoi" else "suivant"
    )
    html = page(response)
    assert response.status_code == 400
    assert "error-summary" in html
    for message in messages:
        assert message in html, message
    assert not StructureApplication.objects.exists()


def test_commune_must_match_the_postcode_when_communes_are_known(client, sector_ids):
    from directory.factories import CommuneFactory

    CommuneFactory(name="Aubagne", postcodes="13400", insee_code="13005")
    previous = walk(client, sector_ids, until="secteurs")
    good = step_data(sector_ids)["lieu"]
    response = post_step(client, previous, {**good, "postcode": "13400", "city": "Marseille"})
    assert "correspond à la commune « Aubagne »" in page(response)
    response = post_step(client, previous, {**good, "postcode": "13400", "city": "AUBAGNE"})
    assert "Étape 5 sur 8" in page(response)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "SVG ne sont pas acceptées"),
        (b"<?php echo 1; ?>", "logo.png", "quel que soit son nom"),
        (b"GIF89a" + b"\x00" * 40, "logo.gif", "n&#x27;est pas une image"),
    ],
)
def test_bad_logo_gets_a_french_error(client, sector_ids, content, name, message):
    previous = walk(client, sector_ids, until="contact")
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = post_step(client, previous, {"logo": upload})
    html = page(response)
    assert response.status_code == 400
    assert "Étape 7 sur 8" in html
    assert message in html


def test_logo_can_be_removed_before_sending(client, sector_ids):
    previous = walk(client, sector_ids, until="contact")
    with_logo = post_step(client, previous, {"logo": png()})
    back = post_step(client, with_logo, {}, action="precedent")
    assert "Un logo est déjà joint" in page(back)
    removed = post_step(client, back, {"remove_logo": "on"})
    assert "Aucun logo." in page(removed)


def test_honeypot_looks_like_success_and_stores_nothing(client, sector_ids):
    previous = walk(client, sector_ids, until="logo")
    response = post_step(
        client,
        previous,
        {"consent_publication": "on", "consent_privacy": "on", "site_web": "http://spam.example"},
        "envoyer",
    )
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/inscription/envoyee/"
    assert not StructureApplication.objects.exists()
    assert mail.outbox == []


def test_honeypot_on_the_first_step_is_also_a_fake_success(client, site):
    response = client.post(URL, {**carry(client.get(URL)), "siret": SIRET, "site_web": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/inscription/envoyee/"


def test_too_fast_submission_is_spam(client, site, settings):
    settings.PORTAL_FORM_MIN_FILL_SECONDS = 60
    response = client.post(URL, {**carry(client.get(URL)), "siret": SIRET})
    assert response.status_code == 302
    assert not StructureApplication.objects.exists()


def test_missing_timestamp_is_spam(client, site):
    response = client.post(URL, {"siret": SIRET})
    assert response.status_code == 302


def test_tampered_draft_is_refused_with_a_french_message(client, sector_ids):
    previous = walk(client, sector_ids, until="identite")
    fields = carry(previous)
    fields[DRAFT_FIELD] = fields[DRAFT_FIELD][:-3] + "abc"
    response = client.post(URL, {**fields, **step_data(sector_ids)["secteurs"]})
    assert response.status_code == 400
    assert "recommencez à partir du numéro" in page(response)


def test_expired_draft_asks_to_start_again(client, sector_ids, settings):
    previous = walk(client, sector_ids, until="identite")
    fields = carry(previous)
    with mock.patch("django.core.signing.time.time", return_value=10**11):
        response = client.post(URL, {**fields, **step_data(sector_ids)["secteurs"]})
    assert response.status_code == 200
    assert "Votre saisie a expiré" in page(response)
    assert "Étape 1 sur 8" in page(response)


def test_forged_draft_with_a_bad_step_is_refused(client, site):
    token = Draft(step=42).sign()
    response = client.post(URL, {**carry(client.get(URL)), DRAFT_FIELD: token})
    assert response.status_code == 400


def test_rate_limit_per_ip(client, sector_ids, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "directory-registration": "2/h"}
    for _attempt in range(2):
        walk(client, sector_ids)
    response = walk(client, sector_ids)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert StructureApplication.objects.count() == 2


def test_rate_limit_per_siret(client, sector_ids, settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "directory-registration-siret": "1/d",
    }
    walk(client, sector_ids)
    response = walk(client, sector_ids, overrides={})
    assert response.status_code == 429
    assert "pour ce numéro SIRET" in page(response)
    assert StructureApplication.objects.count() == 1


def test_smtp_failure_still_shows_success_and_keeps_the_application(client, sector_ids):
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")
    ):
        response = walk(client, sector_ids)
    assert response.status_code == 302
    application = StructureApplication.objects.get()
    assert application.emails.get().status == EmailStatus.PENDING


def test_confirmation_link_then_button(client, site):
    from directory.application_factories import StructureApplicationFactory

    application = StructureApplicationFactory(unconfirmed=True)
    url = f"/annuaire/inscription/confirmer/{make_confirmation_token(application)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Confirmer mon adresse" in page(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNCONFIRMED  # a link scanner confirms nothing
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Adresse confirmée" in page(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    again = client.post(url, {})
    assert "était déjà confirmée" in page(again)


@pytest.mark.parametrize(
    ("token", "status"),
    [
        ("nimportequoi", 400),
        (signing.dumps({"a": 1, "e": "x"}, salt="autre-chose"), 400),
        (signing.dumps("pas-un-dict", salt="directory.application-confirmation"), 400),
    ],
    ids=["garbage", "wrong-salt", "not-a-dict"],
)
def test_bad_confirmation_links_are_refused(client, site, token, status):
    response = client.get(f"/annuaire/inscription/confirmer/{token}/")
    assert response.status_code == status
    assert "Ce lien ne peut pas être utilisé" in page(response)


def test_expired_confirmation_link(client, site):
    from directory.application_factories import StructureApplicationFactory

    application = StructureApplicationFactory(unconfirmed=True)
    token = make_confirmation_token(application)
    with mock.patch("django.core.signing.time.time", return_value=10**11):
        response = client.get(f"/annuaire/inscription/confirmer/{token}/")
    assert response.status_code == 410
    assert "a expiré" in page(response)


def test_hidden_fields_never_echo_the_honeypot(client, site):
    response = client.post(URL, {"siret": "12", "site_web": "<script>x</script>"})
    assert "<script>x</script>" not in page(response)
    assert hidden_fields(response) is not None


def test_every_page_links_to_registration_and_update_from_the_footer(client, site):
    html = page(client.get("/"))
    assert 'href="/annuaire/inscription/"' in html
    assert 'href="/annuaire/modifier/"' in html


def test_registration_links_include_renders_both_links(rf):
    from django.template.loader import render_to_string

    html = render_to_string("directory/includes/registration_links.html")
    assert 'href="/annuaire/inscription/">Inscrire ma structure' in html
    assert 'href="/annuaire/modifier/">Mettre à jour ma fiche' in html
