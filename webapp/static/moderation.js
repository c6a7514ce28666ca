// The moderation queue, as an enhancement: "Select all on this page" checks every box at once
// (a second click clears them) instead of loading the page again with all of them checked.
(() => {
  "use strict";
  const link = document.querySelector("a[data-select-all]");
  if (!link) return;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const boxes = Array.from(document.querySelectorAll("input[type=checkbox][form=bulk][name=items]"));
    const check = boxes.some((box) => !box.checked);
    boxes.forEach((box) => { box.checked = check; });
  });
})();
