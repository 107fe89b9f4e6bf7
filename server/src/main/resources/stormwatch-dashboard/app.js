// Stormwatch dashboard: plain JS over the read API; no build step, no network beyond this server.
"use strict";

const sw = {
  async get(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || (path + ": HTTP " + r.status));
    return body;
  },
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  },
  num(n) { return n == null ? "" : Number(n).toLocaleString("en-US"); },
  day(iso) { return iso ? iso.substring(0, 10) : ""; },
  param(name) { return new URLSearchParams(location.search).get(name); },
  fail(where, e) {
    const box = document.getElementById(where);
    box.replaceChildren(sw.el("p", { class: "error" }, e.message));
  },
  table(headers, rows, numeric) {
    const head = sw.el("tr", {}, ...headers.map((h, i) => sw.el("th", numeric[i] ? { class: "num" } : {}, h)));
    const body = rows.map(r => sw.el("tr", {}, ...r.map((c, i) => {
      const td = sw.el("td", numeric[i] ? { class: "num" } : {});
      td.append(c instanceof Node ? c : document.createTextNode(String(c)));
      return td;
    })));
    return sw.el("table", {}, sw.el("thead", {}, head), sw.el("tbody", {}, ...body));
  },
  portLink(port, protocol) {
    return sw.el("a", { href: "port.html?port=" + port + "&protocol=" + protocol }, port + "/" + protocol);
  },
  alertBox(a) {
    const box = sw.el("div", { class: "alert", "data-port": a.port + "/" + a.protocol });
    box.append(sw.el("div", { class: "summary" }, a.summary));
    box.append(sw.el("div", { class: "muted" },
      "onset " + sw.day(a.onset) + ", detected " + sw.day(a.detected) + ", score " + a.score +
      ", " + sw.num(a.sources) + " sources vs baseline " + sw.num(a.baseline.sources) + ", trend " + a.trend));
    if (a.explanation && a.explanation.length) {
      box.append(sw.el("ul", {}, ...a.explanation.map(x => sw.el("li", {},
        x.feature + " = " + x.value + ": " + Math.round(x.share * 100) + "% of probes (baseline " +
        Math.round(x.baseline_share * 100) + "%)"))));
    }
    return box;
  },
};
