import AccordCore

/// The hosted preference center at `/p/{property}/preferences`. Without JavaScript it is a plain form; with it,
/// the SDK renders the visitor's current choices from its cookie into `#accord-preferences` (one toggle per
/// purpose, save and withdraw-all) and their history into `#accord-history`.
///
/// Opened from a preference link, the page is for a known subject instead: the choices stored under their
/// identifier, their recent history rendered here, and no SDK (which would act for the anonymous browser).
enum PreferencesPage {
    /// Who the form speaks for: the browser's anonymous visitor id, or a known subject's sealed link.
    enum Holder {
        case visitor(String)
        case link(String)
    }

    struct Form {
        var holder: Holder
        var token: String
        /// The purposes shown as allowed.
        var granted: Set<String>
        var saved: Bool
        /// For a known subject: their recent events, newest first, as lines of text.
        var history: [String] = []
    }

    /// The message shown for a link that cannot be used.
    static func linkProblem(_ message: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Privacy choices</title></head>
        <body><main><h1>Privacy choices</h1><p>\(HTML.escape(message))</p></main></body></html>

        """
    }

    /// The page under a policy of its own: a fresh nonce for its style and the SDK, and framed only by the
    /// property's sites (which may embed it).
    static func html(
        property: Property, experience: Experience, form: Form, nonce: String = ContentSecurityPolicy.makeNonce()
    ) -> HTMLPage {
        let texts = experience.texts
        let action = "/p/\(HTML.escape(property.id.rawValue))/preferences?locale=\(HTML.escape(experience.locale))"
        let hidden: String
        let sdk: String
        switch form.holder {
        case .visitor(let visitor):
            hidden = #"<input type="hidden" name="visitor" value="\#(HTML.escape(visitor))">"#
            sdk = """
                <script src="/sdk/accord.js" data-property="\(HTML.escape(property.id.rawValue))" \
                data-locale="\(HTML.escape(experience.locale))" data-visitor="\(HTML.escape(visitor))" \
                data-form-token="\(HTML.escape(form.token))" nonce="\(nonce)"></script>
                """
        case .link(let link):
            hidden = #"<input type="hidden" name="link" value="\#(HTML.escape(link))">"#
            sdk = ""
        }
        let history = form.history.map { "<li>\(HTML.escape($0))</li>" }.joined(separator: "\n")
        let purposes = experience.purposes.map { purpose in
            let id = "pc-\(HTML.escape(purpose.key))"
            let state = (form.granted.contains(purpose.key) ? " checked" : "") + (purpose.required ? " disabled" : "")
            let alwaysOn = purpose.required ? " <small>(\(HTML.escape(texts.alwaysOn)))</small>" : ""
            return """
                <li><input type="checkbox" name="purpose" value="\(HTML.escape(purpose.key))" id="\(id)"\(state)> \
                <label for="\(id)"><b>\(HTML.escape(purpose.name))</b></label>\(alwaysOn)<br>\
                <small>\(HTML.escape(purpose.description))</small></li>
                """
        }.joined(separator: "\n")
        let text = """
            <!doctype html>
            <html lang="\(HTML.escape(experience.locale))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(texts.title)) · \(HTML.escape(property.name))</title>
            \(sdk)
            <style nonce="\(nonce)">
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
            ul { list-style: none; padding: 0; } li { padding: .5rem 0; border-top: 1px solid #ddd; }
            button { min-height: 2.75rem; padding: .5rem 1rem; font: 600 15px system-ui, sans-serif; color: #fff; background: #1d4ed8; border: 0; border-radius: .375rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(HTML.escape(texts.title))</h1>
            <p>\(HTML.escape(property.name)) · \(HTML.escape(texts.description))</p>
            \(form.saved ? "<p role=\"status\">✓ Saved.</p>" : "")
            <div id="accord-preferences">
            <form method="post" action="\(action)">
            \(hidden)
            <input type="hidden" name="csrf" value="\(HTML.escape(form.token))">
            <ul>
            \(purposes)
            </ul>
            <p><button type="submit" name="action" value="save">\(HTML.escape(texts.save))</button>
            <button type="submit" name="action" value="withdraw-all">\(HTML.escape(texts.rejectAll))</button></p>
            </form>
            </div>
            <h2>History</h2>
            <ol id="accord-history">\(history)</ol>
            </main>
            </body>
            </html>

            """
        return HTMLPage(
            text: text,
            policy: .page(nonce: nonce, frameAncestors: ContentSecurityPolicy.frameAncestors(allowing: property.allowedOrigins)))
    }
}
