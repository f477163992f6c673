"""Commitments: the charter, partnership conventions, the deliberations approving them,
the form to join the charter, and the EU funding visibility settings."""

from commitments.models.charter import CharterPage, CharterSignatory, CharterStatus, SignatoryRole
from commitments.models.convention import ConventionPage, ConventionParty
from commitments.models.deliberation import Assembly, DeliberationPage, VoteOutcome
from commitments.models.eu_settings import EUVisibilitySettings
from commitments.models.index import CommitmentsIndexPage
from commitments.models.join import JoinCharterFormField, JoinCharterPage

__all__ = [
    "Assembly",
    "CharterPage",
    "CharterSignatory",
    "CharterStatus",
    "CommitmentsIndexPage",
    "ConventionPage",
    "ConventionParty",
    "DeliberationPage",
    "EUVisibilitySettings",
    "JoinCharterFormField",
    "JoinCharterPage",
    "SignatoryRole",
    "VoteOutcome",
]
