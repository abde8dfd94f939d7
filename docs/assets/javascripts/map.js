/* llm-atlas: the map page. The SVG is laid out at build time; this adds the view (clamped to the
   map, zoomed and fitted for the others), the links among the entries shown, and topic names
   sized for the screen with the colliding ones hidden. map-input.js adds the buttons, wheel,
   drag, touch and hover; map-find.js the topic and kind filters, the find box and entry labels.
   Plain JavaScript, nothing loaded from elsewhere. The names are fitted at load; the rest is set
   up at the reader's first move on the map (a 10k-entry map costs its reading only to those who
   use it). */
(function () {
  "use strict";

  var NODE_GAP = 9; // render/graph.py's distance between neighbouring nodes (map units)
  var NODE_R = 3.2; // a node's radius (map units) unless that is under MIN_R_PX on screen
  var MIN_R_PX = 2.5; // …and never over MAX_R_PX when zoomed in
  var MAX_R_PX = 5;
  var HIT_PX = 22; // the transparent ring around a node (screen px): a target of 24 px or more
  var MAX_GAP = 90; // px between neighbours at the closest zoom
  var FAR_NODES = 2000; // maps with more entries hide their links until zoomed in
  var FAR_SCALE = 2;

  function textWidth(text, px) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) > 0x2e80 ? 1 : 0.58;
    return w * px;
  }

  function overlaps(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1) return true;
    }
    return false;
  }

  // The map's geometry on screen: map units per pixel and where the viewBox sits ("meet").
  function screen(svg, view) {
    var box = svg.getBoundingClientRect();
    var scale = Math.max(view.w / box.width, view.h / box.height) || 1;
    return {
      box: box, scale: scale,
      offX: (box.width * scale - view.w) / 2, offY: (box.height * scale - view.h) / 2
    };
  }

  // Topic names: a fixed size on screen, the outer topics first, hidden when they collide with
  // a name already placed or fall outside the view. Returns the placed boxes (screen pixels).
  function fitNames(svg, view, regions) {
    var s = screen(svg, view);
    var placed = [];
    regions.forEach(function (r) {
      var px = r.depth ? 12 : 14;
      var size = px * s.scale;
      var y = r.y - r.r + size * 1.15;
      var sx = (r.x - view.x + s.offX) / s.scale;
      var sy = (y - view.y + s.offY) / s.scale;
      var half = textWidth(r.label, px) / 2 + 2;
      var box = { x0: sx - half, x1: sx + half, y0: sy - px, y1: sy + 3 };
      // An area's name is shown whenever it has room; a subtopic's once its circle is big enough.
      var fits = (!r.depth || r.r / s.scale > px * 1.6) && sx > -half && sy > 0 &&
        sx - half < s.box.width && sy < s.box.height && !r.hidden;
      var show = fits && !overlaps(box, placed);
      if (show) placed.push(box);
      r.text.setAttribute("font-size", size.toFixed(2));
      r.text.setAttribute("y", y.toFixed(1));
      r.text.setAttribute("visibility", show ? "visible" : "hidden");
    });
    return placed;
  }

  function readRegions(svg) {
    return Array.prototype.map.call(svg.querySelectorAll(".atlas-map__region"), function (g) {
      var c = g.querySelector("circle");
      var text = g.querySelector("text");
      return {
        el: g, text: text, label: text.textContent, topic: g.dataset.topic,
        path: " " + g.dataset.path + " ", depth: Number(g.dataset.depth || 0),
        also: g.dataset.also ? g.dataset.also.split(" ").map(Number) : [],
        x: parseFloat(c.getAttribute("cx")), y: parseFloat(c.getAttribute("cy")),
        r: parseFloat(c.getAttribute("r")), hidden: false
      };
    }).sort(function (a, b) { return a.depth - b.depth || b.r - a.r; });
  }

  function setup(root, regions) {
    var svg = root.querySelector("svg");
    var data = {
      kinds: root.dataset.edgeKinds.split(" "),
      edges: root.dataset.edges ? root.dataset.edges.split(",").map(function (edge) {
        return edge.split(" ").map(Number);
      }) : []
    };
    var full = { x: 0, y: 0, w: parseFloat(root.dataset.width), h: parseFloat(root.dataset.height) };
    var view = { x: 0, y: 0, w: full.w, h: full.h };

    // Read once, written never (writing 10k attributes at load cost more than the rest here).
    var byElement = new Map();
    var nodes = Array.prototype.map.call(svg.querySelectorAll(".atlas-map__nodes a"), function (a, i) {
      var c = a.firstElementChild;
      var node = {
        el: a, index: i, x: parseFloat(c.getAttribute("cx")), y: parseFloat(c.getAttribute("cy")),
        kind: a.getAttribute("class").slice("atlas-k-".length),
        topic: a.parentNode.getAttribute("data-topic"),
        id: a.getAttribute("href").replace(/\/$/, "").split("/").pop(),
        title: a.getAttribute("aria-label") || "", shown: true, edges: []
      };
      byElement.set(a, node);
      return node;
    });
    data.edges.forEach(function (edge, i) {
      nodes[edge[0]].edges.push(i);
      nodes[edge[1]].edges.push(i);
    });
    var paths = {};
    data.kinds.forEach(function (kind) {
      paths[kind] = svg.querySelector(".atlas-map__edges .atlas-e-" + kind);
    });
    // What map-input.js and map-find.js get (rest: what to redo once the map is at rest).
    var api = {
      root: root, svg: svg, nodes: nodes, regions: regions, kinds: data.kinds, edges: data.edges,
      view: view, full: full, rest: [], names: [], clamp: clamp, show: show, zoom: zoom, fit: fit,
      whole: whole, toMap: toMap, links: links, drawLinks: drawLinks,
      nodeOf: function (a) { return byElement.get(a); },
      screen: function () { return screen(svg, view); },
      textWidth: textWidth, overlaps: overlaps  // the label placing map-find.js shares
    };

    // The view never leaves the map nor comes closer than MAX_GAP between neighbours.
    function clamp() {
      var least = full.w * NODE_GAP / (MAX_GAP * svg.getBoundingClientRect().width || 1);
      var w = Math.min(full.w, Math.max(least, view.w));
      var h = w * (full.h / full.w);
      view.x += (view.w - w) / 2;
      view.y += (view.h - h) / 2;
      view.w = w;
      view.h = h;
      view.x = Math.min(Math.max(view.x, 0), full.w - w);
      view.y = Math.min(Math.max(view.y, 0), full.h - h);
    }

    // One viewBox change per frame; names, sizes and labels are redrawn once the map is at rest.
    var frame = 0;
    var restTimer = 0;
    function show() {
      clamp();
      if (!frame) {
        frame = window.requestAnimationFrame(function () {
          frame = 0;
          svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
          var far = nodes.length > FAR_NODES && full.w / view.w < FAR_SCALE;
          if (root.classList.contains("is-far") !== far) root.classList.toggle("is-far", far);
        });
      }
      window.clearTimeout(restTimer);
      restTimer = window.setTimeout(rest, 160);
    }

    function rest() {
      var s = screen(svg, view);
      var r = Math.max(MIN_R_PX * s.scale, Math.min(NODE_R, MAX_R_PX * s.scale));
      svg.style.setProperty("--atlas-r", r.toFixed(2) + "px");
      svg.style.setProperty("--atlas-hit", (HIT_PX * s.scale).toFixed(2) + "px");
      api.names = fitNames(svg, view, regions);
      api.rest.forEach(function (f) { f(); });
    }

    // Zoom by FACTOR around the map point (cx, cy) (the middle of the view by default).
    function zoom(factor, cx, cy) {
      var px = cx === undefined ? view.x + view.w / 2 : cx;
      var py = cy === undefined ? view.y + view.h / 2 : cy;
      var w = view.w / factor;
      var h = w * (view.h / view.w);
      view.x = px - ((px - view.x) * w) / view.w;
      view.y = py - ((py - view.y) * h) / view.h;
      view.w = w;
      view.h = h;
      show();
    }

    // Show the map box (x0, y0)-(x1, y1) whole, no closer than GAP px between neighbours.
    function fit(x0, y0, x1, y1, gap) {
      var width = svg.getBoundingClientRect().width || 1;
      var w = Math.max(x1 - x0, (y1 - y0) * (full.w / full.h)) * 1.1;
      if (gap) w = Math.max(w, NODE_GAP * width / gap);
      view.w = w;
      view.h = w * (full.h / full.w);
      view.x = (x0 + x1) / 2 - view.w / 2;
      view.y = (y0 + y1) / 2 - view.h / 2;
      show();
    }

    // Show the whole map.
    function whole() {
      fit(0, 0, full.w / 1.1, full.h / 1.1);
    }

    // The map point under the screen point (clientX, clientY), and map units per pixel.
    function toMap(clientX, clientY) {
      var s = screen(svg, view);
      return {
        x: view.x - s.offX + (clientX - s.box.left) * s.scale,
        y: view.y - s.offY + (clientY - s.box.top) * s.scale,
        scale: s.scale
      };
    }

    // The links among the shown nodes (those of ONLY, when given): a path per kind, and how many.
    function links(only) {
      var d = {};
      var count = 0;
      data.kinds.forEach(function (kind) { d[kind] = []; });
      data.edges.forEach(function (edge) {
        var a = nodes[edge[0]];
        var b = nodes[edge[1]];
        if (!a.shown || !b.shown || (only && only !== a && only !== b)) return;
        d[data.kinds[edge[2]]].push("M" + a.x + " " + a.y + "L" + b.x + " " + b.y);
        count += 1;
      });
      data.kinds.forEach(function (kind) { d[kind] = d[kind].join(""); });
      return { d: d, count: count };
    }

    // Draw the links among the shown nodes; return how many there are.
    function drawLinks() {
      var drawn = links();
      data.kinds.forEach(function (kind) { paths[kind].setAttribute("d", drawn.d[kind]); });
      return drawn.count;
    }

    root.atlasMap = api;
    (window.atlasMapReady || []).forEach(function (f) { f(api); });
    rest();
  }

  // The map works without this script (its nodes are links), so the work above waits for the
  // reader's first move on it instead of lengthening the page load. Listeners set up during a
  // capturing listener on the root still see that same event.
  var FIRST = ["pointerover", "pointerdown", "wheel", "focusin", "change", "click", "touchstart"];

  function start() {
    var root = document.getElementById("atlas-map");
    if (!root || root.atlasArmed) return;
    root.atlasArmed = true;
    var svg = root.querySelector("svg");
    var regions = readRegions(svg);
    var whole = {
      x: 0, y: 0, w: parseFloat(root.dataset.width), h: parseFloat(root.dataset.height)
    };
    // Names are fitted once the page is drawn (reading the layout earlier forced one more of
    // the whole page); until then the areas' names show and the subtopics' wait.
    function refit() { if (!root.atlasMap) fitNames(svg, whole, regions); }
    if (window.requestIdleCallback) window.requestIdleCallback(refit, { timeout: 1500 });
    else window.setTimeout(refit, 300);
    window.addEventListener("resize", refit);
    function kick() {
      FIRST.forEach(function (type) { root.removeEventListener(type, kick, true); });
      window.removeEventListener("resize", refit);
      setup(root, regions);
    }
    FIRST.forEach(function (type) {
      root.addEventListener(type, kick, { capture: true, passive: type !== "wheel" && type !== "touchstart" });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
