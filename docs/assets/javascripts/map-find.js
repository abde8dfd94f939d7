/* llm-atlas: what the map shows: the topic and kind filters, the find box and entry labels
   (map.js hands over its map when set up).

   - Filters: a topic shows its regions (and its ancestors' circles around them) and every entry
     of it and its subtopics, also those drawn in another topic, and is zoomed to; the status
     line counts the entries and the links shown (the entries are its topic page's count).
   - Find: entries whose title or id holds every word typed are ringed and the map shows them
     all (one alone is centred, close enough to tap); Enter steps through them one by one.
   - Labels: once neighbours are far enough apart on screen, entries in view get their title,
     found ones and the most linked first, none over a topic name or another label. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LABELS = 160; // at most this many labels at once (a 10k-entry map never draws 10k)
  var LABEL_GAP = 16; // px between neighbours from which labels are drawn
  var LABEL_PX = 12;
  var FOUND_GAP = 40; // px between neighbours when one found entry is centred

  // The words shown, in the site's language (atlasWords: search-lazy.js, which the theme loads
  // before this script; without it, the keys themselves).
  var say = window.atlasWords ? window.atlasWords.say : String;

  // Show the entries (and the links among them) of the form's topic and kinds.
  function attachFilters(map) {
    var root = map.root;
    var form = root.querySelector(".atlas-map__filters");
    // The status line: the entry count, its noun and ", N lines", the page's for the whole map
    // (map.md.j2), rewritten as the filters change.
    var count = root.querySelector("#atlas-map-count");
    var noun = root.querySelector(".atlas-map__noun");
    var linkCount = root.querySelector(".atlas-map__links");

    form.addEventListener("change", function (event) {
      if (event.target.name === "find") return;
      var topic = form.elements.topic.value;
      var kinds = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (box) {
        kinds[box.value] = box.checked;
      });
      var inTopic = {};
      var members = new Set();
      var focus = null;
      map.regions.forEach(function (r) { if (r.topic === topic) focus = r; });
      map.regions.forEach(function (r) {
        var inside = !topic || r.path.indexOf(" " + topic + " ") >= 0;
        var around = focus && focus.path.indexOf(" " + r.topic + " ") >= 0;
        inTopic[r.topic] = inside;
        if (inside) r.also.forEach(function (i) { members.add(i); });
        r.hidden = !inside && !around;
        r.el.classList.toggle("is-hidden", r.hidden);
      });
      var shown = 0;
      map.nodes.forEach(function (node) {
        node.shown = (inTopic[node.topic] || members.has(node.index)) && kinds[node.kind] !== false;
        node.el.classList.toggle("is-hidden", !node.shown);
        if (node.shown) shown += 1;
      });
      var drawn = map.drawLinks();
      count.textContent = String(shown);
      count.dataset.count = String(shown);
      noun.textContent = say("map_entries", { count: shown });
      linkCount.textContent = say("map_status", { count: drawn });
      linkCount.dataset.count = String(drawn);
      root.dataset.filtered = topic || Object.keys(kinds).some(function (k) { return !kinds[k]; })
        ? "1" : "";
      if (event.target.name !== "topic") map.show();
      else if (focus) map.fit(focus.x - focus.r, focus.y - focus.r, focus.x + focus.r, focus.y + focus.r);
      else map.whole();
    });
  }

  function attachFind(map) {
    var root = map.root;
    var layer = map.svg.querySelector(".atlas-map__labels");
    var input = root.querySelector("input[name=find]");
    var status = root.querySelector(".atlas-map__found");
    var found = [];
    var step = -1;
    var degree = map.nodes.map(function (n) { return n.edges.length; });

    function drawLabels() {
      while (layer.firstChild) layer.removeChild(layer.firstChild);
      var s = map.screen();
      var view = map.view;
      var foundSet = new Set(found);
      if (9 / s.scale < LABEL_GAP && !found.length) return;
      var close = 9 / s.scale >= LABEL_GAP;
      var placed = map.names.slice();
      var size = LABEL_PX * s.scale;
      var order = map.nodes.filter(function (n) {
        return n.shown && (close || foundSet.has(n)) &&
          n.x >= view.x && n.x <= view.x + view.w && n.y >= view.y && n.y <= view.y + view.h;
      }).sort(function (a, b) {
        return (foundSet.has(b) - foundSet.has(a)) || (degree[b.index] - degree[a.index]) ||
          (a.index - b.index);
      });
      var drawn = 0;
      for (var i = 0; i < order.length && drawn < LABELS; i++) {
        var n = order[i];
        var title = n.title.length > 24 ? n.title.slice(0, 23) + "…" : n.title;
        var sx = (n.x - view.x + s.offX) / s.scale + 6;
        var sy = (n.y - view.y + s.offY) / s.scale;
        var box = { x0: sx - 2, x1: sx + map.textWidth(title, LABEL_PX) + 2, y0: sy - 8, y1: sy + 8 };
        if (map.overlaps(box, placed)) continue;
        placed.push(box);
        var text = document.createElementNS(SVG, "text");
        text.setAttribute("x", (n.x + 6 * s.scale).toFixed(1));
        text.setAttribute("y", (n.y + size / 3).toFixed(1));
        text.setAttribute("font-size", size.toFixed(2));
        if (foundSet.has(n)) text.setAttribute("class", "is-found");
        text.textContent = title;
        layer.appendChild(text);
        drawn += 1;
      }
    }

    function show(list) {
      if (!list.length) return;
      if (list.length === 1) {
        map.fit(list[0].x, list[0].y, list[0].x, list[0].y, FOUND_GAP);
        return;
      }
      var xs = list.map(function (n) { return n.x; });
      var ys = list.map(function (n) { return n.y; });
      map.fit(Math.min.apply(null, xs), Math.min.apply(null, ys),
        Math.max.apply(null, xs), Math.max.apply(null, ys));
    }

    function find() {
      found.forEach(function (n) { n.el.classList.remove("is-found"); });
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      found = !words.length ? [] : map.nodes.filter(function (n) {
        var hay = (n.title + " " + n.id).toLowerCase();
        return n.shown && words.every(function (w) { return hay.indexOf(w) >= 0; });
      });
      step = -1;
      found.forEach(function (n) { n.el.classList.add("is-found"); });
      root.classList.toggle("is-finding", words.length > 0);
      status.textContent = !words.length ? "" : found.length
        ? say("map_found", { count: found.length }) + (found.length > 1 ? say("map_next") : "")
        : say("map_none", { q: input.value.trim() });
      status.dataset.found = String(found.length);
      show(found);
      if (!found.length) drawLabels();
    }

    var timer = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(find, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !found.length) return;
      event.preventDefault();
      step = (step + 1) % found.length;
      show([found[step]]);
      map.hover(found[step]);
    });
    map.rest.push(drawLabels);
  }

  function attach(map) {
    attachFilters(map);
    attachFind(map);
  }

  (window.atlasMapReady = window.atlasMapReady || []).push(attach);
  var ready = document.getElementById("atlas-map");
  if (ready && ready.atlasMap) attach(ready.atlasMap);
})();
