"""The case platform's world (a body, certified officers, its head, an item with a benchmark), for the tests of the
shared kernel that need real cases behind the API."""

from yuezhifa.cases.tests.conftest import world  # noqa: F401  (fixture)
