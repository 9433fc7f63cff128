/* Draw each chart from the figure JSON beside it; the page reads fine without this. */
(function () {
  "use strict";
  if (!window.Plotly) {
    return;
  }
  // Below this width (a phone) charts use smaller type and tighter margins, so
  // their labels stay inside the screen; the tables beside them hold every word.
  var NARROW = 560;

  function fitted(layout, width, figureSeries, firstTrace) {
    if (width >= NARROW) {
      return layout;
    }
    layout.font = Object.assign({}, layout.font, { size: 11 });
    if (layout.polar) {
      // Wrapped spoke labels reach about 80px beyond the rim on either side,
      // and up to three lines above and below it.
      var below = 70;
      var legend = 20 * figureSeries;
      var radar = Math.max(width - 160, 120);
      layout.margin = { t: 50, b: below + legend, l: 80, r: 80 };
      layout.height = radar + 50 + below + legend;
      layout.legend = Object.assign({}, layout.legend, { y: -below / radar, yanchor: "top" });
      layout.polar = Object.assign({}, layout.polar, {
        radialaxis: Object.assign({}, layout.polar.radialaxis, { tickfont: { size: 9 } })
      });
    } else {
      layout.margin = Object.assign({}, layout.margin, { l: 5, r: 5 });
    }
    if (layout.barmode === "relative" && firstTrace && firstTrace.y) {
      // Statements wrap to three lines beside their bar: give each row room for them,
      // and fewer ticks so the percentages do not run together.
      layout.height = 110 + 58 * firstTrace.y.length;
      layout.xaxis = Object.assign({}, layout.xaxis, {
        tickvals: [-100, 0, 100],
        ticktext: ["100%", "0", "100%"]
      });
    }
    return layout;
  }

  var boxes = document.querySelectorAll("[data-chart]");
  Array.prototype.forEach.call(boxes, function (box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var layout = fitted(figure.layout, box.clientWidth, figure.data.length, figure.data[0]);
    window.Plotly.newPlot(box, figure.data, layout, figure.config);
  });
})();
