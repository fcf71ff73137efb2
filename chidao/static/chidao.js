// chidao's only script besides htmx. The Content-Security-Policy allows scripts from this
// site's own files only, so behaviour lives here, never in inline <script> or hx-on
// attributes.

// On a phone the menu scrolls sideways: show the current page's entry.
document.addEventListener("DOMContentLoaded", function () {
  var current = document.querySelector(".nav [aria-current=page]");
  if (current) {
    current.scrollIntoView({block: "nearest", inline: "center"});
  }
});

// A filter form marked data-swap-errors shows the 400 answer (the form with its errors)
// in place of the results, instead of htmx's default of ignoring error answers.
document.addEventListener("htmx:beforeSwap", function (event) {
  var form = event.detail.elt && event.detail.elt.closest("[data-swap-errors]");
  if (form && event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
