// stocktake: progressive enhancement only. Every page works without this
// script; with it, results follow the search box and the facets as you type
// or click, the URL stays the state (shareable, back button), and long facet
// lists get a filter box. The CSP allows this one same-origin file and no
// inline script.
"use strict";

(() => {
  const main = document.getElementById("main");
  const form = main && main.querySelector("form.search-form");

  // Long facet lists get a box that narrows them as you type.
  const addFilterBoxes = (root) => {
    for (const facet of root.querySelectorAll(".facet[data-filterable]")) {
      if (facet.querySelector(".facet-filter")) continue;
      const name = facet.querySelector("h2").textContent.trim();
      const id = facet.id + "-filter";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.className = "visually-hidden";
      label.textContent = "Filter " + name + " values";
      const box = document.createElement("input");
      box.type = "search";
      box.id = id;
      box.className = "facet-filter";
      box.placeholder = "Filter " + name.toLowerCase() + "…";
      box.autocomplete = "off";
      const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      box.addEventListener("input", () => {
        const q = fold(box.value.trim());
        const more = facet.querySelector("details.more");
        if (more && q) more.open = true;
        for (const li of facet.querySelectorAll("li")) {
          li.hidden = q !== "" && !fold(li.textContent).includes(q);
        }
      });
      facet.querySelector("h2").after(label, box);
    }
  };
  addFilterBoxes(document);

  if (!form || !window.fetch || !window.DOMParser || !history.pushState) return;

  const path = new URL(form.action, location.href).pathname;
  const input = form.querySelector("input[type=search]");
  let controller = null;
  let typedAt = 0;

  // A polite live region says how many results a change gave.
  const live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.append(live);

  // formURL is the page URL the form would submit to now.
  const formURL = () => {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (typeof v === "string" && v.trim() !== "") params.append(k, v);
    }
    params.sort(); // the server's links sort their keys too: one URL per state
    const qs = params.toString();
    return path + (qs ? "?" + qs : "");
  };

  // swap replaces everything in <main> but the search form with the page
  // at url, keeping the focus and caret in the search box.
  const swap = async (url, how) => {
    if (controller) controller.abort();
    controller = new AbortController();
    const started = typedAt || performance.now();
    typedAt = 0;
    main.setAttribute("aria-busy", "true");
    let resp, html;
    try {
      resp = await fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } });
      html = await resp.text();
    } catch (e) {
      if (e.name !== "AbortError") location.assign(url); // offline or blocked: plain navigation
      return;
    }
    const doc = new DOMParser().parseFromString(html, "text/html");
    const fresh = doc.getElementById("main");
    if (!resp.ok || !fresh) {
      location.assign(url); // an error page: show it as a page
      return;
    }
    const newForm = fresh.querySelector("form.search-form");
    for (const el of [...main.children]) if (el !== form) el.remove();
    let before = true;
    for (const el of [...fresh.children]) {
      if (el === newForm) { before = false; continue; }
      if (before) form.before(document.adoptNode(el));
      else main.append(document.adoptNode(el));
    }
    // The hidden fields carry the filters of the new state.
    if (newForm) {
      for (const h of form.querySelectorAll("input[type=hidden]")) h.remove();
      for (const h of newForm.querySelectorAll("input[type=hidden]")) form.append(document.adoptNode(h));
      for (const c of newForm.querySelectorAll("input[type=checkbox]")) {
        const mine = form.querySelector("#" + CSS.escape(c.id));
        if (mine) mine.checked = c.checked;
      }
    }
    // The header's sign-in link comes back to the page shown: keep it current.
    const state = document.querySelector(".staff-state"), fresher = doc.querySelector(".staff-state");
    if (state && fresher) state.replaceWith(document.adoptNode(fresher));
    document.title = doc.title;
    main.removeAttribute("aria-busy");
    addFilterBoxes(main);
    if (how === "push") history.pushState(null, "", url);
    else if (how === "replace") history.replaceState(null, "", url);
    const heading = main.querySelector("#results-heading, .summary-line");
    if (heading) live.textContent = heading.textContent.replace(/\s+/g, " ").trim();
    const ms = performance.now() - started;
    document.documentElement.dataset.resultsMs = ms.toFixed(1);
    document.dispatchEvent(new CustomEvent("stocktake:results", { detail: { ms, url } }));
  };

  // Typing: results follow after a short pause, one history entry per search.
  let timer = 0;
  if (input) {
    input.addEventListener("input", () => {
      typedAt = typedAt || performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => swap(formURL(), "replace"), 120);
    });
  }
  form.addEventListener("change", (e) => {
    if (e.target.type === "checkbox") swap(formURL(), "push");
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    swap(formURL(), "push");
  });

  // Facets, chips, pagination and sort links of the same page swap in place.
  main.addEventListener("click", (e) => {
    const a = e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.pathname !== path || a.hasAttribute("download")) return;
    e.preventDefault();
    const byKeyboard = e.detail === 0; // Enter on a link: no pointer
    const paging = !!a.closest(".pagination");
    swap(u.pathname + u.search, "push").then(() => {
      // The link clicked is gone with the old results: keyboard users go on
      // from the results heading, which also says the new count.
      const heading = main.querySelector("#results-heading");
      if (!heading) return;
      if (paging) heading.scrollIntoView();
      if (byKeyboard) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: !paging });
      }
    });
  });
  // Other GET forms of the page (the year range) swap in place too.
  main.addEventListener("submit", (e) => {
    const f = e.target;
    if (f === form || f.method !== "get" || new URL(f.action, location.href).pathname !== path) return;
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(f)) if (typeof v === "string" && v.trim() !== "") params.append(k, v);
    params.sort();
    swap(path + "?" + params.toString(), "push");
  });
  main.addEventListener("change", (e) => {
    const sort = e.target.closest("form.sort-form");
    if (!sort) return;
    const params = new URLSearchParams(new FormData(sort));
    params.sort();
    swap(path + "?" + params.toString(), "push");
  });
  window.addEventListener("popstate", () => {
    swap(location.pathname + location.search, "none").then(() => {
      if (input) input.value = new URLSearchParams(location.search).get("q") || "";
    });
  });
})();
