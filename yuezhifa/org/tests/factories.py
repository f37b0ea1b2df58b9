"""Factories for organisation data. Identifiers are generated valid (check characters computed)."""

import datetime
import itertools

import factory
from stdnum.cn import ric, uscc

from yuezhifa.org.models import (
    BodyKind,
    Certificate,
    Division,
    Domain,
    EnforcementBody,
    Level,
    Officer,
    RoleAssignment,
    User,
)

_seq = itertools.count(1)


def make_credit_code(n: int | None = None, division: str = "440100") -> str:
    n = next(_seq) if n is None else n
    body = f"11{division[:6]}{n:09d}"[:17]
    return body + uscc.calc_check_digit(body + "0")


def make_id_number(n: int | None = None, area: str = "440106", birth: str = "19850315") -> str:
    n = next(_seq) if n is None else n
    body = f"{area}{birth}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def division(code: str, name: str, parent: Division | None = None) -> Division:
    level = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.COUNTY, 9: Level.TOWNSHIP}[len(code)]
    obj, _ = Division.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
    return obj


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("code",)

    code = "market"
    name = "市场监管"


class BodyFactory(factory.django.DjangoModelFactory):
    """An enforcement body; ``path`` is derived from the parent as the service does."""

    class Meta:
        model = EnforcementBody
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试执法主体{n}")
    kind = BodyKind.DEPARTMENT
    credit_code = factory.LazyFunction(make_credit_code)
    level = factory.LazyAttribute(lambda o: o.division.level)
    parent = None

    @factory.lazy_attribute
    def division(self):
        province = division("44", "广东省")
        return division("4401", "广州市", province)

    @factory.post_generation
    def derive_path(obj, create, extracted, **kwargs):
        obj.path = (obj.parent.path if obj.parent_id else "") + obj.pk.hex + "/"
        if create:
            obj.save(update_fields=["path"])

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.domains.set(extracted)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"执法员{n}")
    id_number = factory.LazyFunction(make_id_number)
    body = factory.SubFactory(BodyFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"44010{n:07d}")
    officer = factory.SubFactory(OfficerFactory)
    issued_by = factory.SubFactory(BodyFactory, is_justice_department=True)
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2029, 12, 31)

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create:
            obj.domains.set(extracted or [DomainFactory()])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Pass-word-123")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.save()
        for role, scope in extracted or []:
            # the test world is set up as the province would set it up (docs/decisions/0019)
            RoleAssignment.objects.create(user=obj, role=role, scope=scope, granted_by_province=True)
