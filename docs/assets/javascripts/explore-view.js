/* Explore page, what it shows: the found entries a page at a time ("show more") and, for an
   empty result, buttons that widen it. explore.js, loaded after this file (the page's front
   matter, templates/explore.md.j2), filters and sorts and calls `window.atlasExploreView`.
   Catalog text goes in with textContent only. */
(function () {
  "use strict";

  var PAGE = 100; // entries shown at a time; "show more" adds the next page (every one is reachable)
  // The words shown, in the site's language (atlasWords: search-lazy.js, which the theme loads
  // before this script; without it, the keys themselves).
  var say = window.atlasWords ? window.atlasWords.say : String;

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function button(label, onClick) {
    var b = text("button", label, "md-button");
    b.type = "button";
    b.addEventListener("click", onClick);
    var li = document.createElement("li");
    li.appendChild(b);
    return li;
  }

  // NAMES: kind(id), topic(id) and lang(code) give what the reader sees; dead(entry) says
  // whether its link is dead. ROOT: the site's root, relative to the page.
  window.atlasExploreView = function (root, names) {
    var countEl = document.getElementById("atlas-explore-count");
    var listEl = document.getElementById("atlas-explore-results");
    var moreEl = document.getElementById("atlas-explore-more");
    var emptyEl = document.getElementById("atlas-explore-empty");
    var found = [];
    var shown = 0;

    function item(e) {
      var li = document.createElement("li");
      li.className = "atlas-explore__item";
      li.setAttribute("data-id", e.id);
      var a = text("a", e.title);
      a.href = root + e.page;
      li.appendChild(a);
      li.appendChild(text("span", names.kind(e.kind), "atlas-badge atlas-kind"));
      if (e.status === "planned") li.appendChild(text("span", say("planned"), "atlas-badge atlas-planned"));
      if (names.dead(e)) li.appendChild(text("span", say("dead"), "atlas-health-mark atlas-dead"));
      if (e.repo && e.repo.archived) {
        li.appendChild(text("span", say("archived"), "atlas-health-mark atlas-archived"));
      }
      var meta = [];
      if (e.lang) meta.push(names.lang(e.lang));
      if (e.year) meta.push(String(e.year));
      if (e.repo && e.repo.stars !== null && e.repo.stars !== undefined) {
        meta.push("★ " + e.repo.stars.toLocaleString("en-US"));
      }
      if (e.repo && e.repo.pushed) meta.push(say("pushed", { date: e.repo.pushed }));
      (e.topics || []).forEach(function (t) {
        var title = names.topic(t);
        if (title) meta.push(title);
      });
      li.appendChild(text("span", meta.join(" · "), "atlas-meta"));
      if (e.description) li.appendChild(text("div", e.description, "atlas-desc"));
      return li;
    }

    function showMore() {
      var fragment = document.createDocumentFragment();
      found.slice(shown, shown + PAGE).forEach(function (e) { fragment.appendChild(item(e)); });
      listEl.appendChild(fragment);
      shown = Math.min(found.length, shown + PAGE);
      countEl.textContent = say("found", { count: found.length }) +
        (shown < found.length ? say("showing", { count: shown }) : "");
      moreEl.hidden = shown >= found.length;
      moreEl.textContent = say("more_left", { count: found.length - shown });
    }

    moreEl.addEventListener("click", showMore);

    return {
      // Show ENTRIES (found and sorted) from their first page.
      show: function (entries) {
        found = entries;
        countEl.setAttribute("data-count", String(found.length));
        listEl.replaceChildren();
        shown = 0;
        showMore();
        emptyEl.hidden = found.length > 0;
      },
      // For an empty result: a button per WAY to widen it ({what: the filter dropped, n: the
      // entries then found, state: the filters then}), then one clearing every filter (ALL
      // entries); PICK(state) is called with the button's filters.
      offer: function (ways, all, pick) {
        var list = emptyEl.querySelector("ul");
        list.replaceChildren();
        ways.forEach(function (way) {
          list.appendChild(button(say("drop", { what: way.what, count: way.n }), function () {
            pick(way.state);
          }));
        });
        list.appendChild(button(say("clear_all", { count: all }), function () { pick({}); }));
      }
    };
  };
})();
