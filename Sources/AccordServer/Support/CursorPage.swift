/// One page of a cursor-paginated listing: `{"<items>": [...], "nextCursor": "..." | null}`.
/// `nextCursor` is always present (null on the last page), as the API description promises.
struct CursorPage<Item: Encodable>: Encodable {
    let itemsKey: String
    let items: [Item]
    let nextCursor: String?

    init(_ itemsKey: String, _ items: [Item], nextCursor: String?) {
        self.itemsKey = itemsKey
        self.items = items
        self.nextCursor = nextCursor
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: itemsKey))
        try container.encode(nextCursor, forKey: Key(stringValue: "nextCursor"))
    }
}
