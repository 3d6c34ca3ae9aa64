// Move focus to the error summary so screen readers announce it, and make its links
// focus the field they name (GOV.UK pattern). Served as a file: the CSP forbids inline JS.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-module='error-summary']");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    var input = target.matches("input, select, textarea") ? target :
      target.querySelector("input, select, textarea");
    if (input) {
      event.preventDefault();
      var legend = target.closest("fieldset");
      (legend || input).scrollIntoView();
      input.focus({ preventScroll: true });
    }
  });
});
