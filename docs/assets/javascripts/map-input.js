/* llm-atlas: how the map answers the buttons, the wheel, the mouse and fingers (map.js hands over
   its map).

   - The buttons zoom in, out and back to the whole map.
   - An entry under the pointer shows its title and its links, its neighbours ringed.
   - The wheel scrolls the page; Ctrl or ⌘ with it zooms (a trackpad's pinch comes as Ctrl +
     wheel too). A plain wheel over the map flashes the one-line hint above it.
   - A mouse or pen drags the map. One finger scrolls the page (touch-action: pan-x pan-y in the
     stylesheet); two fingers pan and zoom, the map point under them staying under them.
   - A tap on nodes too close together to tell apart zooms in there instead of opening one. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var NODE_GAP = 9; // render/graph.py's distance between neighbouring nodes (map units)
  var TAP_GAP = 28; // px between neighbours before a tap opens a node rather than zooming in

  // The buttons: zoom in, out, and back to the whole map.
  function attachButtons(map) {
    map.root.querySelector(".atlas-map__filters").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) return;
      var how = button.dataset.zoom;
      if (how === "reset") map.whole();
      else map.zoom(how === "in" ? 1.5 : 1 / 1.5);
    });
  }

  // An entry under the pointer shows its title and links; returns the function that does so
  // (map.hover too: map-find.js shows each found entry with it).
  function attachHover(map) {
    var root = map.root;
    var highlight = map.svg.querySelector(".atlas-map__highlight");
    var tip = root.querySelector(".atlas-map__tip");

    function showTip(node) {
      tip.hidden = !node;
      if (!node) return;
      tip.textContent = node.title;
      var box = node.el.getBoundingClientRect();
      var frameBox = root.getBoundingClientRect();
      tip.style.left = Math.round(box.right - frameBox.left + 6) + "px";
      tip.style.top = Math.round(box.top - frameBox.top - 4) + "px";
    }

    // Show NODE's title and links, its neighbours ringed (none: null).
    function hover(node) {
      while (highlight.firstChild) highlight.removeChild(highlight.firstChild);
      root.classList.toggle("is-hovering", !!node);
      map.nodes.forEach(function (n) { n.el.classList.remove("is-near"); });
      showTip(node);
      if (!node) return;
      node.el.classList.add("is-near");
      var drawn = map.links(node);
      map.kinds.forEach(function (kind) {
        if (!drawn.d[kind]) return;
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", drawn.d[kind]);
        path.setAttribute("class", "atlas-e-" + kind);
        highlight.appendChild(path);
      });
      node.edges.forEach(function (i) {
        var edge = map.edges[i];
        map.nodes[edge[0]].el.classList.add("is-near");
        map.nodes[edge[1]].el.classList.add("is-near");
      });
    }

    // One listener for all nodes (not one per node).
    var nodeLayer = map.svg.querySelector(".atlas-map__nodes");
    nodeLayer.addEventListener("mouseover", function (event) {
      var node = map.nodeOf(event.target.closest("a"));
      if (node) hover(node);
    });
    nodeLayer.addEventListener("mouseout", function (event) {
      var to = event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest("a");
      if (!map.nodeOf(to)) hover(null);
    });
    map.hover = hover;
    return hover;
  }

  function attach(map) {
    var svg = map.svg;
    var view = map.view;
    var full = map.full;
    var hint = map.root.querySelector(".atlas-map__hint");
    var hinted = 0;
    attachButtons(map);
    var hover = attachHover(map);

    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) {
        // The page scrolls; say once in a while how to zoom instead.
        if (Date.now() - hinted > 4000 && hint) {
          hinted = Date.now();
          hint.classList.remove("is-flash");
          void hint.offsetWidth;
          hint.classList.add("is-flash");
        }
        return;
      }
      event.preventDefault();
      var at = map.toMap(event.clientX, event.clientY);
      map.zoom(event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
    }, { passive: false });

    // A mouse or pen drags the map; a finger scrolls the page (touch-action in the stylesheet).
    var drag = null;
    var pointerType = "mouse";
    svg.addEventListener("pointerdown", function (event) {
      pointerType = event.pointerType;
      if (event.button !== 0 || event.pointerType === "touch") return;
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) svg.classList.add("is-dragging");
      drag.moved = true;
      var scale = map.screen().scale;
      view.x = drag.vx - dx * scale;
      view.y = drag.vy - dy * scale;
      map.show();
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

    // Two fingers pan and zoom: the map point under their middle stays under it.
    var pinch = null;
    function middle(touches) {
      var a = touches[0];
      var b = touches[1];
      return {
        x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2,
        d: Math.max(1, Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY))
      };
    }
    svg.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 2) return;
      event.preventDefault();
      var m = middle(event.touches);
      pinch = { at: map.toMap(m.x, m.y), d: m.d, w: view.w };
    }, { passive: false });
    svg.addEventListener("touchmove", function (event) {
      if (!pinch || event.touches.length !== 2) return;
      event.preventDefault();
      var m = middle(event.touches);
      view.w = pinch.w * pinch.d / m.d;
      view.h = view.w * (full.h / full.w);
      map.clamp();
      var s = map.screen();
      view.x = pinch.at.x + s.offX - (m.x - s.box.left) * s.scale;
      view.y = pinch.at.y + s.offY - (m.y - s.box.top) * s.scale;
      map.show();
    }, { passive: false });
    svg.addEventListener("touchend", function (event) {
      if (event.touches.length < 2) pinch = null;
    });

    // A tap on nodes too close together to tell apart zooms in there instead of opening one.
    svg.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest(".atlas-map__nodes a");
      if (!a || pointerType !== "touch") return;
      if (NODE_GAP / map.screen().scale >= TAP_GAP) return;
      event.preventDefault();
      var at = map.toMap(event.clientX, event.clientY);
      map.zoom(Math.min(4, (TAP_GAP * 1.2 * at.scale) / NODE_GAP), at.x, at.y);
      hover(map.nodeOf(a));
    });
  }

  (window.atlasMapReady = window.atlasMapReady || []).push(attach);
  var ready = document.getElementById("atlas-map");
  if (ready && ready.atlasMap) attach(ready.atlasMap);
})();
