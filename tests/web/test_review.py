#!/usr/bin/python3
"""test_review.py PACTA SOURCE_ROOT [OUTDIR] - the review page for token
holders (/review.html) in headless Chromium: the proposals that `pacta
update` made from a saved status page are listed once a token is given; one
is accepted with a note, the other rejected; the database says so, and the
browser's console has no error (the page keeps to the service's CSP). TAP."""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402

results = []


def check(name, ok, diag=""):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and diag:
        for line in str(diag).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()


def main():
    pacta, root = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("1..0 # SKIP chromium is not installed")
        return 0
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    svc = Service(pacta, root)
    profile = tempfile.mkdtemp(prefix="pacta-chromium-")
    d = None
    try:
        token = svc.run("token", "add", "reviewer").strip()
        # The saved page with one new accession (Egypt, and the stated
        # count with it) and one deposit a day later (Tuvalu's): two
        # proposals, a new act and a changed date.
        base = open(os.path.join(root, "tests/untc/ottawa.html"), encoding="utf-8").read()
        tuvalu = "<td>Tuvalu<br></td>\n\t\t<td>&nbsp;</td>\n\t\t<td>13 Sep\t 2011 a<br></td>"
        egypt = ('<tr class="trBWhite">\n\t\t<td>Egypt<br></td>\n\t\t<td>&nbsp;</td>\n'
                 '\t\t<td>4 Nov\t 2026 a<br></td>\n\t</tr>\n\t<tr class="trBGGrey">\n\t\t')
        page = re.sub(r"(Parties :\s+)162", r"\g<1>163", base.replace(
            tuvalu, tuvalu.replace("13 Sep", "14 Sep")).replace(
            "<td>Tuvalu<br></td>", egypt + "<td>Tuvalu<br></td>"))
        page_file = os.path.join(profile, "ottawa-changed.html")
        open(page_file, "w", encoding="utf-8").write(page)
        svc.run("update", "apmbc", "--from-file", page_file, check=False)
        opts = webdriver.ChromeOptions()
        for a in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile]:
            opts.add_argument(a)
        opts.binary_location = chromium
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        d = webdriver.Chrome(service=DriverService(shutil.which("chromedriver") or
                                                   "/usr/bin/chromedriver"), options=opts)
        wait = WebDriverWait(d, 60)
        d.get(svc.url + "/review.html")
        d.find_element(By.ID, "token").send_keys(token)
        d.find_element(By.CSS_SELECTOR, "#login button").click()
        wait.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")) == 2)
        rows = d.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")
        check("the two proposals are listed", "Egypt (EGY)" in rows[0].text and
              "Tuvalu (TUV)" in rows[1].text, "\n".join(r.text for r in rows))
        rows[1].find_element(By.CSS_SELECTOR, "input").send_keys("checked against C.N. notice")
        rows[1].find_elements(By.CSS_SELECTOR, "button")[0].click()
        wait.until(lambda x: "accepted: recorded as change" in x.find_element(By.ID, "status").text)
        wait.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")) == 1)
        d.find_elements(By.CSS_SELECTOR, "#proposals tbody tr button")[1].click()
        try:
            WebDriverWait(d, 20).until(lambda x: "rejected" in x.find_element(By.ID, "status").text)
        except Exception:
            pass
        status = d.find_element(By.ID, "status").text
        check("the other is rejected", "rejected" in status, status)
        doc = json.loads(svc.run("review", "list", "--all", "--json"))
        got = {p["state"]: (p["status"], p["decided_by"], p["note"]) for p in doc["proposals"]}
        check("the database has one accepted with its note, one rejected, by the token",
              got == {"TUV": ("accepted", "token:reviewer", "checked against C.N. notice"),
                      "EGY": ("rejected", "token:reviewer", None)}, got)
        check("the accepted correction is in the record",
              "2011-09-14" in svc.run("timeline", "apmbc", "TUV"))
        d.find_element(By.ID, "token").clear()
        d.find_element(By.ID, "token").send_keys("pacta_wrong")
        d.find_element(By.CSS_SELECTOR, "#login button").click()
        wait.until(lambda x: "unknown or revoked" in x.find_element(By.ID, "status").text)
        check("a wrong token is told so", True)
        errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"
                  and "401" not in e["message"]]
        check("no errors in the console", not errors, errors)
    finally:
        if d:
            d.quit()
        shutil.rmtree(profile, ignore_errors=True)
        svc.stop()
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
