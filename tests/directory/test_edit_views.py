"""Self-service editing: the link request, the signed single-use link, the edit form."""

import html
import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from directory.application_data import snapshot
from directory.edit_links import EDIT_LINK_SALT, issue_edit_link
from directory.factories import SectorFactory, StructureFactory
from directory.models import ApplicationKind, ApplicationStatus, EditLink, StructureApplication
from directory.siret import siret_from_number
from tests.directory.registration_helpers import hidden_fields

pytestmark = pytest.mark.django_db

REQUEST_URL = "/annuaire/modifier/"


@pytest.fixture
def structure(site):
    sector = SectorFactory(name="Blanchisserie")
    structure = StructureFactory(
        legal_name="Blanchisserie solidaire",
        contact_email="contact@blanchisserie.example.org",
        sectors=[sector],
    )
    return structure


def edit_url(structure, token):
    return f"/annuaire/modifier/{structure.siret}/{token}/"


def form_payload(structure, response, **changes):
    """What the edit form posts back, built from the listing as shown, plus ``changes``."""
    data = snapshot(structure)
    payload = {
        "legal_name": data["legal_name"],
        "brand_name": data["brand_name"],
        "kind": data["kind"],
        "sectors": [str(pk) for pk in data["sectors"]],
        "address": data["address"],
        "postcode": data["postcode"],
        "city": data["city"],
        "perimeter_kind": data["perimeter_kind"],
        "perimeter_radius_km": data["perimeter_radius_km"] or "",
        "perimeter_departments": ", ".join(data["perimeter_departments"]),
        "description": data["description"],
        "services": data["services"],
        "labels": data["labels"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "contact_phone": data["contact_phone"],
        "website": data["website"],
        "consent_publication": "on",
        "consent_privacy": "on",
        **{
            k: v
            for k, v in hidden_fields(response).items()
            if k in ("horodatage", "logo_brouillon")
        },
    }
    payload.update(changes)
    return {key: value for key, value in payload.items() if value is not None}


def request_link(client, siret):
    page = client.get(REQUEST_URL)
    fields = hidden_fields(page)
    return client.post(REQUEST_URL, {"siret": siret, "horodatage": fields["horodatage"]})


def test_request_page_says_the_same_whatever_the_siret(client, structure):
    unknown = siret_from_number(987654)
    responses = [request_link(client, siret) for siret in (structure.siret, unknown)]
    for response in responses:
        assert response.status_code == 302
        assert response["Location"] == "/annuaire/modifier/lien-envoye/"
    page = client.get("/annuaire/modifier/lien-envoye/").content.decode()
    assert "Si ce SIRET correspond à une fiche publiée" in page
    assert "contact@blanchisserie.example.org" not in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@blanchisserie.example.org"]
    assert EditLink.objects.filter(structure=structure).count() == 1


def test_request_with_a_bad_siret_gets_a_french_error(client, site):
    response = request_link(client, "12 34")
    assert response.status_code == 400
    assert "Un numéro SIRET compte 14 chiffres" in response.content.decode()


def test_request_rate_limit_per_siret_stays_silent(client, structure, settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "directory-edit-link-siret": "2/h",
    }
    for _attempt in range(4):
        response = request_link(client, structure.siret)
        assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_request_rate_limit_per_ip(client, structure, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "directory-edit-link": "2/h"}
    request_link(client, structure.siret)
    request_link(client, structure.siret)
    response = request_link(client, structure.siret)
    assert response.status_code == 429


def test_request_honeypot_sends_nothing(client, structure):
    fields = hidden_fields(client.get(REQUEST_URL))
    response = client.post(
        REQUEST_URL,
        {"siret": structure.siret, "horodatage": fields["horodatage"], "site_web": "spam"},
    )
    assert response.status_code == 302
    assert mail.outbox == []


def link_from_email():
    match = re.search(r"http://testserver(/annuaire/modifier/\S+/)", mail.outbox[-1].body)
    return match.group(1)


def test_edit_by_link_goes_to_moderation_and_the_published_version_stays(client, structure):
    request_link(client, structure.siret)
    url = link_from_email()
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Modifier la fiche de Blanchisserie solidaire" in content
    assert 'value="Blanchisserie solidaire"' in content

    response = client.post(
        url, form_payload(structure, response, services="Blanchisserie et repassage.")
    )
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/modifier/merci/"
    application = StructureApplication.objects.get()
    assert application.kind == ApplicationKind.CHANGE
    assert application.status == ApplicationStatus.PENDING
    assert application.structure == structure
    assert application.data["services"] == "Blanchisserie et repassage."
    structure.refresh_from_db()
    assert structure.services != "Blanchisserie et repassage."
    assert structure.is_published

    # The link served once: it is now refused.
    again = client.get(url)
    assert again.status_code == 410
    assert "déjà servi" in again.content.decode()


def test_edit_without_change_is_refused_and_the_link_kept(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    url = edit_url(structure, token)
    response = client.get(url)
    response = client.post(url, form_payload(structure, response))
    assert response.status_code == 400
    assert "Vous n'avez rien modifié" in html.unescape(response.content.decode())
    assert not StructureApplication.objects.exists()
    assert client.get(url).status_code == 200


def test_edit_form_bad_input_gets_french_errors(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    url = edit_url(structure, token)
    response = client.get(url)
    response = client.post(
        url,
        form_payload(
            structure,
            response,
            legal_name="",
            sectors=[],
            postcode="ABCDE",
            contact_email="non",
            consent_publication=None,
        ),
    )
    content = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Indiquez la raison sociale",
        "Choisissez au moins un secteur",
        "5 chiffres",
        "adresse électronique valide",
        "accepter la publication",
    ):
        assert message in content
    assert 'class="error-summary"' in content
    assert not StructureApplication.objects.exists()


def test_new_logo_survives_a_form_error(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    url = edit_url(structure, token)
    response = client.get(url)
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "red").save(buffer, "WEBP")
    logo = SimpleUploadedFile("logo.webp", buffer.getvalue(), content_type="image/webp")
    response = client.post(url, form_payload(structure, response, legal_name="", logo=logo))
    assert "Votre nouveau logo est bien reçu" in response.content.decode()
    response = client.post(url, form_payload(structure, response))
    assert response.status_code == 302
    application = StructureApplication.objects.get()
    assert application.logo_file.name.endswith(".webp")


def test_expired_link_is_refused(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    later = timezone.now() + timedelta(hours=49)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(edit_url(structure, token))
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert "48 heures" in response.content.decode()


def test_link_is_valid_just_before_48_hours(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    later = timezone.now() + timedelta(hours=47, minutes=59)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(edit_url(structure, token))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "nimportequoi",
        lambda token: signing.dumps({"l": 1, "s": 1, "n": "x"}, salt="autre"),
        lambda token: signing.dumps(["liste"], salt=EDIT_LINK_SALT),
    ],
)
def test_tampered_link_is_refused(client, structure, mangle):
    _link, token = issue_edit_link(structure, structure.contact_email)
    response = client.get(edit_url(structure, mangle(token)))
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in html.unescape(response.content.decode())


def test_link_for_another_listing_is_refused(client, structure):
    other = StructureFactory()
    _link, token = issue_edit_link(structure, structure.contact_email)
    response = client.get(edit_url(other, token))
    assert response.status_code == 403
    assert "ne correspond pas à cette fiche" in response.content.decode()
    unknown = client.get(f"/annuaire/modifier/{siret_from_number(5)}/{token}/")
    assert unknown.status_code == 403


def test_used_link_is_refused_on_post_too(client, structure):
    link, token = issue_edit_link(structure, structure.contact_email)
    url = edit_url(structure, token)
    response = client.get(url)
    link.used_at = timezone.now()
    link.save()
    response = client.post(url, form_payload(structure, response, services="Autre chose."))
    assert response.status_code == 410


def test_edit_honeypot_looks_like_success_and_keeps_nothing(client, structure):
    _link, token = issue_edit_link(structure, structure.contact_email)
    url = edit_url(structure, token)
    response = client.get(url)
    response = client.post(
        url, form_payload(structure, response, services="Spam.", site_web="http://x")
    )
    assert response.status_code == 302
    assert not StructureApplication.objects.exists()
