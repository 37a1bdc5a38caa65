// Shows passkey controls only where the browser offers WebAuthn; without it (or without
// JavaScript) people use the authenticator app, which always works.
(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return
  }
  document.querySelectorAll('[data-cspr-passkey]').forEach(function (element) {
    element.hidden = false
  })
  document.querySelectorAll('[data-cspr-no-passkey]').forEach(function (element) {
    element.hidden = true
  })
})()
