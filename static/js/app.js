// Behaviour of the page frame and of small controls, kept out of the HTML: the Content-Security-Policy allows
// scripts from our own static files only, never inline ones or on…= attributes.
(function () {
  // A <select data-autosubmit> submits its form when changed (the language menu).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // <input type="checkbox" data-select-all="NAME"> ticks or clears every checkbox named NAME.
  document.querySelectorAll("input[data-select-all]").forEach((all) => {
    all.addEventListener("change", () => {
      document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`).forEach((box) => {
        box.checked = all.checked;
      });
    });
  });
})();
