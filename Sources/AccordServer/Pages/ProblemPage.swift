/// The page that tells a person why a link or a form cannot be used, in their language: a title and one
/// message, no script and no style. The controller picks the status (403, 410) that goes with it.
enum ProblemPage {
    enum Problem: CaseIterable, Sendable {
        case linkInvalid, linkExpired, formFromElsewhere, formExpired, linkFormExpired
    }
}
