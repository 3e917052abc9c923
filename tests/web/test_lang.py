#!/usr/bin/python3
"""test_lang.py PACTA SOURCE_ROOT SCREENSHOT_DIR - the page in the browser's
language, in headless Chromium: a browser that asks for French (its
Accept-Language) gets the page in French with the states' names in French
("Lettonie") and lang="fr"; the switcher changes to Spanish and to Arabic
names (shown right to left); the state's explanation follows. Prints TAP."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402
# The page test's browser and TAP helpers (it exits, skipping, without selenium).
from test_page import browser, check, find_binary, results  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402


def wait_for(wait, cond):
    """Waits for cond; a timeout leaves the check after it to say what is shown."""
    try:
        wait.until(cond)
    except Exception:
        pass


def option_text(d, iso):
    return d.execute_script(
        "const o = document.querySelector('#state-list option[value=\"' + arguments[0] + '\"]');"
        "return o ? o.textContent : null;", iso)


def main():
    pacta, root = sys.argv[1], sys.argv[2]
    if not find_binary(["chromium", "chromium-browser"]):
        print("1..0 # SKIP chromium is not installed")
        return 0
    svc = Service(pacta, root)
    profile = tempfile.mkdtemp(prefix="pacta-chromium-")
    d = None
    try:
        d = browser(profile, "fr-FR,fr")
        d.set_page_load_timeout(60)
        wait = WebDriverWait(d, 60, ignored_exceptions=(StaleElementReferenceException,))
        d.get(svc.url + "/#apmbc/2026-11-29")
        wait_for(wait, lambda x: option_text(x, "LVA") == "Lettonie (LVA)")
        check("Accept-Language: fr shows Lettonie", option_text(d, "LVA") == "Lettonie (LVA)",
              option_text(d, "LVA"))
        lang = d.execute_script("return document.documentElement.lang")
        check("the page says lang=\"fr\"", lang == "fr", lang)
        title = d.find_element(By.ID, "panel-title").text
        check("its headings are French", title == "Un État", title)
        Select(d.find_element(By.ID, "state-list")).select_by_value("LVA")
        wait_for(wait, lambda x: "27 décembre 2025" in x.find_element(By.ID, "panel").text)
        panel = d.find_element(By.ID, "panel").text
        check("the state's explanation is in French, its dates in words",
              "Au 29 novembre 2026, Lettonie n'est plus partie" in panel and
              "27 décembre 2025" in panel, panel[:600])

        Select(d.find_element(By.ID, "lang")).select_by_value("es")
        wait_for(wait, lambda x: option_text(x, "LVA") == "Letonia (LVA)")
        check("the switcher changes to Spanish", option_text(d, "LVA") == "Letonia (LVA)",
              option_text(d, "LVA"))
        title = d.find_element(By.ID, "panel-title").text
        check("and the headings with it", title == "Un Estado", title)

        Select(d.find_element(By.ID, "lang")).select_by_value("ar")
        wait_for(wait, lambda x: (option_text(x, "LVA") or "").startswith("لاتفيا"))
        text = option_text(d, "LVA") or ""
        check("Arabic names", text.startswith("لاتفيا"), text)
        direction = d.execute_script(
            "const o = document.querySelector('#state-list option[value=\"LVA\"]');"
            "return o.getAttribute('dir') + ' ' + getComputedStyle(o).direction;")
        check("an Arabic name is laid out right to left", direction == "auto rtl", direction)
        title = d.find_element(By.ID, "panel-title").text
        check("words with no Arabic catalogue stay English, never empty", title == "One state", title)
    finally:
        if d:
            d.quit()
        svc.stop()
        shutil.rmtree(profile, ignore_errors=True)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
