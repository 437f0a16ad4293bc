import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import LaoDigitsMixin

pytestmark = pytest.mark.django_db


def test_it_sends_the_root_to_the_lao_site_whatever_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/lo/"


def test_it_sends_the_root_to_english_for_a_visitor_who_chose_english(client):
    client.cookies["laocso_language"] = "en"
    assert client.get("/")["Location"] == "/en/"


def test_it_serves_the_home_page_in_lao_with_the_sector_groups(client):
    response = client.get("/lo/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="lo">' in html
    assert "ກະສິກຳ, ປ່າໄມ້ &amp; ການພັດທະນາຊົນນະບົດ" in html
    assert 'href="/en/"' in html  # the language switch


def test_it_serves_the_home_page_in_english(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Agriculture, Forestry &amp; Rural Development" in html
    assert 'href="/lo/"' in html


def test_it_switches_language_on_the_same_page(client):
    html = client.get("/lo/about/").content.decode()
    assert 'href="/en/about/"' in html
    html = client.get("/en/about/").content.decode()
    assert 'href="/lo/about/"' in html


def test_it_tells_the_networks_story_and_timeline_on_the_about_page(client):
    lao = client.get("/lo/about/").content.decode()
    assert "ພວກເຮົາແມ່ນໃຜ" in lao  # "Who we are", the network's own Lao text
    assert "12/ກພລ" in lao
    assert "22 ຕຸລາ 2021" in lao  # a dated milestone in Lao date form
    english = client.get("/en/about/").content.decode()
    assert "Who we are" in english
    assert "22 October 2021" in english
    assert "Sixth National CSO Fair" in english


def test_it_writes_dates_in_lao_form_in_lao():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    context = Context({"day": datetime.date(2025, 3, 7)})
    with translation.override("lo"):
        assert template.render(context) == "7 ມີນາ 2025"
    with translation.override("en"):
        assert template.render(context) == "7 March 2025"


class ReachForm(LaoDigitsMixin, forms.Form):
    people = forms.IntegerField(min_value=0)
    budget = forms.DecimalField(max_digits=12, decimal_places=2)
    started_on = forms.DateField()
    note = forms.CharField(required=False)


def test_it_accepts_lao_digits_in_numbers_and_dates():
    with translation.override("lo"):
        form = ReachForm(
            data={"people": "໑໒໐", "budget": "໒໕໐໐.໕໐", "started_on": "໐໗/໐໓/໒໐໒໕", "note": "໑໒"}
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["people"] == 120
    assert str(form.cleaned_data["budget"]) == "2500.50"
    assert form.cleaned_data["started_on"] == datetime.date(2025, 3, 7)
    assert form.cleaned_data["note"] == "໑໒"  # text fields keep what was typed


def test_it_explains_a_bad_number_in_lao():
    with translation.override("lo"):
        form = ReachForm(data={"people": "ຫຼາຍ", "budget": "1", "started_on": "2025-03-07"})
        assert not form.is_valid()
        assert form.errors["people"] == ["ກະລຸນາປ້ອນຕົວເລກຈຳນວນເຕັມ."]


def test_it_sends_security_headers_on_every_page(client):
    response = client.get("/lo/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_it_loads_no_resource_from_another_site(client):
    html = client.get("/lo/about/").content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


def test_it_answers_404_in_lao(client):
    response = client.get("/lo/no-such-page/")
    assert response.status_code == 404
    assert "ບໍ່ພົບໜ້າ" in response.content.decode()
