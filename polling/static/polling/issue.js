// Keep the clerk's hands on the keyboard: after each issuance the search box is ready again.
(function () {
  document.getElementById("id_q")?.select();
  document.querySelectorAll(".issue-form").forEach((form) => form.addEventListener("submit", () => {
    form.querySelector("button[type=submit]").disabled = true;  // one click, one request
  }));
})();
