"""Page weight: what a phone downloads for each main page, on a first visit and on a repeat visit.

Measured against a server configured like production for static files (hashed names, .gz/.br copies,
far-future caching: see the `production_server` fixture), with the service worker running, and
counted on the server's side, so that the worker's own downloads (its script, the offline page it
keeps) count too. Chromium's own count of the page's requests is printed beside it."""

import pytest

from conftest import ORGANIZATIONS

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 60 * 1024
REPEAT_VISIT_BUDGET = 15 * 1024


def add_members(count: int) -> None:
    """Enough member organizations for a full first page of the directory (20 results)."""
    from core.models import Province, SectorGroup
    from directory.models import Organization
    from directory.services import organization_create

    provinces = list(Province.objects.all())
    groups = list(SectorGroup.objects.all())
    _persona, name_lo, name_en, *_rest = ORGANIZATIONS[0]
    for number in range(count):
        province, group = provinces[number % len(provinces)], groups[number % len(groups)]
        organization_create(
            data={
                "name_lo": f"{name_lo} {province.name_lo} {number}",
                "name_en": f"{name_en} {province.name_en} {number}",
                "acronym": f"M{number:02d}",
                "head_office_province": province,
                "primary_sector_group": group,
                "mission_lo": "ສົ່ງເສີມການພັດທະນາຊຸມຊົນຊົນນະບົດ ການສຶກສາ ແລະ ສຸຂະພາບຂອງແມ່ ແລະ ເດັກ ໃນເຂດຫ່າງໄກສອກຫຼີກ",
                "mission_en": "Rural community development, education and maternal and child health "
                "in remote areas",
            },
            m2m={"provinces": [province], "sector_groups": [group]},
            status=Organization.Status.ACTIVE,
            by=None,
        )


def visit(context, server, path):
    """Loads a page, waits until the service worker is in control and idle; returns
    (bytes the server sent, bytes Chromium counted for the page, [(path, status, bytes)])."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    counted = []
    cdp.on("Network.loadingFinished", lambda event: counted.append(event["encodedDataLength"]))
    start = len(server.log)
    page.goto(server.url + path, wait_until="networkidle")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the worker's own downloads after install
    requests = server.log[start:]
    page.close()
    return sum(size for _path, _status, size in requests), sum(counted), requests


def test_it_keeps_each_main_page_under_60_kb_on_a_first_visit_and_15_kb_on_a_repeat_visit(
    browser, production_server, main_pages, figures
):
    add_members(22)
    failures = []
    for name, path in main_pages("lo"):
        # A first visit: a new phone (empty cache, no service worker).
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="lo-LA")
        first, first_chromium, first_requests = visit(context, production_server, path)
        assert all(status < 400 for _path, status, _size in first_requests), first_requests
        # A repeat visit, another day: the same phone comes back to the page.
        repeat, repeat_chromium, repeat_requests = visit(context, production_server, path)
        context.close()
        figures(
            "page weight (bytes transferred; server count, Chromium's count of the page's own requests)",
            f"{name:10} first visit {first:6} ({first_chromium:6}) in {len(first_requests):2} requests   "
            f"repeat visit {repeat:6} ({repeat_chromium:6}) in {len(repeat_requests)} requests",
        )
        if max(first, first_chromium) > FIRST_VISIT_BUDGET:
            failures.append(f"{name}: first visit {first} bytes: {first_requests}")
        if max(repeat, repeat_chromium) > REPEAT_VISIT_BUDGET:
            failures.append(f"{name}: repeat visit {repeat} bytes: {repeat_requests}")
    assert failures == []


def test_it_serves_static_files_compressed_with_hashed_names_and_cached_for_a_year(
    browser, production_server
):
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(production_server.url + "/lo/directory/", wait_until="networkidle")
    static = [response for response in responses if "/static/" in response.url]
    assert {url.rsplit("/", 1)[-1].split(".")[0] for url in (r.url for r in static)} >= {
        "site",
        "offline",
        "noto-sans-lao",
        "noto-sans-latin",
    }
    for response in static:
        headers = response.all_headers()
        assert "immutable" in headers["cache-control"] and "max-age=315360000" in headers["cache-control"]
        assert response.url.rsplit(".", 2)[-2].isalnum() and len(response.url.rsplit(".", 2)[-2]) == 12
        if response.url.endswith((".css", ".js", ".svg")):
            assert headers.get("content-encoding") in {"gzip", "br"}, response.url
    context.close()
