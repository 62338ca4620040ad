import AccordCore
import Foundation

extension ConsolePage {
    /// The open manual tasks (issue 14 §1) of a property's requests in progress, the signed-in user's first.
    struct Tasks: Sendable {
        struct Row: Sendable {
            var href: String
            var request: String
            var type: String
            var system: String
            var assignee: String
            var due: String
            var mine: Bool
        }
        var properties: [Dashboard.Choice]
        var propertyName: String
        var rows: [Row]
        var onlyMine: Bool
        var mineHref: String
        var allHref: String
    }

    /// One task: its request, the system's instructions, and the form that completes it (owners and agents).
    struct TaskForm: Sendable {
        var csrf: String
        var action: String
        var listHref: String
        var requestHref: String
        var request: String
        var type: String
        var system: String
        var assignee: String
        var instructions: String
        var due: String
        var status: String
        var isOpen: Bool
        var canAct: Bool
        var wantsResult: Bool
        var answeredBy: String?
        var reason: String?
        var resultValue: String
        var confirmedError: String?
        var resultError: String?
        var fileError: String?
        var formError: String?
    }

    static func taskHref(_ property: PropertyID, _ request: String, _ system: String) -> String {
        "/console/tasks/\(property.rawValue)/\(request)/\(system)"
    }
}

extension ConsolePage.Model {
    static func tasksPage(
        property: Property, properties: [Property], tasks: [ConnectorTask], user: String, onlyMine: Bool, chrome: ConsolePage.Chrome,
        notice: String?
    ) -> Self {
        var model = Self(title: "Tasks", chrome: chrome)
        model.notice = notice
        let zone = property.deadlineCalendar.timeZone
        let rows = tasks.map { task in
            ConsolePage.Tasks.Row(
                href: ConsolePage.taskHref(property.id, task.request, task.system), request: task.request, type: task.requestType,
                system: task.systemName, assignee: task.assignee ?? "nobody", due: ConsolePage.day(task.dueAt, in: zone),
                mine: task.assignee?.lowercased() == user.lowercased())
        }
        let base = "/console/tasks?property=\(property.id.rawValue)"
        model.tasks = ConsolePage.Tasks(
            properties: properties.map { .init(id: $0.id.rawValue, name: $0.name, selected: $0.id == property.id) },
            propertyName: property.name, rows: rows.filter { $0.mine } + rows.filter { !$0.mine }, onlyMine: onlyMine,
            mineHref: base + "&mine=1", allHref: base)
        return model
    }

    static func taskPage(
        _ task: ConnectorTask, property: Property, csrf: String, canAct: Bool, chrome: ConsolePage.Chrome,
        draft: ConsolePage.RequestDraft = .init()
    ) -> Self {
        var model = Self(title: "Task: \(task.systemName)", chrome: chrome)
        model.task = ConsolePage.TaskForm(
            csrf: csrf, action: ConsolePage.taskHref(property.id, task.request, task.system),
            listHref: "/console/tasks?property=\(property.id.rawValue)", requestHref: ConsolePage.requestHref(property.id, task.request),
            request: task.request, type: task.requestType, system: task.systemName, assignee: task.assignee ?? "nobody",
            instructions: task.instructions ?? "No instructions were given for this system.",
            due: ConsolePage.day(task.dueAt, in: property.deadlineCalendar.timeZone), status: task.status, isOpen: task.isOpen,
            canAct: canAct, wantsResult: task.wantsResult, answeredBy: task.answeredBy, reason: task.reason,
            resultValue: draft.values["result"] ?? "", confirmedError: draft.error("confirmed"), resultError: draft.error("result"),
            fileError: draft.error("file"), formError: draft.field.isEmpty ? draft.message : nil)
        return model
    }
}

extension ConsolePage {
    /// A request's run across its systems in one line: its state, then each system's ("waiting" names what for).
    static func fulfilmentText(_ run: FulfilmentProgress) -> String {
        let systems = run.systems.map { system -> String in
            var text = "\(system.name) (\(system.kind)): \(system.status)"
            if system.status == "waiting" {
                text +=
                    system.kind == Connector.Kind.manual.rawValue ? ", a manual task is open" : ", sent \(system.dispatches) time(s), no answer yet"
            }
            if let error = system.error { text += ", error: \(error)" }
            if let reason = system.reason { text += ", reason: \(reason)" }
            return text
        }
        return ([run.status] + systems).joined(separator: "; ")
    }
}
