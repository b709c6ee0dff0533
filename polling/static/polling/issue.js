// The issuance page (领票登记, VOTE-2). Keep the clerk's hands on the keyboard: after each issuance the search
// box is ready again.
//
// The light path (issue 13): with this script, the search asks polling:issue_search_json (one indexed query)
// and the issue button POSTs to polling:issue_json (the same service and checks as the form; the CSRF token in
// the X-CSRFToken header), which answers with the new counts, the quorum and the line for the latest list —
// the page is updated in place, nothing is rebuilt. Without the script, the form GET and POST + redirect work
// as before. Refusals (a second ballot, the wrong day…) come back as Chinese messages and are shown in red.
(function () {
  "use strict";
  const live = document.getElementById("issue-live");
  const search = document.querySelector("form[role=search]");
  const results = document.getElementById("issue-results");
  const q = document.getElementById("id_q");
  q?.select();
  document.querySelectorAll(".issue-form").forEach((form) => form.addEventListener("submit", () => {
    form.querySelector("button[type=submit]").disabled = true;  // one click, one request
  }));
  if (!live || !search || !results || !window.fetch) return;
  const L = live.dataset;
  const messages = document.getElementById("issue-messages");

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function say(text, ok) {
    messages.replaceChildren(el("div", {"class": "alert py-2 " + (ok ? "alert-success" : "alert-danger"), role: "alert"}, text));
  }

  function badge(row) {
    const kind = row.state === "issued" ? "text-bg-success" : "text-bg-secondary";
    return el("span", {"class": "badge " + kind}, row.text);
  }

  function action(row, proxy) {
    if (row.state !== "open") return badge(row);
    if (!L.canIssue) return el("span", {"class": "text-muted small"}, L.labelNotCollected);
    const form = el("form", {method: "post", "class": "d-flex flex-wrap gap-1 justify-content-end issue-form"});
    const helper = el("input", {"class": "form-control form-control-sm", style: "max-width: 9rem", name: "helper_name",
                                placeholder: L.labelHelper, "aria-label": L.labelHelper});
    const button = el("button", {"class": "btn btn-sm btn-danger", type: "submit"}, proxy ? L.labelIssueProxy : L.labelIssue);
    form.append(helper, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      issue(form, button, row.id, proxy, helper.value);
    });
    return form;
  }

  function table(data) {
    const cols = ["labelName", "labelSex", "labelGroup"].concat(L.household ? ["labelHousehold"] : [], ["labelId"]);
    const head = el("tr", null, ...cols.map((c) => el("th", null, L[c])), el("th", {"class": "text-end"}, L.labelBallot));
    const body = el("tbody");
    for (const row of data.results) {
      const name = el("td", null, el("span", {"class": "fw-semibold"}, row.name));
      if (row.absent) name.append(" ", el("span", {"class": "badge text-bg-info"}, L.labelAbsent));
      const cells = [name, el("td", null, row.sex), el("td", {"class": "small"}, row.group || "—")];
      if (L.household) cells.push(el("td", {"class": "small"}, row.household == null ? "—" : String(row.household)));
      cells.push(el("td", {"class": "font-monospace small"}, row.masked_id));
      const cell = el("td", {"class": "text-end", "data-registration": row.id}, action(row, null));
      body.append(el("tr", null, ...cells, cell));
      for (const held of row.held) {
        const principal = {...held, id: held.principal};
        body.append(el("tr", {"class": "table-light"},
          el("td", {colspan: String(cols.length), "class": "small ps-4"}, "↳ " + held.label),
          el("td", {"class": "text-end", "data-registration": held.principal}, action(principal, held.proxy))));
      }
    }
    if (!data.results.length) body.append(el("tr", null, el("td", {colspan: "6", "class": "text-muted"}, L.labelNone)));
    const card = el("div", {"class": "card shadow-sm mb-3"}, el("div", {"class": "table-responsive"},
      el("table", {"class": "table table-sm mb-0 align-middle", id: "voters"}, el("thead", {"class": "table-light"}, head), body)));
    const parts = [card];
    if (data.more) parts.push(el("p", {"class": "small text-muted"}, L.labelMore));
    // Correcting an issuance and recording an absence stay on the full page (the form search, without script).
    parts.push(el("p", {"class": "small"}, el("a", {href: data.full_page + "?" + new URLSearchParams(new FormData(search))}, L.labelCorrect)));
    results.replaceChildren(...parts);
  }

  let pending = null;
  async function find() {
    const params = new URLSearchParams(new FormData(search));
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(L.searchUrl + "?" + params, {headers: {"Accept": "application/json"}, signal: pending.signal});
      if (response.status === 401 || response.redirected) { window.location.reload(); return; }
      if (!response.ok) throw new Error(String(response.status));
      table(await response.json());
      history.replaceState(null, "", "?" + params);
    } catch (e) {
      if (e.name !== "AbortError") say(L.labelOffline, false);
    }
  }

  async function issue(form, button, registration, proxy, helper) {
    button.disabled = true;  // one click, one request
    const body = new URLSearchParams({registration: String(registration), helper_name: helper});
    if (proxy) body.set("proxy", String(proxy));
    let data;
    try {
      const response = await fetch(L.issueUrl, {method: "POST", body, credentials: "same-origin",
        headers: {"X-CSRFToken": L.csrf, "Accept": "application/json"}});
      if (response.redirected) { window.location.reload(); return; }
      data = await response.json();
    } catch (e) {
      button.disabled = false;
      say(L.labelOffline, false);
      return;
    }
    say(data.message, data.ok);
    if (!data.ok) { button.disabled = false; return; }
    form.replaceWith(badge({state: "issued", text: data.text}));
    document.getElementById("issued-here").textContent = data.issued_here;
    if (window.rcemQuorum && data.quorum) window.rcemQuorum.show(data.quorum);
    const recent = document.getElementById("recent-issues");
    if (recent) {
      recent.querySelector(".text-muted:only-child")?.remove();
      recent.prepend(el("li", null, data.recent));
      while (recent.children.length > 15) recent.lastElementChild.remove();
    }
    q?.select();
  }

  search.addEventListener("submit", (event) => {
    event.preventDefault();
    find();
  });
})();
