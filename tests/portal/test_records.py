"""Records printed by templates (portal/records.py)."""

from dataclasses import dataclass

import pytest
from django.template import Context, Template

from portal.records import TemplateRecord


@dataclass(frozen=True)
class Card(TemplateRecord):
    title: str


def test_records_answer_item_lookups_like_attributes():
    card = Card(title="Nettoyage")
    assert card["title"] == "Nettoyage"
    with pytest.raises(KeyError):
        card["missing"]
    assert Template("{{ card.title }}|{{ card.missing }}").render(Context({"card": card})) == (
        "Nettoyage|"
    )
