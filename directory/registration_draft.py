"""The registration in progress, kept by the browser as a signed draft (no cookie, no session).

Every step page carries the draft in a hidden field; it is signed with the secret key, so it
cannot be altered, and it expires after ``DIRECTORY_REGISTRATION_DRAFT_MAX_AGE_HOURS``. The
logo itself waits in storage (``directory.logo_storage``): the draft only holds its name.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core import signing

DRAFT_SALT = "directory.registration-draft"
DRAFT_FIELD = "brouillon"
VERSION = 1


class DraftError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code  # "expired" or "tampered"


@dataclass
class Draft:
    step: int = 0
    reached: int = 0
    siret: str = ""
    claim: bool = False
    data: dict = field(default_factory=dict)
    logo: str = ""
    stamp: str = ""

    def sign(self):
        return signing.dumps({"v": VERSION, **asdict(self)}, salt=DRAFT_SALT, compress=True)

    @classmethod
    def load(cls, token):
        if not token:
            return cls()
        try:
            payload = signing.loads(
                str(token),
                salt=DRAFT_SALT,
                max_age=settings.DIRECTORY_REGISTRATION_DRAFT_MAX_AGE_HOURS * 3600,
            )
        except signing.SignatureExpired as exc:
            raise DraftError("expired") from exc
        except (signing.BadSignature, ValueError, UnicodeError) as exc:
            raise DraftError("tampered") from exc
        if not isinstance(payload, dict) or payload.pop("v", None) != VERSION:
            raise DraftError("tampered")
        try:
            draft = cls(**payload)
        except TypeError as exc:
            raise DraftError("tampered") from exc
        if not isinstance(draft.data, dict) or not isinstance(draft.step, int):
            raise DraftError("tampered")
        return draft
