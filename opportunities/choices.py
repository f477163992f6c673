"""Small vocabularies of the opportunities app (clauses and statuses have their own modules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Nature(models.TextChoices):
    WORKS = "travaux", _("Travaux")
    SERVICES = "services", _("Services")
    SUPPLIES = "fournitures", _("Fournitures")


class BuyerKind(models.TextChoices):
    LOCAL_AUTHORITY = "collectivite", _("Collectivité territoriale")
    INTERMUNICIPAL = "intercommunalite", _("Intercommunalité (métropole, communauté)")
    STATE = "etat", _("État et services déconcentrés")
    SOCIAL_LANDLORD = "bailleur-social", _("Bailleur social")
    PUBLIC_BODY = "etablissement-public", _("Établissement public")
    HOSPITAL = "hopital", _("Hôpital, groupement hospitalier")
    UNIVERSITY = "universite", _("Université, établissement d'enseignement")
    PUBLIC_DEVELOPER = "amenageur", _("Aménageur public (EPA, SPL, SEM)")
    OTHER = "autre", _("Autre acheteur public")


class Procedure(models.TextChoices):
    OPEN = "appel-offres-ouvert", _("Appel d'offres ouvert")
    RESTRICTED = "appel-offres-restreint", _("Appel d'offres restreint")
    ADAPTED = "procedure-adaptee", _("Procédure adaptée (MAPA)")
    NEGOTIATED = "procedure-negociee", _("Procédure avec négociation")
    COMPETITIVE_DIALOGUE = "dialogue-competitif", _("Dialogue compétitif")
    FRAMEWORK = "accord-cadre", _("Accord-cadre")
    OTHER = "autre", _("Autre procédure")
