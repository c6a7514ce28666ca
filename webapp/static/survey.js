// Survey answering, as an enhancement: the form works without this file.
// Answers are kept as a draft in this browser tab only (sessionStorage): restored after a reload
// or a failed send, gone when the tab is closed, cleared once the thank-you page is reached, and
// never seen in another tab or by the next person on a shared phone. In kiosk mode nothing is
// kept at all, and the form empties itself after a few idle minutes.
(() => {
  "use strict";
  const store = (() => { try { return window.sessionStorage; } catch (e) { return null; } })();

  function forget(key) {
    try { if (store) store.removeItem(key); } catch (e) { /* storage off */ }
    // Drafts that an earlier version kept in localStorage, where the next person would see them.
    try { window.localStorage.removeItem(key); } catch (e) { /* storage off */ }
  }

  const done = document.querySelector("[data-clear-draft]");
  if (done) {
    forget(done.dataset.clearDraft);
    return;
  }
  const form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  const key = form.dataset.draftKey;
  const kiosk = form.hasAttribute("data-kiosk");
  const notSaved = new Set(["csrf_token", "token", "i", "page", "move"]);
  // A paged form past its first page carries earlier answers in hidden fields: starting over
  // means going back to the first page.
  const pageField = form.querySelector("input[name=page]");
  const pastFirstPage = pageField && pageField.value !== "1";
  try { window.localStorage.removeItem(key); } catch (e) { /* an earlier version's draft */ }

  function save() {
    if (kiosk || !store) return;
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (!notSaved.has(name)) (data[name] = data[name] || []).push(value);
    }
    try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }

  function restore() {
    if (kiosk || !store) return;
    let data = null;
    try { data = JSON.parse(store.getItem(key) || "null"); } catch (e) { return; }
    if (!data) return;
    for (const field of form.elements) {
      if (!field.name || notSaved.has(field.name)) continue;
      const values = data[field.name] || [];
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = values.includes(field.value);
      } else if (field.tagName === "TEXTAREA" || field.type === "text") {
        if (values.length) field.value = values[0];
      }
    }
  }

  // Questions shown only for some answers to a question on this page: hidden, and their fields
  // disabled (neither sent nor required), until the answer matches. In document order, so that a
  // question inside a hidden section stays hidden. The server applies the same rules.
  const conditional = Array.from(form.querySelectorAll("[data-when]"));
  function applyConditions() {
    for (const block of conditional) {
      const [name, list] = block.dataset.when.split(":");
      const allowed = (list || "").split(",");
      const inside = block.parentElement && block.parentElement.closest("[data-when][hidden]");
      const shown = !inside && Array.from(form.elements).some(
        (field) => field.name === name && !field.disabled && field.checked && allowed.includes(field.value));
      block.hidden = !shown;
      for (const field of block.querySelectorAll("input, textarea, select")) field.disabled = !shown;
    }
  }
  for (const note of form.querySelectorAll(".condition-note")) note.hidden = true;

  function clearAnswers() {
    forget(key);
    if (pastFirstPage) {
      window.location.assign(window.location.href);  // a GET: the first page, empty
      return;
    }
    for (const field of form.elements) {
      if (!field.name || notSaved.has(field.name)) continue;
      if (field.type === "radio" || field.type === "checkbox") field.checked = false;
      else if (field.tagName === "TEXTAREA" || field.type === "text") field.value = "";
    }
    applyConditions();
    const first = form.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
  }

  restore();
  applyConditions();
  form.addEventListener("change", applyConditions);
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  const clear = document.querySelector("[data-clear-answers]");
  if (clear) {
    clear.addEventListener("click", (event) => {
      if (pastFirstPage) {  // the link itself goes back to an empty first page
        forget(key);
        return;
      }
      event.preventDefault();
      clearAnswers();
    });
  }

  if (kiosk) {
    // The next person at an event tablet must not find the previous one's half-typed answers.
    const idle = (parseInt(form.dataset.kiosk, 10) || 180) * 1000;
    let timer = null;
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(clearAnswers, idle);
    };
    for (const type of ["input", "change", "pointerdown", "keydown", "scroll"]) {
      window.addEventListener(type, restart, { passive: true });
    }
    restart();
  }

  const status = form.querySelector(".send-status");
  const button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", async (event) => {
    save();
    // Turning a page stores nothing: the browser sends the form itself and shows the next page.
    if (event.submitter && event.submitter.name === "move") return;
    event.preventDefault();
    button.disabled = true;
    status.hidden = false;
    status.textContent = form.dataset.sending || "";
    let response;
    try {
      response = await fetch(form.action || window.location.href, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
      });
    } catch (e) {
      status.textContent = form.dataset.failed || "";
      button.disabled = false;
      return;
    }
    if (response.status >= 500) {
      // The server or its database is down for a moment: stay here, answers and token intact.
      status.textContent = form.dataset.failed || "";
      button.disabled = false;
      return;
    }
    if (response.ok && response.redirected) {
      forget(key);
      window.location.assign(response.url);
      return;
    }
    // Answers that need checking, or a server error page: let the server's page show it.
    form.submit();
  });
})();
