from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "粤执法 管理后台"
admin.site.site_title = "粤执法 管理后台"
admin.site.index_title = "基础数据维护"

urlpatterns = [
    path("api/v1/", include("yuezhifa.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("yuezhifa.core.urls")),
    path("org/", include("yuezhifa.org.urls")),
    path("account/", include("yuezhifa.org.urls_account")),
    path("oidc/", include("yuezhifa.org.urls_oidc")),
    path("laws/", include("yuezhifa.laws.urls")),
    path("themes/deliveries/", include("yuezhifa.themes.urls")),
    path("items/", include("yuezhifa.items.urls")),
    path("inspection/", include("yuezhifa.inspection.urls")),
    path("discretion/", include("yuezhifa.discretion.urls")),
    path("documents/", include("yuezhifa.documents.urls")),
    path("cases/", include("yuezhifa.cases.urls")),
    path("jc/", include("yuezhifa.cases.urls_public")),
    path("qy/", include("yuezhifa.supervision.urls_public")),
    path("verify/", include("yuezhifa.seals.urls")),
    path("supervision/", include("yuezhifa.supervision.urls")),
    path("themes/quality/", include("yuezhifa.themes.urls_quality")),
    path("gongshi/yiyi/", include("yuezhifa.themes.urls_objections_public")),
    path("gongshi/", include("yuezhifa.disclosure.urls")),
    path("sharing/", include("yuezhifa.sharing.urls")),
]

handler400 = "yuezhifa.core.errors.handler400"
handler404 = "yuezhifa.core.errors.handler404"
handler500 = "yuezhifa.core.errors.handler500"
