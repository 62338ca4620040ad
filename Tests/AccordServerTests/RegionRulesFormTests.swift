import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The region rules form: rules to rows and back, and each message beside the field it is about.
@Suite struct RegionRulesFormTests {
    /// The fields a browser posts for `form`.
    static func fields(_ form: RegionRulesForm) -> [String: [String]] {
        var fields: [String: [String]] = ["rows": [String(form.rows.count)]]
        for row in form.rows + [form.fallback, form.unknown] {
            fields["order.\(row.id)"] = [row.order]
            fields["regions.\(row.id)"] = [row.regions]
            fields["regime.\(row.id)"] = [row.regime]
            fields["regulation.\(row.id)"] = [row.regulation]
            fields["source.\(row.id)"] = [row.source.map(String.init) ?? ""]
            if row.honoursGPC { fields["gpc.\(row.id)"] = ["1"] }
            for (key, choice) in row.defaults { fields["default.\(row.id).\(key)"] = [choice] }
            for (key, days) in row.lifetimes { fields["lifetime.\(row.id).\(key)"] = [days] }
        }
        return fields
    }

    @Test func theShippedRulesComeBackUnchangedFromTheirForm() throws {
        let form = RegionRulesForm(fields: Self.fields(RegionRulesForm(showing: .shipped)))
        #expect(form.rows.count == RegionRules.shipped.rules.count + RegionRulesForm.blankRows)
        let (rules, order, errors) = form.rules(over: .shipped)
        #expect(errors.isEmpty)
        #expect(rules == .shipped)
        #expect(order.first == "0" && order.count == RegionRules.shipped.rules.count)
    }

    @Test func aNewRuleGoesWhereItsOrderPutsItAndAClearedRuleIsRemoved() throws {
        var form = RegionRulesForm(showing: .shipped)
        let blank = RegionRules.shipped.rules.count
        form.rows[blank].order = "5"
        form.rows[blank].regions = "de, at"
        form.rows[blank].regime = "optOut"
        form.rows[blank].regulation = "Test law"
        form.rows[1].regions = ""  // GB
        form.rows[1].regulation = ""
        let (rules, order, errors) = RegionRulesForm(fields: Self.fields(form)).rules(over: .shipped)
        #expect(errors.isEmpty)
        let saved = try #require(rules)
        #expect(saved.rules.first == RegionRule(regions: ["DE", "AT"], regime: .optOut, regulation: "Test law"))
        #expect(order.first == String(blank))
        #expect(!saved.rules.contains { $0.regions == ["GB"] })
        #expect(saved.rules.count == RegionRules.shipped.rules.count)
    }

    @Test func overridesPerPurposeStayWithTheirRule() throws {
        var current = RegionRules.shipped
        current.rules[0].purposeDefaults = ["analytics": .granted]
        current.rules[0].lifetimeDays = ["analytics": 90]
        var form = RegionRulesForm(showing: current)
        form.rows[0].order = "999"
        form.rows[0].regulation = "GDPR (EU)"
        let saved = try #require(RegionRulesForm(fields: Self.fields(form)).rules(over: current).rules)
        let moved = try #require(saved.rules.last)
        #expect(moved.regulation == "GDPR (EU)" && moved.purposeDefaults == ["analytics": .granted] && moved.lifetimeDays == ["analytics": 90])
    }

    @Test func overridesPerPurposeAreSetChangedAndClearedFromTheirFields() throws {
        var current = RegionRules.shipped
        current.rules[0].purposeDefaults = ["analytics": .granted, "marketing": .denied]
        current.rules[0].lifetimeDays = ["analytics": 90]
        var form = RegionRulesForm(showing: current)
        #expect(form.rows[0].defaults == ["analytics": "granted", "marketing": "denied"] && form.rows[0].lifetimes == ["analytics": "90"])
        form.rows[0].defaults["analytics"] = "denied"
        form.rows[0].defaults["marketing"] = ""
        form.rows[0].lifetimes["analytics"] = ""
        form.rows[0].lifetimes["marketing"] = " 30 "
        form.unknown.defaults["analytics"] = "granted"
        let saved = try #require(RegionRulesForm(fields: Self.fields(form)).rules(over: current).rules)
        #expect(saved.rules[0].purposeDefaults == ["analytics": .denied] && saved.rules[0].lifetimeDays == ["marketing": 30])
        #expect(saved.unknown.purposeDefaults == ["analytics": .granted])
    }

    @Test func anUnreadableOverrideIsRefusedBesideItsField() {
        var form = RegionRulesForm(showing: .shipped)
        form.rows[1].lifetimes["analytics"] = "a year"
        form.fallback.defaults["marketing"] = "maybe"
        let (rules, _, errors) = RegionRulesForm(fields: Self.fields(form)).rules(over: .shipped)
        #expect(rules == nil)
        #expect(errors["lifetime.1.analytics"]?.contains("whole number of days") == true)
        #expect(errors["default.fallback.marketing"] != nil)
        #expect(errors.count == 2)
    }

    @Test func everyUnreadableFieldGetsItsOwnMessage() {
        var form = RegionRulesForm(showing: .shipped)
        form.rows[0].regions = "EEA, XX"
        form.rows[2].regulation = ""
        form.rows[3].order = "first"
        form.rows[4].regime = "maybe"
        form.rows[RegionRules.shipped.rules.count].regulation = "A law without regions"
        form.fallback.regulation = ""
        let (rules, _, errors) = RegionRulesForm(fields: Self.fields(form)).rules(over: .shipped)
        #expect(rules == nil)
        #expect(errors["regions.0"]?.contains("“XX”") == true)
        #expect(errors["regulation.2"] != nil)
        #expect(errors["order.3"] != nil)
        #expect(errors["regime.4"] != nil)
        #expect(errors["regions.\(RegionRules.shipped.rules.count)"]?.contains("at least one region") == true)
        #expect(errors["regulation.fallback"] != nil)
        #expect(errors.count == 6)
    }

    @Test func aValidatorRefusalIsPlacedBesideTheRowItCameFrom() {
        let order = ["4", "0", "2"]
        #expect(RegionRulesForm.field(of: "regionRules.rules[0].regions[1]", order: order) == "regions.4")
        #expect(RegionRulesForm.field(of: "regionRules.rules[2].regulation", order: order) == "regulation.2")
        #expect(RegionRulesForm.field(of: "regionRules.unknown.regulation", order: order) == "regulation.unknown")
        #expect(RegionRulesForm.field(of: "regionRules.rules[7].regions", order: order) == nil)
        #expect(RegionRulesForm.field(of: "purposes[0].name", order: order) == nil)
        #expect(RegionRulesForm.field(of: "regionRules.rules[1].lifetimeDays.analytics", order: order) == "lifetime.0.analytics")
        #expect(RegionRulesForm.field(of: "regionRules.rules[2].purposeDefaults.ads", order: order) == "default.2.ads")
        #expect(RegionRulesForm.field(of: "regionRules.fallback.lifetimeDays.analytics", order: order) == "lifetime.fallback.analytics")
    }
}
