import Mustache

/// The templates in `web/templates/`, by file name (embedded in `WebTemplates` by scripts/embed-web.sh).
enum PageTemplate: String, CaseIterable, Sendable {
    case preferences, problem, demo, contact, console, unsubscribe, form
    case consolePreview = "console-preview"
    case demoVideo = "demo-video"
    case requestForm = "request-form"
    case requestStatus = "request-status"
}

/// A page's view: the template it is written in and the policy it is served under. The template sees the view
/// itself: its `model` and, on a page with inline code, its `nonce`.
protocol PageView: Sendable {
    static var template: PageTemplate { get }
    var policy: ContentSecurityPolicy { get }
}

/// Renders page views with their Mustache templates, parsed once: `shared` is built when the page controllers are
/// made at start, not per request. Mustache escapes every `{{value}}` for HTML (text and quoted attributes);
/// templates never use the unescaped `{{{value}}}` or `{{&value}}` (a test checks).
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    init(sources: [String: String]) throws {
        var library = MustacheLibrary()
        for (name, text) in sources {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// The embedded templates; a test renders each, so a template that does not parse fails the tests, not a start.
    static let shared: PageRenderer = {
        do {
            return try PageRenderer(sources: WebTemplates.sources)
        } catch {
            preconditionFailure("web/templates does not parse: \(error)")
        }
    }()

    func render<View: PageView>(_ view: View) -> HTMLPage {
        guard let text = library.render(view, withTemplate: View.template.rawValue) else {
            preconditionFailure("web/templates/\(View.template.rawValue).mustache is not embedded; run scripts/embed-web.sh")
        }
        return HTMLPage(text: text, policy: view.policy)
    }
}
