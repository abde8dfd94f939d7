/* llm-atlas: how the map answers the wheel, the mouse and fingers (map.js hands over its map).

   - The wheel scrolls the page; Ctrl or ⌘ with it zooms (a trackpad's pinch comes as Ctrl +
     wheel too). A plain wheel over the map flashes the one-line hint above it.
   - A mouse or pen drags the map. One finger scrolls the page (touch-action: pan-x pan-y in the
     stylesheet); two fingers pan and zoom, the map point under them staying under them.
   - A tap on nodes too close together to tell apart zooms in there instead of opening one. */
(function () {
  "use strict";

  var NODE_GAP = 9; // render/graph.py's distance between neighbouring nodes (map units)
  var TAP_GAP = 28; // px between neighbours before a tap opens a node rather than zooming in

  function attach(map) {
    var svg = map.svg;
    var view = map.view;
    var full = map.full;
    var hint = map.root.querySelector(".atlas-map__hint");
    var hinted = 0;
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
      map.hover(map.nodeOf(a));
    });

  }

  (window.atlasMapReady = window.atlasMapReady || []).push(attach);
  var ready = document.getElementById("atlas-map");
  if (ready && ready.atlasMap) attach(ready.atlasMap);
})();
