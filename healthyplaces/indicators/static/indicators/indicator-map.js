/* Draw an indicator's small areas, coloured by their comparison with the benchmark (the table says the same). */
(function () {
  'use strict'
  var COLOURS = { better: '#00703c', similar: '#ffdd00', worse: '#d4351c', higher: '#1d70b8', lower: '#5694ca', not_compared: '#b1b4b6' }
  var LABELS = { better: 'Better', similar: 'Similar', worse: 'Worse', higher: 'Higher', lower: 'Lower', not_compared: 'Not compared' }

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
            lyr.bindTooltip(p.name + ' (' + p.code + '): ' + value + ', ' + p.label)
            if (p.url) { lyr.on('click', function () { window.location.href = p.url }) }
          }
        }).addTo(map)
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }) } else { map.setView([53, -1.5], 6) }
        var legend = L.control({ position: 'bottomright' })
        legend.onAdd = function () {
          var div = L.DomUtil.create('div', 'hp-map-legend')
          div.style.background = '#fff'; div.style.padding = '4px'
          div.innerHTML = Object.keys(LABELS).map(function (key) {
            return '<span style="display:inline-block;width:14px;height:14px;background:' + COLOURS[key] + '"></span> ' + LABELS[key]
          }).join('<br>')
          return div
        }
        legend.addTo(map)
      })
  }

  document.querySelectorAll('.hp-indicator-map').forEach(draw)
})()
