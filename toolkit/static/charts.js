/* Draw each chart from the figure JSON beside it; the page reads fine without this. */
(function () {
  "use strict";
  if (!window.Plotly) {
    return;
  }
  var boxes = document.querySelectorAll("[data-chart]");
  Array.prototype.forEach.call(boxes, function (box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(box, figure.data, figure.layout, figure.config);
  });
})();
