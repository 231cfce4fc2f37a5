// Scripts run: the phone menu may start closed (without them it stays open).
document.documentElement.classList.add("js");
// Asks before destructive actions: any form with data-confirm="question".
// (A file, not inline script, so the strict Content-Security-Policy allows it.)
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Escape closes an open dropdown menu in the header.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.dropdown[open]").forEach((menu) => {
    menu.removeAttribute("open");
    menu.querySelector("summary")?.focus();
  });
});
// A print button (the document print view): data-print on any button.
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});
// After a refused submit, focus moves to the error summary at the top of the form (WCAG 3.3.1),
// so a screen reader reads it and a sighted person sees it; its links focus each field.
function focusErrorSummary(root) {
  const summary = (root || document).querySelector("[data-error-summary]");
  if (summary) summary.focus();
}
document.addEventListener("DOMContentLoaded", () => focusErrorSummary(document));
document.addEventListener("htmx:afterSettle", (event) => focusErrorSummary(event.target));
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (!field) return;
  event.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (label || field).scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
});
// The phone menu: one button opens the site's and the page's menus together.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest && event.target.closest(".menu-toggle");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("is-open", open);
});
// Sign-up and a new organization: hidden fields marked data-browser-time-zone get the
// browser's time zone (an IANA name such as Europe/Paris), so the organization shows times in
// its people's zone from the start. The server checks the name and falls back to UTC.
document.addEventListener("DOMContentLoaded", () => {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll("input[data-browser-time-zone]").forEach((input) => {
    if (!input.value) input.value = zone;
  });
});
