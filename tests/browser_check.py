"""Look at the Solara app the way a person would: a real server and headless Chromium.

Used by the browser tests in ``tests/test_app_browser.py``; also a script::

    uv run python tests/browser_check.py                      # Dutch page, 3 steps
    uv run python tests/browser_check.py --lang en --steps 5 --screenshot /tmp/app.png
    uv run python tests/browser_check.py --prime-only         # only fill Solara's CDN cache

Three parts:

1. Solara's page loads its JavaScript (the Vue app, require.js, the grid layout, Font
   Awesome) through its own ``/_solara/cdn/`` proxy, which fetches from a public CDN on
   first use and caches the files in ``<venv>/share/solara/cdn`` (or
   ``$SOLARA_ASSETS_PROXY_CACHE_DIR``). Without network access that fetch fails and the
   page stays blank, so :func:`prime_assets` fills the cache from the npm registry with
   ``npm pack`` (the CDN serves exactly those npm packages). Which packages, and which
   versions, are read from the installed Solara, so an upgrade of Solara is followed.
2. :func:`solara_server` starts ``solara run app.py --production`` on a free loopback
   port, waits (bounded) until it answers and always stops it again.
3. :func:`check_page` opens the page in Debian's Chromium through Playwright (with
   ``executable_path``; no browser is ever downloaded), waits for the title and the tab
   names, steps the story page, waits for the week line and takes a screenshot. The
   browser tests themselves are in ``tests/test_app_browser.py``.

(``chromium --headless --dump-dom --virtual-time-budget=...`` is not enough here: the
page is drawn over a websocket after load, which virtual time does not wait for.)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"

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

_SPEC = re.compile(
    r"(?:\{\{ ?cdn ?\}\}|getCdn\(\)\})/((?:@[\w-]+/)?[\w.-]+@\d+\.\d+\.\d+(?:-[\w.]+)?)/"
)


class AssetError(RuntimeError):
    """Solara's front-end files could not be put in its CDN cache."""


def find_chromium() -> str | None:
    """Path of the system Chromium (Debian package ``chromium``), or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def cdn_cache_dir() -> Path:
    """Where Solara's ``/_solara/cdn/`` proxy looks for (and caches) front-end files."""
    configured = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(configured) if configured else Path(sys.prefix) / "share" / "solara" / "cdn"


def needed_assets() -> list[str]:
    """npm ``package@version`` specs the installed Solara loads through its CDN proxy.

    Read from Solara's page template and grid-layout widget, keeping only the Vue app
    that matches the installed ipyvuetify (Vue 3 from ipyvuetify 3 on), plus Font Awesome.
    """
    import solara

    base = Path(solara.__file__).parent
    vue3 = int(importlib.metadata.version("ipyvuetify").split(".")[0]) >= 3
    sources = [
        base / "server" / "templates" / "solara.html.j2",
        base / "widgets" / "vue" / ("gridlayout_v3.vue" if vue3 else "gridlayout.vue"),
    ]
    specs = {m for src in sources for m in _SPEC.findall(src.read_text(encoding="utf-8"))}
    unused_app = "solara-vuetify-app@" if vue3 else "solara-vuetify3-app@"
    specs = {s for s in specs if unused_app not in s}
    specs.add("font-awesome@4.5.0")  # solara.settings.assets.fontawesome_path
    return sorted(specs)


def prime_assets(cache: Path | None = None, timeout: float = 300.0) -> list[str]:
    """Put every :func:`needed_assets` package in Solara's CDN cache, unpacked.

    Args:
        cache: Cache folder; :func:`cdn_cache_dir` when None.
        timeout: Seconds allowed for each ``npm pack``.

    Returns:
        The specs that were fetched now (empty when the cache was complete).

    Raises:
        AssetError: If npm is missing or a package cannot be fetched.
    """
    cache = cache or cdn_cache_dir()
    missing = [s for s in needed_assets() if not (cache / s / "package.json").is_file()]
    if not missing:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError(f"npm is not installed; cannot fetch {', '.join(missing)}")
    for spec in missing:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                done = subprocess.run(
                    [npm, "pack", spec, "--pack-destination", tmp, "--silent"],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as err:
                raise AssetError(f"npm pack {spec} took more than {timeout:g} s") from err
            tarballs = list(Path(tmp).glob("*.tgz"))
            if done.returncode != 0 or len(tarballs) != 1:
                raise AssetError(f"npm pack {spec} failed: {done.stderr.strip()[-500:]}")
            target = cache / spec
            partial = cache / f".{spec.replace('/', '_')}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            with tarfile.open(tarballs[0]) as tar:
                members = [m for m in tar.getmembers() if m.name.startswith("package/")]
                for member in members:
                    member.name = member.name.removeprefix("package/")
                tar.extractall(partial, members=members, filter="data")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
    return missing


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's process group (it was started in a session of its own)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def solara_server(
    lang: str = "nl",
    port: int | None = None,
    timeout: float = 120.0,
    app: Path = APP,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``solara run app.py --production`` on loopback; yield its URL; always stop it.

    Args:
        lang: ``VSVSIM_LANG`` for the app.
        port: Port to use; a free one when None.
        timeout: Seconds to wait for the server to answer.

    Raises:
        RuntimeError: If the server exits or does not answer in time (with its log).
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "VSVSIM_LANG": lang,
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cdn_cache_dir()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        **(env or {}),
    }
    cmd = [sys.executable, "-m", "solara", "run", str(app), "--port", str(port)]
    cmd += ["--host", "127.0.0.1", "--production", "--no-open"]
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"solara exited with {proc.returncode}:\n{_tail(log)}")
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"solara did not answer in {timeout:g} s:\n{_tail(log)}")
                time.sleep(0.5)
            yield url
        finally:
            _stop(proc)


def _tail(log: Any, chars: int = 3000) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-chars:]


def check_page(
    url: str,
    expect: list[str],
    *,
    steps: int = 3,
    week_text: str | None = None,
    screenshot: Path | None = None,
    timeout: float = 60.0,
    lang: str = "nl",
) -> dict[str, Any]:
    """Open the app in headless Chromium, step the story ``steps`` weeks, take a screenshot.

    Args:
        url: The app's address.
        expect: Texts that must become visible after loading (title, tab names, ...).
        steps: Times to press the story page's next-week button.
        week_text: Text that must be visible after the steps (``"Week 4 van 52"``).
        screenshot: Where to save a PNG of the page after the steps.
        timeout: Seconds allowed for each wait.
        lang: Language to switch the page to first.

    Returns:
        ``{"seen": [...], "week_seen": bool, "page_errors": [...], "seconds": float}``;
        a wait that runs out raises Playwright's TimeoutError instead.
    """
    from playwright.sync_api import sync_playwright

    from vsvsim.app import i18n
    from vsvsim.app.main import LANGUAGE_NAMES

    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("chromium is not installed (Debian package 'chromium')")
    ms = int(timeout * 1000)
    start = time.monotonic()
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 2200})
            page.set_default_timeout(ms)
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(url, timeout=ms)
            page.locator("h2").first.wait_for(state="visible")
            if lang != "nl":
                page.get_by_role("button", name=LANGUAGE_NAMES[lang]).click()
            seen = []
            for needle in expect:
                page.get_by_text(needle).last.wait_for(state="visible", timeout=ms)
                seen.append(needle)
            page.get_by_role("tab", name=i18n.t("tab_story", lang)).click()
            step = page.locator(".vsv-step")
            for _ in range(steps):
                step.click(timeout=ms)
                page.wait_for_timeout(200)
            week_seen = True
            if week_text:
                page.get_by_text(week_text).first.wait_for(state="visible", timeout=ms)
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return {
        "seen": seen,
        "week_seen": week_seen,
        "page_errors": errors,
        "seconds": round(time.monotonic() - start, 1),
    }


def expected_texts(lang: str, steps: int) -> tuple[list[str], str]:
    """Texts the page must show in ``lang`` on loading, and the week line after ``steps``."""
    from vsvsim.app import i18n

    expect = [i18n.t(k, lang) for k in ("title", "tab_compare", "tab_story", "run")]
    week = f"Week {steps + 1} van 52" if lang == "nl" else f"Week {steps + 1} of 52"
    return expect, week


def main(argv: list[str] | None = None) -> int:
    """Command line: prime the cache, serve the app, check it in Chromium."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="nl", choices=["nl", "en"])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, default=Path("app-screenshot.png"))
    parser.add_argument("--prime-only", action="store_true")
    args = parser.parse_args(argv)
    fetched = prime_assets()
    print(f"CDN cache {cdn_cache_dir()}: fetched {fetched or 'nothing (complete)'}")
    if args.prime_only:
        return 0
    expect, week = expected_texts(args.lang, args.steps)
    with solara_server(args.lang) as url:
        result = check_page(
            url,
            expect,
            steps=args.steps,
            week_text=week,
            screenshot=args.screenshot,
            lang=args.lang,
        )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"screenshot: {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
