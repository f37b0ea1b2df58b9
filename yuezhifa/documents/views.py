"""HTML pages of the document library (mounted at /documents/): the types with their templates and version history,
and a preview of each template rendered from its sample. Thin: selectors read, the renderer renders."""

import contextlib

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from yuezhifa.core.errors import DomainError
from yuezhifa.org.permissions import user_roles

from . import rendering, selectors
from .models import Category, TemplateStatus
from .permissions import is_library_admin
from .samples import SAMPLES, VARIANTS, sample_context

# The rendered preview is shown in a sandboxed frame and may load nothing: no script, no remote resource.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; frame-ancestors 'self'"


def can_see_documents(user) -> bool:
    """The 文书 section: any active user with a role, or a superuser."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user_roles(user)))


def _type_or_404(user, code):
    doc_type = selectors.document_type_list(user=user).filter(code=code).first()
    if doc_type is None:
        raise Http404("未找到该文书种类，或您无权查看。")
    return doc_type


class DocumentIndexView(LoginRequiredMixin, TemplateView):
    template_name = "documents/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        types = list(selectors.document_type_list(user=self.request.user, with_templates=True))
        groups = []
        for value, label in Category.choices:
            rows = []
            for doc_type in (t for t in types if t.category == value):
                templates = list(doc_type.templates.all())
                base = [t for t in templates if t.scope == "province" and t.status == TemplateStatus.ACTIVE
                        and t.effective_from <= today]
                current = max(base, key=lambda t: (t.effective_from, t.version), default=None)
                rows.append({"type": doc_type, "current": current, "versions": len(templates),
                             "overlays": sum(1 for t in templates if t.overlay_of_id), "has_sample": doc_type.code in SAMPLES})
            if rows:
                groups.append({"label": label, "rows": rows})
        context.update({"title": "执法文书库", "groups": groups, "today": today,
                        "is_library_admin": is_library_admin(self.request.user)})
        return context


class DocumentTypeDetailView(LoginRequiredMixin, TemplateView):
    template_name = "documents/type_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        doc_type = _type_or_404(user, self.kwargs["code"])
        today = timezone.localdate()
        templates = list(selectors.template_list(user=user, doc_type=doc_type.code).order_by("scope", "-version"))
        in_force = None
        with contextlib.suppress(DomainError):
            in_force = selectors.template_chain(doc_type, on=today)[-1]
        context.update({
            "title": doc_type.name, "doc_type": doc_type, "templates": templates, "in_force": in_force,
            "today": today, "has_sample": doc_type.code in SAMPLES,
            "stale": selectors.stale_overlays(doc_type, on=today),
            "variants": [key.split(".", 1)[1] for key in VARIANTS if key.startswith(f"{doc_type.code}.")],
        })
        return context


class _PreviewMixin(LoginRequiredMixin):
    """The sample of a type, rendered with the template in force today or with the version ``?template=<id>``."""

    def preview_args(self):
        user = self.request.user
        doc_type = _type_or_404(user, self.kwargs["code"])
        if doc_type.code not in SAMPLES:
            raise Http404("该文书暂无示例数据。")
        variant = self.request.GET.get("variant", "")
        if variant and f"{doc_type.code}.{variant}" not in VARIANTS:
            raise Http404("没有该示例。")
        template = None
        template_id = self.request.GET.get("template", "")
        if template_id:
            template = selectors.template_list(user=user, doc_type=doc_type.code).filter(pk=template_id).first() \
                if _is_uuid(template_id) else None
            if template is None:
                raise Http404("未找到该模板版本，或您无权查看。")
        return doc_type, template, sample_context(doc_type.code, variant)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class DocumentPreviewView(_PreviewMixin, TemplateView):
    template_name = "documents/preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        doc_type, template, _sample = self.preview_args()
        error = None
        try:
            chain = selectors.template_lineage(template) if template else selectors.template_chain(
                doc_type, on=timezone.localdate())
        except DomainError as exc:
            chain, error = [], exc.message
        query = self.request.GET.urlencode()
        context.update({"title": f"{doc_type.name} · 示例预览", "doc_type": doc_type, "template": template,
                        "chain": chain, "error": error, "query": f"?{query}" if query else "",
                        "variant": self.request.GET.get("variant", ""),
                        "variants": [k.split(".", 1)[1] for k in VARIANTS if k.startswith(f"{doc_type.code}.")]})
        return context


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentPreviewHTMLView(_PreviewMixin, View):
    def get(self, request, code):
        doc_type, template, context = self.preview_args()
        try:
            page = rendering.render_html(doc_type, context, template=template)
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = PREVIEW_CSP
        return response


class DocumentPreviewPDFView(_PreviewMixin, View):
    def get(self, request, code):
        doc_type, template, context = self.preview_args()
        try:
            pdf = rendering.render_pdf(doc_type, context, template=template)
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"{doc_type.name}（示例）.pdf")
        return response
