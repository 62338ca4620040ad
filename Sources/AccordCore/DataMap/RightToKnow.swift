/// The categories-level answer to a Right-to-Know request (CCPA §1798.110(a)(1)-(4) and §1798.115(a); GDPR
/// Art. 15(1)(a)-(c), (g)), composed from a property's data map: what is held, where it came from, why, and who it
/// was sold to or shared with, per category.
public struct RightToKnowAnswer: Sendable, Hashable, Codable {
    /// The categories of personal information held, in the vocabulary's order.
    public var categories: [DataCategory]
    /// The sources, sorted, each once.
    public var sources: [String]
    /// The purposes, sorted, each once.
    public var purposes: [String]
    /// Each third party once, with how it receives data and which categories.
    public var thirdParties: [Recipient]
    /// The categories sold, and to whom (CCPA §1798.115(a)(2)); empty when nothing is sold.
    public var sold: [CategoryDisclosure]
    /// The categories shared, and with whom.
    public var shared: [CategoryDisclosure]
    /// The systems the answer was composed from, by key.
    public var systems: [String]

    /// A third party in the answer.
    public struct Recipient: Sendable, Hashable, Codable {
        public var name: String
        /// `sharedWith`, `soldTo`, or both, in that order.
        public var relations: [ThirdParty.Relation]
        /// The categories the systems that feed it hold.
        public var categories: [DataCategory]
    }

    /// One category and the third parties that receive it one way.
    public struct CategoryDisclosure: Sendable, Hashable, Codable {
        public var category: DataCategory
        /// Sorted names.
        public var thirdParties: [String]
    }

    /// Composes the answer from the systems of one property's map. A system's categories count as disclosed to each
    /// of its third parties (the map records disclosures per system, not per column).
    public static func compose(from systems: [DataSystem]) -> RightToKnowAnswer {
        var categories = Set<DataCategory>()
        var sources = Set<String>()
        var purposes = Set<String>()
        var recipients: [String: (relations: Set<ThirdParty.Relation>, categories: Set<DataCategory>)] = [:]
        var sold: [DataCategory: Set<String>] = [:]
        var shared: [DataCategory: Set<String>] = [:]
        for system in systems {
            categories.formUnion(system.categories)
            sources.formUnion(system.sources.map(normalised))
            purposes.formUnion(system.purposes.map(normalised))
            for party in system.thirdParties {
                let name = normalised(party.name)
                recipients[name, default: ([], [])].relations.insert(party.relation)
                recipients[name, default: ([], [])].categories.formUnion(system.categories)
                for category in system.categories {
                    switch party.relation {
                    case .soldTo: sold[category, default: []].insert(name)
                    case .sharedWith: shared[category, default: []].insert(name)
                    }
                }
            }
        }
        func disclosures(_ map: [DataCategory: Set<String>]) -> [CategoryDisclosure] {
            map.keys.sorted().map { CategoryDisclosure(category: $0, thirdParties: map[$0]!.sorted()) }
        }
        return RightToKnowAnswer(
            categories: categories.sorted(), sources: sources.sorted(), purposes: purposes.sorted(),
            thirdParties: recipients.keys.sorted().map { name in
                let entry = recipients[name]!
                return Recipient(
                    name: name, relations: ThirdParty.Relation.allCases.filter(entry.relations.contains),
                    categories: entry.categories.sorted())
            },
            sold: disclosures(sold), shared: disclosures(shared), systems: systems.map(\.key).sorted())
    }

    /// Trimmed, so `"Mailchimp "` and `"Mailchimp"` are one entry.
    private static func normalised(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
