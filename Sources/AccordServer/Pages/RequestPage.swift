/// The hosted privacy-request pages: the form (`/p/{property}/requests/new`) and a request's status page with the
/// code step (`/p/{property}/requests/{id}`). Server-rendered, no script, working without JavaScript; the form
/// posts carry a CSRF token bound to the browser's `accord_csrf` cookie and a honeypot field.
enum RequestPage {}
