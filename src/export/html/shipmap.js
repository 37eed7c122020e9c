// shipmap HTML map: cards, timeline and day slider over the inline SVG map.
// Every piece of text from the document reaches the page through textContent
// (never innerHTML), so a title or cargo holding markup is shown, not run.
(function () {
  "use strict";
  var DAY = 86400;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var data = JSON.parse(document.getElementById("sm-data").textContent);
  var svg = document.querySelector("svg.sm-map");
  var figure = document.getElementById("sm-figure");
  var card = document.getElementById("sm-card");
  document.documentElement.classList.add("sm-js");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function present(v) { return v !== null && v !== undefined && v !== ""; }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  // "2023-09-07" or "2023-09-07T06:30:00Z" as "7 Sep 2023" (", 06:30 UTC").
  function human(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(String(iso));
    if (!m) return String(iso);
    var s = Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1];
    return m[4] ? s + ", " + m[4] + ":" + m[5] + " UTC" : s;
  }
  function dayText(day) {
    var d = new Date(day * DAY * 1000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function isoDay(day) {
    var d = new Date(day * DAY * 1000);
    return d.getUTCFullYear() + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate());
  }
  function safeColor(c) { return /^#[0-9a-fA-F]{6}$/.test(c || "") ? c : "#1b1b1b"; }
  function humanKey(k) { var t = String(k).replace(/_/g, " "); return t.charAt(0).toUpperCase() + t.slice(1); }

  // ---- facts ---------------------------------------------------------------
  // The properties the GeoJSON export writes; any other one (a new property) is
  // shown after these under its own name, so nothing the export adds is lost.
  var HIDDEN = ["kind", "route_id", "leg", "stop", "style", "stroke", "stroke-width", "marker-color",
    "from", "to", "name", "mode", "route_name"];
  var DATE_KEYS = ["", "_latest", "_text", "_approx", "_estimated", "_inferred"];
  var PATHS = { network: "on the network", via: "through the given via points", great_circle: "great circle (no network)" };

  function dateRow(rows, p, prefix, label) {
    DATE_KEYS.forEach(function (s) { rows.used[prefix + s] = true; });
    var parts = [];
    if (present(p[prefix + "_text"])) parts.push("as reported: " + String(p[prefix + "_text"]).replace("/", " to ").replace(/~/g, " (approx.)"));
    else if (present(p[prefix]) && !p[prefix + "_inferred"]) parts.push("as reported: " + human(p[prefix]));
    if (present(p[prefix]) || present(p[prefix + "_latest"])) {
      var a = present(p[prefix]) ? human(p[prefix]) : null;
      var b = present(p[prefix + "_latest"]) ? human(p[prefix + "_latest"]) : null;
      var w = a && b ? (a === b ? a : a + " to " + b) : a ? "from " + a + " (open end)" : "until " + b + " (open start)";
      if (p[prefix + "_inferred"] || !parts.length) parts.push((p[prefix + "_inferred"] ? "inferred along the route: " : "") + w);
    } else {
      parts.push("not reported");
    }
    if (p[prefix + "_approx"]) parts.push("approximate");
    if (p[prefix + "_estimated"]) parts.push("estimated from typical speeds");
    add(rows, label, parts.join("; "));
  }
  function add(rows, label, value, cls) {
    if (!present(value)) return;
    rows.list.push([label, String(value), cls]);
  }
  function take(rows, p, key, label, fmt, cls) {
    rows.used[key] = true;
    if (present(p[key])) add(rows, label, fmt ? fmt(p[key]) : p[key], cls);
  }
  function rest(rows, p) {
    Object.keys(p).forEach(function (k) {
      if (rows.used[k] || HIDDEN.indexOf(k) >= 0 || !present(p[k])) return;
      var v = p[k];
      add(rows, humanKey(k), typeof v === "boolean" ? (v ? "yes" : "no") : typeof v === "object" ? JSON.stringify(v) : v);
    });
  }
  function dl(rows) {
    var d = el("dl");
    rows.list.forEach(function (r) {
      d.appendChild(el("dt", null, r[0]));
      d.appendChild(el("dd", r[2] || null, r[1]));
    });
    return d;
  }
  function legRows(p) {
    var rows = { list: [], used: {} };
    take(rows, p, "route_name", "Route", function (v) { return p.route_id && p.route_id !== v ? v + " (" + p.route_id + ")" : v; });
    dateRow(rows, p, "depart", "Departs");
    dateRow(rows, p, "arrive", "Arrives");
    take(rows, p, "date_label", "In short");
    rows.used.distance_nmi = true;
    take(rows, p, "distance_km", "Distance", function (v) { return v + " km" + (present(p.distance_nmi) ? " (" + p.distance_nmi + " nmi)" : ""); });
    take(rows, p, "duration_h", "Duration", function (v) { return v + " h"; });
    rows.used.speed_kn = true;
    take(rows, p, "speed_kmh", "Implied speed", function (v) { return v + " km/h" + (present(p.speed_kn) ? " (" + p.speed_kn + " kn)" : ""); });
    take(rows, p, "path", "Path", function (v) { return PATHS[v] || v; });
    take(rows, p, "via", "Via");
    take(rows, p, "passages", "Passages");
    if (p.mode === "sea" && !present(p.passages)) add(rows, "Passages", "none");
    take(rows, p, "countries", "Countries");
    take(rows, p, "crossings", "Border crossings");
    take(rows, p, "connector_km", "Off the network", function (v) { return v > 0 ? v + " km drawn as connectors" : null; });
    take(rows, p, "carrier", "Carrier");
    take(rows, p, "cargo", "Cargo");
    take(rows, p, "notes", "Notes");
    rows.used.quote = true;
    take(rows, p, "source", "Source");
    take(rows, p, "warnings", "Warnings", null, "sm-warn");
    rows.used.from_id = rows.used.to_id = true;
    if (present(p.from_id) || present(p.to_id)) add(rows, "Place ids", (p.from_id || "?") + " \u2192 " + (p.to_id || "?"));
    rest(rows, p);
    return rows;
  }
  function stopRows(p) {
    var rows = { list: [], used: {} };
    take(rows, p, "role", "Role");
    dateRow(rows, p, "arrive", "Arrives");
    dateRow(rows, p, "depart", "Departs");
    take(rows, p, "date_label", "In short");
    take(rows, p, "country", "Country");
    take(rows, p, "place_kind", "Kind");
    take(rows, p, "gazetteer_name", "Gazetteer name");
    take(rows, p, "place_id", "Place id");
    rest(rows, p);
    return rows;
  }
  function quote(p) {
    return present(p.quote) ? el("blockquote", null, p.quote) : null;
  }

  var legs = {}, stops = {};
  data.legs.forEach(function (l) { legs[l.key] = l; });
  data.stops.forEach(function (s) { stops[s.key] = s; });

  function legTitle(l) {
    var p = l.props;
    return "Leg " + p.leg + ": " + p.mode + ", " + p.from + " \u2192 " + p.to;
  }
  function stopTitle(s) {
    var p = s.features[0] || {};
    var extra = [p.country, p.place_kind].filter(present).join(", ");
    return (p.name || "Stop") + (extra ? " (" + extra + ")" : "");
  }
  function fillCard(kind, key) {
    while (card.firstChild) card.removeChild(card.firstChild);
    var close = el("button", "sm-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { hide(true); });
    card.appendChild(close);
    if (kind === "leg") {
      var l = legs[key];
      card.appendChild(el("h3", null, legTitle(l)));
      card.appendChild(dl(legRows(l.props)));
      var q = quote(l.props);
      if (q) card.appendChild(q);
    } else {
      var s = stops[key];
      card.appendChild(el("h3", null, stopTitle(s)));
      s.features.forEach(function (p, i) {
        var box = el("div", i ? "sm-route" : null);
        if (s.features.length > 1 || data.routes.length > 1) box.appendChild(el("p", null, "Route: " + p.route_name + " (stop " + p.stop + ")"));
        box.appendChild(dl(stopRows(p)));
        card.appendChild(box);
      });
    }
  }

  // ---- pointing at the map ---------------------------------------------------
  var current = null, pinned = false;
  function target(node) {
    var g = node && node.closest ? node.closest("[data-leg],[data-stop]") : null;
    if (!g || !svg.contains(g)) return null;
    return g.hasAttribute("data-leg") ? ["leg", g.getAttribute("data-leg")] : ["stop", g.getAttribute("data-stop")];
  }
  function groups(t) {
    return svg.querySelectorAll(t[0] === "leg" ? '[data-leg="' + t[1] + '"]' : '[data-stop="' + t[1] + '"]');
  }
  function highlight(t, on) {
    if (!t) return;
    Array.prototype.forEach.call(groups(t), function (g) { g.classList.toggle("sm-on", on); });
    if (t[0] === "leg") {
      var row = document.querySelector('.sm-row[data-key="' + t[1] + '"]');
      if (row) row.classList.toggle("sm-on", on);
    }
  }
  function place(x, y) {
    var fw = figure.clientWidth, fh = figure.clientHeight;
    var cw = card.offsetWidth, ch = card.offsetHeight;
    var left = x + 16 + cw > fw ? x - 16 - cw : x + 16;
    var top = Math.min(Math.max(0, y - ch / 3), Math.max(0, fh - ch));
    card.style.left = Math.max(0, left) + "px";
    card.style.top = top + "px";
  }
  function show(t, x, y) {
    if (!t || (t[0] === "leg" ? !legs[t[1]] : !stops[t[1]])) return;
    if (!current || current[0] !== t[0] || current[1] !== t[1]) {
      highlight(current, false);
      fillCard(t[0], t[1]);
      current = t;
      highlight(t, true);
    }
    card.hidden = false;
    place(x, y);
  }
  function hide(force) {
    if (pinned && !force) return;
    pinned = false;
    highlight(current, false);
    current = null;
    card.hidden = true;
  }
  function local(ev) {
    var r = figure.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }
  function around(g) {
    var r = figure.getBoundingClientRect(), b = g.getBoundingClientRect();
    return [b.left - r.left + b.width / 2, b.top - r.top + b.height / 2];
  }
  svg.addEventListener("pointermove", function (ev) {
    if (pinned) return;
    var t = target(ev.target);
    if (t) { var p = local(ev); show(t, p[0], p[1]); } else hide(false);
  });
  svg.addEventListener("pointerleave", function () { hide(false); });
  svg.addEventListener("click", function (ev) {
    var t = target(ev.target);
    if (!t) { hide(true); return; }
    var p = local(ev);
    pinned = false;
    show(t, p[0], p[1]);
    pinned = true;
  });
  svg.addEventListener("focusin", function (ev) {
    var t = target(ev.target);
    if (!t || quietFocus) return;
    pinned = false;
    var p = around(ev.target);
    show(t, p[0], p[1]);
    pinned = true;
  });
  svg.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && target(ev.target)) {
      ev.preventDefault();
      var p = around(ev.target);
      pinned = false;
      show(target(ev.target), p[0], p[1]);
      pinned = true;
    }
  });
  var quietFocus = false;
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && current) {
      var t = current;
      var inCard = card.contains(document.activeElement);
      hide(true);
      // focus left in the card (its close button) goes back to the leg or stop,
      // without opening the card again
      var first = svg.querySelector(t[0] === "leg" ? '[data-leg="' + t[1] + '"][tabindex]' : '[data-stop="' + t[1] + '"][tabindex]');
      if (first && inCard) { quietFocus = true; first.focus(); quietFocus = false; }
    }
  });

  // One focus stop per leg and stop (its first drawing: the main map's, not the
  // close-up's or the arrows'), a wide invisible stroke to point at thin lines.
  var NS = svg.namespaceURI;
  var seen = {};
  Array.prototype.forEach.call(svg.querySelectorAll("[data-leg],[data-stop]"), function (g) {
    var t = target(g);
    var id = t[0] + ":" + t[1];
    if (t[0] === "leg") {
      Array.prototype.forEach.call(g.querySelectorAll("path[stroke]"), function (p, i) {
        if (i > 0 && !p.hasAttribute("stroke-dasharray")) return;
        var hit = p.cloneNode(false);
        hit.removeAttribute("stroke-dasharray");
        hit.removeAttribute("stroke-opacity");
        hit.setAttribute("class", "sm-hit");
        hit.setAttribute("stroke-width", "16");
        g.insertBefore(hit, g.firstChild);
      });
    } else {
      var b = g.getBBox();
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", b.x + b.width / 2);
      c.setAttribute("cy", b.y + b.height / 2);
      c.setAttribute("r", Math.max(14, b.width));
      c.setAttribute("class", "sm-hit-dot");
      g.insertBefore(c, g.firstChild);
    }
    if (seen[id]) return;
    seen[id] = true;
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", t[0] === "leg" ? legTitle(legs[t[1]]) : stopTitle(stops[t[1]]));
    g.setAttribute("aria-describedby", "sm-card");
  });
  svg.setAttribute("tabindex", "-1"); // the map itself is no stop on the way to its legs
  Array.prototype.forEach.call(document.querySelectorAll(".sm-ui"), function (e) { e.hidden = false; });

  // ---- timeline -------------------------------------------------------------
  var span = data.span;
  var section = document.getElementById("sm-time");
  var bars = document.getElementById("sm-bars");
  var slider = document.getElementById("sm-day");
  var label = document.getElementById("sm-day-label");
  var status = document.getElementById("sm-status");
  var play = document.getElementById("sm-play");

  function ready() {
    document.documentElement.setAttribute("data-sm-ready", String(Math.round(performance.now())));
  }
  if (!span) {
    var ctl = section.querySelector(".sm-controls");
    ctl.parentNode.removeChild(ctl);
    status.textContent = "This document has no dates, so there is nothing to put on a timeline.";
    ready();
    return;
  }
  // Axis: whole months around the span, with a week or a tenth of it either side.
  var margin = Math.max(7 * DAY, (span[1] - span[0]) / 10);
  var a = new Date((span[0] - margin) * 1000), b = new Date((span[1] + margin) * 1000);
  var axis0 = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1) / 1000;
  var axis1 = Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1) / 1000;
  function pct(t) { return (100 * (t - axis0) / (axis1 - axis0)).toFixed(3) + "%"; }
  function seg(track, t0, t1, cls, color) {
    if (t1 <= t0) return;
    var s = el("div", "sm-bar " + cls);
    s.style.left = pct(t0);
    s.style.width = (100 * (t1 - t0) / (axis1 - axis0)).toFixed(3) + "%";
    s.style.setProperty("--c", color);
    track.appendChild(s);
  }
  function row(labelText, key) {
    var r = el("div", "sm-row");
    var lab = el("div", "sm-row-label", labelText);
    r.appendChild(lab);
    var tr = el("div", "sm-track");
    r.appendChild(tr);
    if (key) r.setAttribute("data-key", key);
    bars.appendChild(r);
    return [r, tr, lab];
  }
  // Month ticks (and days when the axis is short).
  var axisRow = el("div", "sm-axis");
  axisRow.appendChild(el("div", "sm-row-label", "UTC dates"));
  var axisTrack = el("div", "sm-track");
  axisRow.appendChild(axisTrack);
  bars.appendChild(axisRow);
  for (var m = new Date(axis0 * 1000); m.getTime() / 1000 < axis1; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    var tick = el("div", "sm-tick");
    tick.style.left = pct(m.getTime() / 1000);
    tick.appendChild(el("span", null, MONTHS[m.getUTCMonth()] + " " + m.getUTCFullYear()));
    axisTrack.appendChild(tick);
  }
  var rows = {};
  var lastRoute = -1;
  data.legs.forEach(function (l) {
    if (data.routes.length > 1 && l.route !== lastRoute) {
      var rr = row(data.routes[l.route].name);
      rr[0].classList.add("sm-route-row");
      lastRoute = l.route;
    }
    var p = l.props;
    var parts = row(p.leg + ". " + p.mode + " " + p.from + " \u2192 " + p.to, l.key);
    var stateEl = el("span", "sm-row-state");
    parts[2].appendChild(stateEl);
    var c = safeColor(l.color);
    var d0 = l.dep[0], d1 = l.dep[1], r0 = l.arr[0], r1 = l.arr[1];
    var start = d0 === null ? axis0 : d0;
    var end = r1 === null ? axis1 : r1;
    // Certainly under way between the latest departure and the earliest arrival;
    // the departure and arrival windows around that are hatched; an open end runs
    // to the axis edge, fading.
    var sure0 = d1 === null ? null : d1, sure1 = r0 === null ? null : r0;
    var openCls = (d0 === null ? " sm-open-start" : "") + (r1 === null ? " sm-open-end" : "");
    if (sure0 !== null && sure1 !== null && sure1 > sure0) {
      seg(parts[1], start, sure0, d0 === null ? "sm-open-start" : "", c);
      seg(parts[1], sure0, sure1, "sm-sure", c);
      seg(parts[1], sure1, end, r1 === null ? "sm-open-end" : "", c);
    } else {
      seg(parts[1], start, Math.max(end, start + DAY / 4), openCls, c);
    }
    parts[0].addEventListener("pointerenter", function () { highlight(["leg", l.key], true); });
    parts[0].addEventListener("pointerleave", function () { if (!current || current[1] !== l.key) highlight(["leg", l.key], false); });
    rows[l.key] = { row: parts[0], state: stateEl };
  });
  var legend = el("ul", "sm-legend");
  [["sm-l-window", "could be under way (a date window)"], ["sm-l-sure", "under way for certain"], ["sm-l-open", "open end (no date)"]].forEach(function (x) {
    var li = el("li");
    li.appendChild(el("span", "sm-swatch " + x[0]));
    li.appendChild(document.createTextNode(x[1]));
    legend.appendChild(li);
  });
  bars.parentNode.appendChild(legend);
  var cursor = el("div", "sm-cursor");
  bars.appendChild(cursor);

  var STATES = { "not-yet": "not started yet", "under-way": "could be under way", arrived: "arrived" };
  // As QGIS's temporal rule: a leg can be under way from its earliest departure
  // (an open start is open to the document's span) until the end of its latest
  // arrival day; after that it has arrived and stays on the map.
  function legState(l, t0, t1) {
    var s = l.dep[0] === null ? span[0] : l.dep[0];
    if (t1 <= s) return "not-yet";
    if (l.arr[1] !== null && t1 >= l.arr[1]) return "arrived";
    return "under-way";
  }
  var day0 = Math.floor(axis0 / DAY), day1 = Math.floor(axis1 / DAY) - 1;
  slider.min = String(day0);
  slider.max = String(day1);
  slider.value = String(day1);
  function setDay(day, quiet) {
    var t0 = day * DAY, t1 = t0 + DAY;
    label.textContent = dayText(day);
    slider.setAttribute("aria-valuetext", dayText(day));
    document.documentElement.setAttribute("data-sm-day", isoDay(day));
    var first = bars.querySelector(".sm-axis .sm-track");
    var off = first.offsetLeft, w = first.clientWidth;
    cursor.style.left = (off + w * (t0 + DAY / 2 - axis0) / (axis1 - axis0)) + "px";
    var started = 0, arrived = 0;
    data.legs.forEach(function (l) {
      var st = legState(l, t0, t1);
      if (st !== "not-yet") started++;
      if (st === "arrived") arrived++;
      Array.prototype.forEach.call(svg.querySelectorAll('[data-leg="' + l.key + '"]'), function (g) {
        g.classList.toggle("sm-not-yet", st === "not-yet");
        g.setAttribute("data-state", st);
      });
      var r = rows[l.key];
      r.row.classList.toggle("sm-not-yet", st === "not-yet");
      r.row.setAttribute("data-state", st);
      r.state.textContent = STATES[st];
    });
    data.stops.forEach(function (s) {
      var reached = t1 > (s.start === null ? span[0] : s.start);
      Array.prototype.forEach.call(svg.querySelectorAll('[data-stop="' + s.key + '"]'), function (g) {
        g.classList.toggle("sm-not-yet", !reached);
        g.setAttribute("data-state", reached ? "reached" : "not-yet");
      });
    });
    if (!quiet) {
      var n = data.legs.length;
      status.textContent = dayText(day) + ": " + (started === 0 ? "no leg could have started yet." :
        started + " of " + n + " leg" + (n === 1 ? "" : "s") + " could have started, " + arrived + " arrived.");
    }
  }
  slider.addEventListener("input", function () { stop(); setDay(Number(slider.value), false); });
  var timer = null;
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
    status.setAttribute("aria-live", "polite");
  }
  play.addEventListener("click", function () {
    if (timer !== null) { stop(); setDay(Number(slider.value), false); return; }
    var day = Number(slider.value) >= day1 ? day0 : Number(slider.value);
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
    status.setAttribute("aria-live", "off");
    var stepMs = Math.max(40, Math.min(250, 12000 / (day1 - day0 + 1)));
    timer = setInterval(function () {
      slider.value = String(day);
      setDay(day, false);
      if (++day > day1) { stop(); }
    }, stepMs);
  });
  window.addEventListener("resize", function () { setDay(Number(slider.value), true); });
  play.setAttribute("aria-pressed", "false");
  setDay(day1, false);
  ready();
})();
