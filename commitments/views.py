"""Admin report: the EU visibility audit, rule by rule, for every live co-funded page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from commitments.eu_visibility import audit


def eu_visibility_audit(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    audits = audit(render=True)
    return render(
        request,
        "commitments/admin/eu_visibility_audit.html",
        {
            "audits": audits,
            "non_compliant_count": sum(1 for page_audit in audits if not page_audit.compliant),
        },
    )
