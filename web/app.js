/* pacta web page: the map, the count, the chart, one state's story and
 * the withdrawals tracker, all from the JSON API under /v1. No framework;
 * text from the API is set with textContent, never parsed as HTML. */
"use strict";

const STATUSES = [
  ["party", "Party (bound)", "■"],
  ["withdrawal_pending", "Party, withdrawal pending", "▨"],
  ["withdrawal_held", "Party, withdrawal held (armed conflict)", "▩"],
  ["consented", "Consented, not yet in force", "◩"],
  ["signatory", "Signatory", "◇"],
  ["withdrawn", "Withdrawn", "·"],
  ["none", "Not a participant", ""],
];
const LABEL = Object.fromEntries(STATUSES.map(s => [s[0], s[1]]));
const MARK = Object.fromEntries(STATUSES.map(s => [s[0], s[2]]));
const STAGES = {
  announced: "announced", government_decision: "government decision",
  parliament_approved: "approved by parliament", signed_into_law: "signed into law",
  notified: "notified to the depositary", held: "held (armed conflict)", effective: "effective",
};

const app = { treaty: null, treaties: [], states: [], names: {}, date: null, start: null,
  selected: null, haveMap: false, seq: 0 };
const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined)
    e.append(c instanceof Node ? c : String(c));
  return e;
}

/* Answers asked for within one refresh, by URL: two parts of the page
 * that need the same answer share one request. */
let pending = new Map();

function getJSON(url) {
  if (!pending.has(url)) {
    pending.set(url, fetch(url, { headers: { Accept: "application/json" } }).then(r => {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    }));
  }
  return pending.get(url);
}

/* Dates as "YYYY-MM-DD" and whole days since 1970 (UTC, no time zones). */
const DAY = 86400000;
const toDays = iso => Math.round(Date.parse(iso + "T00:00:00Z") / DAY);
const fromDays = d => new Date(d * DAY).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);
const api = path => "/v1/treaties/" + encodeURIComponent(app.treaty) + path;

function setStatusText(t) { $("count").textContent = t; }

/* ---- Map ---- */

function legend() {
  const ul = $("legend");
  ul.replaceChildren();
  for (const [s, label] of STATUSES) {
    ul.append(el("li", {}, el("span", { class: "swatch st-" + s, "aria-hidden": "true" }),
      (MARK[s] ? MARK[s] + " " : "") + label));
  }
}

/* Makes items (map elements or tiles) one tab stop: the selected one (or
 * the first) takes Tab; arrows, Home and End move among them in their
 * order (states by name in the map's drawing order). */
function roving(items) {
  const list = [...items];
  if (!list.length) return;
  const current = list.find(n => n.getAttribute("data-state") === app.selected) || list[0];
  current.setAttribute("tabindex", "0");
  list.forEach((n, i) => n.addEventListener("keydown", e => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    let j = null;
    if (step) j = (i + step + list.length) % list.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = list.length - 1;
    if (j === null) return;
    e.preventDefault();
    n.setAttribute("tabindex", "-1");
    list[j].setAttribute("tabindex", "0");
    list[j].focus();
  }));
}

/* A shape, tile or row that opens a state's panel; a territory's shape
 * (data-territory) opens its holder's, with the territory's own answer. */
function makeSelectable(node, iso) {
  /* One tab stop for the whole map (roving tabindex: the arrow keys move
   * between its elements), not one per state. */
  node.setAttribute("tabindex", "-1");
  node.setAttribute("role", "button");
  const name = app.names[iso] || iso;
  const status = node.getAttribute("data-status") || "none";
  const territory = node.getAttribute("data-territory");
  const title = node.querySelector("title");
  node.setAttribute("aria-label", territory && title ? title.textContent
    : name + ": " + (LABEL[status] || status));
  node.addEventListener("click", () => openState(iso, true, territory));
  node.addEventListener("keydown", e => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openState(iso, true, territory); }
  });
}

async function drawMap(status) {
  const box = $("map");
  if (app.haveMap) {
    const r = await fetch(api("/map.svg?on=" + app.date));
    if (r.ok) {
      const doc = new DOMParser().parseFromString(await r.text(), "image/svg+xml");
      const svg = doc.documentElement;
      if (svg && svg.nodeName.toLowerCase() === "svg") {
        const node = document.importNode(svg, true);
        node.setAttribute("role", "group");
        node.setAttribute("aria-label", "World map of statuses on " + app.date);
        box.replaceChildren(node);
        for (const n of node.querySelectorAll("[data-state]"))
          makeSelectable(n, n.getAttribute("data-state"));
        roving(node.querySelectorAll("[data-state]"));
        return;
      }
    }
  }
  /* Without the map module: one labelled tile per state in the record. */
  const grid = el("div", { class: "tiles", role: "group",
    "aria-label": "States by status on " + app.date });
  const byIso = Object.fromEntries(status.states.map(s => [s.state, s.status]));
  for (const s of app.states) {
    if (s.kind === "former_state" || s.kind === "organization") continue;
    const st = byIso[s.state] || "none";
    const t = el("div", { class: "tile st-" + st, "data-state": s.state, "data-status": st,
      title: s.name + ": " + LABEL[st] }, s.state, el("span", { class: "mark" }, MARK[st] || "\u00a0"));
    makeSelectable(t, s.state);
    grid.append(t);
  }
  box.replaceChildren(grid);
  roving(grid.querySelectorAll("[data-state]"));
}

/* ---- Chart ---- */

/* An SVG image W x H, and s(tag, attrs, text) that appends an element to it. */
function svgImage(W, H) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  const s = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  return [svg, s];
}

async function drawChart() {
  const to = app.date > today() ? app.date : today();
  const [counts, wd] = await Promise.all([
    getJSON(api("/counts?to=" + to)),
    getJSON(api("/withdrawals?on=" + to)),
  ]);
  /* The withdrawals that took effect: one marker per date. */
  const eff = {};
  for (const w of wd.withdrawals)
    if (w.withdrawal_effective && w.stage === "effective")
      (eff[w.withdrawal_effective] = eff[w.withdrawal_effective] || []).push(w.state);
  /* Their labels get a band of their own above the plot (up to three
   * rows), so that no line runs through them. */
  const rows = Math.min(3, Object.keys(eff).length);
  const W = 720, H = 262 + 14 * rows, L = 44, R = 12, T = 16 + 14 * rows, B = 30;
  const pts = counts.series;
  const x0 = toDays(pts[0].date), x1 = toDays(pts[pts.length - 1].date);
  const ymax = Math.max(10, ...pts.map(p => Math.max(p.parties, p.signatories)));
  const top = Math.ceil(ymax / 20) * 20;
  const X = d => L + (W - L - R) * (toDays(d) - x0) / Math.max(1, x1 - x0);
  const Y = v => T + (H - T - B) * (1 - v / top);
  const [svg, s] = svgImage(W, H);
  const last = pts[pts.length - 1];
  svg.setAttribute("aria-label", `Parties from ${pts[0].date} to ${last.date}: ` +
    `${pts[0].parties} to ${last.parties}; signatories ${last.signatories} at the end.`);
  s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  for (let v = 0; v <= top; v += top / 4) {
    s("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end" }, String(v));
    s("line", { class: "axis", x1: L - 3, y1: Y(v), x2: L, y2: Y(v) });
  }
  const y0 = Number(pts[0].date.slice(0, 4)), y1 = Number(last.date.slice(0, 4));
  const step = Math.max(1, Math.ceil((y1 - y0) / 10));
  for (let y = y0 + 1; y <= y1; y += step) {
    const d = y + "-01-01";
    s("text", { x: X(d), y: H - B + 16, "text-anchor": "middle" }, String(y));
  }
  const line = key => pts.map((p, i) => (i ? "L" : "M") + X(p.date).toFixed(1) + " " +
    Y(p[key]).toFixed(1)).join(" ");
  s("path", { class: "signatories", d: line("signatories") });
  s("path", { class: "parties", d: line("parties") });
  let k = 0;
  for (const [d, states] of Object.entries(eff).sort()) {
    const y = 14 + 14 * (k++ % 3);
    s("line", { class: "event", x1: X(d), y1: y - 8, x2: X(d), y2: H - B });
    s("text", { class: "event-label", x: X(d) - 4, y: y,
      "text-anchor": "end" }, states.join(", ") + " withdraw " + d);
  }
  s("line", { class: "now", x1: X(app.date), y1: T, x2: X(app.date), y2: H - B });
  s("text", { x: L + 6, y: T + 10 }, "— parties   - - signatories");
  $("chart").replaceChildren(svg);
  $("chart-note").textContent = "Monthly, from " + pts[0].date + " to " + last.date +
    ". The purple line is the chosen date; red dashes mark withdrawals taking effect.";
}

/* ---- Reports ---- */

/* The annual reports per calendar year (/reports), in the chart's look:
 * bars for the share of each year's reports the record holds (submitted or
 * listed as missing), a line where it holds them all (the rate), and the
 * rates the ICBL and Landmine Monitor published as rings. */
async function drawReports() {
  const to = app.date > today() ? app.date : today();
  const t = app.treaties.find(x => x.id === app.treaty);
  if (!t || !t.annual_reports) {
    $("reports-section").hidden = true; /* no annual reports in its rules */
    return;
  }
  const ans = await getJSON(api("/reports?on=" + to));
  const ys = ans.years;
  $("reports-section").hidden = ys.length === 0;
  if (!ys.length) return;
  const W = 720, H = 262, L = 44, R = 12, T = 16, B = 30;
  const y0 = ys[0].year, y1 = ys[ys.length - 1].year;
  const slot = (W - L - R) / (y1 - y0 + 1);
  const X = y => L + slot * (y - y0 + 0.5);
  const Y = v => T + (H - T - B) * (1 - v / 100);
  const [svg, s] = svgImage(W, H);
  const pub = ys.flatMap(y => y.published.filter(p => p.rate !== null)
    .map(p => ({ year: y.year, rate: p.rate, as_at: p.as_at })));
  const rated = ys.filter(y => y.rate !== null);
  svg.setAttribute("aria-label", `Annual reports on ${y0} to ${y1}: ` +
    (rated.length ? rated.map(y => `${y.year} ${y.rate}%`).join(", ") + "; "
      : "no year with every report on record; ") +
    "published rates " + (pub.map(p => `${p.year} ${p.rate}%`).join(", ") || "none") + ".");
  s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  for (let v = 0; v <= 100; v += 25) {
    s("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end" }, v + "%");
    s("line", { class: "axis", x1: L - 3, y1: Y(v), x2: L, y2: Y(v) });
  }
  const step = Math.max(1, Math.ceil((y1 - y0) / 10));
  for (let y = y0; y <= y1; y += step)
    s("text", { x: X(y), y: H - B + 16, "text-anchor": "middle" }, String(y));
  for (const y of ys) {
    const known = y.required ? 100 * (y.submitted + y.missed) / y.required : 0;
    if (known > 0)
      s("rect", { class: "known", x: X(y.year) - slot * 0.35, y: Y(known), width: slot * 0.7,
        height: Y(0) - Y(known), "data-year": y.year });
  }
  if (rated.length > 1)
    s("path", { class: "parties", d: rated.map((y, i) => (i ? "L" : "M") +
      X(y.year).toFixed(1) + " " + Y(y.rate).toFixed(1)).join(" ") });
  for (const y of rated)
    s("circle", { class: "rate", cx: X(y.year), cy: Y(y.rate), r: 3.5, "data-year": y.year,
      "data-rate": y.rate });
  for (const p of pub)
    s("circle", { class: "published", cx: X(p.year), cy: Y(p.rate), r: 4.5,
      "data-year": p.year, "data-rate": p.rate, "data-as-at": p.as_at });
  const chosen = Number(app.date.slice(0, 4)) - 1; /* the last year reported on */
  if (chosen >= y0 && chosen <= y1)
    s("line", { class: "now", x1: X(chosen), y1: T, x2: X(chosen), y2: H - B });
  s("text", { x: L + 6, y: T + 10 }, "— rate, every report on record   ○ published rate   ▮ share on record");
  $("reports-chart").replaceChildren(svg);
  $("reports-note").textContent = "Reports (Art. " + ans.article + ") by the calendar year they " +
    "cover, as recorded on " + ans.on + ". Required: " + ans.required_meaning + ". pacta " +
    "gives a rate only for a year whose every report is on record (submitted, or listed " +
    "by a source as not received); the rings are the rates the ICBL and Landmine Monitor " +
    "published, and the bars how much of each year the record holds.";
}

/* ---- One state ---- */

/* A source link, or nothing for a value that is not an http(s) URL. */
function sourceLink(url, text) {
  return /^https?:\/\//.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer" }, text || "source") : "";
}

/* The territory's answer: whether the treaty applies to it, on what act. */
async function territorySection(iso, territory) {
  try {
    const t = await getJSON(api("/states/" + encodeURIComponent(iso) + "/territories/" +
      encodeURIComponent(territory) + "?on=" + app.date));
    const basis = { extended: "extended to it on ", excluded: "excluded on ",
      not_yet_extended: "not yet extended to it", whole_territory: "no act names it: the treaty " +
      "applies as to the rest of the state's territory" }[t.basis] || t.basis;
    const p = el("p", { class: "territory" }, "Territory " + territory + ": " +
      (t.applies ? (LABEL[t.status] || t.status) + (t.since ? " since " + t.since : "") : "not applied") +
      "; " + basis + (t.act ? t.act.date + " " : " "));
    if (t.act) p.append(sourceLink(t.act.source_url));
    return [el("h4", {}, "Territory " + territory), p];
  } catch (e) {
    return [];
  }
}

/* The state's obligations (with each deadline's history) and its
 * declarations, each text folded. */
async function obligationsSection(iso) {
  try {
    const o = await getJSON(api("/obligations?state=" + encodeURIComponent(iso) + "&on=" + app.date));
    if (!o.obligations.length) return [];
    const ul = el("ul", { class: "obligations" });
    for (const ob of o.obligations) {
      const li = el("li", {}, "Art. " + ob.article + ": " + ob.status.replace(/_/g, " ") +
        (ob.due ? ", due " + ob.due : "") + (ob.met_on ? ", met " + ob.met_on : ""));
      const d = el("details", {}, el("summary", {}, "How"), el("p", {}, ob.explanation || ""));
      li.append(d);
      ul.append(li);
    }
    return [el("h4", {}, "Obligations"), ul];
  } catch (e) {
    return [];
  }
}

async function declarationsSection(iso) {
  try {
    const d = await getJSON(api("/states/" + encodeURIComponent(iso) + "/declarations?on=" + app.date));
    if (!d.declarations.length) return [];
    const ul = el("ul", { class: "declarations" });
    for (const x of d.declarations) {
      const head = x.date + " " + x.action.replace(/_/g, " ") +
        (x.upon ? ", upon " + x.upon.action : "") + (x.territory ? " (" + x.territory + ")" : "") +
        (x.target ? ", addressed to " + x.target : "");
      const li = el("li", {}, el("details", {}, el("summary", {}, head),
        el("p", { class: "text" }, x.text || "(no text in the record)"),
        el("p", {}, (x.notification ? x.notification + " " : ""), sourceLink(x.source_url))));
      for (const r of x.responses || [])
        li.append(el("div", { class: "response" }, r.date + " " + r.action + " by " + r.state + " ",
          sourceLink(r.source_url)));
      ul.append(li);
    }
    return [el("h4", {}, "Declarations"), ul];
  } catch (e) {
    return [];
  }
}

/* show: bring the panel into view where it sits below the map (phones);
 * territory: the territory whose shape was chosen, if any. */
async function openState(iso, show, territory) {
  app.selected = iso;
  drawDownloads();
  $("state-list").value = iso;
  for (const n of document.querySelectorAll("#map .selected")) n.classList.remove("selected");
  for (const n of document.querySelectorAll(`#map [data-state="${iso}"]`)) n.classList.add("selected");
  const panel = $("panel");
  let d;
  try {
    d = await getJSON(api("/states/" + encodeURIComponent(iso) + "?on=" + app.date));
  } catch (e) {
    panel.replaceChildren(el("p", {}, "No answer for " + iso + "."));
    return;
  }
  const v = d.status;
  const dl = el("dl", {});
  const row = (k, val) => { if (val) dl.append(el("dt", {}, k), el("dd", {}, val)); };
  row("Status on " + d.on, LABEL[v.status] || v.status);
  row("Since", v.since);
  row("Signed", v.signature);
  row("Consent", v.consent ? v.consent + " (" + v.consent_instrument + ")" : null);
  row("In force for it", v.entry_into_force);
  row("Withdrawal notified", v.withdrawal_notified);
  row("Withdrawal effective", v.withdrawal_effective);
  const tl = el("ol", { class: "timeline" });
  for (const ev of d.timeline) {
    if (ev.kind === "status") {
      tl.append(el("li", { class: "status-change" }, ev.date + " → " + (LABEL[ev.status] || ev.status) +
        (ev.article ? " (Art. " + ev.article + ")" : "")));
    } else if (ev.act) {
      const a = ev.act;
      const domestic = /^none/.test(ev.legal_effect || "");
      const by = a.state !== iso ? " by " + a.state : "";
      const li = el("li", domestic ? { class: "domestic" } : {}, ev.date + " " +
        a.action.replace(/_/g, " ") + by + (domestic ? " (" + ev.legal_effect + ") " : " "));
      if (/^https?:\/\//.test(a.source_url || ""))
        li.append(el("a", { href: a.source_url, rel: "noopener noreferrer" }, "source"));
      tl.append(li);
    }
  }
  const ex = d.explanation;
  const steps = el("ol", {});
  for (const st of ex.steps || []) steps.append(el("li", {}, st.text));
  const srcs = el("ol", { class: "sources" });
  for (const src of ex.sources || []) {
    const url = src.source_url || src.url;
    const li = el("li", {}, "[" + (src.ref || "") + "] " + (src.state || "") + " " +
      (src.action || "").replace(/_/g, " ") + " " + (src.date || "") + ": ");
    if (url && /^https?:\/\//.test(url)) li.append(el("a", { href: url, rel: "noopener noreferrer" }, url));
    srcs.append(li);
  }
  const [terr, obl, decl] = await Promise.all([
    territory ? territorySection(iso, territory) : [], obligationsSection(iso),
    declarationsSection(iso)]);
  if (app.selected !== iso) return; /* another state was chosen meanwhile */
  panel.replaceChildren(el("h3", {}, (app.names[iso] || iso) + " (" + iso + ")"), ...terr, dl,
    el("h4", {}, "Why"), el("p", {}, ex.summary || ""), steps,
    el("h4", {}, "Timeline"), tl, ...obl, ...decl, el("h4", {}, "Sources"), srcs);
  if (show && window.matchMedia("(max-width: 800px)").matches)
    $("panel-section").scrollIntoView();
}

/* ---- Withdrawals ---- */

async function drawWithdrawals() {
  const wd = await getJSON(api("/withdrawals?on=" + app.date));
  const body = $("withdrawals").tBodies[0];
  body.replaceChildren();
  for (const w of wd.withdrawals) {
    const b = el("button", { type: "button", "data-state": w.state }, w.name + " (" + w.state + ")");
    b.addEventListener("click", () => { openState(w.state, true).then(() => $("panel").focus()); });
    /* The notice to the depositary: a withdrawal's, or a claim the treaty
     * has no clause for (a "suspension"), with who contested it. */
    const notified = el("td", { "data-label": "Notified" });
    if (w.withdrawal_notified) notified.append(w.withdrawal_notified);
    for (const cl of w.claims || []) {
      notified.append((notified.childNodes.length ? "; " : "") + cl.action.replace(/_/g, " ") + " " +
        cl.date + " (not a withdrawal" + (cl.contested_by.length ? "; contested by " +
        cl.contested_by.join(", ") : "") + ") ", sourceLink(cl.source_url));
    }
    if (!notified.childNodes.length) notified.append("—");
    const td = (label, v) => el("td", { "data-label": label }, v);
    body.append(el("tr", { "data-state": w.state }, td("State", b), td("Stage", STAGES[w.stage] || w.stage),
      td("Announced", w.announced || "—"), td("Parliament", w.parliament_approval || "—"),
      notified, td("Effective", w.withdrawal_effective || "—"),
      td("Status on the date", LABEL[w.status] || w.status)));
  }
  if (!wd.withdrawals.length)
    body.append(el("tr", {}, el("td", { colspan: "7" }, "No withdrawal steps recorded by " + app.date + ".")));
}

/* ---- The story of the day ---- */

/* Before a state is chosen, the panel tells the day's story: the count and
 * where it came from, the withdrawals in progress, and what changed in the
 * year before, each change with its source. */
async function drawStory(status) {
  if (app.selected) return;
  const t = app.treaties.find(x => x.id === app.treaty) || {};
  const from = fromDays(toDays(app.date) - 365);
  let wd = { withdrawals: [] }, diff = { changes: [] }, series = null;
  try {
    [wd, diff, series] = await Promise.all([getJSON(api("/withdrawals?on=" + app.date)),
      getJSON(api("/diff?from=" + from + "&to=" + app.date)),
      t.entry_into_force ? getJSON(api("/counts?from=" + t.entry_into_force + "&to=" +
        t.entry_into_force + "&unit=day")) : null]);
  } catch (e) { /* the story is told from what did answer */ }
  if (app.selected) return; /* a state was chosen meanwhile */
  const c = status.counts;
  const parts = [el("h3", {}, "On " + app.date)];
  let line = (t.name || t.id) + ": " + c.parties + " parties";
  const first = series && series.series && series.series[0];
  if (first) line += " (" + first.parties + " when it entered into force on " + first.date + ")";
  line += "; " + c.consented + " consented, not yet in force; " + c.signatories +
    " signatories not consented; " + c.withdrawn + " withdrawn.";
  parts.push(el("p", {}, line));
  const going = wd.withdrawals.filter(w => w.status === "withdrawal_pending" || w.status === "withdrawal_held");
  if (going.length) {
    parts.push(el("h4", {}, "Withdrawals in progress"));
    const ul = el("ul", {});
    for (const w of going)
      ul.append(el("li", {}, w.name + " (" + w.state + "): notified " + (w.withdrawal_notified || "—") +
        ", effective " + (w.withdrawal_effective || "not yet (held)")));
    parts.push(ul);
  }
  parts.push(el("h4", {}, "Changes from " + from + " to " + app.date));
  if (!diff.changes.length) {
    parts.push(el("p", {}, "No state's status changed."));
  } else {
    const ul = el("ul", {});
    for (const ch of diff.changes) {
      const li = el("li", {}, ch.date + " " + ch.name + ": " + (LABEL[ch.before] || ch.before) + " → " +
        (LABEL[ch.after] || ch.after) + (ch.article ? " (Art. " + ch.article + ") " : " "));
      li.append(sourceLink(ch.source_url));
      ul.append(li);
    }
    parts.push(ul);
  }
  parts.push(el("p", { class: "hint" }, "Choose a state on the map or in the list for its own story."));
  $("panel").replaceChildren(...parts);
}

/* ---- Date and treaty ---- */

/* ---- Downloads ---- */

/* Links to the files the CLI writes, for the treaty and, once one is
 * chosen, the state. Panels run from the treaty's adoption to this year,
 * by year and by month, and by day for this year (a day panel of every
 * state is limited to a year by the service). */
function downloadLinks(base, label, whole) {
  const year = today().slice(0, 4);
  const first = (app.treaties.find(t => t.id === app.treaty).adopted || "1990").slice(0, 4);
  const link = (href, text) => el("a", { href }, text);
  const panel = (unit, from) => ["csv", "ndjson"].map(ext => link(base + "/panel." + ext + "?from=" + from +
    "&to=" + year + (unit === "year" ? "" : "&unit=" + unit), ext.toUpperCase()));
  const monthFrom = whole ? String(Math.max(Number(first), Number(year) - 29)) : first;
  const ul = el("ul", { class: "downloads" },
    el("li", {}, link(base + "/calendar.ics?on=" + app.date, "Calendar (.ics)")),
    el("li", {}, "Panel by year, " + first + "–" + year + ": ", ...joined(panel("year", first))),
    el("li", {}, "Panel by month, " + monthFrom + "–" + year + ": ", ...joined(panel("month", monthFrom))),
    el("li", {}, "Panel by day, " + (whole ? year : first + "–" + year) + ": ",
      ...joined(panel("day", whole ? year : first))));
  return [el("h3", {}, label), ul];
}

const joined = nodes => nodes.flatMap((n, i) => i ? [", ", n] : [n]);

function drawDownloads() {
  const t = app.treaties.find(x => x.id === app.treaty);
  $("downloads-treaty").replaceChildren(...downloadLinks(api(""), "For " + (t.name || t.id), true));
  const iso = app.selected;
  $("downloads-state").replaceChildren(...(iso ? downloadLinks(api("/states/" + encodeURIComponent(iso)),
    "For " + (app.names[iso] || iso) + " under " + (t.name || t.id), false) : []));
  $("download-datapackage").href = "/v1/datapackage.zip?on=" + app.date;
}

async function refresh() {
  pending = new Map();
  const seq = ++app.seq;
  const status = await getJSON(api("/status?on=" + app.date));
  if (seq !== app.seq) return; /* a later date was chosen meanwhile */
  const c = status.counts;
  setStatusText(`${c.parties} parties on ${app.date}` +
    (c.withdrawing ? ` (${c.withdrawing} withdrawing)` : "") +
    `, ${c.consented} consented, not yet in force, ${c.signatories} signatories not consented, ` +
    `${c.withdrawn} withdrawn`);
  $("count").setAttribute("data-parties", String(c.parties));
  drawDownloads();
  await Promise.all([drawMap(status), drawWithdrawals(), drawChart(), drawReports(),
    drawStory(status)]);
  if (app.selected) await openState(app.selected);
}

function setDate(iso, fromSlider) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return;
  app.date = iso;
  $("date").value = iso;
  if (!fromSlider) $("slider").value = String(toDays(iso) - app.start);
  $("slider").setAttribute("aria-valuetext", iso);
  history.replaceState(null, "", "#" + app.treaty + "/" + iso);
  refresh().catch(report);
}

function report(e) {
  setStatusText("Could not load the answer: " + e.message);
}

async function init() {
  legend();
  const [health, treaties, states] = await Promise.all([
    getJSON("/healthz"), getJSON("/v1/treaties"), getJSON("/v1/states")]);
  app.haveMap = !!health.map;
  /* The map carries its own legend (with counts); the page's is for the tiles. */
  /* The map's own legend, with counts, is drawn in the SVG; at phone width
   * its text would shrink with the map, so the page's list takes over. */
  $("legend").classList.toggle("with-map", app.haveMap);
  app.treaties = treaties.treaties;
  app.states = states.states;
  for (const s of app.states) app.names[s.state] = s.name;
  const sel = $("treaty");
  for (const t of app.treaties) sel.append(el("option", { value: t.id }, t.name));
  const list = $("state-list");
  for (const s of app.states)
    if (s.kind !== "former_state") list.append(el("option", { value: s.state }, s.name + " (" + s.state + ")"));
  const slider = $("slider");
  let timer = null;
  slider.addEventListener("input", () => {
    const iso = fromDays(app.start + Number(slider.value));
    $("date").value = iso;
    slider.setAttribute("aria-valuetext", iso);
    clearTimeout(timer);
    timer = setTimeout(() => setDate(iso, true), 120);
  });
  $("date").addEventListener("change", e => setDate(e.target.value, false));
  $("controls").addEventListener("submit", e => e.preventDefault());
  sel.addEventListener("change", () => { setTreaty(sel.value); setDate(app.date, false); });
  list.addEventListener("change", () => { if (list.value) openState(list.value, false); });
  /* "#TREATY/DATE" names what is shown, so links and Back work. */
  const fromHash = () => {
    const [hashTreaty, hashDate] = location.hash.slice(1).split("/");
    const date = /^\d{4}-\d{2}-\d{2}$/.test(hashDate || "") ? hashDate : (app.date || today());
    if (app.treaty === hashTreaty && app.date === date) return;
    setTreaty(hashTreaty);
    setDate(date, false);
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
}

function setTreaty(id) {
  app.treaty = app.treaties.some(t => t.id === id) ? id : app.treaties[0].id;
  $("treaty").value = app.treaty;
  const t = app.treaties.find(x => x.id === app.treaty);
  $("treaty-name").textContent = t.title || t.name;
  app.start = toDays(t.adopted || "1990-01-01");
  $("slider").max = String(toDays(today()) + 365 - app.start);
  $("feed-atom").href = "/v1/treaties/" + encodeURIComponent(app.treaty) + "/feed.atom";
  $("feed-json").href = "/v1/treaties/" + encodeURIComponent(app.treaty) + "/feed.json";
}

init().catch(report);
