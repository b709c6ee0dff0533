"""elections.prepared (issue 13): a queryset compiled once per shape runs with each call's values; a query
whose values it could not bind safely is refused when first compiled, not run wrong. The queries that use it
are held to their plain querysets' results in tests/polling/test_prepared_queries.py."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from elections.models import Community
from tests import factories
from elections.prepared import prepared


@prepared(Community)
def _named(shape, **values):
    """Communities by name, with the lookup the shape names, in a street."""
    return (Community.objects.filter(**{f"name__{shape}": values["name"]}, street_id=values["street"])
            .order_by("pk"))


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["exact", "iexact", "contains", "icontains", "startswith", "endswith"])
def test_values_are_bound_as_the_plain_queryset_binds_them(lookup):
    street = factories.street()
    for name in ["王_芳社区", "王%芳社区", "王\\芳社区", "王芳社区", "Abc社区", "aBC社区"]:
        factories.community(street, name=name)
    factories.community(name="王芳社区")  # another street's
    for name in ["王_芳社区", "王%芳社区", "王\\芳社区", "_芳", "%芳", "\\芳", "王", "社区", "abc", "ABC社区",
                 "无"]:
        plain = list(Community.objects.filter(**{f"name__{lookup}": name}, street=street).order_by("pk"))
        assert _named(lookup, name=name, street=street.pk) == plain, (lookup, name)
    assert _named(lookup, name="王芳社区", street=street.pk)  # found: not only empty lists compared


@pytest.mark.django_db
def test_a_value_written_into_the_sql_text_is_refused():
    @prepared(Community)
    def written(shape, pk):
        return Community.objects.extra(where=[f"id = {pk}"])

    with pytest.raises(ImproperlyConfigured):
        written((), pk=1)


@pytest.mark.django_db
def test_a_value_changed_before_the_lookup_is_refused():
    @prepared(Community)
    def upper(shape, name):
        return Community.objects.filter(name=name.upper())

    @prepared(Community)
    def shifted(shape, pk):
        return Community.objects.filter(pk=pk + 1)

    with pytest.raises(ImproperlyConfigured):
        upper((), name="wang")
    with pytest.raises(ImproperlyConfigured):
        shifted((), pk=1)


@pytest.mark.django_db
def test_a_query_whose_sql_depends_on_a_value_is_refused():
    @prepared(Community)
    def branching(shape, pk):
        qs = Community.objects.filter(pk=pk)
        return qs.filter(name="x") if pk % 2 else qs

    with pytest.raises(ImproperlyConfigured):
        branching((), pk=3)


@pytest.mark.django_db
def test_values_are_ints_or_strs_and_an_empty_shape_runs_as_the_plain_queryset():
    @prepared(Community)
    def by_pk(shape, pk):
        return Community.objects.filter(pk__in=[] if shape == "none" else [pk])

    with pytest.raises(TypeError):
        by_pk((), pk=None)
    with pytest.raises(TypeError):
        by_pk((), pk=True)
    assert by_pk("none", pk=1) == [] and by_pk((), pk=1) == []


@pytest.mark.django_db
def test_shapes_beyond_the_kept_ones_run_as_plain_querysets(monkeypatch):
    """A flood of odd searches cannot grow a process's memory without end (MAX_SHAPES)."""
    monkeypatch.setattr("elections.prepared.MAX_SHAPES", 2)
    named = prepared(Community)(_named.build)
    street = factories.street()
    community = factories.community(street, name="王芳社区")
    for lookup in ["exact", "contains", "startswith", "endswith"]:
        assert named(lookup, name="王芳社区", street=street.pk) == [community]
    assert len(named._compiled) == 2
