"""The whole corpus, once (slow: about a minute on SQLite). SOURCE.md's figures, per-file isolation at scale,
idempotence, and search over everything."""

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.laws import selectors
from yuezhifa.laws.corpus import MULTIPART_MARKER, SKIPPED_NAMES
from yuezhifa.laws.models import Law, LawStatus, Provision
from yuezhifa.laws.services import laws_import


@pytest.mark.slow
@pytest.mark.django_db
def test_whole_corpus_imports_every_file_or_says_why(corpus_dir):
    first = laws_import(actor=SYSTEM, directory=corpus_dir)

    imported = set(Law.objects.values_list("source_path", flat=True))
    listed = {problem.path for problem in first.unparseable} | {path for path, _kept in first.duplicates}
    missing = []
    for path in corpus_dir.rglob("*.md"):
        if path.name in SKIPPED_NAMES:
            continue
        rel = path.relative_to(corpus_dir).as_posix()
        if rel in imported or rel in listed or (path.parent.name == MULTIPART_MARKER
                                                and path.parent.relative_to(corpus_dir).as_posix() in imported):
            continue
        missing.append(rel)
    assert missing == []
    assert all(problem.line and problem.reason for problem in first.unparseable)
    assert len(first.unparseable) < 0.02 * len(imported)

    counts = dict(Law.objects.filter(status=LawStatus.IN_FORCE).values_list("short_name", "article_count"))
    assert (counts["行政处罚法"], counts["行政强制法"], counts["行政许可法"]) == (86, 71, 83)
    assert Law.objects.get(name="中华人民共和国民法典").article_count == 1260
    assert first.summary_line() == (f"imported {len(imported)} laws, {Provision.objects.count()} provisions, "
                                    f"{len(first.unparseable)} unparseable")

    page = selectors.provision_search(user=SYSTEM, query="罚款", limit=50)
    assert ("中华人民共和国行政处罚法", 9) in [(h.provision.law.name, h.provision.article_number) for h in page.hits]

    second = laws_import(actor=SYSTEM, directory=corpus_dir)
    assert not second.changed_anything
    assert second.summary_line() == f"imported 0 laws, 0 provisions, {len(first.unparseable)} unparseable"
