// The services guide, as an enhancement: the search form works without this file.
// Typing in the search box narrows the list at once (no request: it works on a weak network),
// and the count is read out by screen readers.
(() => {
  "use strict";
  const input = document.getElementById("q");
  const list = document.getElementById("guide-list");
  const count = document.getElementById("guide-count");
  const none = document.getElementById("guide-none");
  if (!input || !count) return;
  const cards = list ? Array.from(list.children) : [];
  // The same folding as the server: lower case, accents off (aiti finds äiti).
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  // Sámi languages have a dual: the page carries the three forms of "N services".
  const form = (n) => (n === 1 ? count.dataset.one : n === 2 ? count.dataset.two : count.dataset.other)
    .replace(/99[\s\u00a0\u202f,.]?999/, String(n));
  let timer = null;

  function narrow() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of cards) {
      const text = card.dataset.search || "";
      const match = words.every((word) => text.includes(word));
      card.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = form(shown);
    if (none) none.hidden = shown > 0;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(narrow, 150);
  });
})();
