"""Admin edits go through the services: validated, audited, nothing written on a refusal."""

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.org.models import Officer

from .factories import BodyFactory, UserFactory, division, make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_officer_added_in_admin_is_validated_and_audited(admin_client):
    body = BodyFactory(division=division("4401", "广州市", division("44", "广东省")))
    form = {"name": "赵六", "id_number": make_id_number(), "body": str(body.pk), "position": "", "phone": "",
            "status": "active", "legal_qualification_no": ""}
    response = admin_client.post("/admin/org/officer/add/", form)
    assert response.status_code == 302
    officer = Officer.objects.get(name="赵六")
    assert AuditEntry.objects.filter(action="org.officer.create", object_id=str(officer.pk)).exists()

    bad = dict(form, name="钱七", id_number=form["id_number"][:-1] + ("1" if form["id_number"][-1] != "1" else "2"))
    response = admin_client.post("/admin/org/officer/add/", bad)
    assert response.status_code == 200  # the form again, with the error beside the field
    assert "居民身份证号码校验码错误" in response.content.decode()
    assert not Officer.objects.filter(name="钱七").exists()


def test_admin_officer_list_masks_id_numbers(admin_client):
    body = BodyFactory(division=division("4401", "广州市", division("44", "广东省")))
    number = make_id_number()
    Officer.objects.create(name="孙八", id_number=number, body=body)
    page = admin_client.get("/admin/org/officer/").content.decode()
    assert "孙八" in page and number not in page and number[:6] + "********" + number[-4:] in page
