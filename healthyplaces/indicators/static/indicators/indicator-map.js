/* Draw an indicator's small areas, coloured by their comparison with the benchmark (the table says the same).
   Tooltips and the legend are built from text and elements, never HTML strings, so no name can run as script. */
(function () {
  'use strict'
  var COLOURS = { better: '#00703c', similar: '#ffdd00', worse: '#d4351c', higher: '#1d70b8', lower: '#5694ca', not_compared: '#b1b4b6' }
  var LABELS = { better: 'Better', similar: 'Similar', worse: 'Worse', higher: 'Higher', lower: 'Lower', not_compared: 'Not compared' }

  function textElement (text) {
    var span = document.createElement('span')
    span.textContent = text
    return span
  }

  function draw (element) {
    var map = L.map(element, { scrollWheelZoom: false })
    var tiles = element.getAttribute('data-tile-url')
    if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map) }
    fetch(element.getAttribute('data-geojson-url'), { headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json() })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            return { color: '#505a5f', weight: 1, fillColor: COLOURS[feature.properties.comparison] || '#b1b4b6', fillOpacity: 0.7 }
          },
          pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 5 }) },
          onEachFeature: function (feature, lyr) {
            var p = feature.properties
            var value = p.value === null ? 'no value' : p.value.toFixed(1)
            var label = p.name + ' (' + p.code + '): ' + value + ', ' + p.label
            lyr.bindTooltip(textElement(label))  // a text node: names are data, never HTML
            if (p.url) { lyr.on('click', function () { window.location.href = p.url }) }
          }
        }).addTo(map)
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }) } else { map.setView([53, -1.5], 6) }
        var legend = L.control({ position: 'bottomright' })
        legend.onAdd = function () {
          var div = L.DomUtil.create('div', 'hp-map-legend')
          div.style.background = '#fff'; div.style.padding = '4px'
          Object.keys(LABELS).forEach(function (key, i) {
            if (i) { L.DomUtil.create('br', '', div) }
            var swatch = L.DomUtil.create('span', '', div)
            swatch.style.display = 'inline-block'; swatch.style.width = '14px'; swatch.style.height = '14px'
            swatch.style.background = COLOURS[key]
            div.appendChild(document.createTextNode(' ' + LABELS[key]))
          })
          return div
        }
        legend.addTo(map)
      })
  }

  document.querySelectorAll('.hp-indicator-map').forEach(draw)
})()
