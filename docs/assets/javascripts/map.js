/* llm-atlas: the map page. The SVG is laid out at build time; this adds pan (drag), zoom (wheel,
   buttons), hover highlighting of an entry's links, the topic and kind filters, and entry labels
   once zoomed in (at most LABELS of them, for the nodes in view: a 10k-entry map never draws 10k
   labels). Plain JavaScript, nothing loaded from elsewhere. It sets itself up at the reader's
   first move on the map. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LABELS = 160;
  var LABEL_SCALE = 2.2; // zoom factor from which entry labels are drawn
  var FAR_NODES = 2000; // maps with more entries hide their links below FAR_SCALE
  var FAR_SCALE = 2;

  function setup(root) {
    var svg = root.querySelector("svg");
    var viewport = svg.querySelector(".atlas-map__viewport");
    var highlight = svg.querySelector(".atlas-map__highlight");
    var labels = svg.querySelector(".atlas-map__labels");
    var form = root.querySelector(".atlas-map__filters");
    var tip = root.querySelector(".atlas-map__tip");
    var count = root.querySelector("#atlas-map-count");
    var data = {
      kinds: root.dataset.edgeKinds.split(" "),
      edges: root.dataset.edges ? root.dataset.edges.split(",").map(function (edge) {
        return edge.split(" ").map(Number);
      }) : []
    };
    var width = parseFloat(root.dataset.width);
    var height = parseFloat(root.dataset.height);
    var full = { x: 0, y: 0, w: width, h: height };
    var view = { x: 0, y: 0, w: width, h: height };

    // Read once, written never (writing 10k attributes at load cost more than the rest here).
    var links = Array.prototype.slice.call(svg.querySelectorAll(".atlas-map__nodes a"));
    var byElement = new Map();
    var nodes = links.map(function (a) {
      var c = a.firstElementChild;
      var node = {
        el: a,
        x: parseFloat(c.getAttribute("cx")),
        y: parseFloat(c.getAttribute("cy")),
        kind: a.getAttribute("class").slice("atlas-k-".length),
        topic: a.parentNode.getAttribute("data-topic"),
        title: a.getAttribute("aria-label") || "",
        shown: true,
        edges: []
      };
      byElement.set(a, node);
      return node;
    });
    data.edges.forEach(function (edge, i) {
      nodes[edge[0]].edges.push(i);
      nodes[edge[1]].edges.push(i);
    });
    var regions = Array.prototype.slice.call(svg.querySelectorAll(".atlas-map__region"));
    var paths = {};
    data.kinds.forEach(function (kind) {
      paths[kind] = svg.querySelector(".atlas-map__edges .atlas-e-" + kind);
    });

    // One viewBox change per frame (wheel and pointer events come faster than a 10k-entry map
    // repaints); labels are drawn once the map is at rest.
    var frame = 0;
    var rest = 0;
    function applyView() {
      if (!frame) {
        frame = window.requestAnimationFrame(function () {
          frame = 0;
          svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
          levelOfDetail();
        });
      }
      window.clearTimeout(rest);
      rest = window.setTimeout(drawLabels, 180);
    }

    // A large map shows its links once zoomed in (and a hovered entry's links always): zoomed
    // out they are a tangle that costs most of each repaint.
    function levelOfDetail() {
      var far = nodes.length > FAR_NODES && full.w / view.w < FAR_SCALE;
      if (root.classList.contains("is-far") !== far) root.classList.toggle("is-far", far);
    }

    function zoom(factor, cx, cy) {
      var w = Math.min(full.w * 1.5, Math.max(full.w / 40, view.w / factor));
      var h = w * (view.h / view.w);
      var px = cx === undefined ? view.x + view.w / 2 : cx;
      var py = cy === undefined ? view.y + view.h / 2 : cy;
      view.x = px - ((px - view.x) * w) / view.w;
      view.y = py - ((py - view.y) * h) / view.h;
      view.w = w;
      view.h = h;
      applyView();
    }

    function toMap(event) {
      var box = svg.getBoundingClientRect();
      var scale = Math.max(view.w / box.width, view.h / box.height);
      var offsetX = (box.width * scale - view.w) / 2;
      var offsetY = (box.height * scale - view.h) / 2;
      return {
        x: view.x - offsetX + (event.clientX - box.left) * scale,
        y: view.y - offsetY + (event.clientY - box.top) * scale,
        scale: scale
      };
    }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toMap(event);
      zoom(event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
    }, { passive: false });

    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) svg.classList.add("is-dragging");
      drag.moved = true;
      var scale = toMap(event).scale;
      view.x = drag.vx - dx * scale;
      view.y = drag.vy - dy * scale;
      applyView();
    });
    window.addEventListener("pointerup", function () {
      if (drag && drag.moved) {
        // A drag that ends on a node must not open it.
        svg.addEventListener("click", function stop(e) {
          e.preventDefault();
          svg.removeEventListener("click", stop, true);
        }, true);
      }
      svg.classList.remove("is-dragging");
      drag = null;
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) return;
      var how = button.dataset.zoom;
      if (how === "reset") {
        view = { x: full.x, y: full.y, w: full.w, h: full.h };
        applyView();
      } else {
        zoom(how === "in" ? 1.5 : 1 / 1.5);
      }
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

    function filter() {
      var topic = form.elements.topic.value;
      var kinds = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (box) {
        kinds[box.value] = box.checked;
      });
      var inTopic = {};
      regions.forEach(function (region) {
        var match = !topic || (" " + region.dataset.path + " ").indexOf(" " + topic + " ") >= 0;
        inTopic[region.dataset.topic] = match;
        region.classList.toggle("is-hidden", !match);
      });
      var shown = 0;
      nodes.forEach(function (node) {
        node.shown = inTopic[node.topic] && kinds[node.kind] !== false;
        node.el.classList.toggle("is-hidden", !node.shown);
        if (node.shown) shown += 1;
      });
      data.kinds.forEach(function (kind) {
        paths[kind].setAttribute("d", edgePath(kind));
      });
      count.textContent = String(shown);
      count.dataset.count = String(shown);
      root.dataset.filtered = topic || Object.keys(kinds).some(function (k) { return !kinds[k]; })
        ? "1" : "";
      drawLabels();
    }

    form.addEventListener("change", filter);

    function showTip(node) {
      tip.hidden = !node;
      if (!node) return;
      tip.textContent = node.title;
      var box = node.el.getBoundingClientRect();
      var frame = root.getBoundingClientRect();
      tip.style.left = Math.round(box.right - frame.left + 6) + "px";
      tip.style.top = Math.round(box.top - frame.top - 4) + "px";
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

    function drawLabels() {
      while (labels.firstChild) labels.removeChild(labels.firstChild);
      var scale = full.w / view.w;
      if (scale < LABEL_SCALE) return;
      var drawn = 0;
      var size = Math.max(2, 11 / scale);
      for (var i = 0; i < nodes.length && drawn < LABELS; i++) {
        var n = nodes[i];
        if (!n.shown || n.x < view.x || n.x > view.x + view.w) continue;
        if (n.y < view.y || n.y > view.y + view.h) continue;
        var text = document.createElementNS(SVG, "text");
        text.setAttribute("x", n.x + 4.5);
        text.setAttribute("y", n.y + size / 3);
        text.setAttribute("font-size", size.toFixed(2));
        text.textContent = n.title.length > 28 ? n.title.slice(0, 27) + "…" : n.title;
        labels.appendChild(text);
        drawn += 1;
      }
    }

    levelOfDetail();
  }

  // The map works without this script (its nodes are links), so the work above waits for the
  // reader's first move on it instead of lengthening the page load. Listeners set up during a
  // capturing listener on the root still see that same event.
  var FIRST = ["pointerover", "pointerdown", "wheel", "focusin", "change", "click", "touchstart"];

  function start() {
    var root = document.getElementById("atlas-map");
    if (!root || root.atlasArmed) return;
    root.atlasArmed = true;
    function kick() {
      FIRST.forEach(function (type) { root.removeEventListener(type, kick, true); });
      setup(root);
    }
    FIRST.forEach(function (type) {
      root.addEventListener(type, kick, { capture: true, passive: type !== "wheel" });
    });
    // No attribute is written here: any change of one during load restyled the whole page (a
    // 150 ms task in Lighthouse). `atlasArmed` tells tests the map listens.
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
