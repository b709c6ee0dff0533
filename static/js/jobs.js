// Progress bars of background jobs (templates/elections/_job_progress.html, elections/jobs.py): poll each
// waiting or running job and move its bar; when one ends (done, failed, cancelled) reload the page, which then
// shows what comes next (a download, a retry button, the import preview). Forms with data-confirm ask first.
(function () {
  "use strict";
  const ACTIVE = ["queued", "running"];

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  const jobs = Array.from(document.querySelectorAll("[data-job-status-url]"))
    .filter(function (el) { return ACTIVE.includes(el.dataset.jobStatus); });
  if (!jobs.length) return;

  function show(el, s) {
    const bar = el.querySelector(".progress-bar");
    bar.style.width = s.percent + "%";
    bar.setAttribute("aria-valuenow", s.percent);
    bar.textContent = s.percent + "%";
    el.querySelector(".job-label").textContent =
      s.status_label + (s.status === "running" && s.total ? " · " + s.done + " / " + s.total : "");
  }

  async function poll() {
    let ended = false;
    for (const el of jobs) {
      try {
        // X-Background: a poll is no sign of the user at the keyboard (the idle timeout, elections/idle_timeout.py).
        const response = await fetch(el.dataset.jobStatusUrl,
                                     {headers: {Accept: "application/json", "X-Background": "1"}});
        if (response.status === 401) { window.location.reload(); return; }  // logged out: show the login page
        const s = await response.json();
        show(el, s);
        if (!ACTIVE.includes(s.status)) ended = true;
      } catch (e) { /* a dropped request: try again on the next tick */ }
    }
    if (ended) {
      window.location.reload();
    } else {
      window.setTimeout(poll, 1000);
    }
  }
  window.setTimeout(poll, 700);
})();
