extension RequestPage {
    /// web/templates/request-form.mustache: no script, no inline style; nobody frames it.
    struct FormView: PageView {
        static let template = PageTemplate.requestForm
        var model: FormModel
        var policy: ContentSecurityPolicy { .lockedDown }
    }

    /// web/templates/request-status.mustache.
    struct StatusView: PageView {
        static let template = PageTemplate.requestStatus
        var model: StatusModel
        var policy: ContentSecurityPolicy { .lockedDown }
    }
}
