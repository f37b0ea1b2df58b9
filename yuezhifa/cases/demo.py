"""Demo cases, told act by act in the scenario files ``demo_scenarios/*.toml`` (one per group of procedures): one or
more cases in every stage, so that each demo account's pages show real work: the officer's to-do list, the head's
approvals, the legal reviewer's queue. This module only runs the scenarios: every act goes through the case engine
(services.act_perform) exactly as a user's would, at the fixed moments the scenario gives, and is recorded as it was
done then (``recorded``: the platform's clock stands at the act's moment while it is entered), so the demo's acts are
on-the-spot entries like an officer's, not back entries (issue 15 §7); a step with ``entered`` is a paper act entered
later (补录, 办法 第二十二条第二款) and is marked as such. The format is described at the top of each scenario file.
The people and companies are invented."""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.documents.samples import credit_code, resident_id
from yuezhifa.items.models import Item
from yuezhifa.org.models import EnforcementBody, Officer, User

from . import services
from .models import Case

SH = ZoneInfo("Asia/Shanghai")
SCENARIOS = Path(__file__).resolve().parent / "demo_scenarios"


def at(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SH)


ENTRY_DELAY = datetime.timedelta(minutes=2)  # an act is entered this long after it is performed


@contextlib.contextmanager
def recorded(moment: datetime.datetime):
    """The platform's clock (``django.utils.timezone.now``) at ``moment`` while one act of the story is entered, as
    it stood when the officer entered it; it runs on from there and is given back afterwards. Never later than the
    real time: an act is not recorded in the future."""
    from django.utils import timezone as tz

    real = tz.now
    start = real()
    moment = min(moment, start).astimezone(datetime.UTC)  # stored and hashed as the database gives it back
    tz.now = lambda: moment + (real() - start)
    try:
        yield
    finally:
        tz.now = real


def scenarios() -> list[dict]:
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(SCENARIOS.glob("*.toml"))]


def photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (236, 240, 244))
    ImageDraw.Draw(image).rectangle((40, 60, 280, 200), outline=(180, 40, 40), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("现场照片.jpg", buffer.getvalue(), content_type="image/jpeg")


class Runner:
    """Performs one scenario file's cases through the engine."""

    def __init__(self, scenario: dict):
        self.scenario = scenario
        body = scenario["body"]
        self.users = {u.username: u for u in User.objects.filter(username__in=scenario["accounts"])}
        self.officers = {key: Officer.objects.get(name=name, body__name=body)
                         for key, name in scenario["officers"].items()}

    def party(self, index: int) -> dict:
        companies = self.scenario["companies"]
        company = companies[index % len(companies)]
        return {"kind": "organisation", "name": company["name"], "credit_code": credit_code(company["code17"][:17]),
                "legal_representative": company["representative"], "address": company["address"],
                "phone": f"1380000{index:04d}"}

    def context(self, case: dict) -> dict:
        companies = self.scenario["companies"]
        company = companies[case["company"] % len(companies)]
        return {**self.scenario.get("values", {}), "party": self.party(case["company"]), "cause": case["cause"],
                "company_name": company["name"], "company_address": company["address"],
                "company_representative": company["representative"]}

    def resolve(self, value, names: dict):
        """Replaces the ``$`` references of a scenario value (see the top of the scenario file)."""
        if isinstance(value, dict):
            return {key: self.resolve(item, names) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item, names) for item in value]
        if not (isinstance(value, str) and value.startswith("$")):
            return value
        name, _, argument = value[1:].partition(":")
        if name == "officer":
            return str(self.officers[argument].pk)
        if name == "resident_id":
            return resident_id(argument)
        if name == "credit_code":
            return credit_code(argument)
        if name == "photo":
            return photo()
        if name not in names:
            raise KeyError(f"unknown reference {value!r} in the demo scenario")
        return self.resolve(copy.deepcopy(names[name]), names)

    def steps(self, step: dict) -> list[dict]:
        """A step of a case, with its template (one act or a list of acts) filled in."""
        if "use" not in step:
            return [step]
        template = self.scenario["steps"][step["use"]]
        found = []
        for base in template if isinstance(template, list) else [template]:
            merged = {**base, **{k: v for k, v in step.items() if k not in ("use", "data")}}
            merged["data"] = {**base.get("data", {}), **step.get("data", {})}
            found.append(merged)
        return found

    def run(self, case: dict) -> Case:
        names = self.context(case)
        opening = case["open"]
        data = self.scenario["openings"][opening["use"]] if "use" in opening else opening["data"]
        with recorded(self.entered(opening)):
            created = services.case_open(actor=self.users[opening.get("user", "officer")],
                                         procedure=case["procedure"], performed_at=at(opening["at"]),
                                         data=self.resolve(data, names))
        for step in case["steps"]:
            for act in self.steps(step):
                names["date"] = at(act["at"]).date().isoformat()
                user = act.get("user", "officer")
                with recorded(self.entered(act)):
                    services.act_perform(
                        actor=SYSTEM if user == "system" else self.users[user], case=created, code=act["act"],
                        data=self.resolve(act.get("data", {}), names), performed_at=at(act["at"]),
                        attachments=[services.Attachment(f) for f in self.resolve(act.get("files", []), names)],
                        place=self.resolve(act.get("place", ""), names), latitude=act.get("latitude"),
                        longitude=act.get("longitude"))
        return created

    @staticmethod
    def entered(step: dict) -> datetime.datetime:
        """When the step was entered on the platform: its ``entered`` moment (a paper act entered later), else just
        after it was performed."""
        return at(step["entered"]) if "entered" in step else at(step["at"]) + ENTRY_DELAY


def is_loaded(scenario: dict) -> bool:
    """The body has cases of the scenario's procedures (several scenario files may tell one body's cases)."""
    procedures = {case["procedure"] for case in scenario["cases"]}
    return Case.objects.filter(body__name=scenario["body"], procedure__in=procedures).exists()


def ready(scenario: dict) -> bool:
    """The body, its items and the register's subjects the scenario names (``subjects``: the first 17 characters of
    their credit codes) are there, and the day has come."""
    from yuezhifa.inspection.models import Subject

    subjects = {credit_code(code) for code in scenario.get("subjects", [])}
    return (not is_loaded(scenario) and EnforcementBody.objects.filter(name=scenario["body"]).exists()
            and Item.objects.filter(code__in=scenario.get("items", [])).count() == len(set(scenario.get("items", [])))
            and Subject.objects.filter(credit_code__in=subjects).count() == len(subjects)
            and timezone.localdate() >= scenario["not_before"])


def load():
    for scenario in scenarios():
        if ready(scenario):
            _load(scenario)
    return []


@transaction.atomic
def _load(scenario: dict) -> None:
    runner = Runner(scenario)
    for case in scenario["cases"]:
        runner.run(case)
