"""Fixtures of the after-the-vote tests: a second clerk of community A (double entry needs two typists), a
street supervisor's name, private files in a temporary directory, and election A certified."""
import pytest

from elections.models import Role
from tests import factories

from .helpers import certified


@pytest.fixture
def clerk_a2(community_a):
    user = factories.user("clerk_a2")
    factories.role(user, Role.Kind.CLERK, community_a)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path, tmp_path / "private"


@pytest.fixture
def certified_a(community_a, clerk_a, clerk_a2):
    """Election A counted and certified today: chair 安国强, vice-chair 陈秀英 (F), members 范卫东, 高建华,
    黄立新."""
    return certified(community_a, clerk_a, clerk_a2)
