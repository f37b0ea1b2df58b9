import pytest

from yuezhifa.search.engines import ENGINES


@pytest.fixture(autouse=True)
def fresh_statistics():
    """Each test's searches plan from its own documents, not from the table statistics another test cached."""
    for engine in ENGINES.values():
        engine.forget_statistics()
    yield
    for engine in ENGINES.values():
        engine.forget_statistics()
