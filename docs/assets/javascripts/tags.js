/* llm-atlas: the tags page folds each letter; an address that points into one (an entry page's
   link to its tag, a letter in the index) opens it and shows the place. */
(function () {
  "use strict";

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var letter = target.closest("details");
    if (letter && !letter.open) {
      letter.open = true;
      target.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", reveal);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
