"""Open a report page in a real headless Chromium and see what a person would see.

Used by the browser test and by ``docs/make_report_screenshot.py``: it starts the
system's ``chromium`` (the Debian package) with a fresh profile and no network services,
drives it over the Chrome DevTools Protocol (a websocket on localhost), loads the page,
and reports the console errors, the exceptions, every network request the page made, a
full-page screenshot, the page printed to PDF, and the value of JavaScript expressions
evaluated in the page (to read the charts back). Nothing here is needed to *view* a report: the page itself has no
script.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0")
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class BrowserError(RuntimeError):
    pass


@dataclass
class PageVisit:
    """What loading one page produced."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)      # every URL the page asked for
    screenshot: bytes = b""
    pdf: bytes = b""                                        # the page printed (A4), when asked
    values: dict[str, Any] = field(default_factory=dict)    # the evaluated expressions' results
    width: int = 0
    height: int = 0


def find_chromium() -> str | None:
    """The Chromium binary: $AUTOPATTERN_CHROMIUM when set (None if it is not executable),
    else /usr/bin/chromium, else one on PATH."""
    chosen = os.environ.get("AUTOPATTERN_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def visit(path: Path, *, expressions: dict[str, str] | None = None, width: int = 1200,
          height: int = 900, screenshot: bool = True, timeout: float = 60.0,
          binary: str | None = None, javascript: bool = True, pdf: bool = False,
          media: str | None = None) -> PageVisit:
    """Load ``path`` (a local file) in headless Chromium and report what happened.

    ``expressions`` are evaluated in the page after it loaded (JSON-serialisable results).
    With ``javascript=False`` the page is loaded with scripts disabled, as a reader with
    JavaScript off sees it (the expressions still run: DevTools is not the page).
    ``media="print"`` lays the page out (and screenshots it) as it prints.
    """
    from websockets.sync.client import connect

    binary = binary or find_chromium()
    if binary is None:
        raise BrowserError(f"no Chromium found ({CHROMIUM}); install the Debian package `chromium`")
    url = Path(path).resolve().as_uri()
    profile = tempfile.mkdtemp(prefix="autopattern-chromium-")
    process = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        browser_ws = _devtools_url(process, timeout)
        with connect(browser_ws, max_size=None, open_timeout=timeout) as socket:
            session = _Session(socket, timeout)
            target = session.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session.id = session.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
                session.call(domain)
            session.call("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            if media:
                session.call("Emulation.setEmulatedMedia", {"media": media})
            if not javascript:
                session.call("Emulation.setScriptExecutionDisabled", {"value": True})
            result = PageVisit(url)
            session.listener = lambda event: _record(event, result)
            session.call("Page.navigate", {"url": url})
            session.wait_for("Page.loadEventFired")
            session.drain(0.3)                                 # late console messages or requests
            for name, expression in (expressions or {}).items():
                reply = session.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
                if "exceptionDetails" in reply:
                    raise BrowserError(f"evaluating {name}: {reply['exceptionDetails'].get('text')}")
                result.values[name] = reply["result"].get("value")
            metrics = session.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            result.width, result.height = int(size["width"]), int(size["height"])
            if screenshot:
                shot = session.call("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": result.width, "height": result.height, "scale": 1}})
                result.screenshot = base64.b64decode(shot["data"])
            if pdf:
                printed = session.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                           "printBackground": False, "preferCSSPageSize": False})
                result.pdf = base64.b64decode(printed["data"])
            session.call("Target.closeTarget", {"targetId": target}, session=False)
            return result
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_url(process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line.rstrip())
        match = LISTENING.search(line)
        if match:
            return match.group(1)
    raise BrowserError("Chromium did not start its DevTools endpoint: " + " | ".join(lines[-5:]))


def _record(event: dict[str, Any], result: PageVisit) -> None:
    method, params = event.get("method"), event.get("params", {})
    if method == "Network.requestWillBeSent":
        result.requests.append(params["request"]["url"])
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        result.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
    elif method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        result.console_errors.append(details.get("text", "exception") + " " +
                                     str((details.get("exception") or {}).get("description", "")))
    elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
        result.console_errors.append(f"{params['entry'].get('source')}: {params['entry'].get('text')}")


class _Session:
    """Request/response over one DevTools websocket; events go to ``listener``."""

    def __init__(self, socket, timeout: float):
        self.socket, self.timeout = socket, timeout
        self.ids = itertools.count(1)
        self.id: str | None = None
        self.listener = lambda event: None
        self.seen: list[str] = []

    def call(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        message: dict[str, Any] = {"id": next(self.ids), "method": method, "params": params or {}}
        if session and self.id:
            message["sessionId"] = self.id
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + self.timeout
        while method not in self.seen:
            self._receive(deadline)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._receive(deadline)
        except TimeoutError:
            pass

    def _receive(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer from Chromium in time")
        message = json.loads(self.socket.recv(timeout=remaining))
        if "method" in message:
            self.seen.append(message["method"])
            self.listener(message)
        return message
