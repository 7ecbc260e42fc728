/* Community asset maps: dots for the directory (.hp-asset-map), LSOAs shaded by assets per 1,000
   residents for the gap analysis (.hp-gap-map). Every map's figures are also in a table on the page.
   Tooltips are built from text, never HTML: asset names are typed by people, and Leaflet would run
   a string as HTML (a name such as '"><img src=x onerror=…>' must show as those characters). */
(function () {
  'use strict'
  var SHADES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b']

  function shade (perThousand) {
    if (perThousand === null || perThousand === undefined) { return '#b1b4b6' }
    return SHADES[Math.min(SHADES.length - 1, Math.floor(perThousand / 2))]
  }

  function textElement (text) {
    var span = document.createElement('span')
    span.textContent = text
    return span
  }

  function draw (element) {
    var map = L.map(element, { scrollWheelZoom: false })
    var gap = element.classList.contains('hp-gap-map')
    fetch(element.getAttribute('data-geojson-url'), { headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json() })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var p = feature.properties
            return { color: p.high_need_low_asset ? '#0b0c0c' : '#505a5f', weight: p.high_need_low_asset ? 4 : 1, fillColor: shade(p.per_1000), fillOpacity: 0.7 }
          },
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 6, color: '#0b0c0c', weight: 1, fillColor: gap ? shade(feature.properties.per_1000) : '#1d70b8', fillOpacity: 0.9 })
          },
          onEachFeature: function (feature, lyr) {
            var p = feature.properties
            var text = gap ? p.name + ': ' + p.assets + ' assets, ' + (p.per_1000 === null ? 'no population' : p.per_1000 + ' per 1,000') + ', IMD decile ' + p.decile : p.name + ' (' + p.category + ')'
            lyr.bindTooltip(textElement(text))
            lyr.on('click', function () { if (p.url) { window.location.href = p.url } })
          }
        }).addTo(map)
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10], maxZoom: 15 }) } else { map.setView([53, -1.5], 6) }
      })
  }

  document.querySelectorAll('.hp-asset-map, .hp-gap-map').forEach(draw)
})()
