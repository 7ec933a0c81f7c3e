// The ward map (MapPage.cs): draws the API's ward GeoJSON as an SVG choropleth, one link-wrapped <path> per ward,
// coloured with the class breaks and palette the server put on the container (the legend and the table use the same),
// missing wards hatched, borough outlines on top. No library, no tiles: an equirectangular projection corrected for
// London's latitude, fitted to the wards (or to the chosen borough). Every ward is a link to its profile, so a mouse
// click, a tap and Enter on a focused ward all go there; hovering or focusing a ward names it and its figure.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var container = document.getElementById("ward-map");
  if (!container) return;
  var status = container.querySelector(".map-status");
  var measure = container.getAttribute("data-measure");
  var breaks = (container.getAttribute("data-breaks") || "").split(",").filter(function (s) { return s !== ""; }).map(Number);
  var palette = (container.getAttribute("data-palette") || "").split(",");
  var reasons = JSON.parse(container.getAttribute("data-reasons") || "{}");
  var areaUrl = container.getAttribute("data-area-url");
  var borough = container.getAttribute("data-borough");
  var numbers = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

  function el(name, attributes) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    return node;
  }

  function classOf(value) {
    var i = 0;
    while (i < breaks.length && value > breaks[i]) i++;
    return i;
  }

  function shown(p) { return measure === "rate" ? p.rate_per_1000 : p.value; }

  function describe(p) {
    if (p.value === null) return p.area_name + ": no figures (" + (reasons[p.null_reason] || "missing") + ")";
    var text = p.area_name + ": " + numbers.format(p.value) + (p.value === 1 ? " crime" : " crimes");
    if (p.rate_per_1000 !== null) text += ", " + numbers.format(p.rate_per_1000) + " per 1,000 residents";
    else if (measure === "rate") text += " (no rate: " + (reasons[p.rate_null_reason] || "no population") + ")";
    return text;
  }

  function rings(geometry) {
    if (!geometry) return [];
    if (geometry.type === "Polygon") return geometry.coordinates;
    if (geometry.type === "MultiPolygon") return [].concat.apply([], geometry.coordinates);
    return [];
  }

  function bounds(features) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    features.forEach(function (f) {
      rings(f.geometry).forEach(function (ring) {
        ring.forEach(function (c) {
          if (c[0] < b[0]) b[0] = c[0];
          if (c[1] < b[1]) b[1] = c[1];
          if (c[0] > b[2]) b[2] = c[0];
          if (c[1] > b[3]) b[3] = c[1];
        });
      });
    });
    return b;
  }

  function draw(wards, boroughs) {
    var features = wards.features;
    if (borough) {
      // The chosen borough's wards: the ones the table lists.
      var listed = {};
      document.querySelectorAll("tr[data-area-code]").forEach(function (row) { listed[row.getAttribute("data-area-code")] = true; });
      features = features.filter(function (f) { return listed[f.properties.area_code]; });
    }
    var box = bounds(features);
    var kx = Math.cos(((box[1] + box[3]) / 2) * Math.PI / 180);
    // Fitted into 960 x 680 whatever the shape: London is wide, a borough may be tall.
    var scale = Math.min(960 / ((box[2] - box[0]) * kx || 1), 680 / ((box[3] - box[1]) || 1));
    var width = Math.max(1, Math.round((box[2] - box[0]) * kx * scale));
    var height = Math.max(1, Math.round((box[3] - box[1]) * scale));
    function path(geometry) {
      return rings(geometry).map(function (ring) {
        return "M" + ring.map(function (c) {
          return ((c[0] - box[0]) * kx * scale).toFixed(1) + " " + ((box[3] - c[1]) * scale).toFixed(1);
        }).join("L") + "Z";
      }).join("");
    }

    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, width: String(width), height: String(height), "class": "map", role: "group", "aria-labelledby": "map-heading" });
    var defs = el("defs", {});
    var hatch = el("pattern", { id: "hatch", width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.appendChild(el("rect", { width: "6", height: "6", fill: "#ffffff" }));
    hatch.appendChild(el("line", { x1: "0", y1: "0", x2: "0", y2: "6", stroke: "#505a5f", "stroke-width": "2" }));
    defs.appendChild(hatch);
    svg.appendChild(defs);

    var layer = el("g", { "class": "wards" });
    features.forEach(function (f) {
      var p = f.properties;
      var value = shown(p);
      var label = describe(p);
      var link = el("a", { href: areaUrl + encodeURIComponent(p.area_code), "aria-label": label });
      var shape = el("path", {
        d: path(f.geometry),
        "data-area-code": p.area_code,
        "data-class": value === null ? "missing" : String(classOf(value)),
        fill: value === null ? "url(#hatch)" : palette[classOf(value)],
        stroke: "#6f777b",
        "stroke-width": "0.5",
        "vector-effect": "non-scaling-stroke",
        "class": "ward"
      });
      var title = el("title", {});
      title.textContent = label;
      shape.appendChild(title);
      link.appendChild(shape);
      link.addEventListener("mouseenter", function (e) { show(label, e, shape); });
      link.addEventListener("mousemove", function (e) { show(label, e, shape); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", function () { show(label, null, shape); });
      link.addEventListener("blur", hide);
      layer.appendChild(link);
    });
    svg.appendChild(layer);

    var outlines = el("g", { "class": "borough-outlines", fill: "none", stroke: "#1b1b1b", "stroke-width": "1.5", "pointer-events": "none", "aria-hidden": "true" });
    (boroughs ? boroughs.features : []).forEach(function (f) {
      outlines.appendChild(el("path", { d: path(f.geometry), "vector-effect": "non-scaling-stroke", "data-borough-code": f.properties.code }));
    });
    svg.appendChild(outlines);
    // The ward under the pointer or focus, outlined above every other shape (SVG paints in document order).
    // Two strokes, yellow under black, like the site's focus ring: visible on the lightest and the darkest class.
    var halo = el("path", { "class": "ward-halo", fill: "none", stroke: "#ffbf47", "stroke-width": "6", "vector-effect": "non-scaling-stroke", "pointer-events": "none", "aria-hidden": "true", d: "" });
    var highlight = el("path", { "class": "ward-highlight", fill: "none", stroke: "#0b0c0c", "stroke-width": "2.5", "vector-effect": "non-scaling-stroke", "pointer-events": "none", "aria-hidden": "true", d: "" });
    svg.appendChild(halo);
    svg.appendChild(highlight);

    var frame = document.createElement("div");
    frame.className = "map-frame";
    frame.appendChild(svg);
    var tip = document.createElement("p");
    tip.className = "map-tip";
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");
    frame.appendChild(tip);
    var readout = document.createElement("p");
    readout.className = "map-readout";
    readout.setAttribute("aria-live", "polite");
    readout.textContent = "Point at or tab to a ward to read its figure; select it to open its profile.";
    container.replaceChildren(readout, frame);

    function show(text, event, shape) {
      halo.setAttribute("d", shape.getAttribute("d"));
      highlight.setAttribute("d", shape.getAttribute("d"));
      readout.textContent = text;
      tip.textContent = text;
      tip.hidden = false;
      var area = frame.getBoundingClientRect();
      var x, y;
      if (event) { x = event.clientX - area.left; y = event.clientY - area.top; }
      else { var r = shape.getBoundingClientRect(); x = r.left + r.width / 2 - area.left; y = r.top - area.top; }
      // CSSOM, not a style attribute: the CSP allows this.
      tip.style.left = Math.min(Math.max(0, x + 12), Math.max(0, area.width - 240)) + "px";
      tip.style.top = Math.max(0, y + 16) + "px";
    }
    function hide() { tip.hidden = true; halo.setAttribute("d", ""); highlight.setAttribute("d", ""); }
  }

  function json(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  var started = performance.now();
  Promise.all([json(container.getAttribute("data-geojson")), json(container.getAttribute("data-boroughs")).catch(function () { return null; })])
    .then(function (results) {
      draw(results[0], results[1]);
      container.setAttribute("data-drawn-ms", String(Math.round(performance.now() - started)));
    })
    .catch(function () {
      if (status) status.textContent = "The map could not be loaded. Every ward's figure is in the table below.";
    });
})();
