"""Pages of the theme library's deliveries (办法 第四十七条第二款): a delivering account uploads a file for one of its
sources and reads the result of each delivery with its row errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yuezhifa.core.errors import DomainError

from . import ingest
from .models import Delivery, Kind


def can_deliver(user) -> bool:
    return ingest.deliverable_sources(user).exists()


@login_required
def deliveries(request):
    sources = list(ingest.deliverable_sources(request.user))
    if not sources:
        raise PermissionDenied(_("只有数据来源登记的报送账号可以报送数据。"))
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        source = next((s for s in sources if s.code == request.POST.get("source")), None)
        kind = request.POST.get("kind", "")
        try:
            if source is None:
                raise DomainError(_("请选择数据来源。"), field="source")
            if kind not in Kind.values:
                raise DomainError(_("请选择数据类别。"), field="kind")
            if upload is None:
                raise DomainError(_("请选择要上传的文件。"), field="file")
            delivery = ingest.deliver(actor=request.user, source=source, kind=kind,
                                      channel=ingest.channel_of(upload.name), data=upload.read(),
                                      file_name=upload.name)
        except DomainError as exc:
            error = exc.message if hasattr(exc, "message") else str(exc)
        else:
            if delivery.status == "loaded":
                messages.success(request, _("已入库：新增 %(c)d 条，更新 %(u)d 条，未变 %(n)d 条。") % {
                    "c": delivery.created_count, "u": delivery.changed_count, "n": delivery.unchanged_count})
            else:
                messages.error(request, _("报送被退回，未入库任何数据，请按错误清单修改后重新报送。"))
            return redirect("themes:delivery", pk=delivery.pk)
    recent = Delivery.objects.filter(source__in=sources).select_related("source")[:50]
    return render(request, "themes/deliveries.html", {"title": _("数据报送"), "sources": sources,
                                                      "kinds": Kind.choices, "deliveries": recent, "error": error})


@login_required
def delivery(request, pk):
    found = get_object_or_404(Delivery.objects.filter(source__in=ingest.deliverable_sources(request.user))
                              .select_related("source"), pk=pk)
    return render(request, "themes/delivery.html", {"title": _("报送结果"), "delivery": found})
