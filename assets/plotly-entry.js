// plotly.js with only the trace types the toolkit draws: scatter (lines over time),
// scatterpolar (the profile) and bar (answers under a statement). The full build
// is 4.8 MB; this one is about a quarter of that.
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/scatter"),
  require("plotly.js/lib/scatterpolar"),
  require("plotly.js/lib/bar"),
]);

module.exports = Plotly;
