extension PreferencesPage {
    /// web/templates/preferences.mustache under the page's own policy: a fresh nonce for its style and the SDK,
    /// and framed only by the property's sites (which may embed it).
    struct View: PageView {
        static let template = PageTemplate.preferences
        var model: Model
        var nonce = ContentSecurityPolicy.makeNonce()

        var policy: ContentSecurityPolicy {
            .page(nonce: nonce, frameAncestors: model.frameAncestors)
        }
    }
}
