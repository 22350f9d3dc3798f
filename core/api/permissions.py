"""Who may write: users holding the fact-checker permission (given by the Fact-checkers group)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

# A string, as core imports no app; the Fact-checkers group (claims.services.accounts) grants it.
FACT_CHECKER_PERMISSION = "claims.fact_check"


def is_fact_checker(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(FACT_CHECKER_PERMISSION))


class IsFactCheckerOrReadOnly(BasePermission):
    """Reads are open to anyone; every write needs the `claims.fact_check` permission."""

    message = _("Writing needs a fact-checker account (the claims.fact_check permission).")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_fact_checker(request.user)
