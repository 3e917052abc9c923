#!/usr/bin/python3
"""test_page.py PACTA SOURCE_ROOT SCREENSHOT_DIR - the web page in headless
Chromium: the first load's transfer (under 120 KB, no resource fetched
twice), no console errors, a map element for every state with a status,
the count follows the date, a state panel opens, the withdrawals tracker,
the downloads, the map's view (Europe readable at 1366x900 and 390x844,
small states visible, the legend whole, the keys, the selection outline
apart from the shape), the charts' withdrawal labels clear of each other.
Prints TAP. Screenshots (desktop and phone width) go to SCREENSHOT_DIR for
review; they are not compared."""
import itertools
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.common.exceptions import StaleElementReferenceException
except ImportError:
    print("1..0 # SKIP python3-selenium is not installed")
    sys.exit(0)

results = []


def check(name, ok, diag=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and diag:
        for line in str(diag).splitlines():
            print("# " + line)
    sys.stdout.flush()


def find_binary(names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def browser(profile, accept=None):
    """Headless Chromium; accept: the languages it asks for (Accept-Language)."""
    opts = webdriver.ChromeOptions()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--user-data-dir=" + profile,
              "--window-size=1280,1400"]:
        opts.add_argument(a)
    if accept:
        opts.add_argument("--lang=" + accept)
        opts.add_experimental_option("prefs", {"intl.accept_languages": accept})
    opts.binary_location = find_binary(["chromium", "chromium-browser"])
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = find_binary(["chromedriver"]) or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=DriverService(driver), options=opts)


# Colour vision: Machado, Oliveira and Fernandes (2009) at full severity on
# linear RGB, and achromatopsia as luminance; distances in CIELAB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
}


def seen_as(colour, kind):
    """The CIELAB of an sRGB '#rrggbb' as seen with a colour vision deficiency."""
    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    if kind == "achromatopsia":
        r = g = b = 0.2126 * r + 0.7152 * g + 0.0722 * b
    else:
        m = CVD[kind]
        r, g, b = (min(1, max(0, m[i][0] * r + m[i][1] * g + m[i][2] * b)) for i in range(3))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def confusable(a, b):
    """The deficiencies under which two colours are less than 10 CIELAB units apart."""
    out = []
    for kind in ("protanopia", "deuteranopia", "achromatopsia"):
        la, lb = seen_as(a, kind), seen_as(b, kind)
        if sum((p - q) ** 2 for p, q in zip(la, lb)) ** 0.5 < 10:
            out.append(kind)
    return out


def count_shown(d):
    # Read in the page's own thread: an element the page replaces between a
    # find and a read would otherwise be stale.
    return d.execute_script("const e = document.getElementById('count');"
                            " return e ? e.getAttribute('data-parties') : null")


def map_states(d):
    """The data-state of every map element, read at once in the page."""
    return set(d.execute_script(
        "return [...document.querySelectorAll('#map [data-state]')]"
        ".map(e => e.getAttribute('data-state'))"))


def set_date(d, iso):
    box = d.find_element(By.ID, "date")
    d.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('change'));", box, iso)


# The first load's budget: everything the page fetches before it is drawn,
# headers included, as Chromium's performance entries count it.
FIRST_LOAD_MAX = 120 * 1000

RESOURCES = """
    const nav = performance.getEntriesByType('navigation')[0];
    return [[nav.name, nav.transferSize, nav.encodedBodySize, nav.decodedBodySize]].concat(
        performance.getEntriesByType('resource').map(
            r => [r.name, r.transferSize, r.encodedBodySize, r.decodedBodySize]));"""


def first_load(d, wait, url):
    """The page as a new user opens it: what it transfers, and that it asks
    for nothing twice."""
    d.get(url + "/")
    wait.until(lambda x: count_shown(x) and x.find_elements(By.CSS_SELECTOR, "#map [data-state]")
               and x.find_elements(By.CSS_SELECTOR, "#chart svg")
               and x.find_elements(By.CSS_SELECTOR, "#withdrawals tbody tr")
               and x.execute_script("const r = document.getElementById('reports-section');"
                                    " return r.hidden || !!r.querySelector('svg')"))
    # Settled: the same entries twice, half a second apart.
    seen, entries = None, d.execute_script(RESOURCES)
    while seen != entries:
        time.sleep(0.5)
        seen, entries = entries, d.execute_script(RESOURCES)
    total = sum(e[1] for e in entries)
    plain = sum(e[3] for e in entries)
    listing = "\n".join("%7d %7d %s" % (e[1], e[3], e[0]) for e in entries)
    check("the first load transfers %d bytes (%d uncompressed) in %d requests, under %d"
          % (total, plain, len(entries), FIRST_LOAD_MAX),
          0 < total < FIRST_LOAD_MAX and all(e[1] > 0 for e in entries), listing)
    names = [e[0] for e in entries]
    twice = sorted({n for n in names if names.count(n) > 1})
    check("no resource is fetched twice", not twice, "\n".join(twice))
    coded = d.execute_script("return performance.getEntriesByType('resource')"
                             ".filter(r => r.decodedBodySize > 4096 && r.encodedBodySize >= r.decodedBodySize)"
                             ".map(r => r.name)")
    check("every resource over 4 KB came compressed", not coded, "\n".join(coded))


# The withdrawal labels of one chart: [count, problems, texts]. A label
# reaching into the plot, two labels overlapping, or a leader (drawn from a
# label down to its date) crossing another label is a problem.
LABELS = """
    const svg = document.querySelector(arguments[0]);
    const top = Number(svg.querySelectorAll('line.axis')[1].getAttribute('y1'));
    const texts = [...svg.querySelectorAll('text.event-label')];
    const boxes = texts.map(t => t.getBBox());
    const leaders = [...svg.querySelectorAll('line.leader')].map(l => ({
      x: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), y2: Number(l.getAttribute('y2'))}));
    const bad = [];
    boxes.forEach((b, i) => {
      if (b.y + b.height > top + 1) bad.push('label ' + i + ' reaches into the plot');
      boxes.slice(i + 1).forEach((c, j) => {
        if (b.x < c.x + c.width && c.x < b.x + b.width &&
            b.y < c.y + c.height && c.y < b.y + b.height)
          bad.push('labels ' + i + ' and ' + (i + j + 1) + ' overlap');
      });
      leaders.forEach((l, k) => {
        const own = l.y1 >= b.y - 1 && l.y1 <= b.y + b.height + 1 &&
          (Math.abs(l.x - b.x) < 6 || Math.abs(l.x - b.x - b.width) < 6);
        if (!own && l.x > b.x + 1 && l.x < b.x + b.width - 1 && l.y1 < b.y + b.height - 1 && l.y2 > b.y + 1)
          bad.push('leader ' + k + ' crosses label ' + i);
      });
    });
    return [boxes.length, bad, texts.map(t => t.textContent)];"""

# The map's view after the Europe button: the Baltic states' rendered
# boxes, inside the map's frame; the legend's items inside the legend and
# the window; the marker sizes.
VIEW = """
    const frame = document.querySelector('#map svg').getBoundingClientRect();
    const out = {zoom: document.querySelector('#map svg').getAttribute('data-zoom'), states: {}};
    for (const s of ['LVA', 'LTU', 'EST']) {
      const r = document.querySelector('#map path[data-state="' + s + '"]').getBoundingClientRect();
      out.states[s] = [r.width, r.height, r.left >= frame.left && r.right <= frame.right &&
                       r.top >= frame.top && r.bottom <= frame.bottom];
    }
    const l = document.getElementById('legend'), lr = l.getBoundingClientRect();
    out.legend = {font: parseFloat(getComputedStyle(l).fontSize), shown: l.offsetHeight > 0,
      whole: l.scrollWidth <= l.clientWidth && [...l.children].every(li => {
        const r = li.getBoundingClientRect();
        return r.left >= lr.left - 0.5 && r.right <= lr.right + 0.5 && r.right <= window.innerWidth &&
               li.scrollWidth <= li.clientWidth + 1; }),
      text: l.textContent};
    out.markers = Math.min(...[...document.querySelectorAll('#map circle.marker, #map circle.tiny')]
      .map(c => c.getBoundingClientRect().width));
    return out;"""

BALTIC_MIN_PX = 12


def view_checks(d, shots, width, height):
    """The map's view at one window size: Europe readable, the legend
    whole, small states visible; screenshots of the world and Europe."""
    d.set_window_size(width, height)
    time.sleep(0.5)
    d.execute_script("document.querySelector('#map-tools [data-zoom=\"reset\"]').click();"
                     " document.getElementById('map-section').scrollIntoView()")
    time.sleep(0.3)
    world = d.execute_script(VIEW)
    d.save_screenshot(os.path.join(shots, "map-world-%d.png" % width))
    check("at %d px every small state's marker is at least 6 px across (%.1f)" % (width, world["markers"]),
          world["markers"] >= 5.9, str(world["markers"]))
    check("at %d px the legend is readable and whole, with its counts" % width,
          world["legend"]["shown"] and world["legend"]["font"] >= 12 and world["legend"]["whole"]
          and "Withdrawn (5)" in world["legend"]["text"], str(world["legend"]))
    d.execute_script("document.querySelector('#map-tools [data-zoom=\"europe\"]').click()")
    time.sleep(0.3)
    eu = d.execute_script(VIEW)
    d.save_screenshot(os.path.join(shots, "map-europe-%d.png" % width))
    small = {s: v for s, v in eu["states"].items()
             if min(v[0], v[1]) < BALTIC_MIN_PX or not v[2]}
    check("at %dx%d the Europe view shows LVA, LTU and EST at least %d px each way, whole"
          % (width, height, BALTIC_MIN_PX),
          float(eu["zoom"]) > 3 and not small,
          "zoom %s: %s" % (eu["zoom"], eu["states"]))
    d.execute_script("document.querySelector('#map-tools [data-zoom=\"reset\"]').click()")


def main():
    pacta, root, shots = sys.argv[1], sys.argv[2], sys.argv[3]
    if not find_binary(["chromium", "chromium-browser"]):
        print("1..0 # SKIP chromium is not installed")
        return 0
    svc = Service(pacta, root)
    profile = tempfile.mkdtemp(prefix="pacta-chromium-")
    d = None
    try:
        d = browser(profile)
        d.set_page_load_timeout(60)
        # The page redraws its parts as answers arrive: an element found
        # just before a redraw is stale, and the wait looks again.
        wait = WebDriverWait(d, 60, ignored_exceptions=(StaleElementReferenceException,))
        first_load(d, wait, svc.url)
        d.get(svc.url + "/#apmbc/2026-11-29")
        wait.until(lambda x: count_shown(x) == "161")
        wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, "#map [data-state]"))
        check("the page loads and shows 161 parties on 2026-11-29", count_shown(d) == "161")

        status = json.loads(svc.get("/v1/treaties/apmbc/status?on=2026-11-29")[2])
        want = {s["state"]: s["status"] for s in status["states"]}
        # Read in the page at once: the map may be redrawn between reads.
        shown = {}
        for st, status_ in d.execute_script(
                "return [...document.querySelectorAll('#map [data-state]:not([data-territory])')]"
                ".map(e => [e.getAttribute('data-state'), e.getAttribute('data-status')])"):
            shown.setdefault(st, status_)
        missing = sorted(set(want) - set(shown))
        check("the map has an element for every state with a status (%d)" % len(want),
              not missing, "missing: %s" % missing)
        wrong = sorted(s for s in want if s in shown and shown[s] != want[s])
        check("each element's data-status is the API's", not wrong, "differ: %s" % wrong)

        wait.until(lambda x: "On 2026-11-29" in x.find_element(By.ID, "panel").text)
        story = d.find_element(By.ID, "panel").text
        check("before a choice the panel tells the day's story",
              "On 2026-11-29" in story and "Withdrawals in progress" not in story and
              "Changes from 2025-11-29 to 2026-11-29" in story and "Estonia" in story and
              "(45 when it entered into force on 1999-03-01)" in story, story[:600])
        # Keyboard: a skip link, the map one tab stop with the arrows inside it,
        # the slider announcing its date, the headline counting consented states.
        check("a skip link leads to the main content",
              d.execute_script("const a = document.querySelector('a.skip');"
                               " return a && a.getAttribute('href') === '#main' &&"
                               " !!document.getElementById('main')"))
        stops = d.execute_script("return document.querySelectorAll('#map [tabindex=\"0\"]').length")
        check("the map is one tab stop", stops == 1, "%s elements with tabindex 0" % stops)
        d.execute_script("document.activeElement && document.activeElement.blur(); window.focus();")
        presses, reached = 0, False
        while presses < 40 and not reached:
            ActionChains(d).send_keys(Keys.TAB).perform()
            presses += 1
            reached = d.execute_script("return document.activeElement &&"
                                       " document.activeElement.id === 'state-list'")
        check("fewer than 20 Tab presses reach the state list", reached and presses < 20,
              "%d presses, reached: %s" % (presses, reached))
        moved = d.execute_script(
            "const first = document.querySelector('#map [tabindex=\"0\"]'); first.focus();"
            " first.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));"
            " const a = document.activeElement; return !!a && a !== first &&"
            " a.hasAttribute('data-state') && a.getAttribute('tabindex') === '0' &&"
            " first.getAttribute('tabindex') === '-1'")
        check("the arrow keys move between the map's states", moved)
        check("the slider announces its date",
              d.execute_script("return document.getElementById('slider').getAttribute('aria-valuetext')")
              == "2026-11-29")
        check("the headline counts the states consented, not yet in force",
              "consented, not yet in force" in d.find_element(By.ID, "count").text,
              d.find_element(By.ID, "count").text)

        # Every status told apart under protanopia, deuteranopia and
        # achromatopsia: on shapes by its pattern or its colour, on the small
        # states' markers by its mark or its colour.
        looks = d.execute_script(
            "const out = {};"
            " for (const g of document.querySelectorAll('#map .legend-item[data-legend]')) {"
            "  const r = g.querySelector('rect'); const f = r.getAttribute('fill');"
            "  const p = f.startsWith('url(') ? document.querySelector(f.slice(4, -1)) : null;"
            "  out[g.getAttribute('data-legend')] = {fill: f,"
            "   colour: p ? p.querySelector('rect').getAttribute('fill') : f,"
            "   mark: p ? p.querySelector('path').getAttribute('d') : ''}; }"
            " return out;")
        clashes = []
        for a, b in itertools.combinations(sorted(looks), 2):
            la, lb = looks[a], looks[b]
            same = confusable(la["colour"], lb["colour"])
            if same and la["fill"] == lb["fill"]:
                clashes.append("%s/%s shapes (%s)" % (a, b, ", ".join(same)))
            if same and la["mark"] == lb["mark"]:
                clashes.append("%s/%s markers (%s)" % (a, b, ", ".join(same)))
        check("every status is told apart without colour vision (%d statuses)" % len(looks),
              len(looks) == 7 and not clashes, "; ".join(clashes) or str(looks))

        set_date(d, "1999-03-01")
        wait.until(lambda x: count_shown(x) == "45")
        check("changing the date to 1999-03-01 shows 45 parties", count_shown(d) == "45")
        text = d.find_element(By.ID, "count").text
        check("the count is written out", "45 parties on 1999-03-01" in text, text)
        set_date(d, "2026-11-29")
        wait.until(lambda x: count_shown(x) == "161")
        check("and back to 2026-11-29: 161", count_shown(d) == "161")

        # Found and clicked in the page at once: the map may be redrawn.
        d.execute_script("const e = document.querySelector('#map [data-state=\"LVA\"]');"
                         " e.scrollIntoView(); e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
        wait.until(lambda x: "Latvia (LVA)" in x.find_element(By.ID, "panel").text)
        panel = d.find_element(By.ID, "panel").text
        check("the state panel opens for LVA", "Latvia (LVA)" in panel, panel[:300])
        check("it shows the withdrawal and its dates",
              "Withdrawn" in panel and "2025-06-27" in panel and "2025-12-27" in panel, panel)
        check("it lists the domestic steps", "parliament approval" in panel, panel)
        links = d.find_elements(By.CSS_SELECTOR, "#panel a[href^='http']")
        check("it links its sources", len(links) >= 3, "%d links" % len(links))

        # A territory: the Falklands take the status the United Kingdom's
        # extension of 2001 gives them, and open the United Kingdom's panel.
        flk = d.execute_script("const e = document.querySelector('#map [data-territory=\"FLK\"]');"
                               " e.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
                               " return [e.getAttribute('data-state'), e.getAttribute('data-status')]")
        check("the Falklands are drawn with the United Kingdom's status", flk == ["GBR", "party"], str(flk))
        wait.until(lambda x: "Territory FLK" in x.find_element(By.ID, "panel").text)
        panel = d.find_element(By.ID, "panel").text
        check("the Falklands open the United Kingdom's panel with the territory's answer",
              "United Kingdom (GBR)" in panel and "Territory FLK: Party (bound) since 2001-12-04" in panel,
              panel[:400])
        check("with its obligations (Art. 5 among them) and its declarations",
              "Obligations" in panel and "Art. 5: met" in panel and "Declarations" in panel and
              "territorial application (FLK)" in panel, panel[-900:])

        # The downloads: the treaty's and, once one is open, the state's.
        hrefs = d.execute_script("return [...document.querySelectorAll('#downloads-section a')]"
                                 ".map(a => a.getAttribute('href'))")
        want = ["/v1/treaties/apmbc/calendar.ics?on=2026-11-29",
                "/v1/treaties/apmbc/states/GBR/calendar.ics?on=2026-11-29",
                "/v1/datapackage.zip?on=2026-11-29"]
        check("the Downloads section links the treaty's calendar and panels, the state's, the data package",
              all(w in hrefs for w in want) and len(hrefs) == 15, "\n".join(hrefs))
        bad = []
        for h in hrefs:
            st, hd, b = svc.get(h, method="HEAD")
            if st != 200 or "attachment" not in (hd.get("Content-Disposition") or ""):
                bad.append("%s: %s %s" % (h, st, hd.get("Content-Disposition")))
        check("each download link answers 200 with a file name", not bad, "\n".join(bad))

        # Keyboard: choose a state from the list.
        sel = d.find_element(By.ID, "state-list")
        sel.send_keys("Finland")
        wait.until(lambda x: "Finland (FIN)" in x.find_element(By.ID, "panel").text)
        check("a state chosen from the list opens its panel",
              "Finland (FIN)" in d.find_element(By.ID, "panel").text)

        listed = set(d.execute_script("return [...document.querySelectorAll("
                                      "'#withdrawals tbody tr[data-state]')].map(r => r.getAttribute('data-state'))"))
        need = {"LVA", "LTU", "EST", "FIN", "POL"}
        check("the withdrawals tracker lists LVA, LTU, EST, FIN, POL", need <= listed,
              "listed: %s" % sorted(listed))
        ukr = d.execute_script("const r = document.querySelector('#withdrawals tr[data-state=\"UKR\"]');"
                               " return r ? r.textContent : ''")
        check("Ukraine's row shows its claimed suspension and who contested it",
              "suspension claim 2025-07-18 (not a withdrawal; contested by AUT, BEL, CHE, NOR, NZL)" in ukr,
              ukr[:400])

        chart = d.find_elements(By.CSS_SELECTOR, "#chart svg path.parties")
        labels = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#chart text"))
        check("the chart draws parties and marks the 2025 withdrawals",
              chart and "2025-12-27" in labels, labels[:300])
        # The withdrawal labels sit above the plot, clear of one another, and
        # no leader line runs through another label; the panel of the last
        # years labels each of the five 2025 withdrawals.
        for sel, want_n in (("#chart svg", None), ("#chart-recent svg", 5)):
            clash = d.execute_script(LABELS, sel)
            check("%s: the %d withdrawal labels are clear of the plot, of each other and of the leaders"
                  % (sel, clash[0]), clash[0] >= 1 and (want_n is None or clash[0] == want_n)
                  and not clash[1], "%s: %s" % (clash[2], clash[1]))
        recent = d.execute_script("return [...document.querySelectorAll('#chart-recent text.event-label')]"
                                  ".map(t => t.textContent).sort()")
        check("the last years' panel names EST, FIN, LTU, LVA and POL with their dates",
              recent == ["EST out 2025-12-27", "FIN out 2026-01-10", "LTU out 2025-12-27",
                         "LVA out 2025-12-27", "POL out 2026-02-20"], recent)
        steps = d.execute_script("return document.querySelector('#chart-recent svg').getAttribute('aria-label')")
        check("  and is described for screen readers, from 2024-01-01 day by day",
              "from 2024-01-01" in steps and "LVA 2025-12-27" in steps, steps)

        # The reporting rate over time: the published rates as rings, the
        # share of each year on record as bars, both as the API gives them.
        wait.until(lambda x: x.execute_script(
            "return document.querySelectorAll('#reports-chart circle.published').length"))
        rings = d.execute_script(
            "return [...document.querySelectorAll('#reports-chart circle.published')]"
            ".map(c => [Number(c.dataset.year), Number(c.dataset.rate), c.dataset.asAt])")
        ans = json.loads(svc.get("/v1/treaties/apmbc/reports?on=" +
                                 time.strftime("%Y-%m-%d", time.gmtime()))[2])
        want = [[y["year"], p["rate"], p["as_at"]] for y in ans["years"]
                for p in y["published"] if p["rate"] is not None]
        check("the reports chart rings every published rate the API gives (%d)" % len(want),
              rings == want and [2009, 54, "2010-12-02"] in rings and [2003, 79, "2010-12-02"] in rings,
              "%s vs %s" % (rings, want))
        bars = d.execute_script(
            "return [...document.querySelectorAll('#reports-chart rect.known')]"
            ".map(r => Number(r.dataset.year))")
        known = [y["year"] for y in ans["years"] if y["submitted"] + y["missed"] > 0]
        check("it draws a bar for each year with reports on record", bars == known,
              "%s vs %s" % (bars, known))
        label = d.execute_script(
            "return document.querySelector('#reports-chart svg').getAttribute('aria-label')")
        check("the reports chart is described for screen readers",
              "published rates 2002 62%, 2003 78%, 2003 79%" in label, label)
        note = d.find_element(By.ID, "reports-note").text
        check("its note says who is required to report",
              "in force on 30 April of the year covered" in note, note)
        # Its look is the chart's: the same frame, axes and text.
        same = d.execute_script(
            "const a = document.querySelector('#chart svg'),"
            " b = document.querySelector('#reports-chart svg');"
            "return [a.getAttribute('viewBox').split(' ')[2], b.getAttribute('viewBox').split(' ')[2],"
            " getComputedStyle(a.querySelector('text')).fontSize,"
            " getComputedStyle(b.querySelector('text')).fontSize]")
        check("the reports chart has the chart's width and type", same[0] == same[1] and
              same[2] == same[3], same)

        os.makedirs(shots, exist_ok=True)
        d.save_screenshot(os.path.join(shots, "page-desktop.png"))
        d.execute_script("document.getElementById('reports-section').scrollIntoView()")
        d.save_screenshot(os.path.join(shots, "page-reports.png"))

        # Every treaty of the record: its count and a map element per state.
        for t in json.loads(svc.get("/v1/treaties")[2])["treaties"]:
            st = json.loads(svc.get("/v1/treaties/%s/status?on=2026-01-01" % t["id"])[2])
            want_n = str(st["counts"]["parties"])
            want_states = {s["state"] for s in st["states"]}
            d.get(svc.url + "/#%s/2026-01-01" % t["id"])
            try:
                wait.until(lambda x: count_shown(x) == want_n and
                           not want_states - map_states(x))
            except Exception:
                pass
            missing = sorted(want_states - map_states(d))
            check("%s on 2026-01-01: %s parties shown, a map element for each state with a status"
                  % (t["id"], want_n), count_shown(d) == want_n and not missing,
                  "shown %s, missing %s" % (count_shown(d), missing))
            has_annual = t["id"] in ("apmbc", "ccm")
            try:
                wait.until(lambda x: x.execute_script(
                    "return document.getElementById('reports-section').hidden") == (not has_annual))
            except Exception:
                pass
            hidden = d.execute_script("return document.getElementById('reports-section').hidden")
            check("%s: the reports chart is %s" % (t["id"], "shown" if has_annual else "hidden (no annual reports)"),
                  hidden == (not has_annual), "hidden: %s" % hidden)
            feed = d.find_element(By.ID, "feed-atom").get_attribute("href")
            check("%s: the page links the treaty's Atom feed" % t["id"],
                  feed == svc.url + "/v1/treaties/%s/feed.atom" % t["id"], feed)
        d.get(svc.url + "/#apmbc/2026-11-29")
        wait.until(lambda x: count_shown(x) == "161")
        d.set_window_size(1366, 900)
        wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, "#withdrawals tbody tr[data-state]"))
        time.sleep(0.5)
        cut = d.execute_script("const t = document.getElementById('withdrawals');"
                               " return [t.scrollWidth, t.parentElement.clientWidth]")
        check("the tracker shows every column at 1366 px", cut[0] <= cut[1],
              "table %s px in %s px" % tuple(cut))
        d.save_screenshot(os.path.join(shots, "page-1366.png"))
        d.set_window_size(390, 1800)
        time.sleep(0.5)
        cards = d.execute_script("const r = document.querySelector('#withdrawals tbody tr');"
                                 " const t = document.getElementById('withdrawals');"
                                 " return [r ? getComputedStyle(r).display : '', t.scrollWidth,"
                                 " t.parentElement.clientWidth]")
        legend = d.execute_script(
            "const l = document.getElementById('legend'); const s = document.querySelector('#map svg .legend');"
            " return [l.offsetHeight > 0, parseFloat(getComputedStyle(l).fontSize),"
            " l.scrollWidth <= l.clientWidth, s ? getComputedStyle(s).display : 'none', l.textContent]")
        check("at 390 px the legend is the page's, readable and whole",
              legend[0] and legend[1] >= 12 and legend[2] and legend[3] == "none" and
              "withdrawal pending" in legend[4], str(legend))
        check("at 390 px the tracker reflows into cards, nothing cut", cards[0] == "block" and
              cards[1] <= cards[2], "display %s, table %s px in %s px" % tuple(cards))
        width, client = d.execute_script("return [document.documentElement.scrollWidth,"
                                         " document.documentElement.clientWidth]")
        check("no horizontal scrolling at phone width", width <= client,
              "scrollWidth %s, clientWidth %s" % (width, client))
        d.save_screenshot(os.path.join(shots, "page-phone.png"))

        # The map's view: Europe readable at both sizes, the legend whole.
        view_checks(d, shots, 1366, 900)
        view_checks(d, shots, 390, 844)
        d.set_window_size(1366, 900)
        time.sleep(0.5)
        # The keyboard on the map's frame: + zooms, an arrow pans, 0 resets.
        keys = d.execute_script("""
            const m = document.getElementById('map'), svg = () => document.querySelector('#map svg');
            const vb = () => svg().getAttribute('viewBox').split(' ').map(Number);
            const key = k => m.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true}));
            m.focus(); const focused = document.activeElement === m;
            const z0 = Number(svg().dataset.zoom); key('+'); const z1 = Number(svg().dataset.zoom);
            const x1 = vb()[0]; key('ArrowRight'); const x2 = vb()[0];
            key('-'); const z2 = Number(svg().dataset.zoom);
            key('e'); const eu = svg().dataset.zoom;
            key('0'); const z3 = Number(svg().dataset.zoom);
            return [focused, z0, z1, x1, x2, z2, eu, z3];""")
        check("the map's frame takes the keys: + zooms in, an arrow pans, - zooms out, E Europe, 0 the world",
              keys[0] and keys[2] > keys[1] and keys[4] > keys[3] and keys[5] < keys[2] and
              float(keys[6]) > 3 and keys[7] == 1, str(keys))
        # The chosen state's outline lies above the map, outside its shape,
        # and leaves the shape's own fill and stroke as they were.
        d.execute_script("document.querySelector('#map-tools [data-zoom=\"europe\"]').click();"
                         " const e = document.querySelector('#map path[data-state=\"LVA\"]');"
                         " e.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
                         " document.getElementById('map-section').scrollIntoView()")
        wait.until(lambda x: x.execute_script("return !!document.querySelector('#map g.selection')"))
        sel = d.execute_script("""
            const lva = document.querySelector('#map path[data-state="LVA"]');
            const other = document.querySelector('#map path[data-state="FRA"]');
            const g = document.querySelector('#map g.selection');
            const cs = e => [getComputedStyle(e).stroke, getComputedStyle(e).strokeWidth];
            return [lva.getAttribute('fill'), JSON.stringify(cs(lva)) === JSON.stringify(cs(other)),
                    g.getAttribute('fill'), g.getAttribute('mask'), g.querySelectorAll('.outline').length,
                    g === g.parentNode.lastElementChild];""")
        check("the selection outline is drawn apart, above the map and outside the shape; the pattern stays",
              sel[0] == "url(#pacta-map-p-withdrawn)" and sel[1] and sel[2] == "none" and
              sel[3] == "url(#pacta-selection-mask)" and sel[4] >= 1 and sel[5], str(sel))
        time.sleep(0.3)
        d.save_screenshot(os.path.join(shots, "map-selected-1366.png"))
        d.execute_script("document.getElementById('chart-section').scrollIntoView()")
        time.sleep(0.3)
        d.save_screenshot(os.path.join(shots, "charts-1366.png"))
        d.set_window_size(390, 844)
        time.sleep(0.8)
        clash = d.execute_script(LABELS, "#chart-recent svg")
        width = d.execute_script("return document.querySelector('#chart-recent svg').getAttribute('viewBox')"
                                 ".split(' ')[2]")
        check("at 390 px the charts are drawn at their width (%s) and the labels still clear" % width,
              float(width) <= 390 and clash[0] == 5 and not clash[1], str(clash))
        d.execute_script("document.getElementById('chart-section').scrollIntoView()")
        time.sleep(0.3)
        d.save_screenshot(os.path.join(shots, "charts-390.png"))

        logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
        check("no console errors", not logs, "\n".join(e.get("message", "") for e in logs))
    except Exception as e:  # a failure to drive the browser is a failure
        check("the browser test ran", False, repr(e))
    finally:
        if d:
            d.quit()
        shutil.rmtree(profile, ignore_errors=True)
        rc, err = svc.stop()
        check("the service stopped cleanly", rc == 0, err)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
