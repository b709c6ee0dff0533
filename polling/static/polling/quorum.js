// The live quorum (VOTE-3, VOTE-4): the card refreshes from polling:quorum_json every 5 seconds. The
// X-Background header tells the server this is no sign of the user being at the keyboard (idle timeout).
// An issuance answers with the quorum too (polling/issue.js): a refresh due less than 5 seconds after it is
// skipped, so a busy station does not ask the server for figures it has just received (issue 13).
(function () {
  const card = document.getElementById("quorum-card");
  if (!card || !card.querySelector("[data-q=bar]")) return;
  const labels = {yes: card.dataset.labelReached, no: card.dataset.labelNotReached};
  const EVERY = 5000;
  let answeredAt = 0;  // when an issuance last answered with the quorum
  function show(q) {
    if (!q.method) return;
    for (const key of ["eligible", "attended", "threshold", "missing"]) card.querySelector(`[data-q=${key}]`).textContent = q[key];
    const bar = card.querySelector("[data-q=bar]"), badge = card.querySelector("[data-q=badge]");
    bar.style.width = q.percent + "%";
    bar.className = "progress-bar " + (q.reached ? "bg-success" : "bg-warning");
    badge.className = "badge fs-6 " + (q.reached ? "text-bg-success" : "text-bg-warning");
    badge.textContent = q.reached ? labels.yes : labels.no;
  }
  // The issuance page's script shows the figures its issuance answered with (polling/issue.js).
  window.rcemQuorum = {show(q) { answeredAt = Date.now(); show(q); }};
  async function refresh() {
    if (Date.now() - answeredAt < EVERY - 500) return;  // fresh figures from an issuance a moment ago
    try {
      const response = await fetch(card.dataset.url, {headers: {"Accept": "application/json", "X-Background": "1"}});
      if (response.status === 401) { window.location.reload(); return; }  // logged out: show the login page
      show(await response.json());
    } catch (e) { /* offline for a moment: the next refresh catches up */ }
  }
  setInterval(refresh, EVERY);
})();
