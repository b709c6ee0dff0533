/* Type-ahead person pickers (voters/pickers.py, templates/voters/widgets/person_picker.html).
 *
 * Each [data-person-picker] holds a text box (the search) and a hidden input (the chosen person's id). Typing
 * asks the picker's endpoint (data-source) for the people the field allows; choosing one puts its id in the
 * hidden input. Typing again forgets the choice. Without this script the form still works: the server
 * resolves the typed words, and it checks every choice either way.
 */
(function () {
  "use strict";
  var DELAY_MS = 200;

  function setup(root) {
    var value = root.querySelector("[data-person-value]");
    var input = root.querySelector("[data-person-query]");
    var list = root.querySelector("[data-person-list]");
    var source = root.getAttribute("data-source");
    if (!value || !input || !list || !source) return;
    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var chosenLabel = value.value ? input.value : null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function note(text) {
      var div = document.createElement("div");
      div.className = "list-group-item small text-muted";
      div.textContent = text;
      list.appendChild(div);
    }

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].classList.toggle("active", i === active);
        all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }

    function choose(item) {
      value.value = item.id;
      input.value = item.label;
      chosenLabel = item.label;
      input.classList.remove("is-invalid");
      close();
      value.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function option(item, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.id = list.id + "_" + index;
      button.className = "list-group-item list-group-item-action";
      button.setAttribute("role", "option");
      var name = document.createElement("strong");
      name.textContent = item.name;
      var more = document.createElement("span");
      more.className = "text-muted small ms-2";
      more.textContent = (item.group || "—") + " · " + item.id_tail;
      button.appendChild(name);
      button.appendChild(more);
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "badge text-bg-light border ms-2";
        detail.textContent = item.detail;
        button.appendChild(detail);
      }
      // Keep the focus in the text box, so that choosing does not first close the list on blur.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () { choose(item); });
      return button;
    }

    function show(data) {
      list.replaceChildren();
      items = data.results || [];
      active = -1;
      if (!items.length) note(root.getAttribute("data-none"));
      items.forEach(function (item, index) { list.appendChild(option(item, index)); });
      if (data.more) note(root.getAttribute("data-more"));
      open();
    }

    function search() {
      var query = input.value.trim();
      if (controller) controller.abort();
      if (!query || value.value) {
        close();
        return;
      }
      controller = new AbortController();
      var url = new URL(source, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin", signal: controller.signal})
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(show)
        .catch(function (error) {
          if (error.name === "AbortError") return;
          list.replaceChildren();
          note(root.getAttribute("data-failed"));
          open();
        });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    }

    input.addEventListener("input", function (event) {
      if (value.value && input.value !== chosenLabel) {
        value.value = "";  // the text no longer names the chosen person
        chosenLabel = null;
      }
      if (!event.isComposing) later();  // pinyin being composed is not a name yet
    });
    input.addEventListener("compositionend", later);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) search();
        else highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && items.length) {
        if (active >= 0 || items.length === 1) {
          event.preventDefault();
          choose(items[active >= 0 ? active : 0]);
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-person-picker]").forEach(setup);
})();
