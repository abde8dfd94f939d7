/* Explore page: a faceted filter and sort over catalog.json. Plain JavaScript, no framework, no
   network beyond the site's own catalog.json. Filters live in the URL hash so views can be shared:
   explore/#kind=paper&topic=quantization&q=gptq. What is found is shown by explore-view.js
   (atlasExploreView), loaded before this script. */
(function () {
  "use strict";

  var FACETS = ["kind", "topic", "lang", "year", "status"];
  // The words shown, in the site's language (atlasWords: search-lazy.js, which the theme loads
  // before this script; without it, the keys themselves).
  var say = window.atlasWords ? window.atlasWords.say : String;
  var word = window.atlasWords ? window.atlasWords.word : function () { return undefined; };
  var LANGS = { zh: say("lang_zh"), en: "English" };
  var STATUSES = { published: say("status_published"), planned: say("planned") };
  // Link and repository health from catalog.json's `link` and `repo` (a site built with a data
  // folder; the page has a `health` select only then).
  var HEALTH = {};
  ["ok", "redirected", "dead", "blocked", "archived", "unchecked"].forEach(function (s) {
    HEALTH[s] = say("health_" + s);
  });

  function healthOf(e) {
    if (!e.link) return "unchecked";
    var s = e.link.status;
    return s === "broken" || s === "timeout" ? "dead" : (HEALTH[s] ? s : "unchecked");
  }

  function readHash() {
    var state = {};
    var hash = window.location.hash.replace(/^#/, "");
    hash.split("&").forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf("=");
      if (i < 0) return;
      try {
        state[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
      } catch (e) { /* ignore a malformed hash */ }
    });
    return state;
  }

  function writeHash(state) {
    var parts = [];
    ["q"].concat(FACETS, ["sort"]).forEach(function (key) {
      if (state[key]) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(state[key]));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search + hash);
    }
  }

  function start(form, data) {
    if (form.elements.health) FACETS = FACETS.concat(["health"]);
    var topics = {};
    data.topics.forEach(function (t) { topics[t.id] = t; });
    var kindTitles = {};
    data.kinds.forEach(function (k) { kindTitles[k.id] = k[say("kind_field")] || k.title; });

    // Each topic filter matches the topic and everything below it.
    var below = {};
    data.topics.forEach(function (t) {
      var cur = t.id;
      var seen = {};
      while (cur && topics[cur] && !seen[cur]) {
        seen[cur] = true;
        (below[cur] = below[cur] || {})[t.id] = true;
        cur = topics[cur].parent;
      }
    });
    function depth(id) {
      var d = 0;
      var cur = topics[id] && topics[id].parent;
      while (cur && topics[cur] && d < 20) { d++; cur = topics[cur].parent; }
      return d;
    }

    var entries = data.entries.map(function (e) {
      // Matched as the search box matches (normalise.js): each field's key, so "flashattention2",
      // "Deep Speed" and "quantisation" find what they name.
      var hay = [e.id, e.title, e.title_en, (e.aliases || []).join(" "), e.description,
        (e.tags || []).join(" "), (e.authors || []).join(" "), e.venue, e.series]
        .map(function (f) { return textKey(f || ""); }).join("\n");
      return { e: e, hay: hay };
    });

    var values = {
      kind: data.kinds.map(function (k) { return k.id; }),
      topic: data.topics.map(function (t) { return t.id; }),
      lang: Object.keys(LANGS),
      year: [],
      status: Object.keys(STATUSES),
      health: Object.keys(HEALTH)
    };
    var years = {};
    data.entries.forEach(function (e) { if (e.year) years[e.year] = true; });
    values.year = Object.keys(years).sort().reverse();

    function label(facet, value) {
      if (facet === "kind") return kindTitles[value] || value;
      if (facet === "topic") {
        return (depth(value) ? "\u00a0\u00a0".repeat(depth(value)) + "└ " : "") +
          (topics[value] ? topics[value].title : value);
      }
      if (facet === "lang") return LANGS[value] || value;
      if (facet === "status") return STATUSES[value] || value;
      if (facet === "health") return HEALTH[value] || value;
      return String(value);
    }

    function matches(item, facet, value) {
      var e = item.e;
      if (!value) return true;
      if (facet === "kind") return e.kind === value;
      if (facet === "topic") {
        var set = below[value] || {};
        return (e.topics || []).some(function (t) { return set[t]; });
      }
      if (facet === "lang") return e.lang === value;
      if (facet === "year") return String(e.year || "") === value;
      if (facet === "status") return (e.status || "published") === value;
      if (facet === "health") {
        return value === "archived" ? !!(e.repo && e.repo.archived) : healthOf(e) === value;
      }
      return true;
    }

    function textKey(text) {
      var n = window.atlasNormalise;
      return n ? n.key(text) : String(text).toLowerCase();
    }

    function queryWords(q) {
      var n = window.atlasNormalise;
      return (n ? n.fold(q) : q.toLowerCase()).split(/\s+/).map(textKey).filter(Boolean);
    }

    function matchesQuery(item, words) {
      return words.every(function (w) { return item.hay.indexOf(w) >= 0; });
    }

    var els = {};
    FACETS.concat(["q", "sort"]).forEach(function (name) { els[name] = form.elements[name]; });

    // The first sort option is the default (left out of the address): "recently added" when the
    // entries were added on different days, else newest year first.
    var defaultSort = els.sort.options[0].value;

    function state() {
      var s = {};
      FACETS.concat(["q", "sort"]).forEach(function (name) { s[name] = els[name].value.trim(); });
      if (s.sort === defaultSort) s.sort = "";
      return s;
    }

    function apply(s) {
      els.q.value = s.q || "";
      els.sort.value = s.sort || defaultSort;
      if (!els.sort.value) els.sort.value = defaultSort;
      FACETS.forEach(function (f) { els[f].dataset.want = s[f] || ""; });
    }

    function fillOptions(s, words) {
      FACETS.forEach(function (facet) {
        // Facet counts: entries matching every other filter and this option.
        var pool = entries.filter(function (item) {
          return matchesQuery(item, words) && FACETS.every(function (f) {
            return f === facet || matches(item, f, s[f]);
          });
        });
        var select = els[facet];
        var want = select.dataset.want !== undefined ? select.dataset.want : select.value;
        while (select.options.length > 1) select.remove(1);
        select.options[0].textContent = say("all_count", { count: pool.length });
        values[facet].forEach(function (value) {
          var n = pool.filter(function (item) { return matches(item, facet, value); }).length;
          if (!n && value !== want) return;
          // An Option's text is text, never markup.
          select.appendChild(new Option(say("option_count", { label: label(facet, value), count: n }), value));
        });
        select.value = want;
        if (select.value !== want) select.value = "";
        delete select.dataset.want;
      });
    }

    function sortItems(list, how) {
      var copy = list.slice();
      if (how === "year") {
        copy.sort(function (a, b) { return (b.e.year || 0) - (a.e.year || 0); });
      } else if (how === "stars") {
        copy.sort(function (a, b) {
          return ((b.e.repo && b.e.repo.stars) || -1) - ((a.e.repo && a.e.repo.stars) || -1);
        });
      } else if (how === "activity") {
        copy.sort(function (a, b) {
          return ((b.e.repo && b.e.repo.pushed) || "").localeCompare((a.e.repo && a.e.repo.pushed) || "");
        });
      } else if (how === "title") {
        var locale = say("locale");
        copy.sort(function (a, b) { return a.e.title.localeCompare(b.e.title, locale); });
      } else {
        copy.sort(function (a, b) {
          return (b.e.added || "").localeCompare(a.e.added || "");
        });
      }
      return copy;
    }

    var view = window.atlasExploreView(form.getAttribute("data-root") || "", {
      // The badge names one entry's kind, as an entry page's does (one.<kind>); the filter, the plural.
      kind: function (id) { return word("one_" + id) || kindTitles[id] || id; },
      topic: function (id) { return topics[id] ? topics[id].title : ""; },
      lang: function (code) { return LANGS[code] || code; },
      dead: function (e) { return healthOf(e) === "dead"; }
    });

    function search(s, words) {
      return entries.filter(function (item) {
        return matchesQuery(item, words) && FACETS.every(function (f) {
          return matches(item, f, s[f]);
        });
      });
    }

    // An empty result offers each filter (and the keywords) that, dropped alone, finds entries.
    function widen(s, words) {
      var ways = [];
      ["q"].concat(FACETS).forEach(function (name) {
        if (!s[name]) return;
        var wider = Object.assign({}, s);
        wider[name] = "";
        var n = search(wider, name === "q" ? [] : words).length;
        if (!n) return;
        var what = name === "q" ? say("keyword", { q: s.q }) : say("facet", {
          facet: els[name].closest("label").firstChild.textContent.trim(),
          value: label(name, s[name])
        });
        ways.push({ what: what, n: n, state: wider });
      });
      view.offer(ways, entries.length, function (state) {
        apply(state);
        update();
      });
    }

    function update() {
      var s = state();
      var words = queryWords(s.q);
      fillOptions(s, words);
      s = state();
      var found = sortItems(search(s, words), s.sort || defaultSort);
      view.show(found.map(function (item) { return item.e; }));
      if (!found.length) widen(s, words);
      writeHash(s);
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.elements.reset.addEventListener("click", function () {
      apply({});
      update();
    });
    window.addEventListener("hashchange", function () {
      apply(readHash());
      update();
    });
    apply(readHash());
    update();
    form.setAttribute("data-ready", "true");
  }

  function boot() {
    var form = document.getElementById("atlas-explore");
    if (!form || form.getAttribute("data-started")) return;
    form.setAttribute("data-started", "true");
    fetch(form.getAttribute("data-catalog"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { start(form, data); })
      .catch(function (error) {
        var countEl = document.getElementById("atlas-explore-count");
        countEl.textContent = say("load_error", { error: error.message });
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
