extension DemoPage {
    /// web/templates/demo.mustache, its inline code under a fresh nonce; framed by nobody.
    struct View: PageView {
        static let template = PageTemplate.demo
        var model: Model
        var nonce = ContentSecurityPolicy.makeNonce()

        var policy: ContentSecurityPolicy { .page(nonce: nonce) }
    }

    /// web/templates/demo-video.mustache: what the demo's blocked frame shows once marketing is allowed; framed
    /// by the demo page only.
    struct VideoView: PageView {
        static let template = PageTemplate.demoVideo
        var policy: ContentSecurityPolicy { ContentSecurityPolicy(nonce: nil, frameAncestors: .sameOrigin) }
    }
}
