"""Reads of the voters app that other parts of the project rely on."""
import re

from django.db.models import Case, Count, IntegerField, Max, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Registration, RegistrationConflict, Resident, VoterListChange, VoterListVersion


def registered_voter_count(election):
    """The number of registered voters is never stored: it is the confirmed registrations (VOT-4, VOT-10)."""
    return Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED).count()


def list_posted(election):
    """The main voter list of the election has been posted (VOT-5); later changes are supplementary (VOT-10)."""
    return VoterListVersion.objects.filter(election=election, kind=VoterListVersion.Kind.MAIN).exists()


def voters_confirmed_on(election, about=None):
    """CAL-5: the day the last voter now confirmed was confirmed (None when no confirmation was recorded)."""
    last = (Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED)
            .aggregate(last=Max("decided_at"))["last"])
    return timezone.localdate(last) if last else None


def pending_changes_recorded_on(election, about=None):
    """CAL-5: the day of the latest addition or removal waiting for a supplementary list."""
    return (VoterListChange.objects.filter(election=election, version__isnull=True)
            .aggregate(last=Max("recorded_on"))["last"])


def registration_counts(election):
    """{status: count} for every status, plus "clean_pending": pending registrations with no problem."""
    row = Registration.objects.filter(election=election).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Registration.Status.values},
        clean_pending=Count("pk", filter=Q(status=Registration.Status.PENDING, problems=[])),
    )
    return row


def registrations_for_review(election, *, group=None, status=None, problem=None, clean=False):
    """The review list, filtered; resident, group and household come in the same query."""
    qs = (Registration.objects.filter(election=election)
          .select_related("resident__group", "resident__household", "decided_by")
          .order_by("resident__group__number", "resident__household__number", "resident_id"))
    if group:
        qs = qs.filter(resident__group_id=group)
    if status:
        qs = qs.filter(status=status)
    if problem:
        # A JSON list of codes: match the quoted code in its text, which works on SQLite and PostgreSQL alike.
        qs = qs.annotate(problems_text=Cast("problems", TextField())).filter(problems_text__contains=f'"{problem}"')
    if clean:
        qs = qs.filter(problems=[])
    return qs


def residents_for_list(community, *, group=None, query="", full_ids=False):
    """Residents of a community for the list page: by group, and by name or the last digits of the ID.

    Who sees masked numbers only (VOT-7) searches by the 4 characters they see, so they cannot probe the
    hidden digits one query at a time.
    """
    qs = Resident.objects.filter(community=community).select_related("group", "household")
    if group:
        qs = qs.filter(group_id=group)
    return person_search(qs, query, full_ids=full_ids).order_by("group__number", "household__number", "id")


# --- finding a person: the one search of names, identity-number tails and resident groups ----------------

# Words of a query: spaces, the "·" of a suggestion's label, commas and enumeration commas separate them.
QUERY_WORDS = re.compile(r"[\s·,，、;；]+")
ID_CHARS = re.compile(r"[0-9]*[0-9X]")
GROUP_NUMBER = re.compile(r"第?(\d{1,3})(?:组|小组|居民小组)")


def query_words(query):
    return [word for word in QUERY_WORDS.split(query.strip()) if word]


def word_terms(word, full_ids=False):
    """[(lookup, value)] that one word of a query may match, any of them: a name, a resident group (by name
    or 第3组), or the end of the identity number."""
    if "*" in word:
        word = word[-4:]  # a masked number (110108********123X): only its last 4 characters are known
    terms = [("name__contains", word), ("group__name__contains", word)]
    upper = word.upper()
    if ID_CHARS.fullmatch(upper):
        terms.append(("id_number__endswith", upper if full_ids else upper[-4:]))
    number = GROUP_NUMBER.fullmatch(word)
    if number:
        terms.append(("group__number", int(number.group(1))))
    return terms


def terms_q(terms, prefix=""):
    """The Q of one word's terms (word_terms), on the people reached through `prefix`."""
    found = Q()
    for lookup, value in terms:
        found |= Q(**{prefix + lookup: value})
    return found


def person_search(queryset, query, *, prefix="", full_ids=False):
    """`queryset` (residents, or rows reaching a resident through `prefix`, e.g. "resident__") narrowed to the
    people every word of `query` matches: 王伟, 王伟 123X, 第3居民小组 王, or a suggestion's label.

    VOT-7: who sees masked numbers only (full_ids=False: every picker, the issuance search) searches by the 4
    characters they see, so no query can probe the hidden digits one at a time.
    """
    for word in query_words(query):
        queryset = queryset.filter(terms_q(word_terms(word, full_ids), prefix))
    return queryset


def exact_name_first(queryset, query, *, prefix=""):
    """Order people whose name is one of the query's words before the others (王伟 before 王伟华)."""
    words = query_words(query)
    return queryset.annotate(name_rank=Case(When(**{f"{prefix}name__in": words}, then=Value(0)), default=Value(1),
                                            output_field=IntegerField())).order_by(
        "name_rank", f"{prefix}group__number", f"{prefix}name", "pk")


def conflicts_for(election):
    """Conflicts (open first) that involve a registration of this election, with every side's community."""
    return (RegistrationConflict.objects.filter(registrations__election=election).distinct()
            .prefetch_related("registrations__election__community", "registrations__resident__group")
            .select_related("decided_by").order_by("resolved", "-found_at"))
