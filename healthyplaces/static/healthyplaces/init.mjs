import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// A submit button with data-shows="ID" reveals that element (a "loading" note) when its form is
// sent: an event listener here, since the Content-Security-Policy allows no onclick in the page.
document.querySelectorAll('button[data-shows]').forEach(function (button) {
  button.form.addEventListener('submit', function () { document.getElementById(button.dataset.shows).hidden = false })
})
