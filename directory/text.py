"""Text normalisation shared by search, imports and commune lookups.

Everything that is compared "accent- and case-insensitively" goes through ``normalise``:
the same function builds the stored search columns and the user's query terms, so the
database backend only needs plain ``LIKE`` comparisons on lower-case ASCII text.
"""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations found in official files ("ST ETIENNE", "STE MAXIME").
_COMMUNE_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise(value):
    """Lower-case ASCII words separated by single spaces: "L'Œuvre Saint-Étienne" -> "l oeuvre saint etienne"."""
    if not value:
        return ""
    text = str(value).translate(_LIGATURES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def normalise_commune_name(value):
    """Normalised commune name with the usual abbreviations expanded ("ST ETIENNE" -> "saint etienne")."""
    words = normalise(value).split()
    return " ".join(_COMMUNE_ABBREVIATIONS.get(word, word) for word in words)


def digits_only(value):
    return "".join(char for char in str(value or "") if char.isdigit())
