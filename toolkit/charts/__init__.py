"""Charts built from scoring results: plotly figures for pages, shared styles for print."""
