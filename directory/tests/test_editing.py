import re

import pytest
from django import forms as django_forms
from django.utils import translation

from core.forms import QuickCheckboxSelectMultiple, QuickSelect
from core.models import AuditEvent, District, Province
from directory.forms import PROFILE_FORM_FIELDS, EditProfileForm
from directory.models import Organization

pytestmark = pytest.mark.django_db


def form_data(org: Organization, **changes) -> dict:
    """The edit form as the browser would post it, unchanged but for `changes`."""
    data = {}
    for name in PROFILE_FORM_FIELDS:
        value = getattr(org, name)
        if name in {"provinces", "sector_groups", "themes"}:
            data[name] = [str(pk) for pk in value.values_list("pk", flat=True)]
        elif hasattr(value, "pk"):
            data[name] = str(value.pk)
        else:
            data[name] = "" if value is None else str(value)
    data["version"] = str(org.version)
    data.update(changes)
    return data


def test_it_lets_an_editor_change_their_own_profile_and_keeps_who_and_when(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    response = client.post(
        f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, mission_en="Clean water for all")
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.mission_en == "Clean water for all"
    version = org_a.versions.first()
    assert version.changed_by == personas.editor_a and version.changed_fields == ["mission_en"]
    assert AuditEvent.objects.filter(action="organization.update", actor_id=personas.editor_a.pk).exists()
    history = client.get(f"/lo/directory/{org_a.slug}/history/").content.decode()
    assert "mission_en" in history


def test_it_refuses_an_editor_of_another_organization(client_as, personas, org_a):
    client = client_as(personas.editor_b)
    assert client.get(f"/lo/directory/{org_a.slug}/edit/").status_code == 403
    response = client.post(f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, name_en="Taken over"))
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.name_en == "Ban Na Community Development Association"


def test_it_refuses_a_stale_form_instead_of_overwriting_a_colleagues_change(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    stale = form_data(org_a, mission_en="My change")
    assert (
        client.post(
            f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, mission_en="Colleague's change")
        ).status_code
        == 302
    )
    response = client.post(f"/lo/directory/{org_a.slug}/edit/", stale)
    assert response.status_code == 409
    assert "ບໍ່ໄດ້ບັນທຶກ" in response.content.decode()  # "not saved", in Lao
    org_a.refresh_from_db()
    assert org_a.mission_en == "Colleague's change"


def test_it_ignores_fields_an_editor_may_not_set(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    client.post(
        f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, status="former", slug="hijacked", version="1")
    )
    org_a.refresh_from_db()
    assert org_a.status == "active" and org_a.slug != "hijacked"


def test_it_normalizes_lao_text_rather_than_rejecting_it(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    typed = "ສະມາຄົມ\u200bພັດທະນາ ນໍ້າສະອາດ"  # a zero-width space and ໍ + ້ + າ
    assert (
        client.post(f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, name_lo=typed)).status_code == 302
    )
    org_a.refresh_from_db()
    assert org_a.name_lo == "ສະມາຄົມພັດທະນາ ນ້ຳສະອາດ"


def test_it_shows_html_typed_into_a_field_as_text(client_as, client, personas, org_a):
    client_as(personas.editor_a).post(
        f"/lo/directory/{org_a.slug}/edit/",
        form_data(org_a, mission_en="<script>alert(1)</script><b>bold</b>"),
    )
    html = client.get(f"/en/directory/{org_a.slug}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_explains_a_district_outside_the_province(client_as, personas, org_a):
    luang_prabang_district = Province.objects.get(code="LA06").districts.first()
    response = client_as(personas.editor_a).post(
        f"/lo/directory/{org_a.slug}/edit/",
        form_data(org_a, head_office_district=str(luang_prabang_district.pk)),
    )
    assert response.status_code == 200
    assert "ເມືອງນີ້ບໍ່ຢູ່ໃນແຂວງ" in response.content.decode()


def test_it_lets_only_the_secretariat_restore_an_earlier_version(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    client.post(f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, mission_en="Vandalised"))
    assert client.post(f"/lo/directory/{org_a.slug}/history/1/restore/").status_code == 403
    response = client_as(personas.secretariat).post(f"/lo/directory/{org_a.slug}/history/1/restore/")
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.mission_en == "Rural community development"
    assert org_a.versions.first().note == "v1"


def test_it_lets_the_owner_invite_an_editor_who_then_edits(client_as, personas, org_a, mailoutbox, committed):
    with committed():
        client_as(personas.editor_a).post(
            f"/lo/directory/{org_a.slug}/editors/", {"email": "new@test.laocso.org"}
        )
    path = re.search(r"/lo/directory/invitations/\S+/", mailoutbox[0].body).group(0)
    invited = client_as(personas.visitor)
    invited.post(path)
    assert invited.get(f"/lo/directory/{org_a.slug}/edit/").status_code == 200
    assert invited.post(path).status_code == 404  # an invitation works once


def test_it_lets_no_one_but_the_owner_and_the_secretariat_manage_editors(client_as, personas, org_a):
    assert client_as(personas.editor_b).get(f"/lo/directory/{org_a.slug}/editors/").status_code == 403
    assert client_as(personas.secretariat).get(f"/lo/directory/{org_a.slug}/editors/").status_code == 200


def test_it_shows_a_profile_edit_at_once_to_anonymous_visitors_despite_the_page_cache(
    client, client_as, personas, org_a, committed
):
    assert "Rural community development" in client.get(f"/en/directory/{org_a.slug}/").content.decode()
    with committed():
        client_as(personas.editor_a).post(
            f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, mission_en="Rivers")
        )
    client.logout()
    html = client.get(f"/en/directory/{org_a.slug}/").content.decode()
    assert "Rivers" in html and "Rural community development" not in html


def test_the_public_pages_stay_cached_until_something_public_changes(client_as, personas, org_a, committed):
    from core.cache import page_cache_generation

    assert org_a.staff_visibility == "members"
    client = client_as(personas.editor_a)
    generation = page_cache_generation("directory")

    def save(**changes) -> None:
        org_a.refresh_from_db()
        with committed():
            response = client.post(f"/lo/directory/{org_a.slug}/edit/", form_data(org_a, **changes))
        assert response.status_code == 302

    save()  # saved as it was
    save(volunteers_women="7")  # a figure shared with members only
    assert page_cache_generation("directory") == generation
    assert org_a.versions.first().changed_fields == ["volunteers_women"]

    client.logout()
    assert "7 women" not in client.get(f"/en/directory/{org_a.slug}/").content.decode()  # now cached
    client.force_login(personas.editor_a)
    save(staff_visibility="public")
    assert page_cache_generation("directory") == generation + 1
    save(volunteers_women="19")  # now the public sees the figure: the page shows it at once
    assert page_cache_generation("directory") == generation + 2
    client.logout()
    assert "19 women" in client.get(f"/en/directory/{org_a.slug}/").content.decode()


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_profile_forms_choice_lists_render_as_djangos_own_widgets_would(org_a, language):
    """The quick widgets write the markup of the widget templates themselves: compared, field by field,
    on a fresh form and on one sent back with errors (aria-invalid, a chosen district)."""
    district = Province.objects.get(code="LA06").districts.first()
    sent_back = form_data(org_a, head_office_district=str(district.pk), name_lo="")
    with translation.override(language):
        forms = [EditProfileForm(instance=org_a), EditProfileForm(sent_back, instance=org_a)]
        assert not forms[1].is_valid()
        compared = 0
        for form in forms:
            for field in form:
                quick = field.field.widget
                if not isinstance(quick, QuickSelect | QuickCheckboxSelectMultiple):
                    continue
                django_widget = (
                    django_forms.Select
                    if isinstance(quick, QuickSelect)
                    else django_forms.CheckboxSelectMultiple
                )
                plain = django_widget(attrs=quick.attrs, choices=quick.choices)
                assert str(field) == field.as_widget(widget=plain), field.name
                compared += 1
    assert compared == 2 * 13
    assert f'value="{district.pk}" selected' in str(forms[1]["head_office_district"])


def test_the_profile_forms_reference_lists_follow_reloaded_reference_data(client_as, personas, org_a):
    editor = client_as(personas.editor_a)
    assert "ທົດລອງໃໝ່" not in editor.get(f"/lo/directory/{org_a.slug}/edit/").content.decode()

    province = Province.objects.get(code="LA16")
    District.objects.create(code="LA1699", name_lo="ທົດລອງໃໝ່", name_en="Test district", province=province)

    assert "ທົດລອງໃໝ່" in editor.get(f"/lo/directory/{org_a.slug}/edit/").content.decode()


def test_a_save_outside_the_form_still_gets_the_constraints_it_touches_as_messages(personas, org_a, org_b):
    from django.core.exceptions import ValidationError

    from directory.services import organization_update

    def save(organization, **data):
        organization.refresh_from_db()
        version = organization.version
        organization_update(
            organization=organization, data=data, m2m={}, expected_version=version, by=personas.secretariat
        )

    registration = {"registration_authority": "moha", "registration_number": "123/ພນ"}
    save(org_b, **registration)
    with pytest.raises(ValidationError) as clash:
        save(org_a, **registration)
    assert "organization_unique_moha_registration" in str(clash.value)
    with pytest.raises(ValidationError) as founded:
        save(org_a, year_founded=1800)
    assert "organization_year_founded_plausible" in str(founded.value)
    save(org_b, volunteers_women=7)  # its registration number, untouched, is not checked again
    org_b.refresh_from_db()
    assert (org_b.volunteers_women, org_b.registration_number) == (7, "123/ພນ")
