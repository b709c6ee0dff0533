"""Election-day fixtures: an election of community A with a decided method, confirmed voters, formal
candidates and a staffed station, in the voting state where issuance needs it."""
import datetime
import io

import pytest
from pypdf import PdfReader

from elections.models import Election
from elections.states import State
from polling import testing

ELECTION_DAY = datetime.date(2026, 12, 20)
LAST_PROXY_DAY = datetime.date(2026, 12, 18)  # PRX-3: 2 days before under both shipped profiles
CANDIDATES = {"chair": ["王建国", "刘芳"], "vice_chair": ["李秀英", "赵强"], "member": ["张伟", "陈明", "周敏", "孙丽"]}


def with_method(election, method):
    Election.objects.filter(pk=election.pk).update(method=method)
    election.refresh_from_db()
    return election


def with_rules(election, **rules):
    """The election's frozen profile with some numbers changed (as a district's own profile would)."""
    snapshot = {**election.profile_snapshot, **rules}
    Election.objects.filter(pk=election.pk).update(profile_snapshot=snapshot)
    election.refresh_from_db()
    election.__dict__.pop("_rules", None)
    return election


@pytest.fixture
def direct_election(election_a):
    return with_method(election_a, "direct")


@pytest.fixture
def voters(direct_election):
    """Twelve confirmed voters in four households of three."""
    return testing.make_voters(direct_election, 12)


@pytest.fixture
def candidates(direct_election):
    return testing.make_formal_candidates(direct_election, CANDIDATES)


@pytest.fixture
def voting(direct_election, voters, on_election_day):
    """In the voting state on election day (CAL-5: ballots are issued only on the round's voting day)."""
    return testing.set_state(direct_election)


@pytest.fixture
def on_election_day(settings):
    """The app's clock on election day (CAL-5: ballots are issued only on the round's voting day)."""
    settings.CLOCK_TODAY = ELECTION_DAY
    return ELECTION_DAY


@pytest.fixture
def nominated(direct_election, voters, candidates):
    """Formal candidates decided: the ballots can be printed."""
    return testing.set_state(direct_election, State.NOMINATION)


@pytest.fixture
def private_media(settings, tmp_path):
    """Ballot print runs written under a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def station(direct_election):
    return testing.staffed_station(direct_election)


def pdf_pages(pdf):
    return PdfReader(io.BytesIO(pdf)).pages


def page_texts(pdf):
    """Each page's extracted text with all whitespace removed."""
    return ["".join(page.extract_text().split()) for page in pdf_pages(pdf)]
