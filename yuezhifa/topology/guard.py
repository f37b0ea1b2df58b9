"""On a node, base data are the hub's: the application refuses to write them (docs/decisions/0055).

One generic guard for every base model: ``pre_save``, ``pre_delete`` and ``m2m_changed`` raise ``BaseDataReadOnly``
(a 403 through the API's problem handler), and the admin shows those models read-only. Bulk writes that send no
signal (``QuerySet.update``, ``bulk_create``) are stopped by the database: on a PostgreSQL node the application's
role has no INSERT/UPDATE/DELETE/TRUNCATE on the base tables (``yzf topology init-node``); only the subscription's
apply worker writes them.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from yuezhifa.core.errors import NotAllowed

from . import tables


class BaseDataReadOnly(NotAllowed):
    code = "base_data_read_only"
    title = "基础数据只读"


def read_only_message() -> str:
    return f"基础数据由省级平台（{settings.YZF_HUB_NAME}）统一维护，本节点只读；如需修改，请在省级平台办理。"


def is_node() -> bool:
    return settings.YZF_ROLE == "node"


def refuse_base_write(sender, **kwargs):
    if is_node() and not kwargs.get("raw") and tables.is_base(sender):
        raise BaseDataReadOnly(read_only_message())


def refuse_base_m2m(sender, action, **kwargs):
    if is_node() and action.startswith("pre_") and tables.is_base(sender):
        raise BaseDataReadOnly(read_only_message())


def _read_only_admin(model_admin):
    """Wrap a registered ModelAdmin so that on a node it can view, never add, change or delete."""
    for name in ("has_add_permission", "has_change_permission", "has_delete_permission"):
        original = getattr(model_admin, name)

        def wrapped(*args, _original=original, **kwargs):
            return False if is_node() else _original(*args, **kwargs)

        setattr(model_admin, name, wrapped)


def install() -> None:
    for model in tables.base_models():
        uid = f"yzf-topology-{tables.model_key(model)}"
        pre_save.connect(refuse_base_write, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(refuse_base_write, sender=model, dispatch_uid=f"{uid}-delete")
    for model in tables.base_models():
        if model._meta.auto_created:
            m2m_changed.connect(refuse_base_m2m, sender=model, dispatch_uid=f"yzf-topology-m2m-{model._meta.db_table}")
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        if tables.is_base(model):
            _read_only_admin(model_admin)
