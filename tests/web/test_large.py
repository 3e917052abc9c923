#!/usr/bin/python3
"""test_large.py PACTA SOURCE_ROOT MANY_TREATIES - a register larger than
one page of GET /v1/treaties: the bundled record and 1,500 more treaties
(written by tests/web/many_treaties.c). Over HTTP: the pages walk the whole
register once, in order, by their "next" links; a search finds a treaty
past the first page, whatever the case and the marks; /v1/language leaves
the treaties' titles to /v1/treaties. In headless Chromium: the page starts
with one page of treaties (one request to /v1/treaties, none with a
search), shows the search box, finds a treaty past the first page and opens
it with the keyboard or the list, and a link to such a treaty opens it.
Prints TAP."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402
from test_page import browser, check, count_shown, find_binary, results  # noqa: E402

MORE = 1500
PAGE = 100  # the service's default limit


def walk(svc, first):
    """The ids of every page from first on, by the pages' next links."""
    ids, url, pages = [], first, 0
    while url:
        status, _, body = svc.get(url)
        if status != 200:
            return None, pages
        doc = json.loads(body)
        ids += [t["id"] for t in doc["treaties"]]
        url = doc["next"]
        pages += 1
    return ids, pages


def http_checks(svc):
    status, _, body = svc.get("/v1/treaties")
    doc = json.loads(body)
    total = 6 + MORE
    check("GET /v1/treaties gives one page of %d of the %d treaties, and the next"
          % (PAGE, total),
          status == 200 and doc["count"] == PAGE and len(doc["treaties"]) == PAGE and
          doc["total"] == total and doc["next"] == "/v1/treaties?limit=%d&after=%s"
          % (PAGE, doc["treaties"][-1]["id"]),
          {k: v for k, v in doc.items() if k != "treaties"})
    ids, pages = walk(svc, "/v1/treaties?limit=1000")
    want = ["apmbc", "ccm", "ccw", "ccw-ap2", "ccw-p2", "ccw-p5"] + \
        ["reg-%04d" % k for k in range(MORE)]
    check("the pages of 1000 walk the register once, in its order (2 pages)",
          ids == want and pages == 2, "%s pages, %s ids" % (pages, len(ids or [])))
    found = {}
    for q in ("ACCORD 1499", "élysée", "ELYSEE", "reg-1499"):
        status, _, body = svc.get("/v1/treaties?q=" + urllib.parse.quote(q))
        doc = json.loads(body)
        found[q] = [t["id"] for t in doc["treaties"]] if status == 200 else status
    check("a search finds the last treaty by its title, folded, and by its id",
          all(v == ["reg-1499"] for v in found.values()), found)
    status, _, body = svc.get("/v1/treaties?q=agreement%2014&limit=5")
    doc = json.loads(body)
    check("a search's page counts the whole register and links the next page",
          status == 200 and doc["count"] == 5 and doc["total"] == 100 and
          doc["next"] == "/v1/treaties?limit=5&after=reg-1404&q=agreement%2014", doc)
    status, _, body = svc.get("/v1/language?lang=fr")
    doc = json.loads(body)
    check("/v1/language leaves a large register's titles to /v1/treaties",
          status == 200 and "treaties" not in doc and doc["names"].get("FRA") == "France",
          list(doc))


# The requests the page made, from Chromium's performance entries.
REQUESTS = "return performance.getEntriesByType('resource').map(r => r.name)"


def page_checks(svc, profile):
    d = browser(profile)
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait
        from selenium.common.exceptions import StaleElementReferenceException
        d.set_page_load_timeout(60)
        wait = WebDriverWait(d, 60, ignored_exceptions=(StaleElementReferenceException,))
        d.get(svc.url + "/")
        wait.until(lambda x: count_shown(x) and
                   x.find_elements(By.CSS_SELECTOR, "#map [data-state]"))
        asked = [urllib.parse.urlsplit(u) for u in d.execute_script(REQUESTS)]
        lists = [u.path + ("?" + u.query if u.query else "") for u in asked
                 if u.path == "/v1/treaties"]
        check("the page asks for one page of treaties at start", lists == ["/v1/treaties"],
              lists)
        options = d.execute_script("return document.getElementById('treaty').options.length")
        check("the treaty list holds that page (%d)" % PAGE, options == PAGE, options)
        shown = d.execute_script(
            "const b = document.getElementById('treaty-search-box');"
            " return !b.hidden && b.offsetHeight > 0 &&"
            " document.getElementById('treaty-search').labels[0].textContent.trim()")
        check("a labelled search box is shown", shown == "Find a treaty", shown)

        # Typed: the list offers the treaty past the first page.
        box = d.find_element(By.ID, "treaty-search")
        box.send_keys("accord 1499")
        wait.until(lambda x: x.execute_script(
            "return [...document.querySelectorAll('#treaty-found option')].map(o => o.value)")
            == ["reg-1499"])
        check("typing finds a treaty past the first page, and says how many",
              d.find_element(By.ID, "treaty-found-count").text == "Treaties found: 1",
              d.find_element(By.ID, "treaty-found-count").text)
        # Enter opens it.
        box.send_keys(Keys.ENTER)
        wait.until(lambda x: x.find_element(By.ID, "treaty-name").text ==
                   "Accord 1499 sur l'Élysée" and count_shown(x) == "2")
        check("Enter opens it: its title, its 2 parties, the address names it",
              d.execute_script("return location.hash").startswith("#reg-1499/") and
              d.execute_script("return document.getElementById('treaty').value") == "reg-1499",
              d.execute_script("return location.hash"))

        # Chosen from the list (the box then holds its id).
        box.clear()
        box.send_keys("agreement 0777")
        wait.until(lambda x: x.execute_script(
            "return [...document.querySelectorAll('#treaty-found option')].map(o => o.value)")
            == ["reg-0777"])
        d.execute_script("const b = document.getElementById('treaty-search'); b.value = 'reg-0777';"
                         " b.dispatchEvent(new Event('input', {bubbles: true}));")
        wait.until(lambda x: x.find_element(By.ID, "treaty-name").text ==
                   "Agreement 0777 on cooperation")
        check("a treaty chosen from the list opens",
              d.execute_script("return location.hash").startswith("#reg-0777/"))

        # A link to a treaty past the first page.
        d.get(svc.url + "/#reg-1499/2010-01-01")
        wait.until(lambda x: x.find_element(By.ID, "treaty-name").text ==
                   "Accord 1499 sur l'Élysée" and count_shown(x) == "2")
        check("a link to a treaty past the first page opens it on its date",
              d.execute_script("return document.getElementById('date').value") == "2010-01-01")
        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
        check("no errors in the console", not errors, "\n".join(e["message"] for e in errors))
    finally:
        d.quit()


def main():
    pacta, root, maker = sys.argv[1], sys.argv[2], sys.argv[3]

    def make_db(path):
        subprocess.run([maker, os.path.join(root, "data"), str(MORE), path], check=True)

    svc = Service(pacta, root, make_db)
    profile = tempfile.mkdtemp(prefix="pacta-chromium-")
    try:
        http_checks(svc)
        if find_binary(["chromium", "chromium-browser"]):
            try:
                page_checks(svc, profile)
            except Exception as e:  # a failure to drive the browser is a failure
                check("the browser test ran", False, repr(e))
    finally:
        code, err = svc.stop()
        check("the service stopped cleanly", code == 0, err[-2000:])
        subprocess.run(["rm", "-rf", profile])
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
