import AccordPostgres
import Testing

@Suite struct PostgresConnectionSettingsTests {
    @Test func fullURLIsParsedAndThePasswordNeverPrinted() throws {
        let settings = try PostgresConnectionSettings(url: "postgresql://accord:s%40cret@db.internal:6432/consents?sslmode=require")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6432)
        #expect(settings.username == "accord")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "consents")
        #expect(settings.tls == .require)
        #expect(settings.description == "postgres://accord:***@db.internal:6432/consents?sslmode=require")
        #expect(!"\(settings)".contains("cret"))
    }

    @Test func defaultsArePort5432AndPreferredTLS() throws {
        let settings = try PostgresConnectionSettings(url: "postgres://postgres@127.0.0.1/postgres")
        #expect(settings.port == 5432)
        #expect(settings.password == nil)
        #expect(settings.tls == .prefer)
        #expect(settings.poolSize == 10)
    }

    @Test(arguments: [
        ("postgres://host/db", "names no user"),
        ("postgres://u@/db", "names no host"),
        ("postgres://u@host", "names no database"),
        ("postgres://u@host/db?sslmode=maybe", "sslmode must be disable, prefer, require or verify-full"),
        ("postgres://u@host/db?application=x", "has an unknown option 'application'"),
        ("mysql://u@host/db", "must look like postgres://user:password@host:port/database"),
    ])
    func badURLsAreRefusedWithTheReason(url: String, reason: String) {
        #expect(throws: PostgresConnectionSettings.InvalidURL(reason: reason)) {
            try PostgresConnectionSettings(url: url)
        }
    }
}
