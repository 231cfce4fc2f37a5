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
  // A searchable select is hidden behind its tom-select field, which its label now names.
  const target = field.tomselect ? field.tomselect.control_input : field;
  const label = document.querySelector(`label[for="${CSS.escape(target.id)}"]`);
  (label || target).scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
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

// Searchable selects (long lists of people or register entries): a <select data-searchable>
// rendered by accord.core.widgets becomes a tom-select field one can type in to filter, used
// with the keyboard alone (arrows, Enter to choose, Backspace to remove the last choice).
// tom-select comes from npm (vendor/) and is loaded only on a page that has such a select, also
// when HTMX swaps one in. Without JavaScript the plain select works as it is.
const searchableAssets = document.currentScript ? document.currentScript.dataset : {};
let searchableReady;
function loadSearchable() {
  if (window.TomSelect) return Promise.resolve();
  if (!searchableReady) {
    const load = (element) =>
      new Promise((resolve, reject) => {
        element.addEventListener("load", resolve);
        element.addEventListener("error", reject);
      });
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = searchableAssets.tomSelectCss;
    // Before Pico and accord.css, so that Accord's look of the field wins.
    document.head.insertBefore(css, document.head.querySelector("link[rel=stylesheet]"));
    const js = document.createElement("script");
    js.src = searchableAssets.tomSelectJs;
    document.head.appendChild(js);
    searchableReady = Promise.all([load(css), load(js)]);
  }
  return searchableReady;
}
function enhanceSearchable(select) {
  if (select.tomselect) return;
  const text = select.dataset;
  const multiple = select.multiple;
  // The hidden select must not keep `required`: a browser that validates the form would refuse
  // the submit on a control nobody can reach (and say nothing). The server checks it anyway.
  const required = select.required;
  select.required = false;
  // A single select's empty choice may say what "none" means ("Overall (the business as a
  // whole)"): it becomes the hint shown while nothing is chosen (Backspace returns to it).
  // Django's own "- Select an option -" (or "---------") says nothing: "Type to search…" then.
  const empty = multiple ? null : select.querySelector('option[value=""]');
  const emptyText = empty ? empty.textContent.trim() : "";
  const ts = new window.TomSelect(select, {
    plugins: multiple ? { remove_button: { title: text.searchableRemove } } : [],
    maxOptions: null,
    // Filter at each key, not 300 ms after the last one (tom-select's default): with the
    // default, an Enter pressed sooner chose from the list as it was before typing, and the
    // late search then opened the list again, so the next Enter chose again instead of
    // sending the form. The options are all in the page; filtering a few hundred is instant.
    refreshThrottle: 0,
    // The list closes after each choice. Left open, tom-select makes the next option active,
    // so the Enter a keyboard user presses next to send the form chose again instead (the
    // same person, or the next entry of the list) and the form was never sent. Closed, Enter
    // sends the form; ArrowDown opens the list again for another choice.
    closeAfterSelect: true,
    // Focus alone does not open the list (typing or ArrowDown does), as in the ARIA combobox
    // pattern: a person who tabs through, or presses Enter to send, chooses nothing by chance.
    openOnFocus: false,
    placeholder: emptyText && !/^-.*-$/.test(emptyText) ? emptyText : text.searchablePlaceholder,
    render: {
      no_results: () => {
        const div = document.createElement("div");
        div.className = "no-results";
        div.textContent = text.searchableNoResults;
        return div;
      },
    },
  });
  // tom-select points the label at its own field (<id>-ts-control); the help text, the error
  // and the required state go along.
  const control = ts.control_input;
  for (const name of ["aria-describedby", "aria-invalid"]) {
    if (select.hasAttribute(name)) control.setAttribute(name, select.getAttribute(name));
  }
  if (required) control.setAttribute("aria-required", "true");
  // The original select stays in the form (it is what is sent) but is hidden from screen
  // readers too, which would otherwise find the same list twice.
  select.setAttribute("aria-hidden", "true");
}
function enhanceAllSearchable(root) {
  const selects = [...(root || document).querySelectorAll("select[data-searchable]")];
  if (root && root.matches && root.matches("select[data-searchable]")) selects.push(root);
  if (!selects.length) return;
  loadSearchable().then(
    () => selects.forEach(enhanceSearchable),
    () => {}, // the plain selects stay: they work without it
  );
}
document.addEventListener("DOMContentLoaded", () => enhanceAllSearchable(document));
document.addEventListener("htmx:load", (event) => enhanceAllSearchable(event.target));
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
