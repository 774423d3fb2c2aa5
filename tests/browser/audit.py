"""What every page must pass, at a desk and on a phone: axe-core's serious and critical rules,
no sideways scroll, every control within reach.

axe-core comes from the npm registry, pinned by version and by the registry's own sha512
integrity, and is cached under ``tests/.cache`` (a fresh machine downloads it once).
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path
from typing import Any

import httpx

AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASy"
    "FNNtuFooJpZe37OgudVGtQ=="
)
CACHE = Path(__file__).resolve().parents[1] / ".cache"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def axe_source() -> str:
    """``axe.min.js`` of the pinned release, downloaded and checked on first use."""
    cached = CACHE / f"axe-core-{AXE_VERSION}.min.js"
    if not cached.exists():
        tarball = httpx.get(AXE_TARBALL, timeout=60, follow_redirects=True).content
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        if digest != AXE_INTEGRITY:
            raise RuntimeError(
                f"axe-core {AXE_VERSION}: the registry's tarball fails its integrity"
            )
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            source = member.read()
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(source)
        partial.replace(cached)
    return cached.read_text(encoding="utf-8")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page as it stands, one line each.

    The script is evaluated through the DevTools protocol, which the pages' CSP (no inline
    scripts) does not govern, then run on the whole document.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result
        if violation["impact"] in impacts
    ]


_REACH = """() => {
  const width = window.innerWidth;
  const page = document.scrollingElement.scrollWidth;
  const out = [];
  const clipped = (el) => {
    // A control inside a box that scrolls sideways is reachable when the box itself is.
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll'].includes(style.overflowX) && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;  // folded away (a closed menu)
    if (el.type === 'hidden' || el.closest('[hidden]')) continue;
    // Visually hidden inputs whose label is the control (checkbox hacks) are reached by label.
    if (rect.width <= 1 && rect.height <= 1) continue;
    const box = clipped(el);
    const r = box ? box.getBoundingClientRect() : rect;
    if (r.left < -1 || r.right > width + 1) {
      out.push((el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' « '
        + (el.innerText || el.value || el.name || '').trim().slice(0, 40) + ' » at '
        + Math.round(r.left) + '–' + Math.round(r.right) + ' px');
    }
  }
  return {width, page, out};
}"""


def reach_problems(page: Any) -> list[str]:
    """Why the page fails a phone: it scrolls sideways, or a control lies outside the screen."""
    found = page.evaluate(_REACH)
    problems = list(found["out"])
    if found["page"] > found["width"]:
        problems.insert(0, f"the page is {found['page']} px wide in a {found['width']} px window")
    return problems


def audit(page: Any, label: str, artifacts: Path) -> list[str]:
    """A full-page screenshot ``label.png`` under ``artifacts``, then every problem found.

    At a phone's width the reach is checked too; axe runs at every size.
    """
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / f"{label}.png"), full_page=True)
    problems = [f"axe: {line}" for line in axe_violations(page)]
    if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
        problems += [f"reach: {line}" for line in reach_problems(page)]
    return problems
