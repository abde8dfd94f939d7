/* llm-atlas: copy buttons on entry pages (a paper's BibTeX). Plain JavaScript, nothing loaded.
   A button with data-atlas-copy="ID" copies the text of the element with that id. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Pages served over plain http have no clipboard API: copy through a selected text area.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setup() {
    var buttons = document.querySelectorAll("button[data-atlas-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.dataset.atlasReady) return;
      button.dataset.atlasReady = "1";
      var label = button.textContent;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.atlasCopy);
        if (!source) return;
        copyText(source.textContent).then(
          // The words come from the page, in the site's language (entry.html.j2).
          function () { button.textContent = button.dataset.atlasCopied || "✓"; },
          function () { button.textContent = button.dataset.atlasCopyFailed || "✗"; }
        );
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  }

  // Material's instant navigation swaps page content without a load event: listen to it too.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
