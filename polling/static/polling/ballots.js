// Print runs in progress: their progress bars follow the background job (polling:batch_status) every second.
// The X-Background header tells the server this is no sign of the user being at the keyboard (idle timeout).
(function () {
  const active = (row) => ["queued", "running"].includes(row.dataset.status);
  const rows = [...document.querySelectorAll("tr.batch")].filter(active);
  if (!rows.length) return;
  const table = document.querySelector("[data-download-label]");
  let polls = 0;
  function downloadLink(url) {
    const link = document.createElement("a");
    link.className = "btn btn-sm btn-success";
    link.href = url;
    link.textContent = table ? table.dataset.downloadLabel : "PDF";
    return link;
  }
  async function poll() {
    polls += 1;
    for (const row of rows.filter(active)) {
      try {
        const response = await fetch(row.dataset.statusUrl, {headers: {"X-Background": "1"}});
        if (response.status === 401) { window.location.reload(); return; }  // logged out: show the login page
        const s = await response.json();
        row.dataset.status = s.status;
        const bar = row.querySelector(".progress-bar");
        bar.style.width = s.percent + "%"; bar.textContent = s.percent + "%";
        row.querySelector(".status-label").textContent = s.status_label + (s.error ? ": " + s.error : "");
        if (s.status === "done") {
          bar.className = "progress-bar bg-success";
          row.querySelector(".download").replaceChildren(downloadLink(s.download));
        } else if (s.status === "failed") { bar.className = "progress-bar bg-danger"; }
        if (s.status === "queued" && polls > 15) document.getElementById("worker-hint").hidden = false;
      } catch (e) { /* try again on the next tick */ }
    }
    if (rows.some(active)) setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
