"""Whatever a browser or a robot posts, the public forms answer in French and never with a 500."""

import itertools
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.application_factories import StructureApplicationFactory
from directory.edit_links import issue_edit_link
from directory.factories import SectorFactory, StructureFactory
from directory.registration_forms import STEPS
from tests.directory.registration_helpers import SLUGS, URL, carry, walk

pytestmark = pytest.mark.django_db

FIELD_NAMES = sorted(
    {name for _slug, form_class in STEPS for name in form_class.base_fields}
    | {"action", "site_web", "horodatage", "brouillon", "remove_logo"}
)
text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "1e9", "on", "null", "\x00"]),
    st.text(alphabet="0123456789 ", min_size=10, max_size=20),
)
payloads = st.dictionaries(
    st.sampled_from(FIELD_NAMES), st.one_of(text, st.lists(text, max_size=3)), max_size=12
)
ACCEPTABLE = {200, 302, 400, 410, 429}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def clean(payload):
    # The test client cannot send NUL bytes in form data any more than a browser would.
    def strip(value):
        return (
            [strip(item) for item in value]
            if isinstance(value, list)
            else value.replace("\x00", "")
        )

    return {key: strip(value) for key, value in payload.items()}


@pytest.fixture
def step_pages(client, site):
    sector = SectorFactory()
    pages = {"siret": client.get(URL)}
    for previous, slug in itertools.pairwise(SLUGS):
        pages[slug] = walk(client, [sector.pk], until=previous)
    return pages


@FUZZ
@given(slug=st.sampled_from(SLUGS), payload=payloads, keep_tokens=st.booleans())
def test_any_post_to_any_step_is_answered(client, step_pages, slug, payload, keep_tokens):
    data = clean(payload)
    if keep_tokens:
        data = {**data, **carry(step_pages[slug])}
    response = client.post(URL, data)
    assert response.status_code in ACCEPTABLE
    if response.status_code == 200:
        assert '<html lang="fr"' in response.content.decode()


@FUZZ
@given(payload=payloads)
def test_any_post_to_the_edit_form_is_answered(client, site, payload):
    structure = StructureFactory()
    _link, token = issue_edit_link(structure, structure.contact_email)
    response = client.post(f"/annuaire/modifier/{structure.siret}/{token}/", clean(payload))
    assert response.status_code in ACCEPTABLE


@FUZZ
@given(siret=text, token=st.text(min_size=1, max_size=120))
def test_any_edit_or_confirmation_url_is_answered(client, site, siret, token):
    # As a browser sends them: every reserved character percent-encoded.
    siret = quote(siret.strip() or "0", safe="")
    token = quote(token, safe="")
    for url in (
        f"/annuaire/modifier/{siret}/{token}/",
        f"/annuaire/inscription/confirmer/{token}/",
    ):
        try:
            response = client.get(url)
        except ValueError:  # the test client refuses some characters a browser would encode
            continue
        assert response.status_code in ACCEPTABLE | {404}


def test_confirmation_of_an_application_with_a_changed_address_is_refused(client, site):
    from directory.edit_links import make_confirmation_token

    application = StructureApplicationFactory(unconfirmed=True)
    token = make_confirmation_token(application)
    application.contact_email = "autre@example.org"
    application.save()
    response = client.post(f"/annuaire/inscription/confirmer/{token}/")
    assert response.status_code == 400
