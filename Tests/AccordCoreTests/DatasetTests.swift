import AccordCore
import Foundation
import Testing

@Suite struct DatasetTests {
    /// The issue's own example, as JSON (the API's form of the YAML file).
    static let example = #"""
        {"collections": {
          "customers": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "delete",
            "fields": {"email": {"categories": ["identifiers"], "erase": "null"},
                       "full_name": {"categories": ["identifiers"], "erase": {"fixed": "erased"}},
                       "ssn": {"categories": ["sensitive.governmentId"], "access": "withhold"},
                       "password_hash": {"categories": ["sensitive.accountLogin"], "access": "withhold"}}},
          "orders": {"primaryKey": "id",
            "references": {"customer_id": "customers.id", "agent_id": {"to": "staff.id", "include": false}},
            "onErase": "mask", "retain": {"exemption": "legalObligation", "note": "tax records, 7 years"},
            "fields": {"shipping_address": {"categories": ["identifiers"], "erase": "hash"},
                       "total": {"categories": ["commercial"], "erase": "keep"}}},
          "order_items": {"primaryKey": ["order_id", "line"], "references": {"order_id": "orders.id"}},
          "staff": {"primaryKey": "id"}
        }}
        """#

    func decode(_ json: String) throws -> Dataset { try JSONDecoder().decode(Dataset.self, from: Data(json.utf8)) }

    @Test func theIssuesExampleDecodesWithItsShortFormsAndValidates() throws {
        let dataset = try decode(Self.example)
        let customers = try #require(dataset.collections["customers"])
        #expect(customers.primaryKey == ["id"])
        #expect(customers.identities == ["email": ["email"]])
        #expect(customers.onErase == .delete)
        #expect(customers.fields["full_name"]?.erase == .fixed("erased"))
        #expect(customers.fields["ssn"]?.isDisclosed == false)
        #expect(customers.fields["email"]?.isDisclosed == true)
        let orders = try #require(dataset.collections["orders"])
        #expect(orders.references["agent_id"] == DatasetReference(collection: "staff", column: "id", include: false))
        #expect(orders.retain == Retention(exemption: .legalObligation, note: "tax records, 7 years"))
        #expect(dataset.collections["order_items"]?.primaryKey == ["order_id", "line"])
        #expect(dataset.collections["order_items"]?.onErase == .mask, "mask is the default")
        #expect(try DatasetValidator.validate(dataset) == ["order_items", "orders", "customers", "staff"])
    }

    @Test func encodingKeepsTheShortFormsAndRoundTrips() throws {
        let dataset = try decode(Self.example)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(dataset), as: UTF8.self)
        #expect(text.contains(#""customer_id":"customers.id""#))
        #expect(text.contains(#""agent_id":{"include":false,"to":"staff.id"}"#))
        #expect(text.contains(#""primaryKey":["order_id","line"]"#))
        #expect(try decode(text) == dataset)
    }

    @Test func sensitiveCategoriesAreWithheldUnlessTheDatasetDisclosesThem() {
        #expect(DatasetField(categories: [.sensitiveHealth]).isDisclosed == false)
        #expect(DatasetField(categories: [.sensitiveHealth], access: .disclose).isDisclosed)
        #expect(DatasetField(categories: [.sensitiveReligiousBeliefs]).isDisclosed, "§7024(d) names only some")
        #expect(DatasetField(categories: [.identifiers], access: .withhold).isDisclosed == false)
    }

    @Test(arguments: [
        (
            #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"},"references":{"x":"nowhere.id"}}}}"#,
            "dataset.collections.a.references.x"
        ),
        (#"{"collections":{"a":{"identities":{"email":"email"}}}}"#, "dataset.collections.a.primaryKey"),
        (#"{"collections":{"a b":{"primaryKey":"id","identities":{"email":"email"}}}}"#, "dataset.collections.a b"),
        (#"{"collections":{"a":{"primaryKey":"id","identities":{"email":"e-mail"}}}}"#, "dataset.collections.a.identities.email"),
        (
            #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"},"onErase":"delete","retain":{"exemption":"legalObligation"}}}}"#,
            "dataset.collections.a.onErase"
        ),
        (
            #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"},"fields":{"id":{"categories":["identifiers"]}}}}}"#,
            "dataset.collections.a.fields.id.erase"
        ),
        (#"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"}},"b":{"primaryKey":"id"}}}"#, "dataset.collections.b"),
        (#"{"collections":{}}"#, "dataset.collections"),
        (
            #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"}},"b":{"primaryKey":"id","references":{"a_id":"a.id"},"fields":{"a_id":{"erase":"hash"}}}}}"#,
            "dataset.collections.b.fields.a_id.erase"
        ),
    ])
    func invalidDatasetsAreRefusedNamingTheField(_ json: String, _ field: String) throws {
        let dataset = try decode(json)
        #expect(throws: ConfigurationError.self) { try DatasetValidator.validate(dataset) }
        do { try DatasetValidator.validate(dataset) } catch { #expect(error.field == field) }
    }

    @Test(arguments: [#""hash""#, #""hmac""#, #""random""#, #"{"fixed":"0"}"#])
    func aReferenceColumnTakesOnlyNullOrKeepAndOtherStrategiesAreRefusedOnOneLine(_ strategy: String) throws {
        func dataset(_ erase: String) throws -> Dataset {
            try decode(
                #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"}},"b":{"primaryKey":"id","references":{"a_id":"a.id"},"fields":{"a_id":{"erase":"#
                    + erase + "}}}}}")
        }
        let refused = try dataset(strategy)
        do {
            try DatasetValidator.validate(refused)
            Issue.record("\(strategy) accepted on a reference column")
        } catch {
            #expect(error.field == "dataset.collections.b.fields.a_id.erase")
            #expect(error.message.contains("reference to a.id") && error.message.contains(#"use "null""#) && !error.message.contains("\n"))
        }
        let schema = DatabaseSchema(tables: [
            "a": ["id": .init(kind: .text, nullable: false, typeName: "text"), "email": .init(kind: .text, nullable: true, typeName: "text")],
            "b": ["id": .init(kind: .text, nullable: false, typeName: "text"), "a_id": .init(kind: .text, nullable: false, typeName: "text")],
        ])
        let problems = DatasetCheck.problems(try dataset(strategy), in: schema)
        #expect(problems.count == 1 && problems[0].hasPrefix("b.a_id: erase ") && problems[0].contains("reference to a.id"))
        let nullOnNotNull = DatasetCheck.problems(try dataset(#""null""#), in: schema)
        #expect(
            nullOnNotNull == [#"b.a_id: erase "null" on a NOT NULL reference column; say erase: keep (the row it points to is then kept, masked)"#])
        #expect(DatasetCheck.problems(try dataset(#""keep""#), in: schema).isEmpty)
        try DatasetValidator.validate(try dataset(#""null""#))
        try DatasetValidator.validate(try dataset(#""keep""#))
    }

    @Test func referenceCyclesAreReportedWithTheirPath() throws {
        let dataset = try decode(
            #"{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"},"references":{"b_id":"b.id"}},"b":{"primaryKey":"id","references":{"a_id":"a.id"}}}}"#
        )
        #expect(DatasetValidator.erasureOrder(dataset) == .failure(DatasetValidator.Cycle(path: ["a", "b", "a"])))
        do { try DatasetValidator.validate(dataset) } catch {
            #expect(error.field == "dataset.collections.a.references")
            #expect(error.message == "the references form a cycle: a → b → a")
        }
    }

    @Test(arguments: [
        (#"{"erase":"nothing"}"#, "erase"), (#"{"access":"maybe"}"#, "access"), (#"{"categories":["gossip"]}"#, "categories[0]"),
    ])
    func badFieldWordsFailToDecodeNamingThePath(_ json: String, _ path: String) {
        do {
            _ = try JSONDecoder().decode(DatasetField.self, from: Data(json.utf8))
            Issue.record("decoded \(json)")
        } catch DecodingError.dataCorrupted(let context) {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            #expect(names.replacingOccurrences(of: ".[", with: "[").dropFirst() == path[...])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func connectionReferencesAndStringsAreChecked() {
        #expect(ConnectionSource.environmentReference("env:SHOP_DB") == "SHOP_DB")
        #expect(ConnectionSource.environmentReference("env:shop") == nil)
        #expect(ConnectionSource.environmentReference("postgres://x") == nil)
        #expect(ConnectionString.problem("postgres://shop@127.0.0.1:5432/shop", kind: .postgres) == nil)
        #expect(ConnectionString.problem("sqlite:///var/crm.sqlite", kind: .postgres) != nil)
        #expect(ConnectionString.problem("sqlite:///var/crm.sqlite", kind: .sqlite) == nil)
        #expect(ConnectionString.problem("sqlite://relative.sqlite", kind: .sqlite) != nil)
        #expect(ConnectionString.sqlitePath("sqlite:///var/crm.sqlite") == "/var/crm.sqlite")
    }
}
