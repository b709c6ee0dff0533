/* The ballot grid: one key per candidate, no mouse needed.
   1 for, 2 against, 3 unreadable, 0 abstain: the cell takes the key and the cursor moves to the next candidate;
   after the row's last candidate it goes to the next ballot. Enter also goes to the next ballot (on the last row
   it saves); Tab reaches the write-in and invalid fields; arrow keys move between rows; Backspace in an empty
   cell goes back. Nothing else is typed into a mark cell. */
(function () {
  "use strict";
  var grid = document.getElementById("ballot-grid");
  if (!grid) { return; }
  var form = document.getElementById("grid-form");
  var rows = Array.prototype.slice.call(grid.querySelectorAll("tr.grid-row"));

  function fields(row) { return Array.prototype.slice.call(row.querySelectorAll("input, select")); }
  function all() { return rows.reduce(function (acc, row) { return acc.concat(fields(row)); }, []); }
  function rowOf(el) { return rows.indexOf(el.closest("tr")); }
  function firstMark(row) { return row.querySelector("input.mark") || fields(row)[0]; }

  function marks(row) { return Array.prototype.slice.call(row.querySelectorAll("input.mark")); }
  function move(el, step) {
    var list = all();
    var next = list[list.indexOf(el) + step];
    if (next) { next.focus(); if (next.select) { next.select(); } }
  }
  function nextMark(el) {
    var row = marks(el.closest("tr"));
    var next = row[row.indexOf(el) + 1];
    if (next) { next.focus(); next.select(); } else { nextRow(el); }
  }
  function paint(el) {
    el.classList.remove("v1", "v2", "v3");
    if (/^[123]$/.test(el.value)) { el.classList.add("v" + el.value); }
  }
  function nextRow(el) {
    var i = rowOf(el);
    if (i + 1 < rows.length) { firstMark(rows[i + 1]).focus(); } else { form.requestSubmit(); }
  }

  grid.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key === "Enter") { event.preventDefault(); nextRow(el); return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var i = rowOf(el) + (event.key === "ArrowDown" ? 1 : -1);
      if (rows[i]) { event.preventDefault(); var same = fields(rows[i])[fields(rows[rowOf(el)]).indexOf(el)]; (same || firstMark(rows[i])).focus(); }
      return;
    }
    if (!el.classList.contains("mark")) { return; }
    if (/^[0-3]$/.test(event.key)) {
      event.preventDefault();
      el.value = event.key;
      paint(el);
      nextMark(el);
    } else if (event.key === "Backspace" && el.value === "") {
      event.preventDefault();
      move(el, -1);
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();  // only the four keys are marks
    }
  });
  grid.addEventListener("input", function (event) {
    if (event.target.classList.contains("mark")) { paint(event.target); }
  });
  var start = rows.length ? firstMark(rows[0]) : null;
  if (start) { start.focus(); }
}());
