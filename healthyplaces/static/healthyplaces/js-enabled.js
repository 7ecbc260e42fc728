// GOV.UK Frontend's "js-enabled" classes, set before the page is drawn (so no flash of the no-JS
// layout). Loaded as a file, not inline, so the Content-Security-Policy needs no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
