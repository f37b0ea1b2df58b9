"""Shared fixtures of the laws tests: real corpus files copied to a temporary directory, and the users whose rights
differ (the province's justice administrator maintains the library, everybody else reads it)."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from yuezhifa.core.actors import SYSTEM
from yuezhifa.laws.services import laws_import
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division

CORE_FILES = {
    "行政处罚法": "行政法/行政处罚法(2021-01-22).md",
    "行政强制法": "行政法/行政强制法(2011-06-30).md",
    "行政许可法": "行政法/行政许可法(2019-04-23).md",
}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    path = Path(settings.YZF_SHARED_DIR) / "data" / "laws"
    if not path.is_dir():
        pytest.skip(f"共享语料库不存在：{path}")
    return path


@pytest.fixture
def copy_corpus(corpus_dir, tmp_path):
    """``copy_corpus(*paths)``: a corpus of the given files (relative paths, globs allowed) plus the metadata
    databases, in a fresh temporary directory."""

    def make(*paths: str) -> Path:
        root = tmp_path / "laws"
        for db in corpus_dir.rglob("db.sqlite3"):
            target = root / db.relative_to(corpus_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(db, target)
        for pattern in paths:
            matches = sorted(corpus_dir.glob(pattern))
            assert matches, f"语料库中没有 {pattern}"
            for source in matches:
                target = root / source.relative_to(corpus_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                if source.is_dir():
                    shutil.copytree(source, target, dirs_exist_ok=True)
                else:
                    shutil.copy2(source, target)
        return root

    return make


@pytest.fixture
def import_corpus(copy_corpus):
    def run(*paths: str, **kwargs):
        return laws_import(actor=SYSTEM, directory=copy_corpus(*paths), **kwargs)

    return run


@pytest.fixture
def people(db):
    gd = division("44", "广东省")
    gz = division("4401", "广州市", gd)
    justice = BodyFactory(name="广东省司法厅", division=gd, is_justice_department=True)
    city_justice = BodyFactory(name="广州市司法局", division=gz, parent=justice, is_justice_department=True)
    market = BodyFactory(name="广东省市场监督管理局", division=gd)
    return {
        "justice_admin": UserFactory(username="justice_admin", body=justice, roles=[(Role.ADMIN, Scope.PROVINCE)]),
        "city_justice_admin": UserFactory(username="city_justice_admin", body=city_justice,
                                          roles=[(Role.ADMIN, Scope.SUBTREE)]),
        "market_admin": UserFactory(username="market_admin", body=market, roles=[(Role.ADMIN, Scope.PROVINCE)]),
        "officer": UserFactory(username="officer", body=market, roles=[(Role.OFFICER, Scope.OWN)]),
    }
