/* The one map script: every .hp-map (templates/includes/map.html, healthyplaces/maps.py) says in data attributes
   what to draw.
     data-geojson-url          GeoJSON to fetch, or
     data-geojson              the id of a <script type="application/json"> holding it
     data-shades               the layer's classes, [{key, label, colour}], listed in the legend
     data-legend               the legend's title; data-outline: what a thick outline means
     data-boundary-attribution, data-tile-url, data-tile-attribution: the boundaries' source and the tile server's
     data-pick                 selecting an area ticks its checkbox (input[name=lsoas][value=CODE])
   Each feature's properties: shade (a class key), label (the tooltip), url (opened when selected), code, emphasis.
   Whatever comes from data becomes text (textContent), never HTML: names are typed by people. */
import { circleMarker, Control, DomEvent, geoJSON, map as leafletMap, tileLayer } from '../leaflet/leaflet-src.esm.js'

const ENGLAND = { centre: [53, -1.5], zoom: 6 }
const NOT_SHADED = '#b1b4b6'

function element (tag, className, text) {
  const node = document.createElement(tag)
  if (className) { node.className = className }
  if (text) { node.textContent = text }
  return node
}

function checkbox (code) {
  return document.querySelector('input[name="lsoas"][value="' + CSS.escape(String(code)) + '"]')
}

function loadFeatures (container) {
  const inline = container.dataset.geojson
  if (inline) { return Promise.resolve(JSON.parse(document.getElementById(inline).textContent)) }
  return fetch(container.dataset.geojsonUrl, { headers: { Accept: 'application/json' } }).then(function (response) {
    if (!response.ok) { throw new Error('The map data did not load: ' + response.status) }
    return response.json()
  })
}

/* The legend, after the map: each class with its colour, then what a thick outline means. */
function legend (container, shades) {
  const box = element('div', 'hp-map-legend')
  if (container.dataset.legend) { box.appendChild(element('p', 'govuk-body-s hp-map-legend__title', container.dataset.legend)) }
  const list = element('ul', 'govuk-list govuk-body-s hp-map-legend__list')
  shades.forEach(function (shade) {
    const item = element('li', 'hp-map-legend__item')
    const swatch = element('span', 'hp-map-legend__swatch')
    swatch.style.backgroundColor = shade.colour
    item.append(swatch, element('span', '', shade.label))
    list.appendChild(item)
  })
  if (container.dataset.outline) {
    const item = element('li', 'hp-map-legend__item')
    item.append(element('span', 'hp-map-legend__swatch hp-map-legend__swatch--outline'), element('span', '', container.dataset.outline))
    list.appendChild(item)
  }
  box.appendChild(list)
  container.after(box)
}

/* Who to thank for the boundaries and the tiles, as text (Leaflet's own control would take HTML). */
const Attribution = Control.extend({
  options: { position: 'bottomright' },
  onAdd: function () {
    const box = element('div', 'leaflet-control-attribution hp-map-attribution',
      [this.options.boundaries, this.options.tiles].filter(Boolean).join(' '))
    DomEvent.disableClickPropagation(box)
    return box
  }
})

function draw (container) {
  const message = container.querySelector('.hp-map-message')
  const shades = JSON.parse(container.dataset.shades || '[]')
  const colours = Object.fromEntries(shades.map(function (s) { return [s.key, s.colour] }))
  const pick = container.hasAttribute('data-pick')
  container.replaceChildren()
  const map = leafletMap(container, { scrollWheelZoom: false, attributionControl: false, zoomSnap: 0.25 })
  new Attribution({ boundaries: container.dataset.boundaryAttribution, tiles: container.dataset.tileAttribution }).addTo(map)
  if (container.dataset.tileUrl) { tileLayer(container.dataset.tileUrl, { maxZoom: 18 }).addTo(map) }
  map.setView(ENGLAND.centre, ENGLAND.zoom)
  if (shades.length || container.dataset.outline) { legend(container, shades) }

  function style (feature) {
    const p = feature.properties
    const box = pick && checkbox(p.code)
    const strong = p.emphasis || (box && box.checked)
    return { color: strong ? '#0b0c0c' : '#505a5f', weight: strong ? 4 : 1, fillColor: colours[p.shade] || NOT_SHADED, fillOpacity: strong && pick ? 0.9 : 0.7 }
  }

  loadFeatures(container).then(function (data) {
    const layer = geoJSON(data, {
      style: style,
      pointToLayer: function (feature, latlng) { return circleMarker(latlng, { radius: 6 }) },
      onEachFeature: function (feature, area) {
        const p = feature.properties
        area.bindTooltip(element('span', '', p.label))
        area.on('click', function () {
          const box = pick && checkbox(p.code)
          if (box) {
            box.checked = !box.checked
            area.setStyle(style(feature))
          } else if (!pick && p.url) {
            window.location.href = p.url
          }
        })
      }
    }).addTo(map)
    if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10], maxZoom: 15 }) }
    if (pick) {
      document.addEventListener('change', function (event) {
        if (event.target.name === 'lsoas') { layer.eachLayer(function (area) { area.setStyle(style(area.feature)) }) }
      })
    }
  }).catch(function (error) {
    map.remove()
    message.firstChild.textContent = 'The map could not be drawn. '
    container.replaceChildren(message)
    throw error
  })
}

document.querySelectorAll('.hp-map').forEach(draw)
