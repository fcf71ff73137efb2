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
    button.setAttribute("aria-label", document.documentElement.lang === "en" ? "Choose a date" : "Chọn ngày");
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
