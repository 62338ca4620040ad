import AccordCore

/// The hosted preference center at `/p/{property}/preferences`: the SDK renders the visitor's current choices
/// from its cookie into `#accord-preferences`, with one toggle per purpose, save and withdraw-all. Without
/// JavaScript the page still lists what each purpose is for.
enum PreferencesPage {
    static func html(property: Property, experience: Experience) -> String {
        let purposes = experience.purposes.map { purpose in
            "<li><b>\(HTML.escape(purpose.name))</b>\(purpose.required ? " (\(HTML.escape(experience.texts.alwaysOn)))" : "")"
                + "<br><small>\(HTML.escape(purpose.description))</small></li>"
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="\(HTML.escape(experience.locale))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(experience.texts.title)) · \(HTML.escape(property.name))</title>
            <script src="/sdk/accord.js" data-property="\(HTML.escape(property.id.rawValue))" data-locale="\(HTML.escape(experience.locale))"></script>
            <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }</style>
            </head>
            <body>
            <main>
            <h1>\(HTML.escape(experience.texts.title))</h1>
            <p>\(HTML.escape(property.name)) · \(HTML.escape(experience.texts.description))</p>
            <div id="accord-preferences">
            <ul>
            \(purposes)
            </ul>
            <noscript><p>Changing your choices here needs JavaScript.</p></noscript>
            </div>
            <h2>History</h2>
            <ol id="accord-history"></ol>
            </main>
            </body>
            </html>

            """
    }
}
