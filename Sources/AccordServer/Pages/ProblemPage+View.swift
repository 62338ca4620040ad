extension ProblemPage {
    /// web/templates/problem.mustache: nothing runs, nothing loads, nobody frames it.
    struct View: PageView {
        static let template = PageTemplate.problem
        var model: Model
        var policy: ContentSecurityPolicy { .lockedDown }
    }
}
