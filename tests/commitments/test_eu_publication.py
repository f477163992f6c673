"""Publishing a co-funded page that breaks an EU visibility rule is refused, with a French
message naming the rule: from the admin edit view, programmatically, in bulk."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from commitments.factories import (
    ConventionPageFactory,
    ConventionPartyFactory,
    EUVisibilitySettingsFactory,
    LogoImageFactory,
)
from commitments.funding import FundingProgramme
from commitments.mixins import PartnerLogoHeight
from commitments.models import ConventionPage
from home.factories import ContentPageFactory
from home.models import ContentPage

pytestmark = pytest.mark.django_db

DESCRIPTION_RULE = "Règle « description de l'opération »"
LOGO_2014_RULE = "Règle « logo L'Europe s'engage en France »"
EMBLEM_SIZE_RULE = "Règle « taille de l'emblème »"


def edit_form_data(client, page, **changes):
    """The admin edit form as the browser would send it, with ``changes`` applied."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # StreamFields are drawn by JavaScript: send their data as the widget would.
    if isinstance(page, ConventionPage):
        data.update(
            nested_form_data(
                {
                    "articles": streamfield(
                        [
                            (
                                "article",
                                {
                                    "number": "1",
                                    "title": "Objet",
                                    "body": rich_text("<p>Le texte.</p>"),
                                    "sub_articles": {"count": "0"},
                                },
                            )
                        ]
                    )
                }
            )
        )
    if isinstance(page, ContentPage):
        data["body-count"] = "0"
    for key, value in changes.items():
        data[key] = value
    return url, data


def publish_through_admin(client, page, **changes):
    url, data = edit_form_data(client, page, **changes)
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def draft_convention(parent, **kwargs):
    page = ConventionPageFactory(parent=parent, live=False, **kwargs)
    page.save_revision()
    return page


def test_admin_publishes_a_compliant_cofunded_convention(admin_client, index_page):
    page = draft_convention(index_page, cofunded=True)
    response = publish_through_admin(admin_client, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_admin_refuses_to_publish_without_operation_description(admin_client, index_page):
    page = draft_convention(index_page, cofunded=True)
    response = publish_through_admin(admin_client, page, eu_operation_results="")
    assert response.status_code == 200
    html = response.content.decode()
    assert DESCRIPTION_RULE in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "ses résultats" in html
    page.refresh_from_db()
    assert not page.live


def test_admin_saves_a_draft_that_breaks_a_rule(admin_client, index_page):
    """Drafts are never refused: the rules apply when publishing, like Wagtail's required
    fields, so nothing typed is lost."""
    page = draft_convention(index_page, cofunded=True)
    url, data = edit_form_data(admin_client, page, eu_operation_description="")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    latest = ConventionPage.objects.get(pk=page.pk).get_latest_revision().as_object()
    assert latest.eu_operation_description == ""
    assert not ConventionPage.objects.get(pk=page.pk).live


def test_admin_refuses_2014_2020_without_the_logo_in_settings(admin_client, index_page, site):
    page = draft_convention(index_page, cofunded=True)
    response = publish_through_admin(
        admin_client, page, funding_programme=FundingProgramme.FSE_2014_2020
    )
    assert response.status_code == 200
    assert LOGO_2014_RULE in response.content.decode().replace("&#x27;", "'")
    assert not ConventionPage.objects.get(pk=page.pk).live

    EUVisibilitySettingsFactory(site=site, europe_commits_logo=LogoImageFactory())
    response = publish_through_admin(
        admin_client, page, funding_programme=FundingProgramme.FSE_2014_2020
    )
    assert response.status_code == 302
    assert ConventionPage.objects.get(pk=page.pk).live


def test_admin_refuses_partner_logos_larger_than_the_emblem(admin_client, index_page):
    page = draft_convention(index_page, cofunded=True)
    ConventionPartyFactory(
        page=page,
        organisation="Grand logo",
        logo=LogoImageFactory(file__width=200, file__height=200),
    )
    page.save_revision()
    response = publish_through_admin(
        admin_client, page, partner_logo_height=str(PartnerLogoHeight.LARGE)
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert EMBLEM_SIZE_RULE in html
    assert "Grand logo" in html
    assert "80 px" in html
    assert not ConventionPage.objects.get(pk=page.pk).live

    # The same box is allowed when the page is not co-funded...
    response = publish_through_admin(
        admin_client,
        page,
        partner_logo_height=str(PartnerLogoHeight.LARGE),
        funding_programme="",
    )
    assert response.status_code == 302


def test_large_box_is_fine_when_no_logo_is_taller_than_the_emblem(admin_client, index_page):
    page = draft_convention(index_page, cofunded=True)
    ConventionPartyFactory(
        page=page, organisation="Logo bas", logo=LogoImageFactory(file__width=240, file__height=48)
    )
    page.save_revision()
    response = publish_through_admin(
        admin_client, page, partner_logo_height=str(PartnerLogoHeight.LARGE)
    )
    assert response.status_code == 302


def test_logo_added_in_the_submitted_form_is_checked(admin_client, index_page):
    """The rule sees the partners being submitted, not only those already saved."""
    page = draft_convention(index_page, cofunded=True)
    logo = LogoImageFactory(file__width=100, file__height=300)
    url, data = edit_form_data(admin_client, page, partner_logo_height=str(PartnerLogoHeight.LARGE))
    data["parties-TOTAL_FORMS"] = "1"
    data["parties-0-organisation"] = "Nouvelle partie"
    data["parties-0-logo"] = str(logo.pk)
    data["parties-0-ORDER"] = "0"
    data["parties-0-DELETE"] = ""
    data["parties-0-id"] = ""
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Nouvelle partie" in response.content.decode()
    assert EMBLEM_SIZE_RULE in response.content.decode().replace("&#x27;", "'")


def test_programmatic_publication_is_refused(index_page):
    page = draft_convention(index_page, cofunded=True)
    page.eu_operation_objectives = ""
    revision = page.save_revision()
    with pytest.raises(ValidationError) as error:
        revision.publish()
    assert DESCRIPTION_RULE in " ".join(error.value.messages)
    assert not ConventionPage.objects.get(pk=page.pk).live


def test_creating_a_live_noncompliant_page_is_refused(index_page):
    with pytest.raises(ValidationError):
        ConventionPageFactory(
            parent=index_page, funding_programme=FundingProgramme.FSE_PLUS_2021_2027
        )


def test_content_page_about_a_convention_without_description_is_refused(
    admin_client, index_page, home_page
):
    convention = draft_convention(index_page, cofunded=True, eu_operation_description="")
    news = ContentPageFactory(parent=home_page, live=False)
    news.save_revision()
    response = publish_through_admin(admin_client, news, related_convention=str(convention.pk))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert DESCRIPTION_RULE in html
    assert f"dans la convention « {convention.title} »" in html
    assert not Page.objects.get(pk=news.pk).live

    convention.eu_operation_description = "La facilitation des clauses sociales."
    convention.save_revision().publish()
    response = publish_through_admin(admin_client, news, related_convention=str(convention.pk))
    assert response.status_code == 302
    assert Page.objects.get(pk=news.pk).live


def test_submitting_for_moderation_is_refused_too(admin_client, index_page):
    page = draft_convention(index_page, cofunded=True)
    url, data = edit_form_data(admin_client, page, eu_operation_description="")
    data["action-submit"] = "action-submit"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert DESCRIPTION_RULE in response.content.decode().replace("&#x27;", "'")


def test_bulk_publication_is_refused(admin_client, index_page):
    good = draft_convention(index_page, cofunded=True, title="Conforme")
    bad = draft_convention(index_page, cofunded=True, title="Sans résultats")
    bad.eu_operation_results = ""
    bad.save_revision()
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={good.pk}&id={bad.pk}&next=/admin/"
    )
    response = admin_client.post(url, {"include_descendants": ""}, follow=True)
    html = response.content.decode().replace("&#x27;", "'")
    assert "« Sans résultats » ne peut pas être publiée" in html
    assert DESCRIPTION_RULE in html
    assert not ConventionPage.objects.get(pk=good.pk).live
    assert not ConventionPage.objects.get(pk=bad.pk).live


def test_settings_refuse_removing_the_2014_2020_logo_used_by_live_pages(index_page, site):
    eu_settings = EUVisibilitySettingsFactory(site=site, europe_commits_logo=LogoImageFactory())
    ConventionPageFactory(
        parent=index_page,
        cofunded=True,
        funding_programme=FundingProgramme.FSE_2014_2020,
        title="Convention FSE",
    )
    eu_settings.europe_commits_logo = None
    with pytest.raises(ValidationError) as error:
        eu_settings.full_clean()
    assert "« Convention FSE »" in str(error.value)


def test_settings_require_a_description_when_the_site_declares_cofunding(site):
    eu_settings = EUVisibilitySettingsFactory(
        site=site, site_funding_programme=FundingProgramme.FSE_PLUS_2021_2027
    )
    with pytest.raises(ValidationError) as error:
        eu_settings.full_clean()
    assert set(error.value.message_dict) == {
        "site_operation_description",
        "site_operation_objectives",
        "site_operation_results",
    }


def test_admin_create_and_publish_is_refused_then_accepted(admin_client, index_page):
    url = reverse("wagtailadmin_pages:add", args=("commitments", "conventionpage", index_page.pk))
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": "Nouvelle convention cofinancée",
                "slug": "nouvelle-convention",
                "object": rich_text("<p>L'objet.</p>"),
                "articles": streamfield([]),
                "start_date": "2025-01-01",
                "duration_months": "12",
                "notice_period_months": "3",
                "funding_programme": FundingProgramme.FSE_PLUS_2021_2027,
                "eu_operation_description": "La facilitation.",
                "eu_operation_objectives": "",
                "eu_operation_results": "",
                "action-publish": "action-publish",
            }
        )
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert DESCRIPTION_RULE in html
    assert "ses objectifs, ses résultats" in html
    assert not ConventionPage.objects.filter(slug="nouvelle-convention").exists()

    data["eu_operation_objectives"] = "Accompagner 300 personnes."
    data["eu_operation_results"] = "120 000 heures."
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert ConventionPage.objects.get(slug="nouvelle-convention").live
