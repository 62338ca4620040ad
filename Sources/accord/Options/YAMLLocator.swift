import Yams

/// Finds the line of a field in a YAML document, so errors can point at it.
struct YAMLLocator {
    let root: Node?

    init(yaml: String) {
        root = try? Yams.compose(yaml: yaml)
    }

    /// The line of a JSON-style path (`properties[0].purposes[1].key`), or of its deepest existing parent.
    func line(of path: String) -> Int? {
        line(of: Self.components(path))
    }

    /// The line of a decoding error's coding path.
    func line(of codingPath: [any CodingKey]) -> Int? {
        line(of: codingPath.map { key in key.intValue.map(Component.index) ?? .key(key.stringValue) })
    }

    enum Component {
        case key(String)
        case index(Int)
    }

    private func line(of components: [Component]) -> Int? {
        guard var node = root else { return nil }
        for component in components {
            let next: Node?
            switch component {
            case .key(let key): next = node.mapping?[key]
            case .index(let index): next = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
            guard let next else { break }
            node = next
        }
        return node.mark?.line
    }

    static func components(_ path: String) -> [Component] {
        var components: [Component] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                if let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) { indices.insert(index, at: 0) }
                name = name[..<open]
            }
            if !name.isEmpty { components.append(.key(String(name))) }
            components += indices.map(Component.index)
        }
        return components
    }
}
