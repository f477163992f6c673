"""European funding of an operation: the programmes, their programming period and the
operation description that every communication about a co-funded operation must carry."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

PERIOD_2014_2020 = "2014-2020"
PERIOD_2021_2027 = "2021-2027"


class FundingProgramme(models.TextChoices):
    NONE = "", _("Aucun financement européen")
    FSE_2014_2020 = "fse-2014-2020", _("FSE — programmation 2014–2020")
    FSE_PLUS_2021_2027 = "fse-plus-2021-2027", _("FSE+ — programmation 2021–2027")
    FEDER_2014_2020 = "feder-2014-2020", _("FEDER — programmation 2014–2020")
    FEDER_2021_2027 = "feder-2021-2027", _("FEDER — programmation 2021–2027")
    FTJ_2021_2027 = "ftj-2021-2027", _("Fonds pour une transition juste — programmation 2021–2027")


# Programme -> (programming period, name of the fund written out in full).
PROGRAMMES = {
    FundingProgramme.FSE_2014_2020: (PERIOD_2014_2020, _("Fonds social européen (FSE)")),
    FundingProgramme.FSE_PLUS_2021_2027: (PERIOD_2021_2027, _("Fonds social européen plus (FSE+)")),
    FundingProgramme.FEDER_2014_2020: (
        PERIOD_2014_2020,
        _("Fonds européen de développement régional (FEDER)"),
    ),
    FundingProgramme.FEDER_2021_2027: (
        PERIOD_2021_2027,
        _("Fonds européen de développement régional (FEDER)"),
    ),
    FundingProgramme.FTJ_2021_2027: (PERIOD_2021_2027, _("Fonds pour une transition juste (FTJ)")),
}


def programme_period(programme):
    entry = PROGRAMMES.get(programme)
    return entry[0] if entry else None


@dataclass(frozen=True)
class EUFunding:
    """What a page must show about the European support of the operation it talks about."""

    programme: str
    description: str = ""
    objectives: str = ""
    results: str = ""
    # Where the description comes from (the convention page, or None for the site itself).
    source: object = None

    @property
    def is_cofunded(self):
        return self.programme in PROGRAMMES

    @property
    def period(self):
        return programme_period(self.programme)

    @property
    def period_label(self):
        return (self.period or "").replace("-", "–")

    @property
    def is_2014_2020(self):
        return self.period == PERIOD_2014_2020

    @property
    def is_2021_2027(self):
        return self.period == PERIOD_2021_2027

    @property
    def fund_name(self):
        entry = PROGRAMMES.get(self.programme)
        return entry[1] if entry else ""

    @property
    def programme_label(self):
        return FundingProgramme(self.programme).label if self.is_cofunded else ""

    def missing_description_parts(self):
        """Labels of the parts of the operation description that are still empty."""
        parts = [
            (self.description, _("la description de l'opération")),
            (self.objectives, _("ses objectifs")),
            (self.results, _("ses résultats")),
        ]
        return [label for value, label in parts if not (value or "").strip()]
