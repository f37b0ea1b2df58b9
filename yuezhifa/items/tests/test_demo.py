"""The demo items: real items on real provisions, imported from the real law texts by the laws importer."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.items import demo
from yuezhifa.items.models import AdjustmentStatus, BasisAdjustment, Item, ItemStatus
from yuezhifa.items.rules import item_usable

CORPUS = Path(getattr(settings, "LAWS_CORPUS", "/work/shared/data/laws"))
FILES = ["行政法/食品安全法(2021-04-29).md", "社会法/安全生产法(2021-06-10).md", "行政法/大气污染防治法(2018-10-26).md"]
DEMO_FIXTURES = Path(__file__).resolve().parents[2] / "laws" / "fixtures" / "demo"


def _import_laws(directory):
    from yuezhifa.laws.services import laws_import

    laws_import(actor=SYSTEM, directory=directory)


@pytest.fixture
def real_laws(db, tmp_path):
    if not all((CORPUS / f).is_file() for f in FILES):
        pytest.skip("law corpus not available")
    for f in FILES:
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / f, tmp_path / f)
    _import_laws(tmp_path)


def test_every_demo_citation_resolves_in_the_real_texts(real_laws):
    assert demo.missing_citations() == []


def test_demo_loads_real_items_once(real_laws):
    from yuezhifa.org import demo as org_demo

    org_demo.load()
    demo.load()
    items = Item.objects.all()
    assert items.count() == len(demo.ITEMS) >= 30
    today = timezone.localdate()
    usable = [i for i in items if item_usable(i, today)]
    assert len(usable) == len(demo.ITEMS) - 1
    draft = Item.objects.get(status=ItemStatus.DRAFT)
    assert not draft.registered
    item = Item.objects.get(code="440000-XZCF-10001")
    assert [b.provision.citation for b in item.bases.order_by("order")] == [
        "《中华人民共和国食品安全法》第三十四条第（一）项", "《中华人民共和国食品安全法》第一百二十三条第一款第（一）项"]
    assert "用非食品原料" in item.bases.get(role="violated").provision.text
    adj = BasisAdjustment.objects.get()
    assert adj.status == AdjustmentStatus.SUBMITTED and adj.body.name == "广州市天河区市场监督管理局"
    demo.load()
    assert Item.objects.count() == len(demo.ITEMS) and BasisAdjustment.objects.count() == 1


@pytest.mark.skipif(not DEMO_FIXTURES.is_dir(), reason="the laws demo fixtures are not there yet")
def test_the_demo_loads_on_the_laws_demo_fixtures(db):
    """``yzf demo`` order: organisation, laws (from their demo fixtures), items."""
    from yuezhifa.org import demo as org_demo

    org_demo.load()
    _import_laws(DEMO_FIXTURES)
    demo.load()
    loaded = set(Item.objects.values_list("code", flat=True))
    assert loaded and loaded <= {i.code for i in demo.ITEMS}
    for item in Item.objects.prefetch_related("bases"):
        assert item.bases.exists()


@pytest.mark.skipif(not DEMO_FIXTURES.is_dir(), reason="the laws demo fixtures are not there yet")
def test_the_laws_demo_fixtures_hold_every_provision_the_items_need(db):
    _import_laws(DEMO_FIXTURES)
    assert demo.missing_citations() == []
