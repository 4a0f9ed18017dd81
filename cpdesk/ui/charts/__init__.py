"""Charts on screen: chart specifications drawn with pyqtgraph, the chart page and the report card."""
