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

