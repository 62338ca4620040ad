import AccordCore
import Foundation

extension ConsolePage.Model {
    /// The owners' user list with the form to add one; after a creation, the set-up link, shown this once.
    static func usersPage(
        _ users: [ConsoleUser], csrf: String, chrome: ConsolePage.Chrome, now: Date, created: ConsolePage.Users.Created? = nil,
        emailValue: String = "",
        roleValue: ConsoleRole = .editor, emailError: String? = nil
    ) -> Self {
        var model = Self(title: "Users", chrome: chrome)
        model.users = ConsolePage.Users(
            csrf: csrf, created: created,
            rows: users.map { user in
                let status =
                    user.passwordHash == nil
                    ? "waiting for set-up" : SignInLockout.isLocked(user, at: now) ? "locked after failed sign-ins" : "active"
                let second = user.totpSecret != nil ? "; two-step on" : user.totpRequired ? "; two-step required, not set up" : ""
                return .init(
                    email: user.email, role: user.role.rawValue, status: status + second,
                    totpAction: "/console/users/\(user.id.rawValue)/totp-required",
                    totpLabel: user.totpRequired
                        ? "Stop requiring two-step sign-in for \(user.email)" : "Require two-step sign-in for \(user.email)",
                    totpValue: user.totpRequired ? "0" : "1")
            },
            roles: ConsoleRole.allCases.map { .init(value: $0.rawValue, selected: $0 == roleValue) }, emailValue: emailValue,
            emailError: emailError)
        return model
    }
}
