"""Fixtures for the document library: the people who may and may not change it, and the system tools the PDF checks
need. Without poppler-utils or fonts-noto-cjk the PDF tests are skipped on a developer's machine and fail in CI
(``CI`` set): CI must never pass by skipping them."""

import os
import shutil

import pytest

from yuezhifa.org.models import Domain, Role, Scope
from yuezhifa.org.tests.factories import BodyFactory, UserFactory, division


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str):
    if in_ci():
        pytest.fail(f"CI 中不能跳过文书 PDF 测试：{reason}", pytrace=False)
    pytest.skip(reason)


def need_binary(name: str, package: str = "poppler-utils") -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"未找到 {name}：请安装 Debian 软件包 {package}（apt-get install {package}）")
    return path


@pytest.fixture
def pdf_tools():
    """pdffonts, pdftotext, pdftoppm (poppler-utils), WeasyPrint and the Noto CJK fonts."""
    tools = {name: need_binary(name) for name in ("pdffonts", "pdftotext", "pdftoppm")}
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"无法加载 WeasyPrint（{exc}）：请安装 weasyprint 及 libpango-1.0-0、libpangoft2-1.0-0、libharfbuzz-subset0")
    from yuezhifa.core.errors import DomainError
    from yuezhifa.documents.rendering import font_files

    try:
        font_files()
    except DomainError as exc:
        unavailable(exc.message)
    return tools


@pytest.fixture
def guangdong():
    return division("44", "广东省")


@pytest.fixture
def guangzhou(guangdong):
    return division("4401", "广州市", guangdong)


@pytest.fixture
def tianhe(guangzhou):
    return division("440106", "天河区", guangzhou)


@pytest.fixture
def market():
    return Domain.objects.get(code="market")


@pytest.fixture
def health():
    return Domain.objects.get(code="health")


@pytest.fixture
def justice_dept(guangdong):
    return BodyFactory(name="广东省司法厅", division=guangdong, is_justice_department=True)


@pytest.fixture
def market_dept(guangdong, market):
    """The provincial sector department that applies for market personalisation (办法 第五十五条第二款)."""
    return BodyFactory(name="广东省市场监督管理局", division=guangdong, domains=[market])


@pytest.fixture
def city_justice(guangzhou):
    return BodyFactory(name="广州市司法局", division=guangzhou, is_justice_department=True)


@pytest.fixture
def bureau(tianhe, market):
    return BodyFactory(name="广州市天河区市场监督管理局", division=tianhe, domains=[market])


@pytest.fixture
def other_bureau(tianhe, market):
    return BodyFactory(name="广州市天河区另一执法局", division=tianhe, domains=[market])


@pytest.fixture
def library_admin(justice_dept):
    """An administrator of the provincial justice department: maintains the library (第五十五条第一款)."""
    return UserFactory(username="gd_justice_admin", body=justice_dept, roles=[(Role.ADMIN, Scope.PROVINCE)])


@pytest.fixture
def city_justice_admin(city_justice):
    return UserFactory(username="gz_justice_admin", body=city_justice, roles=[(Role.ADMIN, Scope.SUBTREE)])


@pytest.fixture
def bureau_admin(bureau):
    return UserFactory(username="th_admin", body=bureau, roles=[(Role.ADMIN, Scope.SUBTREE)])


@pytest.fixture
def officer_user(bureau):
    return UserFactory(username="th_officer", body=bureau, roles=[(Role.HEAD, Scope.BODY)])


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_superuser=True, is_staff=True)
