// OpenCDP console (docs/console.md): plain script, no framework, nothing fetched from elsewhere.
// Every datum the API answers is rendered as text (text nodes and textContent, never parsed as markup), so a hostile
// value shows as the characters it holds. The token lives in sessionStorage (this tab only, never in a URL) and
// every call carries it as Authorization: Bearer, so the API's scopes and workspace isolation apply unchanged.
"use strict";

(function () {
  const TOKEN_KEY = "opencdp.console.token";
  const main = document.getElementById("main");
  const nav = document.getElementById("nav");

  // ---- rendering helpers: data only ever becomes text nodes --------------------------------------------------

  /** C0 controls, DEL and bidirectional overrides shown as visible symbols, so text cannot hide or reorder. */
  function visible(text) {
    return String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, function (c) {
      const code = c.charCodeAt(0);
      if (code < 0x20) { return String.fromCharCode(0x2400 + code); }
      if (code === 0x7f) { return "\u2421"; }
      return "\\u" + code.toString(16).padStart(4, "0");
    });
  }

  /** A value as text: strings as they are (controls made visible), anything else as JSON. */
  function show(value) {
    if (value === null || value === undefined) { return "null"; }
    if (typeof value === "string") { return visible(value); }
    return visible(JSON.stringify(value, null, 1));
  }

  /** An element; children are nodes or strings (strings become text nodes). Attributes are fixed by the code. */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (name === "text") { node.textContent = attrs[name]; }
        else if (name === "onclick") { node.addEventListener("click", attrs[name]); }
        else if (name === "onsubmit") { node.addEventListener("submit", attrs[name]); }
        else { node.setAttribute(name, attrs[name]); }
      });
    }
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined) { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function link(href, text) { return el("a", { href: href, text: text }); }

  /** A table: rows are arrays of cells (string, node, or {value} for a data cell shown by show()). */
  function table(id, headings, rows, emptyText) {
    if (rows.length === 0) { return el("p", { id: id, "class": "empty", text: emptyText || "None." }); }
    const head = el("tr");
    headings.forEach(function (h) { head.appendChild(el("th", { text: h })); });
    const body = el("tbody");
    rows.forEach(function (cells) {
      const tr = el("tr");
      cells.forEach(function (cell) {
        if (cell !== null && typeof cell === "object" && "value" in cell && !(cell instanceof Node)) {
          tr.appendChild(el("td", { "class": "value", text: show(cell.value) }));
        } else if (cell instanceof Node) {
          tr.appendChild(el("td", null, cell));
        } else {
          tr.appendChild(el("td", { text: cell === null || cell === undefined ? "" : visible(cell) }));
        }
      });
      body.appendChild(tr);
    });
    return el("table", { id: id }, el("thead", null, head), body);
  }

  function facts(id, pairs) {
    const dl = el("dl", { id: id, "class": "facts" });
    pairs.forEach(function (pair) {
      dl.appendChild(el("dt", { text: pair[0] }));
      dl.appendChild(el("dd", { text: pair[1] === null || pair[1] === undefined ? "" : show(pair[1]) }));
    });
    return dl;
  }

  function message(kind, text) { return el("div", { "class": "message " + kind, role: "status", text: text }); }

  function page(title) {
    main.replaceChildren(el("h1", { text: title }));
    document.title = title + " · OpenCDP console";
    return main;
  }

  // ---- the API, with the signed-in token -------------------------------------------------------------------

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /** Calls the API; resolves {status, body} (body parsed when JSON); a 401 signs out. */
  async function api(method, path) {
    const answer = await fetch(path, {
      method: method,
      headers: { "Authorization": "Bearer " + token(), "Accept": "application/json" },
      cache: "no-store",
      credentials: "omit",
      redirect: "follow"
    });
    const text = await answer.text();
    let body = text;
    try { body = text ? JSON.parse(text) : null; } catch (notJson) { body = text; }
    if (answer.status === 401) {
      signOut("The token was refused (401). Sign in again.");
      throw new Error("unauthorized");
    }
    return { status: answer.status, body: body };
  }

  /** A refusal or failure as a person reads it: the status and the API's own message. */
  function failure(answer) {
    const said = answer.body && typeof answer.body === "object" && answer.body.message ? answer.body.message
      : typeof answer.body === "string" ? answer.body.slice(0, 500) : "";
    const why = answer.status === 403 ? "Forbidden: this token lacks the scope (or admin right) this page needs."
      : answer.status === 404 ? "Not found." : answer.status === 503 ? "A service did not answer in time; retry."
      : "The API answered " + answer.status + ".";
    return message("error", why + (said ? " " + visible(said) : ""));
  }

  function enc(part) { return encodeURIComponent(part); }

  // ---- sign in / out ---------------------------------------------------------------------------------------

  function signInPage(note) {
    nav.hidden = true;
    const root = page("Sign in");
    const input = el("input", { id: "token", type: "password", autocomplete: "off", placeholder: "Bearer token" });
    root.appendChild(el("form", { id: "sign-in", onsubmit: function (e) {
      e.preventDefault();
      if (!input.value.trim()) { return; }
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      nav.hidden = false;
      route();
    } }, el("p", { text: "Sign in with an API token of your workspace. It is kept in this tab only." }),
      note ? message("info", note) : null, input, el("button", { id: "sign-in-button", type: "submit", text: "Sign in" })));
    input.focus();
  }

  function signOut(note) {
    sessionStorage.removeItem(TOKEN_KEY);
    signInPage(note);
  }

  // ---- pages -----------------------------------------------------------------------------------------------

  async function profilesPage(params) {
    const root = page("Profiles");
    const kind = el("select", { id: "lookup-kind" },
      el("option", { value: "id", text: "Customer id" }), el("option", { value: "email", text: "Email" }),
      el("option", { value: "phone", text: "Phone (E.164)" }));
    const value = el("input", { id: "lookup-value", size: "40", placeholder: "42, ann@example.com, +13115552368" });
    ["id", "email", "phone"].forEach(function (k) { if (params.get(k) !== null) { kind.value = k; value.value = params.get(k); } });
    root.appendChild(el("form", { "class": "inline", onsubmit: function (e) {
      e.preventDefault();
      if (value.value) { location.hash = "#/profiles?" + kind.value + "=" + enc(value.value); }
    } }, kind, value, el("button", { id: "lookup-button", type: "submit", text: "Find" })));
    const k = ["id", "email", "phone"].find(function (x) { return params.get(x) !== null; });
    if (!k) { return; }
    const path = k === "id" ? "/customers/" + enc(params.get("id")) : "/customers?" + k + "=" + enc(params.get(k));
    const answer = await api("GET", path);
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    renderProfile(root, answer.body);
  }

  function renderProfile(root, p) {
    const section = el("section", { id: "profile" });
    section.appendChild(el("h2", { text: "Customer " + visible(p.customer_id) }));
    section.appendChild(facts("profile-facts", [["customer id", p.customer_id], ["created", p.created_at],
      ["updated", p.updated_at], ["revision", p.revision], ["last request id", p.last_request_id]]));
    const attributes = p.attributes || {};
    const names = Object.keys(attributes).sort();
    const scalars = names.filter(function (n) { return attributes[n].type !== "array"; });
    const arrays = names.filter(function (n) { return attributes[n].type === "array"; });
    section.appendChild(el("h2", { text: "Attributes" }));
    section.appendChild(table("profile-attributes", ["name", "type", "value"], scalars.map(function (n) {
      return [n, attributes[n].type, { value: attributes[n].value }];
    }), "No attributes."));
    section.appendChild(el("h2", { text: "Arrays" }));
    const arrayBox = el("div", { id: "profile-arrays" });
    if (arrays.length === 0) { arrayBox.appendChild(el("p", { "class": "empty", text: "No array fields." })); }
    arrays.forEach(function (n) {
      const items = Array.isArray(attributes[n].value) ? attributes[n].value : [];
      const columns = [];
      items.forEach(function (item) { Object.keys(item || {}).forEach(function (c) { if (columns.indexOf(c) < 0) { columns.push(c); } }); });
      arrayBox.appendChild(el("h3", { text: n + " (" + items.length + " items)" }));
      arrayBox.appendChild(table("array-" + arrays.indexOf(n), columns, items.map(function (item) {
        return columns.map(function (c) { return item && c in item ? { value: item[c] } : ""; });
      }), "No items."));
    });
    section.appendChild(arrayBox);
    section.appendChild(el("h2", { text: "Identifiers" }));
    section.appendChild(table("profile-identifiers", ["kind", "name", "value"], (p.identifiers || []).map(function (i) {
      return [i.kind, i.name || "", { value: i.value }];
    }), "No identifiers."));
    section.appendChild(el("h2", { text: "Subscriptions" }));
    section.appendChild(table("profile-subscriptions", ["channel", "type", "sign-up source", "subscribed", "attempts", "last attempt"],
      (p.subscriptions || []).map(function (s) {
        return [s.channel, s.type, s.sign_up_source_id, s.subscribed_at, String(s.repeated_attempts), s.last_attempt_at];
      }), "No subscriptions."));
    section.appendChild(el("h2", { text: "Merges" }));
    const mergeNote = el("div", { id: "merge-note" });
    section.appendChild(table("profile-merges", ["merge id", "absorbed", "merged", "request id", "state", ""],
      (p.merges || []).map(function (m) {
        const undo = m.undoable && !m.undone ? el("button", { type: "button", "class": "undo", text: "Undo (admin)", onclick: async function () {
          if (!confirm("Undo merge " + m.merge_id + "?")) { return; }
          const answer = await api("POST", "/customers/" + enc(p.customer_id) + "/merges/" + enc(m.merge_id) + "/undo");
          mergeNote.replaceChildren(answer.status === 202 ? message("info", "Undo accepted; reload in a moment to see it.") : failure(answer));
        } }) : null;
        return [m.merge_id, { value: m.absorbed_id }, m.merged_at, m.request_id, m.undone ? "undone" : "merged", undo || ""];
      }), "No merges."));
    section.appendChild(mergeNote);
    section.appendChild(el("h2", { text: "Rejected values" }));
    section.appendChild(table("profile-rejections", ["property", "value", "reason", "request id", "rejected"],
      (p.rejections || []).map(function (r) { return [r.property, { value: r.value }, r.reason, r.request_id, r.rejected_at]; }),
      "No rejected values."));
    root.appendChild(section);
    // What the browser test measures: milliseconds from navigation start to the profile on screen.
    document.body.setAttribute("data-profile-rendered-ms", String(Math.round(performance.now())));
  }

  async function catalogPage() {
    const root = page("Catalog");
    const answer = await api("GET", "/properties");
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    root.appendChild(table("catalog", ["name", "type", "enum values", "created", "created by", "updated"],
      (answer.body.properties || []).map(function (p) {
        return [p.name, p.type, p.enum_values ? { value: p.enum_values } : "", p.created_at, p.created_by_route, p.updated_at];
      }), "The catalog is empty."));
  }

  async function workflowsPage() {
    const root = page("Workflows");
    const answer = await api("GET", "/workflows");
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    root.appendChild(table("workflows", ["name", "trigger", "webhook", "enabled", "created", "id"],
      (answer.body || []).map(function (w) {
        return [link("#/workflows/" + enc(w.id), visible(w.name)), { value: w.trigger },
          w.webhook ? { value: w.webhook.url } : "", String(w.enabled), w.created_at, w.id];
      }), "No workflows."));
  }

  async function workflowPage(id, params) {
    const root = page("Workflow");
    const answer = await api("GET", "/workflows/" + enc(id));
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    const w = answer.body;
    root.appendChild(facts("workflow-facts", [["id", w.id], ["name", w.name], ["trigger", w.trigger], ["filter", w.filter],
      ["webhook", w.webhook ? w.webhook.url : null], ["template", w.template], ["enabled", w.enabled],
      ["created", w.created_at], ["updated", w.updated_at]]));
    const customer = el("input", { id: "runs-customer", placeholder: "customer id (optional)", value: params.get("customer_id") || "" });
    root.appendChild(el("h2", { text: "Runs (newest first)" }));
    root.appendChild(el("form", { "class": "inline", onsubmit: function (e) {
      e.preventDefault();
      location.hash = "#/workflows/" + enc(id) + (customer.value ? "?customer_id=" + enc(customer.value) : "");
    } }, customer, el("button", { type: "submit", text: "Filter" })));
    const query = "?limit=100" + (params.get("customer_id") ? "&customer_id=" + enc(params.get("customer_id")) : "");
    const runs = await api("GET", "/workflows/" + enc(id) + "/runs" + query);
    if (runs.status !== 200) { root.appendChild(failure(runs)); return; }
    root.appendChild(table("runs", ["run", "customer", "event", "event time", "status", "failure"],
      (runs.body || []).map(function (r) {
        return [link("#/runs/" + enc(r.run_id), r.run_id), { value: r.customer_id }, r.event, r.event_timestamp,
          r.status, r.failure_reason || ""];
      }), "No runs."));
  }

  async function runPage(id) {
    const root = page("Run");
    const answer = await api("GET", "/runs/" + enc(id));
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    const r = answer.body;
    root.appendChild(facts("run-facts", [["run id", r.run_id], ["workflow", r.workflow_name], ["workflow id", r.workflow_id],
      ["customer", r.customer_id], ["event", r.event], ["event id", r.event_id], ["event time", r.event_timestamp],
      ["request id", r.request_id], ["status", r.status], ["failure", r.failure_reason], ["message", r.message]]));
    root.appendChild(el("p", null, link("#/workflows/" + enc(r.workflow_id), "All runs of this workflow")));
    root.appendChild(el("h2", { text: "Context" }));
    root.appendChild(el("pre", { id: "run-context", text: show(r.context) }));
    root.appendChild(el("h2", { text: "Webhook delivery" }));
    const d = r.delivery;
    if (!d) { root.appendChild(el("p", { id: "delivery", "class": "empty", text: "This workflow has no webhook." })); return; }
    root.appendChild(facts("delivery", [["state", d.state], ["url", d.url], ["attempts", d.attempts],
      ["last error", d.last_error], ["updated", d.updated_at]]));
    const note = el("div", { id: "retry-note" });
    if (d.state === "PARKED") {
      root.appendChild(el("button", { id: "retry", type: "button", text: "Retry delivery (admin)", onclick: async function () {
        const retried = await api("POST", "/runs/" + enc(id) + "/retry");
        note.replaceChildren(retried.status === 202 ? message("info", "Retry accepted; reload to follow it.") : failure(retried));
      } }));
    }
    root.appendChild(note);
  }

  const DEAD_LETTER_TOPICS = ["customer-commands-dlq", "catalog-commands-dlq", "identity-commands-dlq",
    "property-catalog-dlq", "enriched-events-dlq", "workflows-dlq", "webhook-retries-dlq"];

  function shown(part) {
    if (!part || part.encoding === "null") { return "null"; }
    return (part.encoding === "base64" ? "[base64] " : "") + visible(part.value)
      + (part.truncated ? " … (" + part.bytes + " bytes in all)" : "");
  }

  async function deadLettersPage(params) {
    const root = page("Dead letters");
    const topic = el("select", { id: "dlq-topic" }, el("option", { value: "", text: "every dead-letter topic" }));
    DEAD_LETTER_TOPICS.forEach(function (t) { topic.appendChild(el("option", { value: t, text: t })); });
    topic.value = params.get("topic") || "";
    root.appendChild(el("form", { "class": "inline", onsubmit: function (e) {
      e.preventDefault();
      location.hash = "#/dead-letters" + (topic.value ? "?topic=" + enc(topic.value) : "");
    } }, topic, el("button", { type: "submit", text: "Show" })));
    const answer = await api("GET", "/dead-letters?limit=50" + (topic.value ? "&topic=" + enc(topic.value) : ""));
    if (answer.status !== 200) { root.appendChild(failure(answer)); return; }
    if (!answer.body.complete) {
      root.appendChild(message("info", "Not every partition was read in time: older records may be missing."));
    }
    root.appendChild(el("p", { "class": "muted", text: "The newest records of your workspace, among the last "
      + answer.body.scanned_per_partition + " of each partition." }));
    const list = el("div", { id: "dead-letters" });
    if (answer.body.records.length === 0) { list.appendChild(el("p", { "class": "empty", text: "No dead letters." })); }
    answer.body.records.forEach(function (r) {
      list.appendChild(el("div", { "class": "card dead-letter" },
        facts("", [["topic", r.topic + " " + r.partition + "@" + r.offset], ["written", r.timestamp],
          ["reason", r.reason], ["exception", r.exception],
          ["read from", r.source_topic ? r.source_topic + " " + r.source_partition + "@" + r.source_offset : ""],
          ["request id", r.request_id], ["key", shown(r.key)], ["value", shown(r.value)]]),
        table("", ["header", "value"], r.headers.map(function (h) { return [h.name, shown(h.value)]; }), "No headers.")));
    });
    root.appendChild(list);
  }

  // ---- routing ---------------------------------------------------------------------------------------------

  async function route() {
    if (!token()) { signInPage(); return; }
    nav.hidden = false;
    const hash = location.hash || "#/profiles";
    const at = hash.indexOf("?");
    const path = (at < 0 ? hash : hash.slice(0, at)).slice(1);
    const params = new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    nav.querySelectorAll("a").forEach(function (a) { a.classList.toggle("active", a.getAttribute("href") === "#/" + parts[0]); });
    try {
      if (parts[0] === "catalog") { await catalogPage(); }
      else if (parts[0] === "workflows" && parts[1]) { await workflowPage(parts[1], params); }
      else if (parts[0] === "workflows") { await workflowsPage(); }
      else if (parts[0] === "runs" && parts[1]) { await runPage(parts[1]); }
      else if (parts[0] === "dead-letters") { await deadLettersPage(params); }
      else { await profilesPage(params); }
    } catch (e) {
      if (e.message !== "unauthorized") { main.appendChild(message("error", "The API could not be reached: " + e.message)); }
    }
  }

  document.getElementById("sign-out").addEventListener("click", function () { signOut("Signed out."); });
  window.addEventListener("hashchange", route);
  route();
})();
