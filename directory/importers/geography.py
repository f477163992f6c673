"""In-memory lookups of communes and departments used by the imports (one query each)."""

from collections import defaultdict

from directory.models import Commune, Department
from directory.text import normalise_commune_name


def department_code(value):
    """ "001" -> "01", "013" -> "13", "02A" -> "2A", "971" -> "971", "2a" -> "2A"."""
    code = (value or "").strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    if len(code) == 1 and code.isdigit():
        code = f"0{code}"
    return code


class CommuneIndex:
    """Find a commune by INSEE code, or by postcode and name (normalised, abbreviations expanded)."""

    def __init__(self):
        self.departments = {
            department.code: department
            for department in Department.objects.select_related("region")
        }
        self.departments_by_pk = {
            department.pk: department for department in self.departments.values()
        }
        self.by_insee = {}
        self.by_pk = {}
        self.by_postcode = defaultdict(list)
        self.by_department_name = defaultdict(list)
        for commune in Commune.objects.only(
            "id",
            "insee_code",
            "name",
            "normalised_name",
            "postcodes",
            "department_id",
            "region_id",
            "latitude",
            "longitude",
        ).iterator(chunk_size=5000):
            self.by_insee[commune.insee_code] = commune
            self.by_pk[commune.pk] = commune
            for postcode in commune.postcodes.split():
                self.by_postcode[postcode].append(commune)
            self.by_department_name[(commune.department_id, commune.normalised_name)].append(
                commune
            )

    def department(self, code):
        return self.departments.get(department_code(code))

    def find(self, *, insee_code="", postcode="", name="", department=None):
        if insee_code and insee_code.upper() in self.by_insee:
            return self.by_insee[insee_code.upper()]
        wanted = normalise_commune_name(name)
        candidates = self.by_postcode.get(postcode.strip(), []) if postcode else []
        if candidates:
            if wanted:
                exact = [commune for commune in candidates if commune.normalised_name == wanted]
                if len(exact) == 1:
                    return exact[0]
                # "MARSEILLE 13E ARRONDISSEMENT", "LYON 3EME"
                prefixed = [
                    commune
                    for commune in candidates
                    if wanted.startswith(commune.normalised_name + " ")
                ]
                if len(prefixed) == 1:
                    return prefixed[0]
            if len(candidates) == 1:
                return candidates[0]
        if wanted:
            department_pk = department.pk if department else None
            if department_pk is None and postcode[:2].isdigit():
                guessed = self.department(
                    postcode[:3] if postcode.startswith("97") else postcode[:2]
                )
                department_pk = guessed.pk if guessed else None
            matches = self.by_department_name.get((department_pk, wanted), [])
            if len(matches) == 1:
                return matches[0]
        return None
