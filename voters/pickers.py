"""Person pickers: a form field that takes one person from a pool, with a type-ahead search.

Each place that asks for a person defines its pool — the people the field allows (confirmed voters of the
election for a nominee, voters who may hold a proxy for a proxy holder, …) — and a JSON endpoint that searches
that pool (`people_json`). The page shows a text box: with JavaScript (static/js/person-picker.js) it offers
suggestions from the endpoint as one types a name, the last characters of the identity number or the resident
group, and keeps the chosen person's id in a hidden input; without JavaScript the typed words are resolved on
the server. Either way the server decides: a person outside the pool is refused with the pool's reason.

Suggestions show identity numbers masked (VOT-7) and are searched by the last 4 characters only.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from elections import clock

from .eligibility import of_age_cutoff
from .models import Registration, Resident
from .selectors import exact_name_first, person_search, query_words

SUGGESTIONS = 20


@dataclass
class PersonPool:
    """Who a person field may take.

    queryset: the people allowed — residents, or rows (registrations, nominees) reaching one by `prefix`;
    refusal(pk) -> the reason someone outside the pool cannot be chosen (a message naming them);
    detail(row) -> an optional note shown after a suggestion (e.g. how many authorisations a proxy holds).
    """

    queryset: QuerySet
    refusal: Callable[[int], str]
    prefix: str = ""
    detail: Callable[[object], str] | None = None

    def resident(self, row):
        return getattr(row, self.prefix.removesuffix("__")) if self.prefix else row

    def rows(self):
        related = f"{self.prefix}group" if self.prefix else "group"
        return self.queryset.select_related(related)

    def get(self, pk):
        return self.rows().filter(pk=pk).first()

    def search(self, query, limit=SUGGESTIONS):
        """(rows, more): the first `limit` people every word of `query` matches, exact names first."""
        if not query_words(query):
            return [], False
        found = exact_name_first(person_search(self.rows(), query, prefix=self.prefix), query, prefix=self.prefix)
        rows = list(found[:limit + 1])
        return rows[:limit], len(rows) > limit

    def label(self, row):
        resident = self.resident(row)
        group = resident.group.name if resident.group_id else "—"
        return f"{resident.name} · {group} · {resident.masked_id}"

    def suggestion(self, row):
        resident = self.resident(row)
        return {"id": row.pk, "label": self.label(row), "name": resident.name,
                "group": resident.group.name if resident.group_id else "", "id_tail": resident.masked_id,
                "detail": str(self.detail(row)) if self.detail else ""}

    def resolve(self, query):
        """The one person `query` names; ValidationError when nobody or several people match."""
        rows, more = self.search(query, limit=5)
        if len(rows) == 1:
            return rows[0]
        exact = [row for row in rows if self.resident(row).name in query_words(query)]
        if len(exact) == 1 and not more:
            return exact[0]
        if not rows:
            raise ValidationError(_("Nobody who can be chosen here matches “%(query)s”.") % {"query": query},
                                  code="none")
        raise ValidationError(_("Several people match “%(query)s”: add the last 4 characters of the identity "
                                "number, or choose from the suggestions.") % {"query": query}, code="several")


class PersonPicker(forms.Widget):
    """A text box for the search and a hidden input for the chosen person's id (`<name>` and `<name>_query`)."""

    template_name = "voters/widgets/person_picker.html"

    class Media:
        js = ["js/person-picker.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.source_url, self.pool = "", None

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/ at the top), not the form renderer's own.
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        return {"pk": data.get(name, ""), "query": data.get(f"{name}_query", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_query" not in data

    def format_value(self, value):
        if isinstance(value, dict):
            return value
        return {"pk": "" if value in (None, "") else str(getattr(value, "pk", value)), "query": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        query = value["query"]
        if value["pk"] and self.pool is not None and str(value["pk"]).isdigit():
            chosen = self.pool.get(int(value["pk"]))
            query = self.pool.label(chosen) if chosen is not None else query
        context["widget"].update(pk=value["pk"], query=query, source_url=self.source_url)
        return context


class PersonField(forms.Field):
    """One person of `pool`, picked by id (the type-ahead) or named by the typed words (no JavaScript)."""

    widget = PersonPicker
    default_error_messages = {
        "required": gettext_lazy("Type a name, the last 4 characters of the identity number or the resident "
                                 "group, and choose the person."),
    }

    def __init__(self, *, pool=None, source_url="", **kwargs):
        super().__init__(**kwargs)
        self.set_pool(pool, source_url)

    def set_pool(self, pool, source_url):
        self.pool = pool
        self.widget.pool, self.widget.source_url = pool, source_url

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.set_pool(self.pool, self.widget.source_url)
        return field

    def to_python(self, value):
        if not isinstance(value, dict):
            value = self.widget.format_value(value)
        pk, query = str(value.get("pk") or "").strip(), str(value.get("query") or "").strip()
        if pk:
            if not pk.isdigit():
                raise ValidationError(_("Choose the person from the suggestions."), code="invalid")
            row = self.pool.get(int(pk))
            if row is None:
                raise ValidationError(self.pool.refusal(int(pk)), code="not_allowed")
            return row
        if query:
            return self.pool.resolve(query)
        return None

    def has_changed(self, initial, data):
        initial_pk = "" if initial in (None, "") else str(getattr(initial, "pk", initial))
        return initial_pk != str((data or {}).get("pk") or "")


def people_json(request, pool):
    """The endpoint behind a picker: ?q=words → {"results": [suggestion…], "more": true when there are more}."""
    rows, more = pool.search(request.GET.get("q", "")[:100])
    response = JsonResponse({"results": [pool.suggestion(row) for row in rows], "more": more})
    add_never_cache_headers(response)  # names of voters: never kept by a browser or a proxy cache
    return response


def refusal_naming(everyone, message, *, prefix=""):
    """A `refusal` for PersonPool: `message` % {"name": …} for someone of `everyone`, a plain refusal otherwise."""
    def refusal(pk):
        row = everyone.filter(pk=pk).first()
        if row is None:
            return _("That person cannot be chosen here.")
        resident = getattr(row, prefix.removesuffix("__")) if prefix else row
        return message % {"name": resident.name}
    return refusal


NOT_A_VOTER = gettext_lazy("%(name)s is not a confirmed voter of this election.")


def voter_pool(election, refusal=NOT_A_VOTER):
    """The confirmed voters of `election`, as residents: never a child, an unregistered or a removed voter."""
    everyone = Resident.objects.filter(community=election.community)
    confirmed = everyone.filter(registrations__election=election,
                                registrations__status=Registration.Status.CONFIRMED)
    return PersonPool(queryset=confirmed, refusal=refusal_naming(everyone, refusal))


def addable_pool(election):
    """VOT-10: residents who may be put on the posted list: not on it, and of age by election day (VOT-1)."""
    everyone = Resident.objects.filter(community=election.community)
    day = election.election_date or clock.today()
    on_list = Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED)
    allowed = everyone.exclude(pk__in=on_list.values("resident_id")).filter(
        birth_date__lte=of_age_cutoff(day, election.rules.voter_min_age))

    def refusal(pk):
        person = everyone.filter(pk=pk).first()
        if person is None:
            return _("That person cannot be chosen here.")
        if on_list.filter(resident=person).exists():
            return _("%(name)s is already on the voter list.") % {"name": person.name}
        return _("%(name)s is under %(age)s on election day.") % {"name": person.name,
                                                                  "age": election.rules.voter_min_age}
    return PersonPool(queryset=allowed, refusal=refusal)


def listed_pool(election):
    """VOT-10: the voters on the list, who may be taken off it (registrations)."""
    everyone = Registration.objects.filter(election=election)
    return PersonPool(queryset=everyone.filter(status=Registration.Status.CONFIRMED), prefix="resident__",
                      refusal=refusal_naming(everyone.select_related("resident"),
                                             gettext_lazy("%(name)s is not on the voter list."),
                                             prefix="resident__"))


def resident_pool(community):
    """Any resident of the community (an objection may concern someone not on the list)."""
    return PersonPool(queryset=Resident.objects.filter(community=community),
                      refusal=lambda pk: _("That person cannot be chosen here."))
