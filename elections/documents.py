"""The printable documents (PRT) of an election, by kind: what each needs, and how to render it.

DOCUMENTS maps a kind (the KIND of `manage.py print_document`, the <kind> of the download URL) to a Document.
A feature adds its printable with `register(...)` in an `<app>/documents.py` module (e.g. voters/documents.py
for "voter-list"): every installed app's `documents` module is imported before the registry is read, so
nothing else needs wiring. A Document has
  - template: a print template extending print/base_print.html;
  - context_builder(election) -> dict, merged over `common_context(election)`;
  - availability_check(election) -> None when the document exists at the election's stage, else a message
    saying what is missing (raised as DocumentUnavailable by `render_document`).
"""
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from . import clock, cn_dates, printing
from .audit import audit_log
from .legal_calendar import days_before
from .models import Election, Method, Position
from .states import RESULT_CERTIFIED


class DocumentUnavailable(Exception):
    """The election is not at a stage where this document exists; the message says what is missing."""


class UnknownDocument(LookupError):
    pass


def always_available(election):
    return None


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    template: str
    context_builder: Callable[[Election], dict]
    availability_check: Callable[[Election], str | None] = always_available
    paper: str = "A4"
    landscape: bool = False
    stylesheets: tuple = field(default=())
    # A one-page document that overflows is set again in smaller type ("dense", see print/base_print.html).
    one_page: bool = False
    # For a document that is not one template render (ballots: one layout, serial numbers stamped on copies):
    # renderer(election, context, paper) -> PDF bytes, called instead of rendering `template`.
    renderer: Callable | None = None
    # A document issued in several editions (each voter-list posting, each round's ballot):
    # editions(election) -> [(key, label)], and edition_renderer(election, key, paper) -> PDF bytes.
    editions: Callable | None = None
    edition_renderer: Callable | None = None


DOCUMENTS = {}
# The states in which an election's documents are its record: every kind prints, as it was issued.


def is_finished(election):
    return election.state in RESULT_CERTIFIED


def register(kind, *, title, template, context_builder, availability_check=None, paper="A4", landscape=False,
             stylesheets=(), one_page=False, renderer=None, editions=None, edition_renderer=None):
    if kind in DOCUMENTS:
        raise ValueError(f"The document kind {kind!r} is registered twice.")
    DOCUMENTS[kind] = Document(kind=kind, title=title, template=template, context_builder=context_builder,
                               availability_check=availability_check or always_available, paper=paper,
                               landscape=landscape, stylesheets=tuple(stylesheets), one_page=one_page,
                               renderer=renderer, editions=editions, edition_renderer=edition_renderer)
    return DOCUMENTS[kind]


@functools.cache
def _discover():
    # Imports every app's `documents` module once (Django caches imports), so their register() calls have run.
    autodiscover_modules("documents")


def kinds():
    _discover()
    return sorted(DOCUMENTS)


def get_document(kind):
    _discover()
    try:
        return DOCUMENTS[kind]
    except KeyError:
        raise UnknownDocument(kind) from None


def document_filename(election, kind, edition=None):
    """<community code>-<kind>[-<edition>]-<term>.pdf; a rehearsal's name says so, so it never overwrites the
    real one."""
    suffix = "-rehearsal" if election.is_rehearsal else ""
    kind = f"{kind}-{edition}" if edition is not None else kind
    return f"{election.community.code}-{kind}-{election.term}{suffix}.pdf"


def document_editions(election, kind):
    """[(key, label)] of the document's editions (keys as strings), or [] for a document of one edition."""
    document = get_document(kind)
    if document.editions is None:
        return []
    return [(str(key), label) for key, label in document.editions(election)]


def render_document(election, kind, *, paper=None, edition=None):
    """The document as PDF bytes; DocumentUnavailable when the election has not got that far, or when it has
    no such edition."""
    document = get_document(kind)
    problem = document.availability_check(election)
    if problem:
        raise DocumentUnavailable(problem)
    if edition is not None:
        editions = dict(document_editions(election, kind))
        if str(edition) not in editions:
            known = "、".join(editions) or _("none")
            raise DocumentUnavailable(_("This document has no edition %(edition)s (its editions: %(known)s).")
                                      % {"edition": edition, "known": known})
        return document.edition_renderer(election, str(edition), paper or document.paper)
    context = {**common_context(election), "document_title": document.title,
               "paper": paper or document.paper, **document.context_builder(election)}
    if document.renderer is not None:
        return document.renderer(election, context, paper or document.paper)
    pdf = _render(document, context, paper)
    if document.one_page and printing.page_count(pdf) > 1:
        # Rare (a very long place name, say), so trying the normal size first costs little on average.
        pdf = _render(document, {**context, "dense": True}, paper)
    return pdf


def _render(document, context, paper):
    return printing.render_pdf(document.template, context, stylesheets=document.stylesheets,
                               paper=paper or document.paper, landscape=document.landscape)


def document_print(*, election, kind, actor, paper=None, edition=None):
    """Render a document and record who printed it: printed notices and ballots are traced (audit log)."""
    pdf = render_document(election, kind, paper=paper, edition=edition)
    # Rendering stays outside the transaction: it takes a while and writes nothing.
    with transaction.atomic():
        data = {"kind": kind, "paper": paper or get_document(kind).paper, "bytes": len(pdf)}
        if edition is not None:
            data["edition"] = str(edition)
        audit_log(actor=actor, action="elections.document.printed", obj=election, data=data)
    return pdf


# --- wording shared by the print templates ---------------------------------------------------------------

METHOD_CN = {
    Method.DIRECT: "直接选举",
    Method.HOUSEHOLD: "户代表选举",
    Method.REPRESENTATIVE: "居民代表选举",
}
# Printed documents are official Chinese whatever the clerk's interface language.
POSITION_CN = {Position.CHAIR: "主任", Position.VICE_CHAIR: "副主任", Position.MEMBER: "委员"}
SEX_CN = {"M": "男", "F": "女"}
# Who casts the votes under each method (MTH-1): 选民 / 户代表 / 居民代表.
VOTER_CN = {Method.DIRECT: "选民", Method.HOUSEHOLD: "户代表", Method.REPRESENTATIVE: "居民代表"}


chinese_number = cn_dates.chinese_number


def chinese_fraction(numerator, denominator):
    """4/5 → 五分之四."""
    return f"{chinese_number(denominator)}分之{chinese_number(numerator)}"


def chinese_clock(time):
    """08:00 → 上午8时, 14:30 → 下午2时30分, as notices write a time of day."""
    if time is None:
        return ""
    hour = time.hour
    if hour < 12:
        text = f"上午{hour}时"
    elif hour == 12:
        text = "中午12时"
    elif hour < 18:
        text = f"下午{hour - 12}时"
    else:
        text = f"晚上{hour - 12}时"
    return text + (f"{time.minute}分" if time.minute else "")


def community_names(community):
    """(居民委员会 name, 选举委员会 name) of a community: 怡丽北园社区居民委员会, 怡丽北园社区选举委员会."""
    base = community.name
    for ending in ("居民委员会", "居委会"):
        base = base.removesuffix(ending)
    if not base.endswith("社区"):
        base += "社区"
    return f"{base}居民委员会", f"{base}选举委员会"


def election_kind_cn(election):
    """How documents name the election: 换届选举, or 成员补选 for a by-election of vacant seats (AFT-6)."""
    return "成员补选" if election.is_by_election else "换届选举"


def election_name_cn(election):
    """第十二届换届选举 / 第十二届成员补选."""
    return f"第{chinese_number(election.term)}届{election_kind_cn(election)}"


def election_title(election, suffix):
    """怡丽北园社区居民委员会第十二届换届选举<suffix>, marked （演练） for a rehearsal."""
    residents_committee, _committee = community_names(election.community)
    return f"{residents_committee}{election_name_cn(election)}{suffix}" + ("（演练）" if election.is_rehearsal else "")


def seats_cn(election):
    """主任1名、副主任1名、委员3名 — the positions this election elects (a by-election: only its vacancies)."""
    return "、".join(f"{POSITION_CN[position]}{n}名" for position, n in election.seats.items())


def common_context(election):
    """What print/base_print.html reads, plus what most documents of an election print."""
    residents_committee, election_committee = community_names(election.community)
    return {
        "election": election,
        "community": election.community,
        "residents_committee": residents_committee,
        "election_committee": election_committee,
        "issuer": election_committee,
        "term_cn": chinese_number(election.term),
        "election_name_cn": election_name_cn(election),
        "seats_cn": seats_cn(election),
        "print_date": clock.today(),
        "rehearsal": election.is_rehearsal,
    }


# --- election-notice: 选举公告 ------------------------------------------------------------------------------

def election_notice_missing(election):
    """The announcement states election day, method and place (PRT): it exists once all three are set."""
    missing = [Election._meta.get_field(name).verbose_name for name in ("election_date", "method", "place")
               if not getattr(election, name)]
    if not missing:
        return None
    return _("The election announcement needs these set first: %(missing)s.") % {
        "missing": ", ".join(str(m) for m in missing)}


def election_notice_context(election):
    rules = election.rules
    residents_committee, _committee = community_names(election.community)
    method = Method(election.method)
    return {
        "document_title": election_title(election, "公告"),
        "method_cn": METHOD_CN[method],
        "voter_cn": VOTER_CN[method],
        "start_time_cn": chinese_clock(election.start_time),
        # PRX-1: no proxy voting under the residents' representatives method.
        "proxy_allowed": method != Method.REPRESENTATIVE,
        # PRX-3 / PRX-4: arranged at least N days before election day; at most N authorisations per proxy.
        "proxy_days_before": rules.proxy_days_before,
        "proxy_deadline": days_before(election.election_date, rules.proxy_days_before),
        "proxy_max": rules.proxy_max_authorisations,
        # VOTE-3: the representatives' quorum, "at least" or "more than" a fraction, by the profile.
        "rep_quorum_cn": chinese_fraction(rules.rep_quorum_numerator, rules.rep_quorum_denominator),
        "rep_quorum_strict": rules.rep_quorum_strict,
    }


register(
    "election-notice",
    title="选举公告",
    template="print/election_notice.html",
    context_builder=election_notice_context,
    availability_check=election_notice_missing,
    one_page=True,
)

