/* One LSOA: its boundary, or its centroid when no boundary is held. */
(function () {
  'use strict'
  var element = document.getElementById('lsoa-map')
  if (!element) { return }
  var map = L.map(element, { scrollWheelZoom: false })
  var tiles = element.getAttribute('data-tile-url')
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map) }
  var boundary = element.getAttribute('data-boundary')
  if (boundary) {
    var layer = L.geoJSON(JSON.parse(boundary), { style: { color: '#0b0c0c', weight: 2, fillColor: '#1d70b8', fillOpacity: 0.3 } }).addTo(map)
    map.fitBounds(layer.getBounds(), { padding: [20, 20] })
  } else {
    var latlng = [parseFloat(element.getAttribute('data-lat')), parseFloat(element.getAttribute('data-lon'))]
    L.circleMarker(latlng, { radius: 8, color: '#0b0c0c', fillColor: '#1d70b8', fillOpacity: 0.8 }).addTo(map)
    map.setView(latlng, 13)
  }
})()
