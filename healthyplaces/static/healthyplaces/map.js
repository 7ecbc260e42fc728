/* Draw LSOAs shaded by decile on every .hp-map. Boundaries where held, centroid dots elsewhere.
   With data-pick, clicking an LSOA ticks or unticks its checkbox (input[name=lsoas][value=CODE]).
   Tooltips and the legend are built from text and elements, never HTML strings, so no name can run as script. */
(function () {
  'use strict'
  var COLOURS = ['#8c1a1a', '#b3352a', '#d4573b', '#e8845a', '#f3b283', '#c6dbef', '#94c4df', '#5ea0cf', '#2f74b5', '#0b4a8b']

  function colour (decile) { return COLOURS[(decile || 5) - 1] }

  function checkbox (code) {
    return document.querySelector('input[name="lsoas"][value="' + CSS.escape(String(code)) + '"]')
  }

  function textElement (text) {
    var span = document.createElement('span')
    span.textContent = text
    return span
  }

  function draw (element) {
    var map = L.map(element, { scrollWheelZoom: false })
    var tiles = element.getAttribute('data-tile-url')
    if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map) }
    var pick = element.hasAttribute('data-pick')
    fetch(element.getAttribute('data-geojson-url'), { headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json() })
      .then(function (data) {
        function style (feature) {
          var ticked = pick && checkbox(feature.properties.code) && checkbox(feature.properties.code).checked
          return { color: ticked ? '#0b0c0c' : '#505a5f', weight: ticked ? 3 : 1, fillColor: colour(feature.properties.decile), fillOpacity: ticked ? 0.9 : 0.7 }
        }
        var layer = L.geoJSON(data, {
          style: style,
          pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 5 }) },
          onEachFeature: function (feature, lyr) {
            var p = feature.properties
            var label = p.name + ' (' + p.code + '): rank ' + p.rank + ', decile ' + p.decile
            lyr.bindTooltip(textElement(label))  // a text node: names are data, never HTML
            lyr.on('click', function () {
              if (pick) {
                var box = checkbox(p.code)
                if (box) { box.checked = !box.checked; lyr.setStyle(style(feature)) }
              } else if (p.url) { window.location.href = p.url }
            })
          }
        }).addTo(map)
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }) } else { map.setView([53, -1.5], 6) }
        if (pick) {
          document.addEventListener('change', function (event) {
            if (event.target.name === 'lsoas') { layer.eachLayer(function (l) { l.setStyle(style(l.feature)) }) }
          })
        }
        var legend = L.control({ position: 'bottomright' })
        legend.onAdd = function () {
          var div = L.DomUtil.create('div', 'hp-map-legend')
          div.style.background = '#fff'; div.style.padding = '4px'
          L.DomUtil.create('strong', '', div).textContent = 'Decile'
          COLOURS.forEach(function (c, i) {
            L.DomUtil.create('br', '', div)
            var swatch = L.DomUtil.create('span', '', div)
            swatch.style.display = 'inline-block'; swatch.style.width = '14px'; swatch.style.height = '14px'
            swatch.style.background = c
            div.appendChild(document.createTextNode(' ' + (i + 1)))
          })
          return div
        }
        legend.addTo(map)
      })
  }

  document.querySelectorAll('.hp-map').forEach(draw)
})()
