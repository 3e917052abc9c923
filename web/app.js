/* pacta web page: the map, the count, the chart, one state's story and
 * the withdrawals tracker, all from the JSON API under /v1. No framework;
 * text from the API is set with textContent, never parsed as HTML. */
"use strict";

/* The page's words are English msgids of the "pacta" catalogues (listed
 * in src/server/routes.c); /v1/language gives those the language changes.
 * tr(msgid) is a word, fmt(msgid, ...) a message with its %s (or %1$s, ...)
 * filled in; fparts() keeps arguments that are nodes. */
const words = {};
const tr = msgid => words[msgid] || msgid;
function fparts(msgid, args) {
  const s = tr(msgid), out = [];
  let i = 0, last = 0;
  s.replace(/%(?:(\d+)\$)?s/g, (m, n, at) => {
    out.push(s.slice(last, at), args[n ? Number(n) - 1 : i++]);
    last = at + m.length;
    return m;
  });
  out.push(s.slice(last));
  return out.filter(x => x !== "");
}
const fmt = (msgid, ...args) => fparts(msgid, args).join("");

const STATUSES = [
  ["party", "Party (bound)", "■"],
  ["withdrawal_pending", "Party, withdrawal pending", "▨"],
  ["withdrawal_held", "Party, withdrawal held (armed conflict)", "▩"],
  ["consented", "Consented, not yet in force", "◩"],
  ["signatory", "Signatory", "◇"],
  ["withdrawn", "Withdrawn", "·"],
  ["none", "Not a participant", ""],
];
const MARK = Object.fromEntries(STATUSES.map(s => [s[0], s[2]]));
/* A status's label in the page's language (the code where it has none). */
const statusLabel = st => { const s = STATUSES.find(x => x[0] === st); return s ? tr(s[1]) : st; };
const STAGES = {
  announced: "announced", government_decision: "government decision",
  parliament_approved: "approved by parliament", signed_into_law: "signed into law",
  notified: "notified to the depositary", held: "held (armed conflict)", effective: "took effect",
};
/* Acts and obligations' statuses in words: their codes, without the
 * underscores, are the msgids. */
const codeWords = code => tr(String(code || "").replace(/_/g, " "));

/* Dates in words as the catalogue writes them ("27 juin 2025"); ISO
 * dates in English (its pattern is "YYYY-MM-DD"). */
function inWords(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  const pattern = tr("YYYY-MM-DD");
  if (!m || pattern === "YYYY-MM-DD") return iso;
  const [, y, mo, d] = m;
  const first = tr("day 1");
  return pattern.replace(/YYYY|MMMM|MM|DD|D/g, k => ({
    YYYY: y, MM: mo, DD: d,
    MMMM: tr(["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"][Number(mo) - 1]),
    D: d === "01" && first !== "day 1" ? first : String(Number(d)),
  })[k]);
}
/* Numbers and shares as the language writes them. */
let numbers = new Intl.NumberFormat("en");
let percents = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });
const num = n => (typeof n === "number" ? numbers.format(n) : n);
const pct = n => percents.format(n / 100);

const app = { treaty: null, treaties: [], states: [], names: {}, titles: {}, date: null, start: null,
  selected: null, haveMap: false, seq: 0 };
/* A treaty's short name in the page's language, where a source gives one. */
const treatyName = t => (app.titles[t.id] && app.titles[t.id].name) || t.name || t.id;
/* The page's language for an answer's words (the map's). */
const langArg = () => "&lang=" + encodeURIComponent(document.documentElement.lang);
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

/* A state's name in the page's language (the answers' names are the
 * record's English ones). */
function nameOf(x) {
  return app.names[x.state] || x.name;
}

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
      (MARK[s] ? MARK[s] + " " : "") + tr(label)));
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
    : fmt("%s: %s", name, statusLabel(status)));
  node.addEventListener("click", () => openState(iso, true, territory));
  node.addEventListener("keydown", e => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openState(iso, true, territory); }
  });
}

/* ---- The map's view: zoom and pan ---- */

/* The map is drawn whole (960 wide, pre-projected); the page shows a part
 * of it by its viewBox. The frame keeps one shape (the world's, or 4:3 at
 * phone width, where Europe would otherwise be a thumbnail), and a view is
 * a centre and a zoom factor k over the whole world fitted to the frame. */
const EUROPE = { x: 440, y: 10, w: 140, h: 108 }; /* Iceland to the Black Sea, in map units */
const ZOOM_MAX = 16;
const view = { cx: 480, cy: 211, k: 1, W: 960, H: 422, preset: "world" };
const phone = window.matchMedia("(max-width: 600px)");

function frame() {
  const aspect = phone.matches ? 4 / 3 : view.W / view.H;
  /* The whole map fitted to the frame's shape. */
  return view.W / view.H > aspect ? { w: view.W, h: view.W / aspect } : { w: view.H * aspect, h: view.H };
}

function setView(cx, cy, k, preset) {
  view.k = Math.min(ZOOM_MAX, Math.max(1, k));
  view.cx = Math.min(view.W, Math.max(0, cx));
  view.cy = Math.min(view.H, Math.max(0, cy));
  view.preset = preset || null;
  applyView();
}

function preset(name) {
  const f = frame();
  if (name === "europe")
    setView(EUROPE.x + EUROPE.w / 2, EUROPE.y + EUROPE.h / 2,
      Math.min(f.w / EUROPE.w, f.h / EUROPE.h), "europe");
  else
    setView(view.W / 2, view.H / 2, 1, "world");
}

function zoomBy(factor) { setView(view.cx, view.cy, view.k * factor); }

/* dx, dy: a share of the frame. */
function panBy(dx, dy) {
  const f = frame();
  setView(view.cx + dx * f.w / view.k, view.cy + dy * f.h / view.k, view.k, null);
}

/* Screen pixels per map unit at the current view. */
function pixelsPerUnit(svg) {
  const f = frame();
  return svg.getBoundingClientRect().width / (f.w / view.k) || 1;
}

function applyView() {
  const svg = document.querySelector("#map svg.pacta-map");
  if (!svg) return;
  const f = frame(), w = f.w / view.k, h = f.h / view.k;
  svg.setAttribute("viewBox", `${(view.cx - w / 2).toFixed(2)} ${(view.cy - h / 2).toFixed(2)} ` +
    `${w.toFixed(2)} ${h.toFixed(2)}`);
  svg.setAttribute("data-zoom", view.k.toFixed(2));
  svg.style.aspectRatio = `${f.w} / ${f.h}`;
  /* Markers keep a readable size on screen, from 3 to 6 pixels across
   * their radius, whatever the zoom; their status marks follow them. */
  const ppu = pixelsPerUnit(svg);
  const r = Math.min(6, Math.max(3, 3 * ppu)) / ppu;
  for (const c of svg.querySelectorAll("circle.marker, circle.tiny")) {
    c.setAttribute("r", r.toFixed(3));
    const mark = c.pacta_mark;
    if (mark) mark.setAttribute("transform", `translate(${c.getAttribute("cx")} ${c.getAttribute("cy")}) ` +
      `scale(${(r / 3).toFixed(3)}) translate(-3 -3)`);
  }
  for (const b of document.querySelectorAll("#map-tools [data-zoom]"))
    b.setAttribute("aria-pressed", String(b.dataset.zoom === view.preset));
  $("map-tools").querySelector('[data-zoom="in"]').disabled = view.k >= ZOOM_MAX;
  $("map-tools").querySelector('[data-zoom="out"]').disabled = view.k <= 1;
  drawSelection();
}

/* The chosen state's outline: drawn above the map, outside the shape only
 * (a mask hides the inner half of the strokes), a white gap then the focus
 * colour, so that the state's own colour and pattern stay whole. */
function drawSelection() {
  const svg = document.querySelector("#map svg.pacta-map");
  if (!svg) return;
  svg.querySelector("g.selection")?.remove();
  svg.querySelector("mask#pacta-selection-mask")?.remove();
  if (!app.selected) return;
  const NS = "http://www.w3.org/2000/svg";
  const shapes = [...svg.querySelectorAll(`[data-state="${app.selected}"]:not(.offmap)`)]
    .filter(n => n.tagName === "path" || n.tagName === "circle");
  if (!shapes.length) return;
  const mk = (tag, attrs) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const copy = (n, attrs) => {
    const e = mk(n.tagName, attrs);
    for (const a of ["d", "cx", "cy", "r"]) if (n.hasAttribute(a)) e.setAttribute(a, n.getAttribute(a));
    return e;
  };
  const mask = mk("mask", { id: "pacta-selection-mask", maskUnits: "userSpaceOnUse",
    x: -view.W, y: -view.H, width: 3 * view.W, height: 3 * view.H });
  mask.append(mk("rect", { x: -view.W, y: -view.H, width: 3 * view.W, height: 3 * view.H, fill: "#fff" }));
  for (const n of shapes) mask.append(copy(n, { fill: "#000" }));
  const g = mk("g", { class: "selection", mask: "url(#pacta-selection-mask)", fill: "none",
    "pointer-events": "none", "aria-hidden": "true" });
  /* The focus colour (app.css's --focus), 2 pixels outside a white gap of 1.5. */
  for (const n of shapes) g.append(copy(n, { class: "outline", stroke: "#9a3df0", "stroke-width": "7",
    "stroke-linejoin": "round", "vector-effect": "non-scaling-stroke" }));
  for (const n of shapes) g.append(copy(n, { class: "gap", stroke: "#fff", "stroke-width": "3",
    "stroke-linejoin": "round", "vector-effect": "non-scaling-stroke" }));
  svg.querySelector("defs").append(mask);
  svg.append(g);
}

/* Pointer drags pan the view (a drag is not a click); the wheel zooms only
 * with Ctrl held, so that the page still scrolls. */
function dragToPan(svg) {
  let start = null, moved = false;
  svg.addEventListener("pointerdown", e => {
    moved = false; /* a drag that ended outside the map leaves no click to swallow */
    if (view.k <= 1 || e.button !== 0) return;
    start = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy };
  });
  svg.addEventListener("pointermove", e => {
    if (!start) return;
    const dx = e.clientX - start.x, dy = e.clientY - start.y;
    if (!moved && Math.hypot(dx, dy) < 5) return;
    if (!moved) svg.setPointerCapture(e.pointerId);
    moved = true;
    const ppu = pixelsPerUnit(svg);
    setView(start.cx - dx / ppu, start.cy - dy / ppu, view.k, null);
  });
  const end = () => { start = null; };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("click", e => { if (moved) { e.stopPropagation(); e.preventDefault(); moved = false; } }, true);
  svg.addEventListener("wheel", e => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? 1.25 : 0.8);
  }, { passive: false });
}

/* The view's keys, on the map's frame (its own tab stop) and its toolbar:
 * + and − zoom, the arrows pan, E shows Europe, 0 the whole world. */
function viewKeys(e, canPan) {
  const pan = { ArrowRight: [0.2, 0], ArrowLeft: [-0.2, 0], ArrowDown: [0, 0.2], ArrowUp: [0, -0.2] }[e.key];
  if (pan && canPan) panBy(...pan);
  else if (e.key === "+" || e.key === "=") zoomBy(1.5);
  else if (e.key === "-" || e.key === "−" || e.key === "_") zoomBy(1 / 1.5);
  else if (e.key === "e" || e.key === "E") preset("europe");
  else if (e.key === "0") preset("world");
  else return;
  e.preventDefault();
}

function initView() {
  for (const b of document.querySelectorAll("#map-tools [data-zoom]")) {
    b.addEventListener("click", () => {
      const z = b.dataset.zoom;
      if (z === "in") zoomBy(1.5);
      else if (z === "out") zoomBy(1 / 1.5);
      else preset(z === "europe" ? "europe" : "world");
    });
  }
  $("map-tools").addEventListener("keydown", e => viewKeys(e, false));
  /* On the frame the arrows pan; on a state they move between states
   * (roving), and the other keys still zoom. */
  $("map").addEventListener("keydown", e => viewKeys(e, e.target === $("map")));
  phone.addEventListener("change", () => view.preset ? preset(view.preset) : applyView());
  /* The charts are drawn at the width they are shown at: again when it
   * changes (from the answers already fetched). */
  let drawnWidth = null, timer = null;
  window.addEventListener("resize", () => {
    applyView();
    clearTimeout(timer);
    timer = setTimeout(() => {
      const w = chartWidth();
      if (drawnWidth !== null && w !== drawnWidth && app.treaty)
        Promise.all([drawChart(), drawReports()]).catch(report);
      drawnWidth = w;
    }, 150);
  });
  drawnWidth = chartWidth();
}

/* The map's legend, read from the SVG (its counts and its very fills),
 * as the page's list: it wraps at any width and its text keeps the page's
 * size. */
function mapLegend(svg) {
  const ul = $("legend");
  ul.replaceChildren();
  const NS = "http://www.w3.org/2000/svg";
  for (const g of svg.querySelectorAll(".legend .legend-item")) {
    const rect = g.querySelector("rect"), text = g.querySelector("text");
    const st = g.getAttribute("data-legend");
    const count = (/\((\d+)\)\s*$/.exec(text ? text.textContent : "") || [])[1];
    const sw = document.createElementNS(NS, "svg");
    sw.setAttribute("class", "swatch");
    sw.setAttribute("viewBox", "0 0 18 12");
    sw.setAttribute("aria-hidden", "true");
    const r = document.createElementNS(NS, "rect");
    for (const [k, v] of [["width", 18], ["height", 12], ["fill", rect.getAttribute("fill")],
      ["stroke", "#333"], ["stroke-width", 1]]) r.setAttribute(k, v);
    sw.append(r);
    const label = st ? (MARK[st] ? MARK[st] + " " : "") + statusLabel(st) : tr("Not in the record");
    ul.append(el("li", st ? { "data-legend": st } : {}, sw,
      label + (count !== undefined ? " (" + num(Number(count)) + ")" : "")));
  }
}

/* Participants with a status and no place on the map (former states, the
 * European Union): buttons under the map, read from the SVG's list. */
function offMap(svg, box) {
  const items = [...svg.querySelectorAll(".offmap-list [data-state]")];
  svg.querySelector(".offmap-list")?.remove();
  if (!items.length) return;
  const p = el("p", { class: "offmap" }, tr("Not on the map:") + " ");
  items.forEach((g, i) => {
    const st = g.getAttribute("data-status");
    const b = el("button", { type: "button", class: "offmap st-" + st, "data-state": g.getAttribute("data-state"),
      "data-status": st }, (g.querySelector("text") || g).textContent.trim());
    p.append(i ? ", " : "", b);
  });
  box.append(p);
}

/* Shapes too small to see at the world's scale (Luxembourg, Trinidad,
 * Cyprus, ...) get a marker too, with their fill, above the shapes. */
function tinyMarkers(svg) {
  const NS = "http://www.w3.org/2000/svg";
  const layer = svg.querySelector("g.markers");
  for (const n of svg.querySelectorAll("g.shapes path[data-state]")) {
    const b = n.getBBox();
    if (Math.max(b.width, b.height) >= 6) continue;
    const c = document.createElementNS(NS, "circle");
    for (const [k, v] of [["cx", (b.x + b.width / 2).toFixed(1)], ["cy", (b.y + b.height / 2).toFixed(1)],
      ["r", 3], ["class", "tiny"], ["fill", n.getAttribute("fill")], ["aria-hidden", "true"]])
      c.setAttribute(k, v);
    c.addEventListener("click", () => n.dispatchEvent(new MouseEvent("click", { bubbles: true })));
    layer.prepend(c);
  }
}

async function drawMap(status) {
  const box = $("map"), seq = app.seq;
  if (app.haveMap) {
    const r = await fetch(api("/map.svg?on=" + app.date + langArg()));
    const text = r.ok ? await r.text() : "";
    /* A later date was chosen while this map was on its way: its own
     * refresh draws the map, and this older one must not land after it. */
    if (seq !== app.seq) return;
    if (r.ok) {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const svg = doc.documentElement;
      if (svg && svg.nodeName.toLowerCase() === "svg") {
        const node = document.importNode(svg, true);
        node.setAttribute("role", "group");
        node.setAttribute("aria-label", fmt("World map of statuses on %s", inWords(app.date)));
        /* The map is the part above the legend: the SVG's own legend and
         * list become the page's (below), and the view crops to the land. */
        const vb = (node.getAttribute("viewBox") || "0 0 960 422").split(/\s+/).map(Number);
        const legendRect = node.querySelector(".legend rect");
        view.W = vb[2];
        view.H = legendRect ? Number(legendRect.getAttribute("y")) - 12 : vb[3];
        box.replaceChildren(node);
        box.setAttribute("tabindex", "0");
        box.setAttribute("aria-label", tr("Map view: + and − zoom, the arrow keys pan, E shows Europe, 0 the whole world"));
        $("map-tools").hidden = false;
        mapLegend(node);
        offMap(node, box);
        tinyMarkers(node);
        for (const m of node.querySelectorAll("circle.marker")) {
          const next = m.nextElementSibling;
          if (next && next.classList.contains("mark")) m.pacta_mark = next;
        }
        for (const n of box.querySelectorAll("[data-state]"))
          makeSelectable(n, n.getAttribute("data-state"));
        roving(box.querySelectorAll("[data-state]"));
        /* A state reached by the keyboard is brought into the view. */
        for (const n of node.querySelectorAll("[data-state]")) n.addEventListener("focus", () => {
          const b = n.getBBox(), f = frame(), w = f.w / view.k, h = f.h / view.k;
          const x = b.x + b.width / 2, y = b.y + b.height / 2;
          if (Math.abs(x - view.cx) > w / 2 || Math.abs(y - view.cy) > h / 2) setView(x, y, view.k, null);
        });
        dragToPan(node);
        applyView();
        return;
      }
    }
  }
  /* Without the map module: one labelled tile per state in the record. */
  const grid = el("div", { class: "tiles", role: "group",
    "aria-label": fmt("States by status on %s", inWords(app.date)) });
  const byIso = Object.fromEntries(status.states.map(s => [s.state, s.status]));
  for (const s of app.states) {
    if (s.kind === "former_state" || s.kind === "organization") continue;
    const st = byIso[s.state] || "none";
    const t = el("div", { class: "tile st-" + st, "data-state": s.state, "data-status": st,
      title: fmt("%s: %s", nameOf(s), statusLabel(st)) }, s.state, el("span", { class: "mark" }, MARK[st] || "\u00a0"));
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

/* Labels for dates on a time axis, stacked in rows above the plot so that
 * no two overlap and no leader crosses a label: each label sits just right
 * of its date (or left, at the plot's right edge), in the first row (from
 * the plot up) where it clears the labels already there, does not cover
 * the leader of a label higher up, and its own leader, running down from
 * it to the plot, passes no label lower down. The texts are measured in
 * place, so the svg must be in the page. Returns the number of rows used;
 * place(rowY, plotTop) then sets each label's y and draws its leader. */
function stackLabels(svg, s, items, left, right) {
  const GAP = 6, PAD = 4, MAX_ROWS = 8;
  const labels = items.map(it => {
    const t = s("text", { class: "event-label", x: 0, y: 0, "data-date": it.date }, it.text);
    let w = t.getComputedTextLength();
    if (it.short && w > right - left - 2 * PAD) { /* a shorter form where the long one cannot fit */
      t.textContent = it.short;
      w = t.getComputedTextLength();
    }
    const spans = [[it.x + PAD, it.x + PAD + w, "right"], [it.x - PAD - w, it.x - PAD, "left"]]
      .filter(([a, b]) => a >= left && b <= right);
    if (!spans.length) {
      const a = Math.max(left, Math.min(it.x - w / 2, right - w));
      spans.push([a, a + w, "middle"]);
    }
    return { t, x: it.x, spans };
  });
  /* Places the labels in the given order, each on the side it prefers
   * (in any row) before the other; bad counts the labels that could only
   * be placed with a leader crossing another label. */
  const layout = (order, side) => {
    const placed = [];
    let bad = 0;
    const clear = (row, a, b, x, strict) => placed.every(p =>
      (p.row !== row || b + GAP <= p.a || p.b + GAP <= a) &&
      (!strict || p.row <= row || p.x < a - 2 || p.x > b + 2) &&
      (!strict || p.row >= row || x < p.a - 2 || x > p.b + 2));
    for (const l of order) {
      let got = null;
      const spans = l.spans.slice().sort((p, q) => (q[2] === side) - (p[2] === side));
      for (const strict of [true, false]) {
        for (const [a, b] of spans)
          for (let row = 0; !got && row < (strict ? MAX_ROWS : 100); row++)
            if (clear(row, a, b, l.x, strict)) got = { l, row, a, b, x: l.x };
        if (got) break;
        bad++;
      }
      placed.push(got);
    }
    return { placed, bad, rows: placed.reduce((n, p) => Math.max(n, p.row + 1), 0) };
  };
  /* Right to left suits labels right of their dates, left to right those
   * left of them (at the plot's right edge): the better of the two, by
   * crossings, then rows. */
  const byX = labels.slice().sort((a, b) => a.x - b.x);
  const tries = [layout(byX.slice().reverse(), "right"), layout(byX, "left")];
  const best = tries.sort((a, b) => a.bad - b.bad || a.rows - b.rows)[0];
  for (const p of best.placed) p.l.t.setAttribute("x", p.a.toFixed(1));
  return {
    rows: best.rows,
    place(rowY, plotTop) {
      for (const p of best.placed) {
        const y = rowY(p.row);
        p.l.t.setAttribute("y", y.toFixed(1));
        s("line", { class: "leader", x1: p.x.toFixed(1), y1: (y - 9).toFixed(1),
          x2: p.x.toFixed(1), y2: plotTop });
      }
    },
  };
}

const LABEL_ROW = 14;

/* The charts' width in user units: the width they are shown at (up to
 * 720), so that their 11px text stays 11 pixels on a phone. */
function chartWidth() {
  return Math.round(Math.min(720, Math.max(300, $("chart").clientWidth || 720)));
}

async function drawChart() {
  const seq = app.seq; /* see drawMap */
  const to = app.date > today() ? app.date : today();
  const [counts, wd] = await Promise.all([
    getJSON(api("/counts?to=" + to)),
    getJSON(api("/withdrawals?on=" + to)),
  ]);
  if (seq !== app.seq) return;
  /* The withdrawals that took effect: one label per date. */
  const eff = {};
  for (const w of wd.withdrawals)
    if (w.withdrawal_effective && w.stage === "effective")
      (eff[w.withdrawal_effective] = eff[w.withdrawal_effective] || []).push(w.state);
  const W = chartWidth(), L = 44, R = 12, B = 30, PLOT = 216;
  const pts = counts.series;
  const x0 = toDays(pts[0].date), x1 = toDays(pts[pts.length - 1].date);
  const X = d => L + (W - L - R) * (toDays(d) - x0) / Math.max(1, x1 - x0);
  const [svg, s] = svgImage(W, PLOT + B + 16);
  $("chart").replaceChildren(svg);
  /* Their labels get a band of their own above the plot, as many rows as
   * they need, so that no line runs through them and none overlaps. */
  /* Dates closer than a few pixels share one label (the panel below
   * shows the last years apart). */
  const groups = [];
  for (const [d, states] of Object.entries(eff).sort()) {
    const g = groups[groups.length - 1], part = states.sort().join(", ") + " " + inWords(d);
    if (g && X(d) - g.last < 8) { g.parts.push(part); g.last = X(d); }
    else groups.push({ x: X(d), last: X(d), date: d, parts: [part], dates: [] });
    groups[groups.length - 1].dates.push(d);
  }
  const labels = stackLabels(svg, s, groups.map(g =>
    ({ x: g.x, date: g.date, text: fmt("withdrawn: %s", g.parts.join("; ")),
      short: g.parts.length > 1 ? fmt("%s dates of withdrawal, %s to %s", num(g.parts.length),
        inWords(g.date), inWords(g.dates[g.dates.length - 1])) : null })), L, W - R);
  const T = 16 + LABEL_ROW * labels.rows, H = T + PLOT + B;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const ymax = Math.max(10, ...pts.map(p => Math.max(p.parties, p.signatories)));
  const top = Math.ceil(ymax / 20) * 20;
  const Y = v => T + (H - T - B) * (1 - v / top);
  const last = pts[pts.length - 1];
  svg.setAttribute("aria-label", fmt("Parties from %s to %s: %s to %s; signatories %s at the end.",
    inWords(pts[0].date), inWords(last.date), num(pts[0].parties), num(last.parties), num(last.signatories)));
  s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  for (let v = 0; v <= top; v += top / 4) {
    s("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end" }, num(v));
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
  labels.place(r => T - 8 - LABEL_ROW * r, T);
  for (const d of Object.keys(eff))
    s("line", { class: "event", x1: X(d), y1: T, x2: X(d), y2: H - B });
  s("line", { class: "now", x1: X(app.date), y1: T, x2: X(app.date), y2: H - B });
  s("text", { x: L + 6, y: T + 10 }, "— " + tr("parties") + "   - - " + tr("signatories"));
  $("chart-note").textContent = fmt("Monthly, from %s to %s. The purple line is the chosen date; " +
    "red dashes mark withdrawals taking effect.", inWords(pts[0].date), inWords(last.date));
  await drawRecent(to, wd);
}

/* The last years, day by day, on a scale of their own: the parties'
 * steps, each withdrawal's notification (a tick on the axis) and its
 * effect (a labelled line, one label per state, stacked clear of one
 * another). From 1 January two years before the later of today and the
 * chosen date. */
async function drawRecent(to, wd) {
  const from = (Number(to.slice(0, 4)) - 2) + "-01-01";
  const t = app.treaties.find(x => x.id === app.treaty) || {};
  const box = $("chart-recent");
  if (t.treaty_entry_into_force && t.treaty_entry_into_force > from) {
    box.replaceChildren(); /* the whole chart above is as recent */
    $("recent-note").textContent = "";
    $("recent-title").hidden = true;
    return;
  }
  $("recent-title").hidden = false;
  const counts = await getJSON(api("/counts?from=" + from + "&to=" + to + "&unit=day"));
  const pts = counts.series;
  if (!pts.length) return;
  const W = chartWidth(), L = 44, R = 12, B = 30, PLOT = 150;
  const x0 = toDays(pts[0].date), x1 = toDays(pts[pts.length - 1].date);
  const X = d => L + (W - L - R) * (toDays(d) - x0) / Math.max(1, x1 - x0);
  const [svg, s] = svgImage(W, PLOT + B + 16);
  box.replaceChildren(svg);
  const inWindow = d => d && d >= pts[0].date && d <= pts[pts.length - 1].date;
  const going = wd.withdrawals.filter(w => inWindow(w.withdrawal_effective) || inWindow(w.withdrawal_notified));
  const labels = stackLabels(svg, s, going.filter(w => inWindow(w.withdrawal_effective)).map(w =>
    ({ x: X(w.withdrawal_effective), date: w.withdrawal_effective,
      text: w.stage === "effective" ? fmt("%s out %s", w.state, inWords(w.withdrawal_effective))
        : fmt("%s due out %s", w.state, inWords(w.withdrawal_effective)) })), L, W - R);
  const T = 16 + LABEL_ROW * labels.rows, H = T + PLOT + B;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const lo = Math.min(...pts.map(p => p.parties)), hi = Math.max(...pts.map(p => p.parties));
  const bottom = Math.max(0, lo - 2), top = hi + 2;
  const Y = v => T + (H - T - B) * (1 - (v - bottom) / Math.max(1, top - bottom));
  const last = pts[pts.length - 1];
  svg.setAttribute("aria-label", fmt("Parties day by day from %s (%s) to %s (%s); withdrawals taking effect: %s.",
    inWords(pts[0].date), num(pts[0].parties), inWords(last.date), num(last.parties),
    going.filter(w => inWindow(w.withdrawal_effective)).map(w => w.state + " " + inWords(w.withdrawal_effective))
      .join(", ") || tr("none")));
  s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  const tick = Math.max(1, Math.ceil((top - bottom) / 5));
  for (let v = Math.ceil(bottom / tick) * tick; v <= top; v += tick) {
    s("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end" }, num(v));
    s("line", { class: "axis", x1: L - 3, y1: Y(v), x2: L, y2: Y(v) });
  }
  for (let y = Number(pts[0].date.slice(0, 4)); y <= Number(last.date.slice(0, 4)); y++) {
    for (const m of ["01", "07"]) {
      const d = y + "-" + m + "-01";
      if (!inWindow(d)) continue;
      s("line", { class: "axis", x1: X(d), y1: H - B, x2: X(d), y2: H - B + 4 });
      s("text", { x: X(d), y: H - B + 16, "text-anchor": "middle" }, m === "01" ? String(y) : tr("July"));
    }
  }
  /* Steps: the count holds until the day it changes. */
  let d = "";
  pts.forEach((p, i) => {
    const x = X(p.date).toFixed(1), y = Y(p.parties).toFixed(1);
    d += i ? `H${x}V${y}` : `M${x} ${y}`;
  });
  s("path", { class: "parties", d });
  labels.place(r => T - 8 - LABEL_ROW * r, T);
  for (const w of going) {
    if (inWindow(w.withdrawal_effective))
      s("line", { class: "event", x1: X(w.withdrawal_effective), y1: T, x2: X(w.withdrawal_effective), y2: H - B });
    if (inWindow(w.withdrawal_notified)) {
      const c = s("circle", { class: "notified", cx: X(w.withdrawal_notified), cy: H - B, r: 3.5,
        "data-state": w.state });
      c.append(Object.assign(document.createElementNS("http://www.w3.org/2000/svg", "title"),
        { textContent: fmt("%s notified its withdrawal on %s", nameOf(w), inWords(w.withdrawal_notified)) }));
    }
  }
  if (inWindow(app.date)) s("line", { class: "now", x1: X(app.date), y1: T, x2: X(app.date), y2: H - B });
  $("recent-note").textContent = fmt("Parties each day from %s to %s (the scale starts at %s). Red dashes: " +
    "a withdrawal taking effect, labelled with the state; rings on the axis: the day it was notified to " +
    "the depositary.", inWords(pts[0].date), inWords(last.date), num(bottom));
}

/* ---- Reports ---- */

/* The annual reports per calendar year (/reports), in the chart's look:
 * bars for the share of each year's reports the record holds (submitted or
 * listed as missing), a line where it holds them all (the rate), and the
 * rates the ICBL and Landmine Monitor published as rings. */
async function drawReports() {
  const seq = app.seq; /* see drawMap */
  const to = app.date > today() ? app.date : today();
  const t = app.treaties.find(x => x.id === app.treaty);
  if (!t || !t.annual_reports) {
    $("reports-section").hidden = true; /* no annual reports in its rules */
    return;
  }
  const ans = await getJSON(api("/reports?on=" + to + langArg()));
  if (seq !== app.seq) return;
  const ys = ans.years;
  $("reports-section").hidden = ys.length === 0;
  if (!ys.length) return;
  const W = chartWidth(), H = 262, L = 44, R = 12, T = 16, B = 30;
  const y0 = ys[0].year, y1 = ys[ys.length - 1].year;
  const slot = (W - L - R) / (y1 - y0 + 1);
  const X = y => L + slot * (y - y0 + 0.5);
  const Y = v => T + (H - T - B) * (1 - v / 100);
  const [svg, s] = svgImage(W, H);
  const pub = ys.flatMap(y => y.published.filter(p => p.rate !== null)
    .map(p => ({ year: y.year, rate: p.rate, as_at: p.as_at })));
  const rated = ys.filter(y => y.rate !== null);
  svg.setAttribute("aria-label", fmt("Annual reports on %s to %s: %s; published rates %s.", y0, y1,
    rated.length ? rated.map(y => `${y.year} ${pct(y.rate)}`).join(", ") : tr("no year with every report on record"),
    pub.map(p => `${p.year} ${pct(p.rate)}`).join(", ") || tr("none")));
  s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  for (let v = 0; v <= 100; v += 25) {
    s("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end" }, pct(v));
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
  s("text", { x: L + 6, y: T + 10 }, "— " + tr("rate, every report on record") + "   ○ " +
    tr("published rate") + "   ▮ " + tr("share on record"));
  $("reports-chart").replaceChildren(svg);
  $("reports-note").textContent = fmt("Reports (Art. %s) by the calendar year they cover, as recorded " +
    "on %s. Required: %s. pacta gives a rate only for a year whose every report is on record (submitted, " +
    "or listed by a source as not received); the rings are the rates the ICBL and Landmine Monitor " +
    "published, and the bars how much of each year the record holds.", ans.article, inWords(ans.on),
  ans.required_meaning);
}

/* ---- One state ---- */

/* A source link, or nothing for a value that is not an http(s) URL. */
function sourceLink(url, text) {
  return /^https?:\/\//.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer" }, text || tr("source")) : "";
}

/* The territory's answer: whether the treaty applies to it, on what act. */
async function territorySection(iso, territory) {
  try {
    const t = await getJSON(api("/states/" + encodeURIComponent(iso) + "/territories/" +
      encodeURIComponent(territory) + "?on=" + app.date));
    const on = t.act ? inWords(t.act.date) : "";
    const basis = { extended: fmt("extended to it on %s", on), excluded: fmt("excluded on %s", on),
      not_yet_extended: tr("not yet extended to it"), whole_territory: tr("no act names it: the treaty " +
      "applies as to the rest of the state's territory") }[t.basis] || t.basis;
    const p = el("p", { class: "territory" }, fmt("Territory %s: %s; %s", territory,
      t.applies ? (t.since ? fmt("%s since %s", statusLabel(t.status), inWords(t.since)) : statusLabel(t.status))
        : tr("not applied"), basis) + " ");
    if (t.act) p.append(sourceLink(t.act.source_url));
    return [el("h4", {}, fmt("Territory %s", territory)), p];
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
      const li = el("li", {}, "Art. " + ob.article + ": " + codeWords(ob.status) +
        (ob.due ? fmt(", due %s", inWords(ob.due)) : "") + (ob.met_on ? fmt(", met %s", inWords(ob.met_on)) : ""));
      const d = el("details", {}, el("summary", {}, tr("How")),
        el("p", { "data-text": "service" }, ob.explanation || ""));
      li.append(d);
      ul.append(li);
    }
    return [el("h4", {}, tr("Obligations")), ul];
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
      const head = inWords(x.date) + " " + codeWords(x.action) +
        (x.upon ? fmt(", upon %s", codeWords(x.upon.action)) : "") + (x.territory ? " (" + x.territory + ")" : "") +
        (x.target ? fmt(", addressed to %s", x.target) : "");
      const li = el("li", {}, el("details", {}, el("summary", {}, head),
        el("p", { class: "text", "data-text": "service" }, x.text || tr("(no text in the record)")),
        el("p", {}, (x.notification ? x.notification + " " : ""), sourceLink(x.source_url))));
      for (const r of x.responses || [])
        li.append(el("div", { class: "response" }, fmt("%s %s by %s", inWords(r.date), codeWords(r.action),
          app.names[r.state] || r.state) + " ", sourceLink(r.source_url)));
      ul.append(li);
    }
    return [el("h4", {}, tr("Declarations")), ul];
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
  drawSelection();
  const panel = $("panel");
  let d;
  try {
    d = await getJSON(api("/states/" + encodeURIComponent(iso) + "?on=" + app.date + langArg()));
  } catch (e) {
    panel.replaceChildren(el("p", {}, fmt("No answer for %s.", iso)));
    return;
  }
  const v = d.status;
  const dl = el("dl", {});
  const row = (k, val) => { if (val) dl.append(el("dt", {}, k), el("dd", {}, val)); };
  row(fmt("Status on %s", inWords(d.on)), statusLabel(v.status));
  row(tr("Since"), inWords(v.since));
  row(tr("Signed"), inWords(v.signature));
  row(tr("Consent"), v.consent ? inWords(v.consent) + " (" + codeWords(v.consent_instrument) + ")" : null);
  row(tr("In force for it"), inWords(v.entry_into_force));
  row(tr("Withdrawal notified"), inWords(v.withdrawal_notified));
  row(tr("Withdrawal effective"), inWords(v.withdrawal_effective));
  const tl = el("ol", { class: "timeline" });
  for (const ev of d.timeline) {
    if (ev.kind === "status") {
      tl.append(el("li", { class: "status-change" }, inWords(ev.date) + " → " + statusLabel(ev.status) +
        (ev.article ? " (Art. " + ev.article + ")" : "")));
    } else if (ev.act) {
      const a = ev.act;
      const domestic = /^none/.test(ev.legal_effect || "");
      const what = a.state !== iso ? fmt("%s by %s", codeWords(a.action), a.state) : codeWords(a.action);
      const li = el("li", domestic ? { class: "domestic" } : {}, inWords(ev.date) + " " + what +
        (domestic ? " (" + tr(ev.legal_effect) + ") " : " "));
      li.append(sourceLink(a.source_url));
      tl.append(li);
    }
  }
  const ex = d.explanation;
  /* The steps are the service's text (data-text="service"), in its language. */
  const steps = el("ol", { "data-text": "service" });
  for (const st of ex.steps || []) steps.append(el("li", {}, st.text));
  const srcs = el("ol", { class: "sources" });
  for (const src of ex.sources || []) {
    const url = src.source_url || src.url;
    const li = el("li", {}, "[" + (src.ref || "") + "] " + (src.state || "") + " " +
      (src.action ? codeWords(src.action) : "") + " " + (inWords(src.date) || "") + ": ");
    if (url && /^https?:\/\//.test(url)) li.append(el("a", { href: url, rel: "noopener noreferrer" }, url));
    srcs.append(li);
  }
  const [terr, obl, decl] = await Promise.all([
    territory ? territorySection(iso, territory) : [], obligationsSection(iso),
    declarationsSection(iso)]);
  if (app.selected !== iso) return; /* another state was chosen meanwhile */
  panel.replaceChildren(el("h3", {}, (app.names[iso] || iso) + " (" + iso + ")"), ...terr, dl,
    el("h4", {}, tr("Why")), el("p", {}, ex.summary || ""), steps,
    el("h4", {}, tr("Timeline")), tl, ...obl, ...decl, el("h4", {}, tr("Sources")), srcs);
  if (show && window.matchMedia("(max-width: 800px)").matches)
    $("panel-section").scrollIntoView();
}

/* ---- Withdrawals ---- */

async function drawWithdrawals() {
  const seq = app.seq; /* see drawMap */
  const wd = await getJSON(api("/withdrawals?on=" + app.date));
  if (seq !== app.seq) return;
  const body = $("withdrawals").tBodies[0];
  body.replaceChildren();
  for (const w of wd.withdrawals) {
    const b = el("button", { type: "button", "data-state": w.state }, nameOf(w) + " (" + w.state + ")");
    b.addEventListener("click", () => { openState(w.state, true).then(() => $("panel").focus()); });
    /* The notice to the depositary: a withdrawal's, or a claim the treaty
     * has no clause for (a "suspension"), with who contested it. */
    const notified = el("td", { "data-label": tr("Notified") });
    if (w.withdrawal_notified) notified.append(inWords(w.withdrawal_notified));
    for (const cl of w.claims || []) {
      notified.append((notified.childNodes.length ? "; " : "") + codeWords(cl.action) + " " +
        inWords(cl.date) + " (" + (cl.contested_by.length ? fmt("not a withdrawal; contested by %s",
        cl.contested_by.join(", ")) : tr("not a withdrawal")) + ") ", sourceLink(cl.source_url));
    }
    if (!notified.childNodes.length) notified.append("—");
    const td = (label, v) => el("td", { "data-label": tr(label) }, v);
    body.append(el("tr", { "data-state": w.state }, td("State", b), td("Stage", tr(STAGES[w.stage] || w.stage)),
      td("Announced", inWords(w.announced) || "—"), td("Parliament", inWords(w.parliament_approval) || "—"),
      notified, td("Effective", inWords(w.withdrawal_effective) || "—"),
      td("Status on the date", statusLabel(w.status))));
  }
  if (!wd.withdrawals.length)
    body.append(el("tr", {}, el("td", { colspan: "7" }, fmt("No withdrawal steps recorded by %s.", inWords(app.date)))));
}

/* ---- The story of the day ---- */

/* Before a state is chosen, the panel tells the day's story: the count and
 * where it came from, the withdrawals in progress, and what changed in the
 * year before, each change with its source. */
async function drawStory(status) {
  const seq = app.seq; /* see drawMap */
  if (app.selected) return;
  const t = app.treaties.find(x => x.id === app.treaty) || {};
  const from = fromDays(toDays(app.date) - 365);
  let wd = { withdrawals: [] }, diff = { changes: [] }, series = null;
  try {
    [wd, diff, series] = await Promise.all([getJSON(api("/withdrawals?on=" + app.date)),
      getJSON(api("/diff?from=" + from + "&to=" + app.date)),
      t.treaty_entry_into_force ? getJSON(api("/counts?from=" + t.treaty_entry_into_force + "&to=" +
        t.treaty_entry_into_force + "&unit=day")) : null]);
    if (seq !== app.seq) return;
  } catch (e) { /* the story is told from what did answer */ }
  if (app.selected) return; /* a state was chosen meanwhile */
  const c = status.counts;
  const parts = [el("h3", {}, fmt("On %s", inWords(app.date)))];
  let line = fmt("%s: %s parties", treatyName(t), num(c.parties));
  const first = series && series.series && series.series[0];
  if (first) line += " " + fmt("(%s when it entered into force on %s)", num(first.parties), inWords(first.date));
  line += fmt("; %s consented, not yet in force; %s signatories not consented; %s withdrawn.",
    num(c.consented), num(c.signatories), num(c.withdrawn));
  parts.push(el("p", {}, line));
  const going = wd.withdrawals.filter(w => w.status === "withdrawal_pending" || w.status === "withdrawal_held");
  if (going.length) {
    parts.push(el("h4", {}, tr("Withdrawals in progress")));
    const ul = el("ul", {});
    for (const w of going)
      ul.append(el("li", {}, fmt("%s (%s): notified %s, effective %s", nameOf(w), w.state,
        inWords(w.withdrawal_notified) || "—", inWords(w.withdrawal_effective) || tr("not yet (held)"))));
    parts.push(ul);
  }
  parts.push(el("h4", {}, fmt("Changes from %s to %s", inWords(from), inWords(app.date))));
  if (!diff.changes.length) {
    parts.push(el("p", {}, tr("No state's status changed.")));
  } else {
    const ul = el("ul", {});
    for (const ch of diff.changes) {
      const li = el("li", {}, inWords(ch.date) + " " + nameOf(ch) + ": " + statusLabel(ch.before) + " → " +
        statusLabel(ch.after) + (ch.article ? " (Art. " + ch.article + ") " : " "));
      li.append(sourceLink(ch.source_url));
      ul.append(li);
    }
    parts.push(ul);
  }
  parts.push(el("p", { class: "hint" }, tr("Choose a state on the map or in the list for its own story.")));
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
    el("li", {}, link(base + "/calendar.ics?on=" + app.date, tr("Calendar (.ics)"))),
    el("li", {}, fmt("Panel by year, %s:", first + "–" + year) + " ", ...joined(panel("year", first))),
    el("li", {}, fmt("Panel by month, %s:", monthFrom + "–" + year) + " ", ...joined(panel("month", monthFrom))),
    el("li", {}, fmt("Panel by day, %s:", whole ? year : first + "–" + year) + " ",
      ...joined(panel("day", whole ? year : first))));
  return [el("h3", {}, label), ul];
}

const joined = nodes => nodes.flatMap((n, i) => i ? [", ", n] : [n]);

function drawDownloads() {
  const t = app.treaties.find(x => x.id === app.treaty);
  $("downloads-treaty").replaceChildren(...downloadLinks(api(""), fmt("For %s", treatyName(t)), true));
  const iso = app.selected;
  $("downloads-state").replaceChildren(...(iso ? downloadLinks(api("/states/" + encodeURIComponent(iso)),
    fmt("For %s under %s", app.names[iso] || iso, treatyName(t)), false) : []));
  $("download-datapackage").href = "/v1/datapackage.zip?on=" + app.date;
}

async function refresh() {
  pending = new Map();
  const seq = ++app.seq;
  const status = await getJSON(api("/status?on=" + app.date));
  if (seq !== app.seq) return; /* a later date was chosen meanwhile */
  const c = status.counts;
  /* A treaty opened from its rules file learns its entry into force here. */
  const t = app.treaties.find(x => x.id === app.treaty);
  if (t && !("treaty_entry_into_force" in t)) t.treaty_entry_into_force = status.treaty_entry_into_force || null;
  setStatusText(fmt("%s parties on %s", num(c.parties), inWords(app.date)) +
    (c.withdrawing ? " " + fmt("(%s withdrawing)", num(c.withdrawing)) : "") +
    fmt(", %s consented, not yet in force, %s signatories not consented, %s withdrawn",
      num(c.consented), num(c.signatories), num(c.withdrawn)));
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
  $("slider").setAttribute("aria-valuetext", inWords(iso));
  history.replaceState(null, "", "#" + app.treaty + "/" + iso);
  refresh().catch(report);
}

function report(e) {
  setStatusText(fmt("Could not load the answer: %s", e.message));
}

/* The page's language: the address's ?lang=, else the one chosen with
 * the switcher (kept in localStorage), else the service's choice from
 * Accept-Language. Its words
 * come from the service's catalogues, the states' names from iso-codes;
 * a name in a right-to-left script is shown right to left (dir="auto"). */
async function language() {
  const url = new URL(location.href);
  let chosen = url.searchParams.get("lang");
  if (!chosen) try { chosen = localStorage.getItem("pacta-lang"); } catch (e) { chosen = null; }
  const lang = await getJSON("/v1/language" + (chosen ? "?lang=" + encodeURIComponent(chosen) : ""));
  document.documentElement.lang = lang.lang;
  Object.assign(words, lang.words);
  app.titles = lang.treaties || {};
  /* Numbers as the words' language writes them (English words, English
   * digits: an Arabic page's names are Arabic, its words English). */
  const nl = lang.translated ? lang.lang : "en";
  try {
    numbers = new Intl.NumberFormat(nl);
    percents = new Intl.NumberFormat(nl, { style: "percent", maximumFractionDigits: 0 });
  } catch (e) { /* a code Intl does not know: English */ }
  /* The page's own words: an element's text (data-i18n), a message whose
   * %s are its child elements, in order (data-i18n-parts), and the
   * aria-labels and titles, by their English. */
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = tr(e.getAttribute("data-i18n"));
  for (const e of document.querySelectorAll("[data-i18n-parts]"))
    e.replaceChildren(...fparts(e.getAttribute("data-i18n-parts"), [...e.children]));
  for (const a of ["aria-label", "title"])
    for (const e of document.querySelectorAll(`body [${a}]`)) e.setAttribute(a, tr(e.getAttribute(a)));
  const sw = $("lang");
  if (![...sw.options].some(o => o.value === lang.lang))
    sw.append(el("option", { value: lang.lang }, lang.lang));
  sw.value = lang.lang;
  sw.addEventListener("change", () => {
    try { localStorage.setItem("pacta-lang", sw.value); } catch (e) { /* private mode */ }
    /* A ?lang= in the address would win over the choice: it follows it. */
    if (url.searchParams.has("lang")) {
      url.searchParams.set("lang", sw.value);
      url.hash = location.hash;
      location.replace(url.href);
    } else {
      location.reload();
    }
  });
  return lang;
}

/* A treaty the page did not list (one page of /v1/treaties): its entry,
 * from its rules file, joins the list and the <select>. The fields the
 * rules file lacks (treaty_entry_into_force) come with its status. False
 * when the register has no such treaty. */
async function lookUpTreaty(id) {
  let r;
  try {
    r = await getJSON("/v1/treaties/" + encodeURIComponent(id));
  } catch (e) {
    return false;
  }
  const own = r.titles && r.titles[document.documentElement.lang];
  if (own) app.titles[r.id] = own;
  addTreaty({ id: r.id, name: r.name, title: r.title, adopted: r.adopted && r.adopted.date,
    annual_reports: ((r.rules || {}).obligations || []).some(o => o.kind === "annual") });
  return true;
}

function addTreaty(t) {
  if (t.in_language) app.titles[t.id] = t.in_language;
  if (app.treaties.some(x => x.id === t.id)) return;
  app.treaties.push(t);
  $("treaty").append(el("option", { value: t.id }, treatyName(t)));
}

/* A register larger than one page is searched, not listed: the <select>
 * holds the first page and the treaties opened, the search box finds any
 * by its id, name or title (?q=, in the page's language too), a few at a
 * time. */
const FOUND_MAX = 20;

function initSearch() {
  const input = $("treaty-search"), found = $("treaty-found"), count = $("treaty-found-count");
  $("treaty-search-box").hidden = false;
  let shown = [], timer = null, seq = 0;
  const open = t => {
    addTreaty(t);
    if (app.treaty === t.id) return;
    setTreaty(t.id);
    setDate(app.date, false);
  };
  const ask = async () => {
    const q = input.value.trim(), mine = ++seq;
    const ans = await getJSON("/v1/treaties?limit=" + FOUND_MAX + "&q=" + encodeURIComponent(q) + langArg());
    if (mine !== seq) return;
    shown = ans.treaties;
    for (const t of shown) if (t.in_language) app.titles[t.id] = t.in_language;
    found.replaceChildren(...shown.map(t => el("option", { value: t.id }, treatyName(t))));
    count.textContent = fmt("Treaties found: %s", num(ans.total));
  };
  input.addEventListener("input", e => {
    /* A choice from the list puts its id in the box (typing that spells
     * an id on the way to a longer one does not open it). */
    const typed = e instanceof InputEvent && e.inputType !== "insertReplacementText";
    const t = !typed && shown.find(x => x.id === input.value);
    if (t) { open(t); return; }
    clearTimeout(timer);
    timer = setTimeout(() => ask().catch(report), 200);
  });
  /* A value committed (a choice, or the box left) that is a found id. */
  input.addEventListener("change", () => {
    const t = shown.find(x => x.id === input.value);
    if (t) open(t);
  });
  input.addEventListener("keydown", e => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    clearTimeout(timer);
    ask().then(() => {
      const q = input.value.trim().toLowerCase();
      const t = shown.find(x => x.id.toLowerCase() === q) || shown[0];
      if (t) open(t);
    }).catch(report);
  });
}

async function init() {
  const [health, treaties, states, lang] = await Promise.all([
    getJSON("/healthz"), getJSON("/v1/treaties"), getJSON("/v1/states"), language()]);
  legend();
  app.haveMap = !!health.map;
  /* With the map, the page's legend is the map's (its counts and fills),
   * in the page's type at every width; without it, the tiles' legend. */
  initView();
  app.treaties = treaties.treaties;
  app.states = states.states;
  for (const s of app.states) {
    if (lang.names[s.state]) s.name = lang.names[s.state];
    app.names[s.state] = s.name;
  }
  const sel = $("treaty");
  for (const t of app.treaties) sel.append(el("option", { value: t.id }, treatyName(t)));
  if (treaties.next) initSearch();
  const list = $("state-list");
  for (const s of app.states)
    if (s.kind !== "former_state")
      list.append(el("option", { value: s.state, dir: "auto" }, s.name + " (" + s.state + ")"));
  const slider = $("slider");
  let timer = null;
  slider.addEventListener("input", () => {
    const iso = fromDays(app.start + Number(slider.value));
    $("date").value = iso;
    slider.setAttribute("aria-valuetext", inWords(iso));
    clearTimeout(timer);
    timer = setTimeout(() => setDate(iso, true), 120);
  });
  $("date").addEventListener("change", e => setDate(e.target.value, false));
  $("controls").addEventListener("submit", e => e.preventDefault());
  sel.addEventListener("change", () => { setTreaty(sel.value); setDate(app.date, false); });
  list.addEventListener("change", () => { if (list.value) openState(list.value, false); });
  /* "#TREATY/DATE" names what is shown, so links and Back work. */
  const fromHash = async () => {
    const [hashTreaty, hashDate] = location.hash.slice(1).split("/");
    const date = /^\d{4}-\d{2}-\d{2}$/.test(hashDate || "") ? hashDate : (app.date || today());
    if (app.treaty === hashTreaty && app.date === date) return;
    /* A treaty past the first page of a large register is asked for. */
    if (hashTreaty && treaties.next && !app.treaties.some(t => t.id === hashTreaty))
      await lookUpTreaty(hashTreaty);
    setTreaty(app.treaties.some(t => t.id === hashTreaty) ? hashTreaty :
      (app.treaties.find(t => t.id.toLowerCase() === hashTreaty.toLowerCase()) || {}).id);
    setDate(date, false);
  };
  window.addEventListener("hashchange", () => fromHash().catch(report));
  await fromHash();
}

function setTreaty(id) {
  app.treaty = app.treaties.some(t => t.id === id) ? id : app.treaties[0].id;
  $("treaty").value = app.treaty;
  const t = app.treaties.find(x => x.id === app.treaty);
  const own = app.titles[t.id];
  $("treaty-name").textContent = (own && own.title) || t.title || t.name;
  app.start = toDays(t.adopted || "1990-01-01");
  $("slider").max = String(toDays(today()) + 365 - app.start);
  $("feed-atom").href = "/v1/treaties/" + encodeURIComponent(app.treaty) + "/feed.atom";
  $("feed-json").href = "/v1/treaties/" + encodeURIComponent(app.treaty) + "/feed.json";
}

init().catch(report);
