// The regrisk-kg explorer: every answer on this page comes from POST /graphql (and "Follow" is
// a subscription over a websocket to /graphql), so whatever it shows a frontend can build on
// the API alone. Plain JavaScript, no build step; Chart.js is the
// vendored copy. Text from the graph is always set with textContent, never parsed as HTML.
"use strict";

const GRAPHQL = "/graphql";
const ID_PREFIX = "https://w3id.org/regrisk/id/"; // an IRI's page on this service is /id/...
// Okabe-Ito, then darker tones: told apart by most kinds of colour blindness
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
  "#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74", "#80BA5A", "#E68310", "#008695"];

const EVENT_FIELDS = `
  id type date outcome reports
  evidence { sentence article { iri title published url } }`;

const QUERIES = {
  suggest: `query Suggest($search: String!) {
    entities(search: $search, first: 8) { totalCount edges { node { iri label type } } }
  }`,
  start: `query Start {
    platforms: entities(type: PLATFORM, first: 100) { edges { node { iri label } } }
    instruments: entities(type: LEGAL_INSTRUMENT, first: 100) { edges { node { iri label } } }
  }`,
  entity: `query Entity($id: ID!) { entity(id: $id) { iri label type aliases sameAs } }`,
  timeline: `query Timeline($entity: String!, $asOf: Date) {
    timeline(entity: $entity, asOf: $asOf) { ${EVENT_FIELDS} }
  }`,
  platform: `query Platform($platform: String!, $asOf: Date) {
    exposure(platform: $platform, asOf: $asOf) {
      jurisdiction { iri label } instruments { iri label } status riskLevel score
      reasons { text points evidence { sentence article { iri title published url } } }
    }
    left: migrations(from: $platform, asOf: $asOf) { ...Move }
    arrived: migrations(to: $platform, asOf: $asOf) { ...Move }
  }
  fragment Move on Event {
    id date origin { iri label } destination { iri label }
    evidence { sentence article { iri title published url } }
  }`,
  policy: `query Policy($instrument: String!, $asOf: Date) {
    policyImpact(instrument: $instrument, asOf: $asOf) {
      affected { iri label type }
      actions { ${EVENT_FIELDS} }
      responses { ${EVENT_FIELDS} }
      consequences { ${EVENT_FIELDS} }
    }
  }`,
};

const FOLLOW = `subscription Follow($entity: String!) {
  follow(entity: $entity) {
    idempotencyKey riskLevel instance
    event { type date evidence { sentence article { iri title published url } } }
  }
}`;

const $ = (id) => document.getElementById(id);
let chart = null;
let rendering = 0; // a newer navigation makes older answers stale
let shownEntity = null;

async function ask(query, variables = {}) {
  const resp = await fetch(GRAPHQL, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await resp.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

// ---- small DOM builders -------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function entityHref(id, asOf = state().asOf) {
  const params = new URLSearchParams({ entity: id });
  if (asOf) params.set("asOf", asOf);
  return "#" + params.toString();
}

function entityLink(entity) {
  return el("a", { href: entityHref(entity.iri), text: entity.label });
}

function articleLink(article) {
  const local = article.iri.startsWith(ID_PREFIX) ? "/id/" + article.iri.slice(ID_PREFIX.length) : article.iri;
  const title = article.title || "the article";
  const link = el("a", { href: local, text: title });
  const out = el("span", { className: "source" }, link);
  if (article.published) out.append(` (${article.published})`);
  if (article.url) out.append(" ", el("a", { href: article.url, text: "original", rel: "noopener" }));
  return out;
}

function evidenceCell(evidence) {
  return el("span", {}, el("q", { text: evidence.sentence }), " ", articleLink(evidence.article));
}

function cell(label, ...children) {
  return el("td", { "data-label": label }, ...children);
}

function joinNodes(items, render, separator = ", ") {
  const frag = document.createDocumentFragment();
  items.forEach((item, i) => {
    if (i) frag.append(separator);
    frag.append(render(item));
  });
  return frag;
}

function fillTable(table, rows) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows);
}

function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

// ---- state in the address: #entity=IRI&asOf=YYYY-MM-DD --------------------------------------

function state() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { entity: params.get("entity"), asOf: params.get("asOf") || "" };
}

function go(entity, asOf) {
  const params = new URLSearchParams();
  if (entity) params.set("entity", entity);
  if (asOf) params.set("asOf", asOf);
  const hash = "#" + params.toString();
  if (location.hash === hash) render();
  else location.hash = hash;
}

function setStatus(text) {
  $("status").textContent = text;
}

// ---- search with suggestions ----------------------------------------------------------------

let suggestTimer = null;
let suggestAsked = 0;

function rank(search, node) {
  const label = node.label.toLowerCase();
  const wanted = search.toLowerCase();
  return label === wanted ? 0 : label.startsWith(wanted) ? 1 : 2;
}

async function suggest() {
  const search = $("search").value.trim();
  const asked = ++suggestAsked;
  if (!search) {
    showSuggestions([], "");
    return [];
  }
  const data = await ask(QUERIES.suggest, { search });
  if (asked !== suggestAsked) return null;
  const nodes = data.entities.edges.map((e) => e.node);
  nodes.sort((a, b) => rank(search, a) - rank(search, b) || a.label.localeCompare(b.label));
  showSuggestions(nodes, search);
  return nodes;
}

function showSuggestions(nodes, search) {
  const list = $("suggestions");
  list.replaceChildren(
    ...nodes.map((node) =>
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", className: "suggestion", "data-id": node.iri, onclick: () => open(node.iri) },
          node.label,
          el("span", { className: "type", text: node.type.toLowerCase().replace("_", " ") }),
        ),
      ),
    ),
  );
  $("suggestion-count").textContent = search ? `${plural(nodes.length, "suggestion")} for ${search}` : "";
}

function open(id) {
  showSuggestions([], "");
  $("search").value = "";
  go(id, $("as-of").value);
}

function onSearchKeys(event) {
  const buttons = [...$("suggestions").querySelectorAll("button")];
  const at = buttons.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && buttons.length) {
    event.preventDefault();
    buttons[Math.min(at + 1, buttons.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    if (at === 0) $("search").focus();
    else buttons[at - 1].focus();
  } else if (event.key === "Escape") {
    showSuggestions([], "");
    $("search").focus();
  }
}

async function onSearchSubmit(event) {
  event.preventDefault();
  clearTimeout(suggestTimer);
  const nodes = await suggest();
  if (nodes && nodes.length) open(nodes[0].iri);
  else if (nodes) setStatus(`Nothing found for ${$("search").value.trim()}.`);
}

// ---- the views ------------------------------------------------------------------------------

async function renderStart(token) {
  const data = await ask(QUERIES.start);
  if (token !== rendering) return;
  for (const key of ["platforms", "instruments"]) {
    $(key).replaceChildren(...data[key].edges.map((e) => el("li", {}, entityLink(e.node))));
  }
}

function year(date) {
  return date ? Number(date.slice(0, 4)) : null;
}

// Events by type over time: one bar per year, stacked by event type. Years are what every
// date has, whatever its precision (a day, a month or only a year).
function drawTimeline(entity, events) {
  const dated = events.filter((e) => e.date);
  const summary = `${plural(events.length, "event")}; ${dated.length} with a date (in the chart), ${events.length - dated.length} undated.`;
  $("timeline-summary").textContent = summary;
  const years = dated.map((e) => year(e.date));
  const labels = [];
  if (years.length) for (let y = Math.min(...years); y <= Math.max(...years); y++) labels.push(String(y));
  const counts = new Map();
  for (const e of dated) {
    if (!counts.has(e.type)) counts.set(e.type, new Array(labels.length).fill(0));
    counts.get(e.type)[labels.indexOf(String(year(e.date)))] += 1;
  }
  const types = [...counts.keys()].sort((a, b) => sum(counts.get(b)) - sum(counts.get(a)) || a.localeCompare(b));
  const canvas = $("timeline-chart");
  canvas.setAttribute(
    "aria-label",
    `Events about ${entity.label} per year by type: ` +
      (types.map((t) => `${t} ${sum(counts.get(t))}`).join(", ") || "none dated") + ". The table below lists each.",
  );
  if (chart) chart.destroy();
  chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: types.map((t, i) => ({
        label: t,
        data: counts.get(t),
        backgroundColor: PALETTE[i % PALETTE.length],
        maxBarThickness: 56,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    },
  });
  fillTable(
    $("timeline-table"),
    events.map((e) =>
      el(
        "tr",
        {},
        cell("Date", e.date || "undated"),
        cell("Event", e.type),
        cell("Outcome", e.outcome || ""),
        cell("Reports", String(e.reports)),
        cell("Evidence", evidenceCell(e.evidence)),
      ),
    ),
  );
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function drawExposure(exposure) {
  $("exposure-summary").textContent = exposure.length
    ? `${plural(exposure.length, "jurisdiction")}, the riskiest first.`
    : "No regulatory exposure found.";
  const ranked = [...exposure].sort((a, b) => b.score - a.score);
  fillTable(
    $("exposure-table"),
    ranked.map((x, i) =>
      el(
        "tr",
        {},
        cell("Rank", String(i + 1)),
        cell("Jurisdiction", entityLink(x.jurisdiction)),
        cell("Risk", el("span", { className: `risk risk-${x.riskLevel.toLowerCase()}`, text: x.riskLevel })),
        cell("Score", String(x.score)), // as the API gives it (rounded there)
        cell("Status", x.status),
        cell("Instruments", joinNodes(x.instruments, entityLink)),
        cell(
          "Reasons",
          el(
            "ul",
            { className: "reasons" },
            ...x.reasons.map((r) =>
              el(
                "li",
                {},
                el("strong", { text: (r.points > 0 ? "+" : "") + String(r.points) }),
                " ",
                el("span", { className: "reason-text", text: r.text }),
                el("br"),
                evidenceCell(r.evidence),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function drawMigrations(entity, left, arrived) {
  const seen = new Set();
  const moves = [...left, ...arrived].filter((m) => !seen.has(m.id) && seen.add(m.id));
  moves.sort((a, b) => (a.date || "").localeCompare(b.date || ""));
  $("migrations-summary").textContent = moves.length
    ? `${plural(left.length, "migration")} away from ${entity.label}, ${arrived.length} towards it.`
    : `No user migrations from or to ${entity.label} found.`;
  fillTable(
    $("migrations-table"),
    moves.map((m) =>
      el(
        "tr",
        {},
        cell("Date", m.date || "undated"),
        cell("From", joinNodes(m.origin, entityLink)),
        cell("To", el("span", {}, "→\u00a0", joinNodes(m.destination, entityLink))),
        cell("Evidence", evidenceCell(m.evidence)),
      ),
    ),
  );
}

const POLICY_PARTS = [
  ["actions", "Actions", "What the instrument did, or what was done under it"],
  ["responses", "Responses", "How those affected responded"],
  ["consequences", "Consequences", "What followed"],
];

function drawPolicy(impact) {
  const counts = $("policy-counts");
  const affected = impact ? impact.affected : [];
  const parts = [["affected", "Affected", affected.length]].concat(
    POLICY_PARTS.map(([key, name]) => [key, name, impact ? impact[key].length : 0]),
  );
  counts.replaceChildren(
    ...parts.map(([key, name, n]) =>
      el("div", {}, el("dt", { text: name }), el("dd", { "data-part": key, text: String(n) })),
    ),
  );
  $("policy-affected").replaceChildren(...affected.map((e) => el("li", {}, entityLink(e))));
  $("policy-lists").replaceChildren(
    ...POLICY_PARTS.map(([key, name, help]) => {
      const events = impact ? impact[key] : [];
      return el(
        "section",
        { "aria-label": name },
        el("h3", { text: `${name}: ${events.length}` }),
        el("p", { className: "hint", text: help }),
        el(
          "ul",
          { className: "events", "data-part": key },
          ...events.map((e) =>
            el("li", {}, el("strong", { text: `${e.date || "undated"} ${e.type}` }), " ", evidenceCell(e.evidence)),
          ),
        ),
      );
    }),
  );
}

// ---- following an entity live: a graphql-transport-ws subscription on /graphql ----------------

let following = null; // { entity, label, socket, seen }

function setLive(text) {
  $("live-status").textContent = text;
}

function showFollowing(on) {
  $("follow").textContent = on ? "Stop following" : "Follow";
  $("follow").setAttribute("aria-pressed", String(on));
}

function unfollow() {
  if (!following) return;
  const { socket, label } = following;
  following = null;
  socket.close(1000);
  showFollowing(false);
  delete document.body.dataset.following;
  setLive(`Stopped following ${label}.`);
}

function follow(entity) {
  unfollow();
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + GRAPHQL, "graphql-transport-ws");
  const mine = { entity: entity.iri, label: entity.label, socket, seen: new Set() };
  following = mine;
  showFollowing(true);
  $("live-events").replaceChildren();
  setLive(`Connecting to follow ${entity.label}…`);
  const send = (message) => socket.send(JSON.stringify(message));
  socket.addEventListener("open", () => send({ type: "connection_init", payload: {} }));
  socket.addEventListener("message", (raw) => {
    const message = JSON.parse(raw.data);
    if (message.type === "connection_ack") {
      send({ id: "follow", type: "subscribe", payload: { query: FOLLOW, variables: { entity: entity.iri } } });
      setLive(`Following ${entity.label}: new events appear here as they are stored.`);
      document.body.dataset.following = entity.iri;
    } else if (message.type === "ping") {
      send({ type: "pong" });
    } else if (message.type === "next" && message.payload.errors) {
      setLive(`The API refused to follow: ${message.payload.errors.map((e) => e.message).join("; ")}`);
    } else if (message.type === "next") {
      addLiveEvent(mine, message.payload.data.follow);
    }
  });
  socket.addEventListener("close", () => {
    if (following !== mine) return; // closed on purpose
    following = null;
    showFollowing(false);
    delete document.body.dataset.following;
    setLive(`The live connection closed; press Follow to open it again.`);
  });
}

function addLiveEvent(mine, note) {
  if (mine.seen.has(note.idempotencyKey)) return; // at least once: the key tells a repeat
  mine.seen.add(note.idempotencyKey);
  const e = note.event;
  $("live-events").prepend(
    el(
      "li",
      { "data-instance": note.instance },
      el("strong", { text: `${e.date || "undated"} ${e.type}` }),
      " ",
      el("span", { className: `risk risk-${note.riskLevel.toLowerCase()}`, text: note.riskLevel }),
      " ",
      evidenceCell(e.evidence),
    ),
  );
  setLive(`Following ${mine.label}: ${plural(mine.seen.size, "new event")} since you pressed Follow.`);
}

async function renderEntity(token, id, asOf) {
  const { entity } = await ask(QUERIES.entity, { id });
  if (token !== rendering) return;
  if (!entity) {
    setStatus("No such entity in the graph.");
    return;
  }
  const vars = { asOf: asOf || null };
  const isPlatform = entity.type === "PLATFORM" || entity.type === "COMPANY";
  const isInstrument = entity.type === "LEGAL_INSTRUMENT";
  const [timeline, platform, policy] = await Promise.all([
    ask(QUERIES.timeline, { entity: id, ...vars }),
    isPlatform ? ask(QUERIES.platform, { platform: id, ...vars }) : null,
    isInstrument ? ask(QUERIES.policy, { instrument: id, ...vars }) : null,
  ]);
  if (token !== rendering) return;
  if (following && following.entity !== entity.iri) unfollow();
  $("follow").dataset.entity = entity.iri;
  $("follow").dataset.label = entity.label;
  $("start").hidden = true;
  $("entity").hidden = false;
  document.title = `${entity.label} · regrisk-kg explorer`;
  $("entity-title").replaceChildren(
    entity.label,
    " ",
    el("span", { className: "type", text: entity.type.toLowerCase().replace("_", " ") }),
  );
  const meta = [];
  if (entity.aliases.length) meta.push("Also called " + entity.aliases.join(", ") + ".");
  $("entity-meta").replaceChildren(
    meta.join(" "),
    " ",
    el("a", { href: "/id/" + entity.iri.slice(ID_PREFIX.length), text: "Everything the graph says" }),
  );
  $("as-of-note").hidden = !asOf;
  $("as-of-note").textContent = asOf ? `As of ${asOf}: only what had been published by that day.` : "";
  drawTimeline(entity, timeline.timeline);
  $("exposure").hidden = $("migrations").hidden = !isPlatform;
  if (isPlatform) {
    drawExposure(platform.exposure);
    drawMigrations(entity, platform.left, platform.arrived);
  }
  $("policy").hidden = !isInstrument;
  if (isInstrument) drawPolicy(policy.policyImpact);
  setStatus(`Showing ${entity.label}${asOf ? ` as of ${asOf}` : ""}.`);
  document.body.dataset.ready = id + "|" + (asOf || "");
}

async function render() {
  const token = ++rendering;
  const { entity, asOf } = state();
  $("as-of").value = asOf;
  delete document.body.dataset.ready;
  setStatus("Loading…");
  try {
    if (entity) {
      await renderEntity(token, entity, asOf);
      // focus follows a new entity (for screen readers and the Tab key), not a new date
      if (token === rendering && !$("entity").hidden && entity !== shownEntity) $("entity-title").focus();
      shownEntity = entity;
    } else {
      unfollow();
      $("start").hidden = false;
      $("entity").hidden = true;
      shownEntity = null;
      document.title = "regrisk-kg explorer";
      await renderStart(token);
      if (token === rendering) {
        setStatus("");
        document.body.dataset.ready = "start";
      }
    }
  } catch (error) {
    if (token === rendering) setStatus(`The API answered with an error: ${error.message}`);
  }
}

function init() {
  $("search").addEventListener("input", () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest().catch((e) => setStatus(e.message)), 150);
  });
  $("search-form").addEventListener("keydown", onSearchKeys);
  $("search-form").addEventListener("submit", (e) => onSearchSubmit(e).catch((err) => setStatus(err.message)));
  $("as-of").addEventListener("change", () => go(state().entity, $("as-of").value));
  $("as-of-clear").addEventListener("click", () => go(state().entity, ""));
  $("follow").addEventListener("click", () => {
    const button = $("follow");
    if (following && following.entity === button.dataset.entity) unfollow();
    else follow({ iri: button.dataset.entity, label: button.dataset.label });
  });
  window.addEventListener("hashchange", render);
  render();
}

init();
