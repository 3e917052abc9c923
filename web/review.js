// review.js - the review queue for token holders: GET /v1/review, then
// POST /v1/review/ID/accept or /reject with the token as a bearer token.
// The token is kept in this tab's memory only.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let token = "";

  function say(text) {
    $("status").textContent = text;
  }

  async function call(method, path, body) {
    const opts = { method, headers: { Authorization: "Bearer " + token } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(path, opts);
    const doc = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(doc.detail || doc.title || "HTTP " + r.status);
    return doc;
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  async function decide(p, verb, note) {
    try {
      const d = await call("POST", "/v1/review/" + p.id + "/" + verb, note ? { note } : {});
      await load();
      say("Proposal " + p.id + " " + d.status + (d.change ? ": recorded as change " + d.change : "") + ".");
    } catch (e) {
      say("Proposal " + p.id + ": " + e.message);
    }
  }

  function render(list) {
    const tbody = $("proposals").querySelector("tbody");
    tbody.replaceChildren();
    for (const p of list) {
      const tr = document.createElement("tr");
      cell(tr, String(p.id));
      cell(tr, p.treaty);
      cell(tr, p.kind + (p.state ? " (" + p.state + ")" : ""));
      cell(tr, p.page_says);
      cell(tr, p.record_says);
      cell(tr, p.would_append);
      const last = cell(tr, "");
      if (p.status === "pending") {
        const note = document.createElement("input");
        note.type = "text";
        note.placeholder = "note";
        note.setAttribute("aria-label", "note for proposal " + p.id);
        const accept = document.createElement("button");
        accept.textContent = "Accept";
        accept.addEventListener("click", () => decide(p, "accept", note.value));
        const reject = document.createElement("button");
        reject.textContent = "Reject";
        reject.addEventListener("click", () => decide(p, "reject", note.value));
        last.append(note, accept, reject);
      } else {
        last.textContent = p.status + " " + (p.decided_at || "") + " by " + (p.decided_by || "?") +
          (p.note ? ": " + p.note : "");
      }
      tbody.appendChild(tr);
    }
  }

  async function load() {
    try {
      const doc = await call("GET", "/v1/review" + ($("all").checked ? "?all=true" : ""));
      render(doc.proposals);
      if (!doc.proposals.length) say("Nothing waits for review.");
    } catch (e) {
      say(e.message);
    }
  }

  $("login").addEventListener("submit", (ev) => {
    ev.preventDefault();
    token = $("token").value.trim();
    load();
  });
  $("all").addEventListener("change", () => token && load());
})();
