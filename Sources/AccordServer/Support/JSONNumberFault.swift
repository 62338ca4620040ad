import Foundation

/// Finds the member whose number does not fit the integer it is decoded into (`1.5`, `1e30`,
/// `99999999999999999999` for an `Int`). Foundation's `JSONDecoder` on Linux reports those as "not valid
/// JSON" with no coding path, which would make a well-formed body a 400 `malformed_json` instead of a 422
/// naming the field. Only runs after such a failure, so the successful path pays nothing.
enum JSONNumberFault {
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// The path (`policyVersion`, `vendorsRefused[2]`) of a number that alone makes decoding `T` fail, or nil.
    static func locate<T: Decodable>(_ type: T.Type, in data: Data) -> String? {
        // Each candidate costs a decode: bounded so that a crafted body cannot make one request cost a hundred.
        // Real bodies with a misplaced fraction are small and have one or two; anything else stays malformed.
        guard data.count <= 16_384,
            let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return nil }
        var candidates: [[Step]] = []
        collect(root, at: [], into: &candidates)
        guard !candidates.isEmpty, candidates.count <= 8 else { return nil }
        // The failure must go away once every candidate is a plain integer, or it was not about numbers.
        guard !failsOnNumbers(T.self, candidates.reduce(root) { replacing($1, in: $0) }) else { return nil }
        for (index, culprit) in candidates.enumerated() {
            var tree = root
            for (other, steps) in candidates.enumerated() where other != index { tree = replacing(steps, in: tree) }
            if failsOnNumbers(T.self, tree) { return format(culprit) }
        }
        return nil
    }

    /// Numbers JSONSerialization read as floating point or decimal: any of them may be the fault.
    private static func collect(_ value: Any, at path: [Step], into candidates: inout [[Step]]) {
        switch value {
        case let object as [String: Any]:
            for (key, member) in object { collect(member, at: path + [.key(key)], into: &candidates) }
        case let array as [Any]:
            for (index, member) in array.enumerated() { collect(member, at: path + [.index(index)], into: &candidates) }
        case let number as NSNumber:
            if number is NSDecimalNumber || String(cString: number.objCType) == "d" || String(cString: number.objCType) == "f" {
                candidates.append(path)
            }
        default:
            break
        }
    }

    private static func replacing(_ steps: [Step], in value: Any) -> Any {
        guard let step = steps.first else { return NSNumber(value: 0) }
        switch (step, value) {
        case (.key(let key), var object as [String: Any]):
            if let member = object[key] { object[key] = replacing(Array(steps.dropFirst()), in: member) }
            return object
        case (.index(let index), var array as [Any]) where array.indices.contains(index):
            array[index] = replacing(Array(steps.dropFirst()), in: array[index])
            return array
        default:
            return value
        }
    }

    private static func failsOnNumbers<T: Decodable>(_ type: T.Type, _ tree: Any) -> Bool {
        guard let data = try? JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]) else { return false }
        do {
            _ = try JSONDecoder().decode(T.self, from: data)
            return false
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            return true
        } catch {
            return false
        }
    }

    private static func format(_ steps: [Step]) -> String {
        var path = ""
        for step in steps {
            switch step {
            case .key(let key): path += path.isEmpty ? key : ".\(key)"
            case .index(let index): path += "[\(index)]"
            }
        }
        return path
    }
}
