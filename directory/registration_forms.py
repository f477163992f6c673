"""The forms of registration and self-service editing, one per step of the registration.

Each step form turns its cleaned data into the JSON shape of ``directory.application_data``
(``to_data``) and is filled back from it (``initial_from``): the registration keeps the
steps' data in a signed draft, the edit form shows all the steps at once.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.logo_validation import ACCEPT_ATTRIBUTE, validate_logo
from directory.models import (
    Commune,
    Department,
    HeadcountBand,
    PerimeterKind,
    Region,
    Sector,
    StructureKind,
)
from directory.siret import clean_siret, siret_error
from directory.text import normalise_commune_name
from portal.antispam import AntiSpamFormMixin

REQUIRED_MESSAGES = {
    "siret": _("Saisissez un numéro SIRET."),
    "legal_name": _("Indiquez la raison sociale de la structure."),
    "kind": _("Choisissez le type de la structure."),
    "sectors": _("Choisissez au moins un secteur d'activité."),
    "postcode": _("Indiquez le code postal de la structure."),
    "city": _("Indiquez la commune de la structure."),
    "perimeter_kind": _("Indiquez où la structure intervient."),
    "description": _("Présentez la structure en quelques phrases."),
    "services": _("Indiquez les prestations que propose la structure."),
    "contact_name": _("Indiquez le nom de la personne à contacter."),
    "contact_email": _("Indiquez l'adresse électronique de la personne à contacter."),
    "consent_publication": _("Vous devez accepter la publication de la fiche pour l'envoyer."),
    "consent_privacy": _("Vous devez confirmer avoir lu la notice sur les données personnelles."),
}
MAX_RADIUS_KM = 1000
_PHONE = re.compile(r"^\+?[0-9 .()-]{10,20}$")


class AccessibleFormMixin:
    """Links help texts and errors to their inputs (aria-describedby, aria-invalid)."""

    # The keys of the listing's data this form fills (for the summary before sending).
    data_fields = ()

    @classmethod
    def summary_fields(cls, data):
        """The fields worth showing in the summary, given the answers."""
        return cls.data_fields

    @classmethod
    def initial_from(cls, data, **kwargs):
        """The form's initial values from the listing's data."""
        return {name: data[name] for name in cls.base_fields if name in data}

    def to_data(self):
        """The listing's data from the cleaned form (nothing for steps without data)."""
        return {}

    error_css_class = "form-field--error"
    # Widgets that render several inputs: their description goes on the fieldset.
    grouped_widgets = (forms.RadioSelect, forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in REQUIRED_MESSAGES:
                field.error_messages["required"] = REQUIRED_MESSAGES[name]
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        errors = self._errors or {}
        for bound in self:
            widget = bound.field.widget
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}_aide")
            if bound.name in errors:
                ids.append(f"{bound.auto_id}_erreur")
            if isinstance(widget, self.grouped_widgets):
                continue
            widget.attrs.pop("aria-invalid", None)
            widget.attrs.pop("aria-describedby", None)
            if ids:
                widget.attrs["aria-describedby"] = " ".join(ids)
            if bound.name in errors:
                widget.attrs["aria-invalid"] = "true"

    def fieldset_describedby(self, name):
        bound = self[name]
        ids = []
        if bound.help_text:
            ids.append(f"{bound.auto_id}_aide")
        if self._errors and name in self._errors:
            ids.append(f"{bound.auto_id}_erreur")
        return " ".join(ids)

    def error_links(self):
        """(anchor, message) for the error summary at the top of the page."""
        links = [(f"#{self.auto_id_root()}", error) for error in self.non_field_errors()]
        for bound in self:
            for error in bound.errors:
                target = bound.auto_id
                if isinstance(bound.field.widget, self.grouped_widgets):
                    target = f"{bound.auto_id}_0"
                links.append((f"#{target}", f"{bound.label} : {error}"))
        return links

    def auto_id_root(self):
        return "erreurs"

    # (legend or None, [field names]): how the step's fields are grouped on the page.
    fieldsets = ()

    def get_fieldsets(self):
        visible = {bound.name: bound for bound in self.visible_fields()}
        groups, seen = [], set()
        for legend, names in self.fieldsets:
            fields = [visible[name] for name in names if name in visible]
            seen.update(name for name in names)
            if fields:
                groups.append({"legend": legend, "fields": fields})
        rest = [bound for name, bound in visible.items() if name not in seen]
        if rest:
            groups.append({"legend": None, "fields": rest})
        return groups


# --------------------------------------------------------------------------- step 1: SIRET


class SiretForm(AccessibleFormMixin, forms.Form):
    title = _("Numéro SIRET")
    siret = forms.CharField(
        label=_("Numéro SIRET de l'établissement"),
        max_length=40,
        help_text=_(
            "14 chiffres, que vous trouverez sur un avis de situation Insee ou un extrait Kbis. "
            "Exemple : 123 456 789 00012."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_siret(self):
        value = clean_siret(self.cleaned_data["siret"])
        message = siret_error(value)
        if message:
            raise forms.ValidationError(message, code="invalid_siret")
        return value

    def to_data(self):
        return {}

    @classmethod
    def initial_from(cls, data, siret=""):
        return {"siret": siret}


# --------------------------------------------------------------------------- step 2: identity


class IdentityForm(AccessibleFormMixin, forms.Form):
    title = _("Identité de la structure")
    data_fields = ("legal_name", "brand_name", "kind")
    legal_name = forms.CharField(
        label=_("Raison sociale"),
        max_length=255,
        help_text=_("Le nom officiel, tel qu'il figure au répertoire Sirene."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    brand_name = forms.CharField(
        label=_("Enseigne ou nom d'usage (facultatif)"),
        max_length=255,
        required=False,
        help_text=_("Le nom sous lequel la structure est connue, s'il diffère."),
    )
    kind = forms.ChoiceField(
        label=_("Type de structure"),
        choices=StructureKind.choices,
        widget=forms.RadioSelect,
        help_text=_("Le conventionnement ou l'agrément de la structure."),
    )

    def to_data(self):
        data = self.cleaned_data
        return {
            "legal_name": data["legal_name"].strip(),
            "brand_name": data["brand_name"].strip(),
            "kind": data["kind"],
        }

    @classmethod
    def initial_from(cls, data, **kwargs):
        return {name: data.get(name, "") for name in ("legal_name", "brand_name", "kind")}


# --------------------------------------------------------------------------- step 3: sectors


class SectorsForm(AccessibleFormMixin, forms.Form):
    title = _("Secteurs d'activité")
    data_fields = ("sectors",)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Secteurs d'activité"),
        queryset=Sector.objects.select_related("group").order_by(
            "group__order", "group__name", "name"
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez au moins un secteur, et tous ceux où la structure travaille."),
        error_messages={
            "invalid_choice": _("Ce secteur n'existe pas ou plus : décochez-le."),
            "invalid_pk_value": _("Ce secteur n'existe pas ou plus : décochez-le."),
        },
    )

    def sectors_by_group(self):
        """The checkboxes grouped by sector group, for one disclosure per group:
        ``(group, sectors, number of sectors ticked in the group)``."""
        selected = {str(value) for value in (self["sectors"].value() or [])}
        groups = []
        for sector in self.fields["sectors"].queryset:
            if not groups or groups[-1][0] != sector.group:
                groups.append((sector.group, []))
            groups[-1][1].append(
                {
                    "id": f"{self['sectors'].auto_id}_{sector.pk}",
                    "value": sector.pk,
                    "label": sector.name,
                    "checked": str(sector.pk) in selected,
                }
            )
        return [
            (group, sectors, sum(sector["checked"] for sector in sectors))
            for group, sectors in groups
        ]

    def error_links(self):
        links = super().error_links()
        first = self.fields["sectors"].queryset.first()
        if first is None:
            return links
        return [
            (f"#{self['sectors'].auto_id}_{first.pk}", message)
            if anchor == f"#{self['sectors'].auto_id}_0"
            else (anchor, message)
            for anchor, message in links
        ]

    def to_data(self):
        return {"sectors": sorted(sector.pk for sector in self.cleaned_data["sectors"])}

    @classmethod
    def initial_from(cls, data, **kwargs):
        return {"sectors": list(data.get("sectors") or [])}


# --------------------------------------------------------------------------- step 4: place


def _department_codes(value):
    return [code.strip().upper() for code in re.split(r"[\s,;]+", value or "") if code.strip()]


class PlaceForm(AccessibleFormMixin, forms.Form):
    title = _("Adresse et périmètre d'intervention")
    data_fields = (
        "address",
        "postcode",
        "city",
        "perimeter_kind",
        "perimeter_radius_km",
        "perimeter_regions",
        "perimeter_departments",
    )
    fieldsets = (
        (_("Adresse de la structure"), ("address", "postcode", "city")),
        (
            _("Périmètre d'intervention"),
            (
                "perimeter_kind",
                "perimeter_radius_km",
                "perimeter_regions",
                "perimeter_departments",
            ),
        ),
    )
    address = forms.CharField(
        label=_("Adresse (facultatif)"),
        max_length=255,
        required=False,
        help_text=_("Numéro et voie, par exemple : 12 rue des Artisans."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Commune"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    perimeter_kind = forms.ChoiceField(
        label=_("Où la structure intervient-elle ?"),
        choices=PerimeterKind.choices,
        widget=forms.RadioSelect,
        initial=PerimeterKind.RADIUS,
    )
    perimeter_radius_km = forms.IntegerField(
        label=_("Rayon autour de l'adresse, en kilomètres"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        help_text=_("Seulement si la structure intervient autour de son adresse. Exemple : 30."),
        error_messages={
            "invalid": _("Indiquez un nombre entier de kilomètres, par exemple 30."),
            "min_value": _("Le rayon doit être d'au moins 1 km."),
            "max_value": _(
                "Le rayon ne peut pas dépasser %(limit_value)s km : choisissez plutôt « Toute la France »."
            ),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    perimeter_regions = forms.ModelMultipleChoiceField(
        label=_("Régions d'intervention"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seulement si la structure intervient dans des régions ou des départements."),
        error_messages={"invalid_choice": _("Cette région n'existe pas : décochez-la.")},
    )
    perimeter_departments = forms.CharField(
        label=_("Départements d'intervention"),
        required=False,
        max_length=500,
        help_text=_("Leurs numéros séparés par des virgules, par exemple : 13, 84, 2A."),
    )

    @classmethod
    def summary_fields(cls, data):
        kind = data.get("perimeter_kind")
        hidden = {
            PerimeterKind.RADIUS: {"perimeter_regions", "perimeter_departments"},
            PerimeterKind.TERRITORIES: {"perimeter_radius_km"},
        }.get(kind, {"perimeter_radius_km", "perimeter_regions", "perimeter_departments"})
        return tuple(name for name in cls.data_fields if name not in hidden)

    def clean_postcode(self):
        postcode = "".join(self.cleaned_data["postcode"].split())
        if not re.fullmatch(r"\d{5}", postcode):
            raise forms.ValidationError(
                _("Un code postal compte 5 chiffres, par exemple 13001."), code="invalid_postcode"
            )
        return postcode

    def clean_perimeter_departments(self):
        codes = _department_codes(self.cleaned_data["perimeter_departments"])
        codes = [code.zfill(2) if code.isdigit() and len(code) == 1 else code for code in codes]
        known = set(Department.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("Département inconnu : %(codes)s. Indiquez des numéros comme 13, 84 ou 2A.")
                % {"codes": ", ".join(unknown[:5])},
                code="unknown_department",
            )
        return sorted(set(codes))

    def clean(self):
        data = super().clean()
        postcode, city = data.get("postcode"), data.get("city")
        self.commune = None
        if postcode and city:
            self.commune = self._find_commune(postcode, city)
        kind = data.get("perimeter_kind")
        if (
            kind == PerimeterKind.RADIUS
            and not data.get("perimeter_radius_km")
            and "perimeter_radius_km" not in self.errors
        ):
            self.add_error(
                "perimeter_radius_km",
                forms.ValidationError(
                    _("Indiquez le rayon d'intervention en kilomètres, par exemple 30."),
                    code="radius_required",
                ),
            )
        if (
            kind == PerimeterKind.TERRITORIES
            and not data.get("perimeter_regions")
            and not data.get("perimeter_departments")
            and "perimeter_departments" not in self.errors
            and "perimeter_regions" not in self.errors
        ):
            self.add_error(
                "perimeter_regions",
                forms.ValidationError(
                    _("Cochez au moins une région ou indiquez au moins un département."),
                    code="territory_required",
                ),
            )
        return data

    def _find_commune(self, postcode, city):
        """The commune of the communes table, when the table knows this postcode."""
        candidates = list(
            Commune.objects.with_postcode(postcode).only("insee_code", "name", "postcodes")
        )
        candidates = [commune for commune in candidates if postcode in commune.postcode_list]
        if not candidates:
            return None  # communes not imported for this area: the city is kept as typed
        wanted = normalise_commune_name(city)
        for commune in candidates:
            if commune.normalised_name == wanted or normalise_commune_name(commune.name) == wanted:
                return commune
        if len(candidates) == 1:
            self.add_error(
                "city",
                forms.ValidationError(
                    _(
                        "Le code postal %(postcode)s correspond à la commune « %(name)s » : vérifiez la commune ou le code postal."
                    )
                    % {"postcode": postcode, "name": candidates[0].name},
                    code="commune_mismatch",
                ),
            )
        else:
            names = ", ".join(sorted(commune.name for commune in candidates)[:8])
            self.add_error(
                "city",
                forms.ValidationError(
                    _(
                        "Cette commune ne correspond pas au code postal %(postcode)s, qui dessert : %(names)s."
                    )
                    % {"postcode": postcode, "names": names},
                    code="commune_mismatch",
                ),
            )
        return None

    def to_data(self):
        data = self.cleaned_data
        kind = data["perimeter_kind"]
        commune = getattr(self, "commune", None)
        return {
            "address": data["address"].strip(),
            "postcode": data["postcode"],
            "city": commune.name if commune else data["city"].strip(),
            "commune": commune.insee_code if commune else None,
            "perimeter_kind": kind,
            "perimeter_radius_km": data["perimeter_radius_km"]
            if kind == PerimeterKind.RADIUS
            else None,
            "perimeter_regions": sorted(region.code for region in data["perimeter_regions"])
            if kind == PerimeterKind.TERRITORIES
            else [],
            "perimeter_departments": data["perimeter_departments"]
            if kind == PerimeterKind.TERRITORIES
            else [],
        }

    @classmethod
    def initial_from(cls, data, **kwargs):
        return {
            "address": data.get("address", ""),
            "postcode": data.get("postcode", ""),
            "city": data.get("city", ""),
            "perimeter_kind": data.get("perimeter_kind") or PerimeterKind.RADIUS,
            "perimeter_radius_km": data.get("perimeter_radius_km"),
            "perimeter_regions": list(data.get("perimeter_regions") or []),
            "perimeter_departments": ", ".join(data.get("perimeter_departments") or []),
        }


# --------------------------------------------------------------------------- step 5: offer


class OfferForm(AccessibleFormMixin, forms.Form):
    title = _("Ce que propose la structure")
    data_fields = (
        "description",
        "services",
        "labels",
        "accepts_subcontracting",
        "accepts_cocontracting",
        "accepts_staff_provision",
        "insertion_headcount_band",
        "permanent_headcount_band",
    )
    description = forms.CharField(
        label=_("Présentation de la structure"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Son activité, son projet, les personnes qu'elle accompagne (3 000 caractères au plus)."
        ),
    )
    services = forms.CharField(
        label=_("Prestations proposées"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ce qu'un acheteur ou une entreprise peut lui confier, par exemple : entretien d'espaces verts, nettoyage de locaux."
        ),
    )
    labels = forms.CharField(
        label=_("Labels et certifications (facultatif)"),
        max_length=500,
        required=False,
        help_text=_("Séparés par des virgules, par exemple : Qualiopi, ISO 14001."),
    )
    accepts_subcontracting = forms.BooleanField(label=_("Sous-traitance"), required=False)
    accepts_cocontracting = forms.BooleanField(
        label=_("Co-traitance (groupement d'entreprises)"), required=False
    )
    accepts_staff_provision = forms.BooleanField(
        label=_("Mise à disposition de personnel"), required=False
    )
    insertion_headcount_band = forms.ChoiceField(
        label=_("Effectif en parcours d'insertion ou travailleurs handicapés (facultatif)"),
        choices=[("", _("Non précisé")), *HeadcountBand.choices],
        required=False,
    )
    permanent_headcount_band = forms.ChoiceField(
        label=_("Effectif permanent (facultatif)"),
        choices=[("", _("Non précisé")), *HeadcountBand.choices],
        required=False,
    )

    collaboration_fields = (
        "accepts_subcontracting",
        "accepts_cocontracting",
        "accepts_staff_provision",
    )

    def to_data(self):
        data = self.cleaned_data
        return {
            "description": data["description"].strip(),
            "services": data["services"].strip(),
            "labels": data["labels"].strip(),
            "accepts_subcontracting": data["accepts_subcontracting"],
            "accepts_cocontracting": data["accepts_cocontracting"],
            "accepts_staff_provision": data["accepts_staff_provision"],
            "insertion_headcount_band": data["insertion_headcount_band"],
            "permanent_headcount_band": data["permanent_headcount_band"],
        }

    @classmethod
    def initial_from(cls, data, **kwargs):
        return {name: data.get(name) for name in cls.base_fields if name in data}


# --------------------------------------------------------------------------- step 6: contact


class ContactForm(AccessibleFormMixin, forms.Form):
    title = _("Contact")
    data_fields = (
        "contact_name",
        "contact_email",
        "contact_phone",
        "show_contact_name",
        "show_contact_email",
        "show_contact_phone",
        "website",
    )
    contact_name = forms.CharField(
        label=_("Nom et prénom de la personne à contacter"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_(
            "Nous y enverrons un lien de confirmation, puis les liens pour mettre à jour la fiche. "
            "Format attendu : nom@domaine.fr."
        ),
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@domaine.fr.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        help_text=_("Par exemple : 04 91 00 00 00."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    show_contact_name = forms.BooleanField(
        label=_("Afficher le nom sur la fiche publique"), required=False
    )
    show_contact_email = forms.BooleanField(
        label=_("Afficher l'adresse électronique sur la fiche publique"), required=False
    )
    show_contact_phone = forms.BooleanField(
        label=_("Afficher le téléphone sur la fiche publique"), required=False
    )
    website = forms.URLField(
        label=_("Site internet (facultatif)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Par exemple : https://www.ma-structure.fr."),
        error_messages={
            "invalid": _(
                "Saisissez une adresse de site valide, par exemple https://www.ma-structure.fr."
            )
        },
    )

    fieldsets = (
        (None, ("contact_name", "contact_email", "contact_phone")),
        (
            _("Ce qui est affiché sur la fiche publique (facultatif)"),
            ("show_contact_name", "show_contact_email", "show_contact_phone"),
        ),
        (None, ("website",)),
    )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone de 10 chiffres, par exemple 04 91 00 00 00."),
                code="invalid_phone",
            )
        return phone

    def clean(self):
        data = super().clean()
        if data.get("show_contact_phone") and not data.get("contact_phone"):
            self.add_error(
                "contact_phone",
                forms.ValidationError(
                    _(
                        "Indiquez le téléphone, ou décochez « Afficher le téléphone sur la fiche publique »."
                    ),
                    code="phone_required",
                ),
            )
        return data

    def to_data(self):
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"].strip(),
            "contact_email": data["contact_email"].strip().lower(),
            "contact_phone": data["contact_phone"],
            "show_contact_name": data["show_contact_name"],
            "show_contact_email": data["show_contact_email"],
            "show_contact_phone": data["show_contact_phone"],
            "website": data["website"],
        }

    @classmethod
    def initial_from(cls, data, **kwargs):
        return {name: data.get(name) for name in cls.base_fields if name in data}


# --------------------------------------------------------------------------- step 7: logo


class LogoForm(AccessibleFormMixin, forms.Form):
    title = _("Logo")
    logo = forms.FileField(
        label=_("Logo (facultatif)"),
        required=False,
        help_text=_(
            "Une image PNG, JPEG ou WebP de 2 Mo au plus et de 4 000 × 4 000 pixels au plus. "
            "Les images SVG ne sont pas acceptées."
        ),
        error_messages={
            "invalid": _("Le fichier n'a pas pu être reçu : choisissez-le de nouveau."),
            "missing": _("Le fichier n'a pas pu être reçu : choisissez-le de nouveau."),
            "empty": _("Le fichier envoyé est vide. Choisissez une image PNG, JPEG ou WebP."),
            "max_length": _(
                "Le nom du fichier est trop long : renommez-le puis envoyez-le de nouveau."
            ),
        },
        max_length=200,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    remove_logo = forms.BooleanField(label=_("Retirer ce logo"), required=False)

    def __init__(self, *args, has_logo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_logo = has_logo
        # A plain file input: the "clear" checkbox is our own remove_logo field.
        self.fields["logo"].widget = forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
        self.describe_fields()
        if not has_logo:
            del self.fields["remove_logo"]

    def clean_logo(self):
        uploaded = self.cleaned_data.get("logo")
        if not uploaded:
            return None
        return validate_logo(uploaded)


# --------------------------------------------------------------------------- step 8: consent


class ConsentForm(AntiSpamFormMixin, AccessibleFormMixin, forms.Form):
    title = _("Vérification et envoi")
    consent_publication = forms.BooleanField(
        label=_(
            "J'accepte que la fiche soit publiée dans l'annuaire, avec les coordonnées que j'ai "
            "choisi d'afficher, après vérification par l'équipe du portail."
        ),
    )
    consent_privacy = forms.BooleanField(
        label=_(
            "J'ai lu la notice sur les données personnelles : ce qui est collecté, pourquoi, "
            "pendant combien de temps et comment exercer mes droits."
        ),
    )


class EditRequestForm(AntiSpamFormMixin, AccessibleFormMixin, forms.Form):
    """Ask for an edit link: only the SIRET."""

    siret = SiretForm.base_fields["siret"]

    clean_siret = SiretForm.clean_siret


_ANTISPAM_CLASSES = {}


def with_antispam(form_class):
    """``form_class`` with the honeypot and the signed timestamp (each wizard step has them)."""
    if issubclass(form_class, AntiSpamFormMixin):
        return form_class
    if form_class not in _ANTISPAM_CLASSES:
        _ANTISPAM_CLASSES[form_class] = type(
            form_class.__name__, (AntiSpamFormMixin, form_class), {"__module__": __name__}
        )
    return _ANTISPAM_CLASSES[form_class]


STEPS = [
    ("siret", SiretForm),
    ("identite", IdentityForm),
    ("secteurs", SectorsForm),
    ("lieu", PlaceForm),
    ("offre", OfferForm),
    ("contact", ContactForm),
    ("logo", LogoForm),
    ("envoi", ConsentForm),
]
EDIT_SECTIONS = [IdentityForm, SectorsForm, PlaceForm, OfferForm, ContactForm]
