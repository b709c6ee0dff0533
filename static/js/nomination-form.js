/* The nomination form (templates/candidates/nomination_form.html): show the group fields for a group's
 * nomination only, and the supporting names for every source but a self-application. */
(function () {
  "use strict";
  var source = document.getElementById("id_source");
  if (!source) return;
  function wrap(name) { return document.getElementById("div_id_" + name); }
  function update() {
    var value = source.value;
    ["group", "group_meeting_on"].forEach(function (name) {
      if (wrap(name)) wrap(name).hidden = value !== "group";
    });
    if (wrap("supporters")) wrap("supporters").hidden = value === "self";
  }
  source.addEventListener("change", update);
  update();
})();
