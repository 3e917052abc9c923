#!/usr/bin/python3
"""test_lang.py PACTA SOURCE_ROOT SCREENSHOT_DIR - the page in the browser's
language, in headless Chromium: a browser that asks for French (its
Accept-Language) gets the page in French with the states' names in French
("Lettonie") and lang="fr", its charts, map, table and panel in French with
dates in words; ?lang=es and the switcher give it in Spanish, and the
switcher Arabic names (shown right to left) with English words; the state's
explanation follows. In French and in Spanish no visible text, aria-label
or title is one of the page's English messages. Prints TAP."""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402
# The page test's browser and TAP helpers (it exits, skipping, without selenium).
from test_page import browser, check, find_binary, results  # noqa: E402
import check_words  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402

DAY = "#apmbc/2026-11-29"

# Every text node (but the service's own texts: the explanation's steps, an
# obligation's explanation, a declaration's text) and every aria-label and
# title of the page, the map's SVG included.
SHOWN = """
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('script, style, [hidden], [data-text="service"]')) continue;
      const t = n.textContent.trim();
      if (t) out.push(t);
    }
    for (const e of document.querySelectorAll('[aria-label], [title]'))
      for (const a of ['aria-label', 'title'])
        if (e.getAttribute(a)) out.push(e.getAttribute(a).trim());
    out.push(document.title);
    return out;"""


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


def texts(d, css):
    return d.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css)


def english(root):
    """The page's and the map's English messages: the plain ones, and the
    formats as patterns (those with words besides their %s)."""
    msgids = (check_words.page_list(root) | check_words.js_msgids(root) |
              check_words.js_tables(root) | check_words.code_words(root)[0] | map_msgids(root))
    plain = {m for m in msgids if "%" not in m}
    formats = []
    for m in msgids:
        if "%" in m and len(re.sub(r"%(\d+\$)?(s|zu)", "", m).strip(" ,.;:()")) >= 2:
            formats.append((m, re.compile(re.sub(r"%(\d+\\\$)?(s|zu)", ".+", re.escape(m)) + "$")))
    return plain, formats


def map_msgids(root):
    import subprocess
    pot = subprocess.run(["xgettext", "-L", "C", "--keyword=pacta_tr:2", "--keyword=PACTA_N_",
                          "--from-code=UTF-8", "--no-wrap", "-o", "-",
                          os.path.join(root, "src/lib/map.c")],
                         check=True, capture_output=True, text=True).stdout
    return {m for m in re.findall(r'^msgid "(.*)"$', pot, re.M) if m}


def no_english(d, svc, lang, plain, formats):
    """No visible text is an English message the language's catalogue
    says otherwise (one it keeps as is, "Europe" in French, may stay)."""
    words = json.loads(svc.get("/v1/language?lang=" + lang)[2])["words"]
    same = check_words.page_list(svc.root) - set(words)
    names = set(d.execute_script("return Object.values(app.names)"))
    left = set()
    for t in d.execute_script(SHOWN):
        if t in names or t in same or re.fullmatch(r"[A-Z]{2,3}|[\W\d_]*", t):
            continue
        if t in plain or any(rx.match(t) for m, rx in formats):
            left.add(t)
    check("%s: no visible text, aria-label or title is an English message" % lang, not left,
          "\n".join(sorted(left)[:40]))


def main():
    pacta, root = sys.argv[1], sys.argv[2]
    if not find_binary(["chromium", "chromium-browser"]):
        print("1..0 # SKIP chromium is not installed")
        return 0
    svc = Service(pacta, root)
    plain, formats = english(root)
    profile = tempfile.mkdtemp(prefix="pacta-chromium-")
    d = None
    try:
        d = browser(profile, "fr-FR,fr")
        d.set_page_load_timeout(60)
        wait = WebDriverWait(d, 60, ignored_exceptions=(StaleElementReferenceException,))
        d.get(svc.url + "/" + DAY)
        wait_for(wait, lambda x: option_text(x, "LVA") == "Lettonie (LVA)")
        check("Accept-Language: fr shows Lettonie", option_text(d, "LVA") == "Lettonie (LVA)",
              option_text(d, "LVA"))
        lang = d.execute_script("return document.documentElement.lang")
        check("the page says lang=\"fr\"", lang == "fr", lang)
        title = d.find_element(By.ID, "panel-title").text
        check("its headings are French", title == "Un État", title)

        # The charts, the map, the table and the headline in French.
        wait_for(wait, lambda x: texts(x, "#chart-recent text.event-label") and
                 x.find_elements(By.CSS_SELECTOR, "#map [data-state='LVA'] title"))
        chart = d.find_element(By.ID, "chart-title").text
        labels = sorted(texts(d, "#chart-recent text.event-label"))
        check("the chart's title and withdrawal labels are French, dates in words",
              chart == "Parties et signataires au fil du temps" and
              "LVA sortie le 27 décembre 2025" in labels and
              any("retrait : " in t and "décembre 2025" in t for t in texts(d, "#chart text")),
              "%s %s" % (chart, labels))
        svg_label = d.execute_script("return document.querySelector('#chart svg').getAttribute('aria-label')")
        check("  and described in French", svg_label.startswith("Parties du "), svg_label)
        tip = texts(d, "#map [data-state='LVA'] > title")
        legend = texts(d, "#legend li")
        check("the map's labels are French: its titles and legend",
              "Lettonie : retrait effectif depuis le 27 décembre 2025" in tip and
              any(t.startswith("■ Partie (liée) (") for t in legend), "%s %s" % (tip, legend))
        zoom = d.execute_script("return document.querySelector('[data-zoom=\"in\"]').getAttribute('aria-label')")
        check("the zoom buttons are labelled in French", zoom == "Zoomer", zoom)
        heads = texts(d, "#withdrawals th")
        row = d.execute_script("const r = document.querySelector('#withdrawals tr[data-state=\"LVA\"]');"
                               " return r ? r.textContent : ''")
        check("the withdrawals table is French, its dates in words",
              heads[:2] == ["État", "Étape"] and "27 juin 2025" in row and "a pris effet" in row,
              "%s %s" % (heads, row))
        count = d.find_element(By.ID, "count").text
        check("the headline is French, its date in words", count.startswith("161 parties au 29 novembre 2026"),
              count)
        no_english(d, svc, "fr", plain, formats)

        Select(d.find_element(By.ID, "state-list")).select_by_value("LVA")
        wait_for(wait, lambda x: "27 décembre 2025" in x.find_element(By.ID, "panel").text and
                 "Chronologie" in x.find_element(By.ID, "panel").text)
        panel = d.find_element(By.ID, "panel").text
        check("the state's explanation is in French, its dates in words",
              "Au 29 novembre 2026, Lettonie n'est plus partie" in panel and
              "27 décembre 2025" in panel, panel[:600])
        check("  and the panel's own words: its headings and rows",
              "Chronologie" in panel and "Statut au 29 novembre 2026" in panel and
              "approbation parlementaire" in panel, panel[:900])
        no_english(d, svc, "fr", plain, formats)

        # ?lang=es in the address, over the browser's French.
        d.get(svc.url + "/?lang=es" + DAY)
        wait_for(wait, lambda x: option_text(x, "LVA") == "Letonia (LVA)" and
                 x.find_elements(By.CSS_SELECTOR, "#map [data-state='LVA'] title"))
        chart = d.find_element(By.ID, "chart-title").text
        tip = texts(d, "#map [data-state='LVA'] > title")
        check("?lang=es: the chart's title and the map's labels are Spanish",
              chart == "Partes y signatarios a lo largo del tiempo" and
              any(t.startswith("Letonia: ") and "27 de diciembre de 2025" in t for t in tip),
              "%s %s" % (chart, tip))
        no_english(d, svc, "es", plain, formats)

        d.get(svc.url + "/" + DAY)
        wait_for(wait, lambda x: option_text(x, "LVA") == "Lettonie (LVA)")
        Select(d.find_element(By.ID, "lang")).select_by_value("es")
        wait_for(wait, lambda x: option_text(x, "LVA") == "Letonia (LVA)" and
                 x.find_elements(By.CSS_SELECTOR, "#map [data-state='LVA'] title"))
        check("the switcher changes to Spanish", option_text(d, "LVA") == "Letonia (LVA)",
              option_text(d, "LVA"))
        title = d.find_element(By.ID, "panel-title").text
        check("and the headings with it", title == "Un Estado", title)
        chart = d.find_element(By.ID, "chart-title").text
        legend = texts(d, "#legend li")
        check("  the chart's title and the map's legend",
              chart == "Partes y signatarios a lo largo del tiempo" and
              any(t.startswith("■ Parte (obligada) (") for t in legend), "%s %s" % (chart, legend))

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
        wait_for(wait, lambda x: x.find_element(By.ID, "count").get_attribute("data-parties"))
        count = d.find_element(By.ID, "count").text
        check("  and its numbers and dates as English writes them",
              count.startswith("161 parties on 2026-11-29"), count)
    finally:
        if d:
            d.quit()
        svc.stop()
        shutil.rmtree(profile, ignore_errors=True)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
