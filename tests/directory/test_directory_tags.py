"""Facet checkboxes printed by directory/templatetags/directory_tags.py."""

from directory.search.results import Facet, FacetValue
from directory.templatetags.directory_tags import facet_fieldset


def test_facet_values_are_escaped_and_keep_their_state():
    facet = Facet(
        name="secteur",
        label="Secteur <d'activité>",
        values=[
            FacetValue(value="tri-selectif", label='Tri <b>"sélectif"</b> & co', count=12345),
            FacetValue(value='x"><script>', label="Autre", count=0, selected=True),
        ],
    )
    html = facet_fieldset(facet)
    assert "<legend>Secteur &lt;d&#x27;activité&gt;</legend>" in html
    assert "Tri &lt;b&gt;&quot;sélectif&quot;&lt;/b&gt; &amp; co" in html
    assert "(12\u202f345" in html
    assert 'value="x&quot;&gt;&lt;script&gt;"' in html
    assert "<script>" not in html
    first, second = html.split("<li>")[1:]
    assert " checked" not in first and " checked" in second


def test_a_facet_without_values_prints_nothing():
    assert facet_fieldset(Facet(name="region", label="Région", values=[])) == ""
    assert facet_fieldset(None) == ""
