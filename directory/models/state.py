"""A token that changes whenever published data of the directory changes.

Each process keeps an in-memory facet index of the published structures
(``directory.search.facet_index``) and rebuilds it when this token differs from the one it
was built with. Code changing structures with ``QuerySet.update()`` or raw SQL (which skip
signals) must call ``directory.search.indexing.structures_changed(pks)``.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryState(models.Model):
    token = models.CharField(_("jeton de version"), max_length=32, default="initial")
    changed_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("état de l'annuaire")
        verbose_name_plural = _("états de l'annuaire")

    def __str__(self):
        return self.token

    @classmethod
    def current_token(cls):
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        return token or "initial"

    @classmethod
    def bump(cls):
        """Give the directory a new version token (inside the caller's transaction)."""
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token):
            cls.objects.update_or_create(pk=1, defaults={"token": token})
        return token
