// The services guide, as an enhancement: the search form works without this file.
// Typing in the search box asks the server's own search (base forms, compound parts, synonyms,
// typos) for the entries it finds and shows those, best first; the count is read out by screen
// readers. Offline, the list narrows at once by the folded words on the cards.
(() => {
  "use strict";
  const input = document.getElementById("q");
  const list = document.getElementById("guide-list");
  const count = document.getElementById("guide-count");
  const none = document.getElementById("guide-none");
  if (!input || !count) return;
  const form = input.form;
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
  const label = (n) => (forms[Number(plural[n])] || forms[forms.length - 1] || "").replace("%(num)d", String(n));
  let timer = null;
  let asked = 0;

  function show(ids) {
    const rank = new Map(ids.map((id, i) => [String(id), i]));
    const shown = cards.filter((card) => rank.has(card.dataset.id))
      .sort((a, b) => rank.get(a.dataset.id) - rank.get(b.dataset.id));
    for (const card of cards) card.hidden = !rank.has(card.dataset.id);
    for (const card of shown) list.appendChild(card);
    count.textContent = label(shown.length);
    if (none) none.hidden = shown.length > 0;
  }

  function narrowHere() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    show(cards.filter((card) => words.every((w) => (card.dataset.search || "").includes(w)))
      .map((card) => card.dataset.id));
  }

  async function narrow() {
    const mine = ++asked;
    const params = new URLSearchParams(new FormData(form));
    try {
      const response = await fetch(`${window.location.pathname.replace(/\/$/, "")}/search.json?${params}`,
        { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      if (mine === asked) show(body.ids);
    } catch (error) {
      if (mine === asked) narrowHere();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(narrow, 200);
  });
})();
