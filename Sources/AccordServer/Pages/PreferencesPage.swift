import AccordCore

/// The hosted preference center at `/p/{property}/preferences`. Without JavaScript it is a plain form; with it,
/// the SDK renders the visitor's current choices from its cookie into `#accord-preferences` (one toggle per
/// purpose, save and withdraw-all) and their history into `#accord-history`.
enum PreferencesPage {
    struct Form {
        var visitor: String
        var token: String
        /// The purposes shown as allowed.
        var granted: Set<String>
        var saved: Bool
    }

    static func html(property: Property, experience: Experience, form: Form) -> String {
        let texts = experience.texts
        let action = "/p/\(HTML.escape(property.id.rawValue))/preferences?locale=\(HTML.escape(experience.locale))"
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
        return """
            <!doctype html>
            <html lang="\(HTML.escape(experience.locale))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(texts.title)) · \(HTML.escape(property.name))</title>
            <script src="/sdk/accord.js" data-property="\(HTML.escape(property.id.rawValue))" data-locale="\(HTML.escape(experience.locale))"></script>
            <style>
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
            <input type="hidden" name="visitor" value="\(HTML.escape(form.visitor))">
            <input type="hidden" name="csrf" value="\(HTML.escape(form.token))">
            <ul>
            \(purposes)
            </ul>
            <p><button type="submit" name="action" value="save">\(HTML.escape(texts.save))</button>
            <button type="submit" name="action" value="withdraw-all">\(HTML.escape(texts.rejectAll))</button></p>
            </form>
            </div>
            <h2>History</h2>
            <ol id="accord-history"></ol>
            </main>
            </body>
            </html>

            """
    }
}
