/* llm-atlas: the map page. The SVG is laid out at build time; this adds the view (zoom buttons,
   clamped to the map), hover highlighting of an entry's links, the topic and kind filters (a
   topic is zoomed to, and the count is its topic page's), and topic names sized for the screen
   with the colliding ones hidden. map-input.js adds the wheel, drag and touch; map-find.js the
   find box and entry labels. Plain JavaScript,
   nothing loaded from elsewhere. The names are fitted at load; the rest is set up at the reader's
   first move on the map (a 10k-entry map costs its reading only to those who use it). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
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
    var highlight = svg.querySelector(".atlas-map__highlight");
    var form = root.querySelector(".atlas-map__filters");
    var tip = root.querySelector(".atlas-map__tip");
    var count = root.querySelector("#atlas-map-count");
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
    var api = {
      root: root, svg: svg, nodes: nodes, view: view, full: full, rest: [],
      screen: function () { return screen(svg, view); }, names: [], fit: fit, show: show,
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
    api.zoom = zoom;

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

    api.clamp = clamp;
    api.nodeOf = function (a) { return byElement.get(a); };
    api.toMap = toMap;
    function toMap(clientX, clientY) {
      var s = screen(svg, view);
      return {
        x: view.x - s.offX + (clientX - s.box.left) * s.scale,
        y: view.y - s.offY + (clientY - s.box.top) * s.scale,
        scale: s.scale
      };
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) return;
      var how = button.dataset.zoom;
      if (how === "reset") fit(0, 0, full.w / 1.1, full.h / 1.1);
      else zoom(how === "in" ? 1.5 : 1 / 1.5);
    });

    function edgePath(kind, only) {
      var d = [];
      data.edges.forEach(function (edge) {
        if (data.kinds[edge[2]] !== kind) return;
        var a = nodes[edge[0]];
        var b = nodes[edge[1]];
        if (!a.shown || !b.shown) return;
        if (only && only !== a && only !== b) return;
        d.push("M" + a.x + " " + a.y + "L" + b.x + " " + b.y);
      });
      return d.join("");
    }

    // A topic shows its regions (and its ancestors' circles around them) and every entry of it
    // and its subtopics, also those drawn in another topic: the count is its topic page's.
    function filter(event) {
      if (event && event.target && event.target.name === "find") return;
      var topic = form.elements.topic.value;
      var kinds = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (box) {
        kinds[box.value] = box.checked;
      });
      var inTopic = {};
      var members = new Set();
      var focus = null;
      regions.forEach(function (r) { if (r.topic === topic) focus = r; });
      regions.forEach(function (r) {
        var inside = !topic || r.path.indexOf(" " + topic + " ") >= 0;
        var around = focus && focus.path.indexOf(" " + r.topic + " ") >= 0;
        inTopic[r.topic] = inside;
        if (inside) r.also.forEach(function (i) { members.add(i); });
        r.hidden = !inside && !around;
        r.el.classList.toggle("is-hidden", r.hidden);
      });
      var shown = 0;
      nodes.forEach(function (node) {
        node.shown = (inTopic[node.topic] || members.has(node.index)) && kinds[node.kind] !== false;
        node.el.classList.toggle("is-hidden", !node.shown);
        if (node.shown) shown += 1;
      });
      data.kinds.forEach(function (kind) { paths[kind].setAttribute("d", edgePath(kind)); });
      count.textContent = String(shown);
      count.dataset.count = String(shown);
      root.dataset.filtered = topic || Object.keys(kinds).some(function (k) { return !kinds[k]; })
        ? "1" : "";
      if (event && event.target && event.target.name === "topic") {
        if (focus) fit(focus.x - focus.r, focus.y - focus.r, focus.x + focus.r, focus.y + focus.r);
        else fit(0, 0, full.w / 1.1, full.h / 1.1);
      } else {
        show();
      }
    }
    form.addEventListener("change", filter);

    function showTip(node) {
      tip.hidden = !node;
      if (!node) return;
      tip.textContent = node.title;
      var box = node.el.getBoundingClientRect();
      var frameBox = root.getBoundingClientRect();
      tip.style.left = Math.round(box.right - frameBox.left + 6) + "px";
      tip.style.top = Math.round(box.top - frameBox.top - 4) + "px";
    }

    function hover(node) {
      while (highlight.firstChild) highlight.removeChild(highlight.firstChild);
      root.classList.toggle("is-hovering", !!node);
      nodes.forEach(function (n) { n.el.classList.remove("is-near"); });
      showTip(node);
      if (!node) return;
      node.el.classList.add("is-near");
      data.kinds.forEach(function (kind) {
        var d = edgePath(kind, node);
        if (!d) return;
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", d);
        path.setAttribute("class", "atlas-e-" + kind);
        highlight.appendChild(path);
      });
      node.edges.forEach(function (i) {
        var edge = data.edges[i];
        nodes[edge[0]].el.classList.add("is-near");
        nodes[edge[1]].el.classList.add("is-near");
      });
    }
    api.hover = hover;

    // One listener for all nodes (not one per node).
    var nodeLayer = svg.querySelector(".atlas-map__nodes");
    nodeLayer.addEventListener("mouseover", function (event) {
      var a = event.target.closest("a");
      if (a && byElement.has(a)) hover(byElement.get(a));
    });
    nodeLayer.addEventListener("mouseout", function (event) {
      var to = event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest("a");
      if (!to || !byElement.has(to)) hover(null);
    });

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
