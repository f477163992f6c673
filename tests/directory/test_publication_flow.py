"""From the moderation queue to the public directory: what visitors see before and after."""

import pytest
from django.contrib.auth.models import Group

from directory import moderation, registration
from directory.application_data import snapshot
from directory.application_factories import listing_data
from directory.edit_links import issue_edit_link
from directory.factories import DirectoryPageFactory, SectorFactory, StructureFactory
from directory.siret import siret_from_number

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


@pytest.fixture
def directory_page(home_page):
    return DirectoryPageFactory(parent=home_page)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "m@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return django_user_model.objects.get(pk=user.pk)


def test_registration_is_public_only_after_approval(client, directory_page, moderator):
    sector = SectorFactory(name="Maraîchage")
    data = listing_data(sectors=[sector], legal_name="Potager Zéphyrin")
    application = registration.submit_registration(
        siret=siret_from_number(31_415_926), data=data, base_url=BASE
    )
    application.status = "pending"
    application.save()
    assert "Potager Zéphyrin" not in client.get("/annuaire/", {"q": "zephyrin"}).content.decode()

    structure = moderation.approve_application(application, user=moderator, base_url=BASE)
    results = client.get("/annuaire/", {"q": "zephyrin"}).content.decode()
    assert "Potager Zéphyrin" in results
    page = client.get(structure.get_absolute_url())
    assert page.status_code == 200
    assert "Potager Zéphyrin" in page.content.decode()


def test_change_keeps_the_published_version_until_approval(client, directory_page, moderator):
    structure = StructureFactory(services="Repassage à domicile.")
    link, _token = issue_edit_link(structure, structure.contact_email)
    application = registration.submit_change(
        structure=structure,
        link=link,
        data={**snapshot(structure), "services": "Repassage et couture."},
        base_url=BASE,
    )
    page = client.get(structure.get_absolute_url()).content.decode()
    assert "Repassage à domicile." in page
    assert "Repassage et couture." not in page

    moderation.approve_application(application, user=moderator, base_url=BASE)
    page = client.get(structure.get_absolute_url()).content.decode()
    assert "Repassage et couture." in page
    assert "Repassage à domicile." not in page


def test_rejected_registration_never_reaches_the_directory(client, directory_page, moderator):
    application = registration.submit_registration(
        siret=siret_from_number(27_182_818),
        data=listing_data(legal_name="Structure Fantôme"),
        base_url=BASE,
    )
    application.status = "pending"
    application.save()
    moderation.reject_application(
        application, user=moderator, reason="Aucun conventionnement trouvé.", base_url=BASE
    )
    assert "Structure Fantôme" not in client.get("/annuaire/", {"q": "fantome"}).content.decode()
