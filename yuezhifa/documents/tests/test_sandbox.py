"""The sandbox templates run in: what a template may not do, and that trying fails safely with a Chinese message and
nothing written."""

import datetime

import pytest
from django.template import Context

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import DomainError
from yuezhifa.documents import rendering, sandbox, services
from yuezhifa.documents.models import DocumentTemplate, DocumentType
from yuezhifa.documents.samples import sample_context

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 20)


def base_source():
    return DocumentTemplate.objects.get(doc_type__code="penalty_decision", scope="province", version=1).source


@pytest.fixture
def decision():
    return DocumentType.objects.get(code="penalty_decision")


@pytest.mark.parametrize(("source", "expected"), [
    ("{% load static %}{% static 'x.css' %}", "{% load %}"),
    ("{% load i18n %}", "{% load %}"),
    ("{{ party.__class__ }}", "下划线"),
    ("{{ party._meta }}", "下划线"),
    ("{% debug %}", "debug"),
    ("{% include 'base.html' %}", "include"),
    ("{% url 'admin:index' %}", "url"),
    ("{% autoescape off %}{{ facts }}{% endautoescape %}", "autoescape"),
    ("{{ facts|safe }}", "|safe"),
    ("{{ facts|pprint }}", "|pprint"),
    ("{% extends 'base.html' %}", "extends"),
])
def test_forbidden_template_constructs_fail_with_a_chinese_message(source, expected):
    with pytest.raises(DomainError) as err:
        sandbox.compile_source(source, overlay=False)
    assert expected in err.value.message
    assert err.value.field == "source"


def test_a_template_trying_load_is_refused_and_nothing_is_written(decision, library_admin):
    templates, audits = DocumentTemplate.objects.count(), AuditEntry.objects.count()
    with pytest.raises(DomainError) as err:
        services.template_create_version(actor=library_admin, doc_type=decision,
                                         source="{% load static %}" + base_source(),
                                         effective_from=datetime.date(2026, 7, 1), note="试图加载标签库")
    assert "{% load %}" in err.value.message
    assert (DocumentTemplate.objects.count(), AuditEntry.objects.count()) == (templates, audits)


def test_a_template_reaching_for_private_attributes_is_refused(decision, library_admin):
    with pytest.raises(DomainError) as err:
        services.template_create_version(actor=library_admin, doc_type=decision,
                                         source=base_source().replace("{{ party.name }}", "{{ party.name.__class__ }}"),
                                         effective_from=datetime.date(2026, 7, 1), note="试图访问内部属性")
    assert "下划线" in err.value.message


def test_the_context_is_read_only_data():
    """A dict's ``clear`` is not reachable from a template, and objects with methods are refused."""
    frozen = sandbox.freeze({"party": {"name": "甲"}})
    engine = sandbox.SandboxEngine({"t": "{{ party.clear }}{{ party.name }}|{{ party.name }}"})
    assert engine.get_template("t").render(Context(frozen)) == "甲|甲"
    with pytest.raises(DomainError) as err:
        sandbox.freeze({"party": DocumentType.objects.first()})
    assert err.value.field == "context.party"


def test_context_values_are_escaped():
    context = sample_context("penalty_decision")
    context["party"]["name"] = '<script>alert(1)</script>恶意公司'
    page = rendering.render_html("penalty_decision", context, on=ON)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;恶意公司" in page


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>",
    "<style>.rights{display:none}</style>",
    '<img src="file:///etc/passwd">',
    '<a href="file:///etc/passwd" rel="attachment">附件</a>',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<p onclick="x()">文</p>',
    '<p style="display:none">文</p>',
    "<!-- 注释吞掉后文",
    "<iframe src=\"https://example.com\"></iframe>",
])
def test_markup_outside_the_document_vocabulary_is_refused(markup):
    with pytest.raises(DomainError) as err:
        sandbox.check_markup(f"<p>正文</p>{markup}<p>后文</p>", template_label="测试模板")
    assert "不允许" in err.value.message and "测试模板" in err.value.message


def test_a_template_building_forbidden_markup_from_pieces_is_refused(decision, library_admin):
    source = base_source().replace("{% block notes %}", '{% block notes %}<{% firstof "sty" %}le>.rights{display:none}</style>')
    with pytest.raises(DomainError) as err:
        services.template_create_version(actor=library_admin, doc_type=decision, source=source,
                                         effective_from=datetime.date(2026, 7, 1), note="拼接 style 元素")
    assert "<style>" in err.value.message


def test_weasyprint_may_fetch_the_fonts_and_nothing_else(pdf_tools):
    fetcher = rendering._url_fetcher_class()(allowed_protocols={"file"})
    font = next(iter(rendering.font_files().values()))
    with pytest.raises(ValueError, match="不允许访问外部资源"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/tracker.png")
    response = fetcher.fetch(font.as_uri())
    assert response is not None


def test_a_stylesheet_cannot_pull_in_local_files(decision, library_admin, pdf_tools):
    """CSS ``@import`` and ``url()`` are the stylesheet's way out; the fetcher refuses them, so the PDF still renders."""
    template = services.template_create_version(
        actor=library_admin, doc_type=decision, source=base_source(), note="含外部引用的样式表",
        css='@import url("file:///etc/passwd"); .issuer { background: url("file:///etc/hostname"); }',
        effective_from=datetime.date(2026, 7, 1))
    pdf = rendering.render_pdf("penalty_decision", sample_context("penalty_decision"), template=template)
    assert pdf.startswith(b"%PDF-")
    assert b"root:" not in pdf
