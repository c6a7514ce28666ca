// Survey answering, as an enhancement: the form works without this file.
// Answers are kept in this browser as a draft, restored after a reload or a failed send,
// and cleared once the thank-you page is reached.
(() => {
  "use strict";
  const done = document.querySelector("[data-clear-draft]");
  if (done) {
    try { localStorage.removeItem(done.dataset.clearDraft); } catch (e) { /* storage off */ }
    return;
  }
  const form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  const key = form.dataset.draftKey;
  const notSaved = new Set(["csrf_token", "token", "i"]);

  function save() {
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (!notSaved.has(name)) (data[name] = data[name] || []).push(value);
    }
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }

  function restore() {
    let data = null;
    try { data = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return; }
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

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  const status = form.querySelector(".send-status");
  const button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save();
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
      try { localStorage.removeItem(key); } catch (e) { /* storage off */ }
      window.location.assign(response.url);
      return;
    }
    // Answers that need checking, or a server error page: let the server's page show it.
    form.submit();
  });
})();
