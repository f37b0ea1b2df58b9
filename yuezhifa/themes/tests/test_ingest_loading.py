"""The loading path of a delivery (办法 第四十七条第二款、第四十八条、第四十九条): values are stored exactly as delivered
whatever characters they hold, the stored digest is the one a correction computes, and a bad row in a later chunk
leaves nothing of the earlier chunks (on PostgreSQL those are already copied by the writer thread)."""

import json

from yuezhifa.themes import ingest
from yuezhifa.themes.models import Channel, DeliveryStatus, Kind, Record

from .conftest import penalty_row

AWKWARD = "第一行\t制表符\n第二行\r\n反斜杠\\N 与 \\t、引号\"、逗号,"


def _deliver(deliverer, source, rows):
    return ingest.deliver(actor=deliverer, source=source, kind=Kind.PENALTY, channel=Channel.JSON,
                          data=json.dumps(rows, ensure_ascii=False).encode("utf-8"), file_name="penalty.json")


def test_article_48_values_with_tabs_line_breaks_and_backslashes_are_stored_verbatim_and_redelivery_is_unchanged(
        world, source, deliverer):
    rows = [penalty_row(world["body"], CF_JLBS="键\\1\t", CF_SY=AWKWARD, BZ=AWKWARD),
            penalty_row(world["body"], CF_WSH="穗天市监罚〔2026〕89号", CF_CFLB="警告", CF_NR="警告",
                         CF_NR_FK="")]
    first = _deliver(deliverer, source, rows)
    assert (first.status, first.created_count) == (DeliveryStatus.LOADED, 2), first.errors
    record = Record.objects.get(record_key="键\\1")  # the key is stripped like every value
    assert record.facts == AWKWARD.strip() and record.extra["remark"] == AWKWARD.strip()
    plain = Record.objects.get(record_key="穗天市监罚〔2026〕89号")
    assert plain.fine_amount is None and plain.filed_on is None and plain.supersedes_id is None
    for stored in (record, plain):  # 第四十九条: a correction computes the digest the same way
        assert stored.digest == ingest.digest_of({f.attname: getattr(stored, f.attname)
                                                  for f in Record._meta.concrete_fields})
    again = _deliver(deliverer, source, rows)
    assert (again.created_count, again.changed_count, again.unchanged_count) == (0, 0, 2)


def test_article_47_a_bad_row_in_a_later_chunk_leaves_nothing_of_the_earlier_chunks(world, source, deliverer,
                                                                                       monkeypatch):
    monkeypatch.setattr(ingest, "CHUNK", 2)
    rows = [penalty_row(world["body"], CF_WSH=f"穗天市监罚〔2026〕{n}号") for n in range(1, 6)]
    rows[4]["CF_JDRQ"] = "2026/11/16"
    delivery = _deliver(deliverer, source, rows)
    assert delivery.status == DeliveryStatus.REJECTED and delivery.row_count == 5
    assert [e["row"] for e in delivery.errors] == [5]
    assert Record.objects.count() == 0
    rows[4]["CF_JDRQ"] = "2026-11-16"
    loaded = _deliver(deliverer, source, rows)
    assert (loaded.status, loaded.created_count) == (DeliveryStatus.LOADED, 5)
    assert sorted(Record.objects.values_list("version", flat=True)) == [1] * 5
