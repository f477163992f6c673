"""Factories for every model of the directory."""

import factory
import wagtail_factories
from factory import fuzzy

from directory.models import (
    Commune,
    Department,
    DirectoryPage,
    PerimeterKind,
    PublicationState,
    Region,
    Sector,
    SectorGroup,
    Source,
    Structure,
    StructureKind,
)
from directory.siret import siret_from_number


class RegionFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"R{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Région {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")

    class Meta:
        model = Region
        django_get_or_create = ("code",)


class DepartmentFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"D{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Département {n}")
    slug = factory.Sequence(lambda n: f"departement-{n}")
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = Department
        django_get_or_create = ("code",)


def _existing_department(code):
    """A department shipped by the data migration (tests run with migrations)."""
    return Department.objects.select_related("region").get(code=code)


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune in a shipped department (Bouches-du-Rhône unless told otherwise)."""

    insee_code = factory.Sequence(lambda n: f"9{n:04d}"[-5:])
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(lambda o: f"commune-{o.insee_code}")
    postcodes = factory.Sequence(lambda n: f"{13000 + n % 1000:05d}")
    department = factory.LazyFunction(lambda: _existing_department("13"))
    region = factory.LazyAttribute(lambda o: o.department.region)
    latitude = 43.3
    longitude = 5.4

    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)


class SectorGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Groupe de test {n}")
    slug = factory.Sequence(lambda n: f"groupe-de-test-{n}")
    order = factory.Sequence(lambda n: 1000 + n)

    class Meta:
        model = SectorGroup


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Secteur de test {n}")
    slug = factory.Sequence(lambda n: f"secteur-de-test-{n}")
    group = factory.SubFactory(SectorGroupFactory)

    class Meta:
        model = Sector


class StructureFactory(factory.django.DjangoModelFactory):
    legal_name = factory.Sequence(lambda n: f"Structure solidaire {n}")
    siret = factory.Sequence(lambda n: siret_from_number(10_000_000 + n * 7919))
    kind = fuzzy.FuzzyChoice(StructureKind.values)
    description = "Une structure qui emploie des personnes éloignées de l'emploi."
    services = "Entretien, petits travaux."
    postcode = "13001"
    city = "Marseille"
    latitude = 43.2965
    longitude = 5.3698
    perimeter_kind = PerimeterKind.RADIUS
    perimeter_radius_km = 20
    contact_name = "Camille Martin"
    contact_email = factory.Sequence(lambda n: f"contact{n}@structure.example.org")
    contact_phone = "04 91 00 00 00"
    source = Source.STAFF
    publication_state = PublicationState.PUBLISHED

    class Meta:
        model = Structure
        django_get_or_create = ("siret",)
        skip_postgeneration_save = True

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def perimeter_regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.perimeter_regions.set(extracted)

    @factory.post_generation
    def perimeter_departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.perimeter_departments.set(extracted)


class DirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Annuaire"
    slug = "annuaire"
    intro = "Trouvez une structure d'insertion ou du secteur du handicap près de chez vous."

    class Meta:
        model = DirectoryPage
