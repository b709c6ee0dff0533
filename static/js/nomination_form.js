// The nomination form shows the fields of the chosen source only (CAN-3): group and meeting date for a resident
// group's nomination, supporters for a joint one, neither for a self-application.
(function () {
  const source = document.getElementById("id_source");
  if (!source) return;
  const wrap = (name) => document.getElementById("div_id_" + name);
  function update() {
    const value = source.value;
    ["group", "group_meeting_on"].forEach((n) => wrap(n) && (wrap(n).hidden = value !== "group"));
    wrap("supporters") && (wrap("supporters").hidden = value === "self");
  }
  source.addEventListener("change", update);
  update();
})();
