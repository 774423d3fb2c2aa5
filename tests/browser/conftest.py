"""Browser tests: the wizard served by the real ``serve_wizard`` on a free loopback port,
driven by Playwright with Debian's Chromium (never a browser downloaded by Playwright)."""

from __future__ import annotations

import dataclasses
import re
import threading
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_sync

from ssm.connector.demo import DemoPaths, local_cloud
from ssm.connector.install import InstallOptions
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.browser import serve_wizard
from ssm.connector.wizard.install import build_context, install_wizard
from ssm.sage100 import generate_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"

if not CHROMIUM.exists():  # fail, never skip: make test installs it
    raise RuntimeError(
        "Debian's chromium is missing: apt-get install chromium (make test does, "
        "through scripts/test-prerequisites)"
    )


@pytest.fixture(scope="session")
def sage_server(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny emulated Sage 100 server: the prerequisite « Sage 100 détecté » holds."""
    path = tmp_path_factory.mktemp("sage") / "sage100"
    generate_server(path, company="BIJOU", size="tiny", seed=3)
    return path


@pytest.fixture(scope="session")
def cloud_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``ssm-cloud serve`` on loopback: the prerequisite « service joignable » holds."""
    with local_cloud(DemoPaths(tmp_path_factory.mktemp("cloud")), say=lambda _: None) as url:
        yield url


@pytest.fixture
def make_wizard(sage_server: Path, cloud_url: str, tmp_path: Path) -> Callable[..., Wizard]:
    """Factory: the real installation wizard, installing for real (no service) under tmp_path."""

    def make(*, sage: Path | None = None) -> Wizard:
        options = InstallOptions(
            sage_server=str(sage or sage_server), cloud_url=cloud_url, register_service=False
        )
        context = dataclasses.replace(build_context(options), default_dir=str(tmp_path / "default"))
        return install_wizard(context)

    return make


@pytest.fixture(scope="package")  # Playwright's loop must be gone before other packages run
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Served:
    """A wizard served in a thread, the URL it printed and its browser page."""

    wizard: Any
    url: str
    thread: threading.Thread
    page: Any
    shots: list[Path] = field(default_factory=list)
    name: str = ""

    def shot(self, label: str) -> None:
        path = ARTIFACTS / f"{self.name}-{len(self.shots) + 1:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)

    def screen(self) -> str:
        return str(self.page.locator("[data-screen]").get_attribute("data-screen"))

    def stopped(self, timeout: float = 10) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()


@pytest.fixture
def serve(
    browser: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Callable[[Any], Served]]:
    """Serve a wizard as ``ssm-connector install`` does; the browser it opens is Playwright's."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    started: list[Served] = []
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 720})

    def start(wizard: Any) -> Served:
        thread = threading.Thread(
            target=serve_wizard, args=(wizard,), kwargs={"open_browser": True}, daemon=True
        )
        thread.start()
        for _ in range(200):
            if opened:
                break
            threading.Event().wait(0.025)
        url = opened.pop()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}", url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        name = re.sub(r"\W+", "-", request.node.name).strip("-")
        served = Served(wizard=wizard, url=url, thread=thread, page=page, name=name)
        started.append(served)
        page.goto(url)
        return served

    yield start
    for served in started:
        if served.thread.is_alive():  # a failed test left its server running: cancel the wizard
            served.page.goto(served.url.split("?")[0] + "annuler")
            if served.page.locator("#yes").count():
                served.page.click("#yes")
            served.stopped()
    context.close()
