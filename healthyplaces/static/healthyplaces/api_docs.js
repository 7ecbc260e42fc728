// Swagger UI leaves a parameter's list of choices without a label: name each one after its parameter.
new MutationObserver(function () {
  document.querySelectorAll('.parameters-col_description select:not([aria-label])').forEach(function (select) {
    var row = select.closest('tr[data-param-name]')
    if (row) select.setAttribute('aria-label', row.getAttribute('data-param-name'))
  })
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true })

// Swagger UI goes from its title (h1) straight to h3 for each group of operations: every heading below the title
// is read one level higher (h3 as 2, h4 as 3...), so the levels go down one at a time.
new MutationObserver(function () {
  document.querySelectorAll('#swagger-ui h3:not([aria-level]), #swagger-ui h4:not([aria-level]), #swagger-ui h5:not([aria-level]), #swagger-ui h6:not([aria-level])').forEach(function (heading) {
    heading.setAttribute('aria-level', String(Number(heading.tagName.charAt(1)) - 1))
  })
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true })
