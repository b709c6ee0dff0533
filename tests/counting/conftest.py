"""Fixtures of the counting tests: a second clerk of community A, so that double entry has two typists."""
import pytest

from elections.models import Role
from tests import factories


@pytest.fixture
def clerk_a2(community_a):
    user = factories.user("clerk_a2")
    factories.role(user, Role.Kind.CLERK, community_a)
    return user
