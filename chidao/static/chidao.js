// chidao's only script besides htmx. The Content-Security-Policy allows scripts from this
// site's own files only, so behaviour lives here, never in inline <script> or hx-on
// attributes.

// The menu's groups are <details> elements: they work without this script. With it, one
// group is open at a time, and a click elsewhere or Escape closes it.
(function () {
  function groups() {
    return document.querySelectorAll("details.menu-group");
  }
  function closeAll(except) {
    groups().forEach(function (group) {
      if (group !== except) {
        group.removeAttribute("open");
      }
    });
  }
  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (target.matches && target.matches("details.menu-group") && target.open) {
      closeAll(target);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.menu-group")) {
      closeAll(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector("details.menu-group[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    }
  });
})();

// A filter form marked data-swap-errors shows the 400 answer (the form with its errors)
// in place of the results, instead of htmx's default of ignoring error answers.
document.addEventListener("htmx:beforeSwap", function (event) {
  var form = event.detail.elt && event.detail.elt.closest("[data-swap-errors]");
  if (form && event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A date box (data-date) is typed dd/mm/yyyy. Where the browser has a calendar
// (showPicker), a button next to it opens one and writes the chosen day as dd/mm/yyyy.
(function () {
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function toIso(text) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    if (m) {
      return m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]);
    }
    return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : "";
  }
  function enhance(input) {
    if (input.dataset.dateReady) {
      return;
    }
    var probe = document.createElement("input");
    probe.type = "date";
    if (probe.type !== "date" || typeof probe.showPicker !== "function") {
      return;
    }
    input.dataset.dateReady = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    picker.className = "date-picker-native";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-picker-button button--secondary";
    button.textContent = "📅";
    button.setAttribute("aria-label", input.dataset.pickerLabel || "Chọn ngày");
    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      picker.showPicker();
    });
    picker.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (m) {
        input.value = m[3] + "/" + m[2] + "/" + m[1];
        input.dispatchEvent(new Event("change", {bubbles: true}));
      }
    });
    var wrap = document.createElement("span");
    wrap.className = "date-box";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(picker);
  }
  function enhanceAll(root) {
    (root || document).querySelectorAll("input[data-date]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();

// A <select data-searchable> of units: a search box over a list, typed with or without
// diacritics, the chosen ones listed first. A multiple select (the units to coordinate, to
// report) becomes check boxes, a single one (the lead unit, the new lead unit) radio
// buttons. The select stays in the form (hidden) and is what is sent.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  // The words come translated from the page (data-search-label, data-chosen-label,
  // data-none-label on the select).
  function enhance(select) {
    if (select.dataset.searchReady) {
      return;
    }
    var words = {
      search: select.dataset.searchLabel || "Tìm đơn vị",
      chosen: select.dataset.chosenLabel || "đã chọn",
      none: select.dataset.noneLabel || "Không có đơn vị nào khớp.",
      nothing: select.dataset.nothingLabel || "Chưa chọn đơn vị nào."
    };
    select.dataset.searchReady = "1";
    var single = !select.multiple;
    var group = "pick-" + (select.id || select.name);
    var box = document.createElement("div");
    box.className = "pick";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "pick-search";
    search.placeholder = words.search;
    search.setAttribute("aria-label", words.search + (select.labels && select.labels[0] ? " — " + select.labels[0].textContent.trim() : ""));
    var count = document.createElement("p");
    count.className = "pick-count muted small";
    count.setAttribute("aria-live", "polite");
    var list = document.createElement("ul");
    list.className = "pick-list";
    var empty = document.createElement("li");
    empty.className = "muted small";
    empty.textContent = words.none;
    empty.hidden = true;
    var rows = [];
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (single && !option.value) {
        return; // the empty choice: nothing ticked
      }
      var item = document.createElement("li");
      var label = document.createElement("label");
      var check = document.createElement("input");
      check.type = single ? "radio" : "checkbox";
      if (single) {
        check.name = group;
      }
      check.checked = option.selected && (!single || !!option.value);
      check.addEventListener("change", function () {
        option.selected = check.checked;
        select.dispatchEvent(new Event("change", {bubbles: true}));
        update();
      });
      label.appendChild(check);
      label.appendChild(document.createTextNode(" " + option.textContent));
      item.appendChild(label);
      rows.push({item: item, option: option, key: fold(option.textContent), index: index});
    });
    function update() {
      var query = fold(search.value.trim());
      var shown = 0;
      var chosen = rows.filter(function (row) { return row.option.selected && row.option.value; });
      var rest = rows.filter(function (row) { return !row.option.selected; });
      chosen.concat(rest).forEach(function (row) {
        var match = !query || row.key.indexOf(query) !== -1 || row.option.selected;
        row.item.hidden = !match;
        if (match) {
          shown += 1;
        }
        list.appendChild(row.item);
      });
      list.appendChild(empty);
      empty.hidden = shown > 0;
      count.textContent = single
        ? (chosen.length ? words.chosen + ": " + chosen[0].option.textContent : words.nothing)
        : chosen.length + " " + words.chosen;
    }
    search.addEventListener("input", update);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter searches; it does not send the form
      }
    });
    box.appendChild(search);
    box.appendChild(count);
    box.appendChild(list);
    select.hidden = true;
    select.parentNode.insertBefore(box, select.nextSibling);
    update();
  }
  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-searchable]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
