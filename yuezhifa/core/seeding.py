"""Reference data every database starts with: the working-day calendar 2004-2026, the enforcement domains, the
provincial document library, the statutory circumstances of discretion, the shareable datasets.

Data migrations write it once. A test that flushes the database (``transaction=True``, ``live_server``) empties those
tables too; Django then emits ``post_migrate``, and this hook writes the reference data again — but only into a table
that is empty, so on a real database an administrator's later changes are never overwritten.
"""

import importlib

from django.apps import apps as global_apps
from django.conf import settings
from django.db import transaction

# (app label, migration module, the model whose table must be empty for the seed to run again)
SEEDS = [
    ("core", "0002_seed_calendar", "CalendarYear"),
    ("org", "0002_seed_domains", "Domain"),
    ("documents", "0002_seed_library", "DocumentType"),
    ("discretion", "0002_seed_circumstances", "Circumstance"),
    ("sharing", "0003_natural_person_name", "Dataset"),
]


def reseed_empty_reference_tables(sender=None, using="default", **kwargs) -> list[str]:
    """``post_migrate`` receiver. Returns the labels it seeded (for tests)."""
    if getattr(settings, "YZF_ROLE", "all-in-one") == "node":
        return []  # a node's reference data come from the hub's publication (docs/decisions/0055)
    seeded = []
    for app_label, migration, model_name in SEEDS:
        if not global_apps.is_installed(f"yuezhifa.{app_label}"):
            continue
        model = global_apps.get_model(app_label, model_name)
        if model.objects.using(using).exists():
            continue
        module = importlib.import_module(f"yuezhifa.{app_label}.migrations.{migration}")
        with transaction.atomic(using=using):
            module.seed(global_apps, None)
        seeded.append(f"{app_label}.{model_name}")
    return seeded
