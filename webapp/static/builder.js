// The survey builder, as an enhancement: a question shows only the fields its type uses. Without
// this file every field shows, each saying which types it is for.
(() => {
  "use strict";
  const kind = document.querySelector("select[name=kind]");
  if (!kind) return;
  const parts = document.querySelectorAll("[data-kinds]");
  const show = () => {
    for (const part of parts) part.hidden = !part.dataset.kinds.split(" ").includes(kind.value);
  };
  kind.addEventListener("change", show);
  show();
})();
