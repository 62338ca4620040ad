import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The words the pages show themselves follow the page's locale, as the property's texts do.
@Suite struct LocalizedPagesTests {
    @Test func preferenceCenterSpeaksTheLocaleAroundThePropertyTexts() async throws {
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            let english = try await client.execute(uri: "/p/demo/preferences?saved=1", method: .get) { String(buffer: $0.body) }
            #expect(english.contains(#"<p role="status">✓ Saved.</p>"#) && english.contains("<h2>History</h2>"))
            let german = try await client.execute(uri: "/p/demo/preferences?locale=de&saved=1", method: .get) { String(buffer: $0.body) }
            #expect(german.contains(#"<p role="status">✓ Gespeichert.</p>"#) && german.contains("<h2>Verlauf</h2>"))
            #expect(german.contains("<small>(Immer aktiv)</small>"))
        }
    }

    @Test func linkProblemsSpeakTheLinkLocale() async throws {
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            try await client.execute(uri: "/p/demo/preferences?link=nope&locale=fr", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentSecurityPolicy] == ContentSecurityPolicy.lockedDown.headerValue)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="fr">"#) && html.contains("<h1>Choix de confidentialité</h1>"))
                #expect(html.contains("Ce lien n&#39;est pas valide."))
            }
            try await client.execute(uri: "/p/demo/preferences?link=nope", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="en">"#) && html.contains("<title>Privacy choices</title>"))
                #expect(html.contains("<p>This link is not valid. Use the link from your latest message.</p>"))
            }
        }
    }
}
