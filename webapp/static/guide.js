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
  // The same folding as the server (webapp/core/sami_text.py): lower case, accents off (aiti
  // finds äiti), Sámi letters as plain ones and ʹ ʼ dropped (saamkioll finds sääʹmǩiõll).
  const SAMI = { "đ": "d", "ŋ": "n", "ŧ": "t", "ʒ": "z", "ǥ": "g" };
  const fold = (text) => text.toLowerCase().replace(/[\u02b9\u02bc'\u00b4\u2032\u2019]/g, "")
    .normalize("NFKD").replace(/\p{M}/gu, "").replace(/[đŋŧʒǥ]/g, (c) => SAMI[c]);
  // The page carries the forms of "N services" in its language and, for each count it can
  // show, which form that count takes (Skolt Sámi: 2–6 differ from 7 up; Inari Sámi has four).
  const forms = JSON.parse(count.dataset.forms || "[]");
  const plural = count.dataset.plural || "";
  const form = (n) => (forms[Number(plural[n])] || forms[forms.length - 1] || "").replace("%(num)d", String(n));
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
