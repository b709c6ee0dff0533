"""Who the person fields of the nomination pages may take (voters/pickers.py): a nominee is a confirmed voter
of the election (CAN-1); a near relative among the nominees is another nominee of the same election (CAN-9)."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voters.pickers import PersonPool, voter_pool

from .models import Nominee

NOT_NOMINABLE = gettext_lazy("%(name)s is not a confirmed voter of this election: only confirmed voters can be "
                             "nominated (CAN-1).")


def nominee_pool(election):
    return voter_pool(election, NOT_NOMINABLE)


def relative_pool(nominee):
    others = Nominee.objects.filter(election_id=nominee.election_id).exclude(pk=nominee.pk)

    def refusal(pk):
        if pk == nominee.pk:
            return _("A nominee is not their own relative.")
        return _("Choose the other nominee of this election.")

    return PersonPool(queryset=others, refusal=refusal, prefix="resident__")
