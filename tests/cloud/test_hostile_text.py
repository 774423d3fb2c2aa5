"""Text from Sage is untrusted: markup in any field shows as text on every page, never as markup.

Sage fields are typed by anyone with a Sage login (or imported), and the connector copies them
as they are; the web app must escape them wherever they appear: lists, details, dashboard
charts, the users page and the admin's error list.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from .test_web_records import company, upsert
from .web_helpers import sign_in

pytestmark = pytest.mark.anyio

API = "/api/v4"
# Each payload would run or inject markup if printed unescaped.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</textarea><b>4</b>",
)
RAW = re.compile(r"<script>alert|<img src=x|<svg onload|<b>4</b>")
HREF = re.compile(r'href="([^"#]+)"')
SKIPPED = ("/logout", "/langue/")  # they change state or only redirect


def hostile(index: int) -> str:
    return f"X{index} {PAYLOADS[index % len(PAYLOADS)]}"


async def seed_hostile(app, tenant) -> None:
    await upsert(
        app,
        tenant,
        "users",
        [{"extId": "CO9", "firstName": hostile(0), "lastName": hostile(1), "email": "h@acme.fr"}],
    )
    await upsert(
        app,
        tenant,
        "accounts",
        [
            {
                "extId": "C<9>",
                "name": hostile(1),
                "accountType": "client",
                "salesRepExtId": "CO9",
                "city": hostile(2),
                "website": "javascript:alert(5)",
                "comment": hostile(3),
            }
        ],
    )
    await upsert(
        app,
        tenant,
        "contacts",
        [{"extId": "9", "accountExtId": "C<9>", "lastName": hostile(2), "jobTitle": hostile(3)}],
    )
    await upsert(
        app,
        tenant,
        "products",
        [{"extId": "P<9>", "model": hostile(3), "family": hostile(0), "price": 2}],
    )
    await upsert(
        app,
        tenant,
        "invoices",
        [
            {
                "extId": "9",
                "number": hostile(0),
                "accountExtId": "C<9>",
                "salesRepExtId": "CO9",
                "date": "2026-11-02",
                "posted": True,
                "totalExclTax": 10,
                "reference": hostile(1),
                "lines": [{"productExtId": "P<9>", "quantity": 5, "description": hostile(2)}],
            }
        ],
    )
    report = await app.client.put(
        f"{API}/integration/errors",
        json=[{"resource": "accounts", "extId": "C<9>", "message": hostile(1)}],
        headers=tenant.headers,
    )
    assert report.status_code < 300, report.text


async def crawl(client, start: str = "/", limit: int = 120) -> dict[str, str]:
    """Every same-site page reachable from ``start`` by links (GET only, sign-out left out)."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = await client.get(path)
        assert response.status_code < 500, (path, response.text)
        seen[path] = response.text if "html" in response.headers.get("content-type", "") else ""
        for href in HREF.findall(seen[path]):
            target = urlsplit(urljoin("http://cloud.test" + path, href.replace("&amp;", "&")))
            if target.netloc == "cloud.test" and not target.path.startswith(SKIPPED):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


async def test_markup_from_sage_is_shown_as_text_on_every_page(app):
    tenant = await company(app)
    await seed_hostile(app, tenant)
    assert (await sign_in(app.client, "alice@example.fr")).status_code in (200, 303)
    pages = await crawl(app.client)
    details = [
        path for path in pages if re.fullmatch(r"/(comptes|contacts|produits|factures)/\d+", path)
    ]
    assert len(details) >= 4, sorted(pages)
    shown = "".join(pages.values())
    for index in range(4):  # each hostile value reached some page, escaped
        assert f"X{index} " in shown
    assert "&lt;script&gt;alert(1)" in shown  # escaped, so the check below can see markup
    for path, html in pages.items():
        assert RAW.search(html) is None, (path, RAW.search(html))
        assert 'href="javascript:' not in html.lower(), path
