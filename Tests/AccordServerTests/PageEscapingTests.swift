import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// Every text a page shows comes from its model and is escaped by the template: a model whose every string holds
/// markup and quotes renders it as text, in element content and in attribute values alike.
@Suite struct PageEscapingTests {
    static let hostile = #"<script>alert(1)</script>"'&"#

    /// The reference escaping: text and quoted attribute values.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Every string in a model, by path: fields, elements, optionals unwrapped.
    static func strings(in value: Any, at path: String = "model") -> [(path: String, text: String)] {
        if let text = value as? String { return [(path, text)] }
        return Mirror(reflecting: value).children.enumerated().flatMap { index, child in
            strings(in: child.value, at: path + "." + (child.label ?? String(index)))
        }
    }

    /// A hostile text that names its field, so each field is found in the page on its own.
    static func text(_ field: String) -> String { hostile + " " + field }

    func expectEveryStringEscaped(_ model: Any, in html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fields = Self.strings(in: model)
        #expect(fields.count >= 3, sourceLocation: sourceLocation)
        for field in fields {
            #expect(field.text.hasPrefix(Self.hostile), "\(field.path) is not hostile", sourceLocation: sourceLocation)
            #expect(html.contains(Self.escaped(field.text)), "\(field.path) is not shown escaped", sourceLocation: sourceLocation)
        }
        #expect(!html.contains("<script>alert"), sourceLocation: sourceLocation)
        #expect(!html.contains(#"</script>""#), sourceLocation: sourceLocation)
    }

    /// The tags of a page, by name: hostile text must add none.
    func count(_ tag: String, in html: String) -> Int {
        html.components(separatedBy: "<\(tag)").count - 1
    }

    @Test func preferencePageEscapesEveryText() {
        let t = Self.text
        let row = { (index: Int) in
            PreferencesPage.Model.PurposeRow(
                key: t("key\(index)"), inputID: t("id\(index)"), name: t("name\(index)"), description: t("description\(index)"),
                checked: index == 0, disabled: index == 0, alwaysOn: t("alwaysOn\(index)"))
        }
        let model = PreferencesPage.Model(
            locale: t("locale"), title: t("title"), propertyName: t("propertyName"), description: t("description"),
            savedNotice: t("savedNotice"),
            sdk: .init(property: t("sdk.property"), locale: t("sdk.locale"), visitor: t("sdk.visitor"), formToken: t("sdk.formToken")),
            action: t("action"), holderField: t("holderField"), holderValue: t("holderValue"), formToken: t("formToken"),
            purposes: [row(0), row(1)], saveLabel: t("saveLabel"), withdrawLabel: t("withdrawLabel"), historyHeading: t("historyHeading"),
            history: [t("history0"), t("history1")], frameAncestors: .none)
        let html = PageRenderer.shared.render(PreferencesPage.View(model: model, nonce: "n0nce")).text
        expectEveryStringEscaped(model, in: html)
        #expect(count("script", in: html) == 1 && count("input", in: html) == 4 && count("li", in: html) == 4)
        #expect(html.contains(#"<style nonce="n0nce">"#) && html.contains(#"nonce="n0nce"></script>"#))
    }

    @Test func problemPageEscapesEveryText() {
        let model = ProblemPage.Model(locale: Self.text("locale"), title: Self.text("title"), message: Self.text("message"))
        let html = PageRenderer.shared.render(ProblemPage.View(model: model)).text
        expectEveryStringEscaped(model, in: html)
        #expect(count("script", in: html) == 0 && count("p", in: html) == 1)
    }

    @Test func demoPageEscapesEveryText() {
        let t = Self.text
        let model = DemoPage.Model(
            region: t("region"), regionLinks: [t("link0"), t("link1")], sdkIntegrity: t("sdkIntegrity"), manageLabel: t("manageLabel"))
        let html = PageRenderer.shared.render(DemoPage.View(model: model, nonce: "n0nce")).text
        expectEveryStringEscaped(model, in: html)
        #expect(count("script", in: html) == 6 && count("a ", in: html) == 3 && count("button", in: html) == 1)
    }
}
