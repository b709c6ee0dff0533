"""Querysets compiled once per shape and run with each call's values (issue 13: on election day's busiest
requests the ORM's building and compiling of a query costs several times what the database spends on it).

    @prepared(PollingStation)
    def _station(shape, election, station):
        return PollingStation.objects.filter(election_id=election, pk=station)

    rows = _station((), election=7, station=12)   # a list, as list(queryset) would give

The first call of each shape (and database alias) builds the queryset with stand-in values, compiles it, and
notes where each stand-in went among the SQL's parameters; every later call of that shape runs the kept SQL
with its own values, and turns the rows into model instances, dicts or tuples as the queryset's own iterable
does (Django's ModelIterable, ValuesIterable, ...: select_related, annotations, the backend's converters).

`shape` is whatever changes the SQL (which filters apply, how many words, the election's method); the values
(ints or strs) are compared with = or written into a LIKE pattern by a lookup (contains, endswith): a string
stand-in holds %, _ and \\, so the compiled parameters say whether the lookup escaped it for LIKE, and the
value is escaped the same way. Anything else is refused when compiled (ImproperlyConfigured): a value written
into the SQL text itself, changed or tested before its lookup, or SQL that differs with the values. An int no
column can hold finds nothing (Django's own range check does the same). tests/elections/test_prepared.py
tests the helper; tests/polling/test_prepared_queries.py holds each prepared query to its plain queryset.
"""
import copy
import re
import threading

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router

# Two sets of stand-ins, both compiled: the SQL and where each value went must be the same for both, so no
# constant of the query is taken for a value. Ints inside even a small positive column's range (out of range,
# Django would leave the condition out); strs of private-use characters around the characters LIKE escapes.
# The two sets differ in each int's parity and each str's case, so that a value changed or tested before its
# lookup (name.upper(), pk % 2) shows.
_INTS = (30_001, 31_002)
_STRS = ("\ue000aB{:03d}%_\\\ue001", "\ue000Ba{:03d}%_\\\ue001")
# The shapes kept per query: a search has as many shapes as the kinds of words a clerk can type, so that a
# flood of odd queries cannot grow a process's memory without end; a shape beyond runs as a plain queryset.
MAX_SHAPES = 200
# The integer types psycopg is given for small, plain and big integer columns; a plain int: SQLite's 64 bits.
_INT_LIMITS = {"Int2": 2**15, "Int4": 2**31, "Int8": 2**63}
_STR_FOUND = re.compile("\ue000")  # what is left of a str stand-in, even changed


class _Slot:
    """Where one value goes in one parameter: the whole of it (as the type the backend's field gave its
    stand-in: psycopg's Int2 for a small integer column), or escaped for LIKE between a prefix and a
    suffix."""
    __slots__ = ("name", "before", "after", "like", "kind")

    def __init__(self, name, before="", after="", like=False, kind=str):
        self.name, self.before, self.after, self.like, self.kind = name, before, after, like, kind

    def __eq__(self, other):
        return isinstance(other, _Slot) and all(getattr(self, a) == getattr(other, a) for a in self.__slots__)

    def value(self, values, ops):
        value = values[self.name]
        if self.kind is not str:
            limit = _INT_LIMITS.get(self.kind.__name__, 2**63)
            if not -limit <= value < limit:
                raise OverflowError(value)
            return self.kind(value)
        return self.before + (ops.prep_for_like_query(value) if self.like else value) + self.after


class _Compiled:
    def __init__(self, queryset, stand_ins, db):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=db)
        connection = self.compiler.connection
        self.sql, params = self.compiler.as_sql()  # may raise EmptyResultSet: not kept then
        self.recipe = [self._slot(p, stand_ins, connection) for p in params]
        used = {s.name for s in self.recipe if isinstance(s, _Slot)}
        missing = set(stand_ins) - used
        written = [name for name, s in stand_ins.items()
                   if isinstance(s, int) and re.search(rf"\b{s}\b", self.sql)]
        if missing or written or _STR_FOUND.search(self.sql):
            raise ImproperlyConfigured(f"{queryset.model.__name__}: a value is not a parameter of the SQL "
                                       f"(unused: {sorted(missing)}, in the SQL text: {written})")

    def same_as(self, other):
        return self.sql == other.sql and self.recipe == other.recipe

    @staticmethod
    def _slot(param, stand_ins, connection):
        if isinstance(param, bool) or not isinstance(param, (int, str)):
            return param
        for name, stand_in in stand_ins.items():
            if isinstance(param, int) and isinstance(stand_in, int) and param == stand_in:
                return _Slot(name, kind=type(param))
            if type(param) is str and param == stand_in:
                return _Slot(name)
            if isinstance(param, str) and isinstance(stand_in, str):
                escaped = connection.ops.prep_for_like_query(stand_in)
                for text, like in ((escaped, True), (stand_in, False)):
                    before, found, after = param.partition(text)
                    if found:
                        if _STR_FOUND.search(before + after):
                            raise ImproperlyConfigured(f"two values in one parameter: {param!r}")
                        return _Slot(name, before, after, like)
        if isinstance(param, str) and _STR_FOUND.search(param):
            raise ImproperlyConfigured(f"a value transformed in a parameter: {param!r}")
        return param

    def run(self, values, db):
        connection = connections[db]
        ops = connection.ops
        try:
            params = tuple(p.value(values, ops) if isinstance(p, _Slot) else p for p in self.recipe)
        except OverflowError:  # no column holds the value, so none equals it (as Django's own range check)
            return []
        compiler = copy.copy(self.compiler)  # this call's: its connection (each thread has its own)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        bound = _BoundQuerySet(self.queryset, db, compiler)
        return list(self.queryset._iterable_class(bound))


class _BoundQuery:
    """The template's query, but for get_compiler: the compiler bound to this call's values."""

    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class _BoundQuerySet:
    """What a queryset's iterable reads of its queryset."""

    def __init__(self, queryset, db, compiler):
        self.model, self.db = queryset.model, db
        self._known_related_objects = queryset._known_related_objects
        self.query = _BoundQuery(queryset.query, compiler)


class PreparedQuery:
    def __init__(self, model, build):
        self.model, self.build = model, build
        self.__doc__, self.__name__ = build.__doc__, build.__name__
        self._compiled = {}
        self._lock = threading.Lock()

    def __call__(self, shape, **values):
        db = router.db_for_read(self.model)
        key = (db, shape, tuple((name, type(v)) for name, v in values.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:  # compiled once, by one thread
                compiled = self._compiled.get(key)
                if compiled is None and len(self._compiled) < MAX_SHAPES:
                    compiled = self._compile(key, shape, values, db)
        if not compiled:  # no SQL (EmptyResultSet), or a shape beyond the kept ones: as the plain queryset
            return list(self.build(shape, **values).using(db))
        return compiled.run(values, db)

    def _compile(self, key, shape, values, db):
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise TypeError(f"{self.__name__}: {name} is an int or a str, not {type(value).__name__}")
        compiled = []
        for base, text in zip(_INTS, _STRS):
            stand_ins = {name: base + i if isinstance(value, int) else text.format(i)
                         for i, (name, value) in enumerate(values.items())}
            queryset = self.build(shape, **stand_ins).using(db)
            try:
                compiled.append(_Compiled(queryset, stand_ins, db))
            except EmptyResultSet:
                compiled.append(False)
        first, second = compiled
        if first is False or second is False:
            first = False  # a shape that compiles to no SQL: run as the plain queryset
        elif not first.same_as(second):
            raise ImproperlyConfigured(f"{self.__name__}: the SQL of shape {shape!r} depends on the values")
        self._compiled[key] = first
        return first


def prepared(model):
    """Decorate `build(shape, **values)`, which returns a queryset of `model`: see the module's docstring."""
    return lambda build: PreparedQuery(model, build)
