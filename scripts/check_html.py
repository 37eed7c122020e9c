#!/usr/bin/env python3
"""Checks shipmap's HTML map in a real browser: Debian's Chromium, headless, driven
over the Chrome DevTools Protocol.

The protocol runs over Chromium's --remote-debugging-pipe (file descriptors 3 and 4,
messages ended by NUL), not a websocket: no port is opened, nothing but the Python
standard library is needed, and nothing touches the network.

    scripts/check_html.py [--shipmap target/release/shipmap] [--shots docs]
                          [--loads 7] [--bench]

It writes the seed's HTML (and a hostile document's, and a 50-route one's) with the
shipmap binary into a temporary folder, then for each page asserts: no network
request (only the file itself and data: URIs), no console error or exception, no
script dialog. On the seed it hovers a leg and reads its card, tabs through the legs
and stops, moves the day slider to 2023-08-01 (nothing shown) and 2023-09-12 (the
sea leg arrived), checks the text contrast (WCAG AA), the page with JavaScript off
and the print view, and measures the time from navigation to interactive (the
page's script marks itself ready). With --shots DIR it saves screenshots there.
Exit status 0 when every check passed.
"""

import argparse
import base64
import fcntl
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


class Browser:
    """Chromium over --remote-debugging-pipe, one page target attached (flat)."""

    def __init__(self, width=1440, height=1000):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            sys.exit("chromium not found: apt-get install -y chromium")
        self.profile = tempfile.mkdtemp(prefix="shipmap-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():  # in the child: our pipe ends become fds 3 (read) and 4 (write)
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--hide-scrollbars",
                "--mute-audio",
                "--user-data-dir=" + self.profile,
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            pass_fds=(3, 4),
            close_fds=True,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        self.session = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(domain + ".enable")
        self.media("")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def media(self, media):
        """Screen ("") or print; reduced motion, so styles are read at their end
        values, not part-way through a fade."""
        self.call(
            "Emulation.setEmulatedMedia",
            {"media": media, "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
        )

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def pump(self, seconds):
        """Waits, collecting events (a cheap call keeps messages flowing)."""
        end = time.time() + seconds
        while time.time() < end:
            self.call("Runtime.evaluate", {"expression": "1"})
            time.sleep(0.02)

    def js(self, expression):
        r = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def load(self, url, timeout=20):
        """Navigates and waits until the page says it is interactive; returns ms."""
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        end = time.time() + timeout
        while time.time() < end:
            ready = self.js("document.readyState === 'complete' && document.documentElement.getAttribute('data-sm-ready')")
            if ready:
                return float(ready)
            time.sleep(0.01)
        raise RuntimeError(f"{url} did not become interactive in {timeout} s")

    def screenshot(self, path, clip=None):
        params = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = dict(clip, scale=1)
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def mouse(self, x, y, kind="mouseMoved"):
        p = {"type": kind, "x": x, "y": y, "button": "none" if kind == "mouseMoved" else "left"}
        if kind != "mouseMoved":
            p["clickCount"] = 1
        self.call("Input.dispatchMouseEvent", p)

    def key(self, key, code, vk):
        for t in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": t, "key": key, "code": code, "windowsVirtualKeyCode": vk})

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def page_problems(b, page_url):
    """Requests other than the page and data: URIs; console errors; dialogs."""
    requests, errors = [], []
    for e in b.events:
        m, p = e["method"], e.get("params", {})
        if m == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                requests.append(url)
        elif m == "Network.webSocketCreated":
            requests.append(p.get("url", "websocket"))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            errors.append("console." + p["type"] + ": " + json.dumps(p.get("args"))[:200])
        elif m == "Runtime.exceptionThrown":
            errors.append("exception: " + json.dumps(p.get("exceptionDetails"))[:300])
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            errors.append("log: " + p["entry"].get("text", "")[:200])
        elif m == "Page.javascriptDialogOpening":
            errors.append("dialog: " + p.get("message", ""))
    return requests, errors


def midpoint_of_leg(b, key):
    """Client coordinates of a point on the leg's longest drawn piece that really
    hits the leg (checked with elementFromPoint)."""
    return b.js(
        """(() => {
  let best = null;
  for (const p of document.querySelectorAll('[data-leg="%s"] path.sm-hit')) {
    const len = p.getTotalLength(), m = p.getScreenCTM();
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const q = p.getPointAtLength(len * f);
      const x = m.a * q.x + m.c * q.y + m.e, y = m.b * q.x + m.d * q.y + m.f;
      const hit = document.elementFromPoint(x, y);
      const g = hit && hit.closest('[data-leg]');
      if (g && g.getAttribute('data-leg') === '%s') {
        const r = p.getBoundingClientRect();
        const size = r.width + r.height;
        if (!best || size > best.size) best = {x, y, size};
        break;
      }
    }
  }
  return best;
})()"""
        % (key, key)
    )


def set_day(b, iso):
    return b.js(
        """(() => {
  const s = document.getElementById('sm-day');
  s.value = String(Date.UTC(%s, %d, %s) / 864e5);
  s.dispatchEvent(new Event('input', {bubbles: true}));
  return new Promise(done => setTimeout(done, 50));
})().then(() => {
  const legs = {};
  for (const g of document.querySelectorAll('svg.sm-map [data-leg]')) {
    const k = g.getAttribute('data-leg');
    legs[k] = legs[k] || {state: g.getAttribute('data-state'), opacity: 0};
    legs[k].opacity = Math.max(legs[k].opacity, Number(getComputedStyle(g).opacity));
  }
  const stops = [...document.querySelectorAll('svg.sm-map [data-stop]')].map(g => Number(getComputedStyle(g).opacity));
  return {day: document.documentElement.getAttribute('data-sm-day'), legs, stops,
          status: document.getElementById('sm-status').textContent};
})"""
        % (iso[0:4], int(iso[5:7]) - 1, str(int(iso[8:10])))
    )


CONTRAST_JS = r"""(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c; } return [255, 255, 255]; };
  let worst = {ratio: 99, text: ''};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('svg, script, style, noscript, .sm-vh')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || !el.getClientRects().length) continue;
    const a = lum(rgb(cs.color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: n.textContent.trim().slice(0, 40), color: cs.color};
  }
  return worst;
})()"""


def make(shipmap, doc, out, name):
    subprocess.run(
        [shipmap, "map", doc, "-o", out, "--name", name, "--format", "html", "-q"],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return os.path.join(out, name + ".html")


def fifty_routes(path):
    """A document of 50 routes (a sea leg and an onward air leg each), dated."""
    ports = ["Najin", "Vladivostok, RU", "Nakhodka", "Busan", "Shanghai", "Tianjin", "Dalian",
             "Qingdao", "Yokohama", "Kobe", "Incheon", "Ningbo"]
    lines = ['title = "Fifty shipments"', 'subtitle = "A load test of the HTML map"',
             'source = "made up by scripts/check_html.py"', ""]
    for i in range(50):
        a, b = ports[i % len(ports)], ports[(i * 5 + 3) % len(ports)]
        if a == b:
            b = ports[(i + 1) % len(ports)]
        day = 1 + i % 27
        lines += ["[[route]]", f'id = "r{i + 1}"', f'name = "Shipment {i + 1}"', "",
                  "  [[route.leg]]", '  mode = "sea"', f'  from = "{a}"', f'  to = "{b}"',
                  f'  depart = "2023-{9 + i % 3:02d}-{day:02d}"', f'  cargo = "lot {i + 1}"', "",
                  "  [[route.leg]]", '  mode = "air"', '  to = "Moscow"', ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shipmap", default=os.path.join(ROOT, "target/release/shipmap"))
    ap.add_argument("--shots", help="folder to save reference screenshots in")
    ap.add_argument("--loads", type=int, default=5, help="loads to time, per page")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="shipmap-html-")
    seed = make(args.shipmap, os.path.join(ROOT, "examples/dprk-russia-2023.toml"), tmp, "seed")
    hostile = make(args.shipmap, os.path.join(ROOT, "tests/data/hostile.toml"), tmp, "hostile")
    fifty_doc = os.path.join(tmp, "fifty.toml")
    fifty_routes(fifty_doc)
    fifty = make(args.shipmap, fifty_doc, tmp, "fifty")
    size = os.path.getsize(seed)
    check(size <= 1_500_000, f"seed HTML is {size / 1e6:.2f} MB (at most 1.5 MB)")

    b = Browser()
    try:
        url = "file://" + seed
        times = [b.load(url) for _ in range(args.loads)]
        requests, errors = page_problems(b, url)
        check(not requests, f"seed: no network requests {requests}")
        check(not errors, f"seed: no console errors {errors}")
        tti = statistics.median(times)
        check(tti < 1000, f"seed: interactive in {tti:.0f} ms (median of {len(times)}: {[round(t) for t in times]}; under 1000 ms)")

        if args.shots:
            b.js("window.scrollTo(0, 0)")
            b.screenshot(os.path.join(args.shots, "html.png"))

        # hover the sea leg: its card
        pt = midpoint_of_leg(b, "0-0")
        check(pt is not None, "seed: the sea leg can be pointed at")
        if pt:
            b.mouse(pt["x"], pt["y"])
            card = b.js("(() => { const c = document.getElementById('sm-card'); return c.hidden ? null : c.textContent; })()")
            check(card is not None and "Najin" in card and "Dunay" in card, f"seed: hovering the sea leg opens its card: {card!r:.120}")
            for fact in ("196.5 km", "106.1 nmi", "Passagesnone", "more than 1,000 containers", "2023-09-07 to 2023-10-01",
                         "12 Sep 2023", "White House NSC briefing"):
                check(card is not None and fact in card, f"seed: the sea leg's card says {fact!r}")
            if args.shots:
                b.screenshot(os.path.join(args.shots, "html-card.png"),
                             clip={"x": 0, "y": 0, "width": 1440, "height": 840})
            b.mouse(5, 5)
            check(b.js("document.getElementById('sm-card').hidden"), "seed: the card closes when the pointer leaves")
            b.mouse(pt["x"], pt["y"], "mousePressed")
            b.mouse(pt["x"], pt["y"], "mouseReleased")
            b.mouse(5, 5)
            check(not b.js("document.getElementById('sm-card').hidden"), "seed: a click (a tap) pins the card")
            b.key("Escape", "Escape", 27)
            b.pump(0.1)
            check(b.js("document.getElementById('sm-card').hidden"), "seed: Esc closes a pinned card, and it stays closed")

        # keyboard: Tab moves through legs then stops, each with its card
        b.load(url)  # a fresh page: Tab starts from the top
        seen = []
        for _ in range(5):
            b.key("Tab", "Tab", 9)
            seen.append(b.js("""(() => { const a = document.activeElement;
              const c = document.getElementById('sm-card');
              return [a.getAttribute('data-leg') ? 'leg ' + a.getAttribute('data-leg') : a.getAttribute('data-stop') ? 'stop ' + a.getAttribute('data-stop') : a.id || a.tagName,
                      c.hidden ? '' : c.querySelector('h3').textContent]; })()"""))
        check([s[0] for s in seen] == ["leg 0-0", "leg 0-1", "stop 0", "stop 1", "stop 2"], f"seed: Tab order {seen}")
        check(all(s[1] for s in seen), "seed: each focused leg and stop shows its card")
        check(seen[1][1].startswith("Leg 2: rail, Dunay"), f"seed: the rail leg's card title {seen[1][1]!r}")
        b.key("Escape", "Escape", 27)
        check(b.js("document.getElementById('sm-card').hidden"), "seed: Esc closes the card")

        # the day slider
        b.js("document.activeElement.blur()")
        aug = set_day(b, "2023-08-01")
        check(aug["day"] == "2023-08-01", f"slider at {aug['day']}")
        check(all(l["state"] == "not-yet" and l["opacity"] <= 0.15 for l in aug["legs"].values())
              and all(o <= 0.15 for o in aug["stops"]),
              f"2023-08-01: nothing shown {aug['legs']} {aug['stops']}")
        check("no leg could have started" in aug["status"], f"2023-08-01 status: {aug['status']!r}")
        sep = set_day(b, "2023-09-12")
        check(sep["legs"]["0-0"]["state"] == "arrived" and sep["legs"]["0-0"]["opacity"] == 1,
              f"2023-09-12: the sea leg arrived {sep['legs']['0-0']}")
        check(sep["legs"]["0-1"]["state"] == "under-way", f"2023-09-12: the rail leg could be under way {sep['legs']['0-1']}")
        check("1 arrived" in sep["status"], f"2023-09-12 status: {sep['status']!r}")
        early = set_day(b, "2023-09-08")
        check(early["legs"]["0-0"]["state"] == "under-way" and early["legs"]["0-1"]["state"] == "not-yet",
              f"2023-09-08: only the sea leg could be under way {early['legs']}")
        if args.shots:
            set_day(b, "2023-09-12")
            top = b.js("document.getElementById('sm-time').getBoundingClientRect().top + window.scrollY")
            b.screenshot(os.path.join(args.shots, "html-timeline.png"),
                         clip={"x": 0, "y": max(0, top - 520), "width": 1440, "height": 880})

        worst = b.js(CONTRAST_JS)
        check(worst["ratio"] >= 4.5, f"seed: text contrast at least 4.5:1 (lowest {worst['ratio']:.2f}: {worst['text']!r})")

        # print: the static map, whatever the slider showed
        set_day(b, "2023-08-01")
        b.media("print")
        printed = b.js("""(() => ({time: getComputedStyle(document.getElementById('sm-time')).display,
            table: getComputedStyle(document.querySelector('.sm-alt')).display,
            legs: [...document.querySelectorAll('svg.sm-map [data-leg]')].every(g => getComputedStyle(g).opacity === '1')}))()""")
        check(printed == {"time": "none", "table": "none", "legs": True}, f"print shows the static map only {printed}")
        pdf = b.call("Page.printToPDF", {"landscape": True})
        check(len(pdf.get("data", "")) > 10000, "print to PDF makes a document")
        b.media("")

        # JavaScript off: still the map, and the legs in words
        b.call("Emulation.setScriptExecutionDisabled", {"value": True})
        b.events.clear()
        b.call("Page.navigate", {"url": url})
        b.pump(1.0)
        noscript = b.call("Runtime.evaluate", {"expression": "1"})  # keeps the session alive
        b.call("Emulation.setScriptExecutionDisabled", {"value": False})
        shape = b.js("""(() => ({svg: document.querySelector('svg.sm-map').getBoundingClientRect().width,
            rows: document.querySelectorAll('.sm-alt tbody tr').length,
            time: document.getElementById('sm-time').hidden}))()""")
        check(noscript is not None and shape["svg"] > 1000 and shape["rows"] == 2, f"JavaScript off: map and table {shape}")

        # a property the GeoJSON export does not write today (a document's quote, a
        # vessel's IMO number) shows up in the card by itself
        with open(seed) as f:
            page = f.read()
        text = '"They shipped \\u003cb\\u003emunitions\\u003c/b\\u003e by sea."'
        extra = '"props":{"vessel_imo":"9123456","kind":"leg"'
        # the seed's legs carry `"quote":null` (no quote in the document): give the
        # first leg one there, so no duplicate key overrides it
        page = page.replace('"props":{"kind":"leg"', extra, 1)
        if '"quote":null' in page:
            page = page.replace('"quote":null', '"quote":' + text, 1)
        else:
            page = page.replace(extra, extra.replace('{', '{"quote":' + text + ',', 1), 1)
        quoted = os.path.join(tmp, "quoted.html")
        with open(quoted, "w") as f:
            f.write(page)
        b.load("file://" + quoted)
        pt = midpoint_of_leg(b, "0-0")
        if pt:
            b.mouse(pt["x"], pt["y"])
        card = b.js("document.getElementById('sm-card').textContent")
        check("They shipped <b>munitions</b> by sea." in card and "Vessel imo9123456" in card,
              f"new properties (quote, vessel_imo) appear in the card: {card[-160:]!r}")
        check(b.js("document.querySelector('#sm-card blockquote').textContent") == "They shipped <b>munitions</b> by sea.",
              "the quote is a block quote, as text")

        # hostile strings: shown, never run
        hurl = "file://" + hostile
        b.load(hurl)
        requests, errors = page_problems(b, hurl)
        check(not requests, f"hostile: no network requests {requests}")
        check(not errors, f"hostile: no console errors or dialogs {errors}")
        pt = midpoint_of_leg(b, "0-0")
        if pt:
            b.mouse(pt["x"], pt["y"])
        state = b.js("""(() => ({pwned: window.__pwned === undefined ? null : window.__pwned,
            scripts: document.scripts.length, imgs: document.querySelectorAll('img, iframe, b, i').length,
            svgs: document.querySelectorAll('svg').length,
            card: document.getElementById('sm-card').textContent,
            title: document.title}))()""")
        check(state["pwned"] is None, f"hostile: no injected script ran ({state['pwned']})")
        check(state["scripts"] == 2 and state["imgs"] == 0 and state["svgs"] == 1, f"hostile: no injected elements {state}")
        check("</script><script>window.__pwned=8</script>" in state["card"], "hostile: the carrier is shown as text in the card")
        check('<img src=x onerror=window.__pwned=9> "shells"' in state["card"], "hostile: the cargo is shown as text")
        check(state["title"].startswith("T </script><script>window.__pwned=1</script>"), f"hostile: the title is text {state['title']!r}")

        # fifty routes
        furl = "file://" + fifty
        ftimes = [b.load(furl) for _ in range(args.loads)]
        requests, errors = page_problems(b, furl)
        check(not requests and not errors, f"50 routes: no requests or errors {requests} {errors}")
        ft = statistics.median(ftimes)
        check(ft < 2000, f"50 routes: interactive in {ft:.0f} ms (median of {len(ftimes)}; under 2000 ms; {os.path.getsize(fifty) / 1e6:.2f} MB)")
        if args.shots:
            b.js("window.scrollTo(0, 0)")
            b.screenshot(os.path.join(args.shots, "html-fifty.png"),
                         clip={"x": 0, "y": 0, "width": 1440, "height": 1000})
    finally:
        b.close()
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
