// Swagger UI leaves a parameter's list of choices without a label: name each one after its parameter.
new MutationObserver(function () {
  document.querySelectorAll('.parameters-col_description select:not([aria-label])').forEach(function (select) {
    var row = select.closest('tr[data-param-name]')
    if (row) select.setAttribute('aria-label', row.getAttribute('data-param-name'))
  })
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true })
