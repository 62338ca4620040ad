import AccordCore

extension ConsolePage.Model {
    /// The sign-in form, with the address kept and, after a refusal, the reason.
    static func loginPage(csrf: String, email: String = "", alert: String? = nil, notice: String? = nil) -> Self {
        var model = Self(title: "Sign in")
        model.login = ConsolePage.Login(csrf: csrf, email: email)
        model.alert = alert
        model.notice = notice
        return model
    }

    /// The set-up form a new user reaches from their link.
    static func setupPage(csrf: String, token: String, email: String, refusal: ConsoleAccounts.Refusal? = nil) -> Self {
        var model = Self(title: "Set your password")
        model.setup = ConsolePage.Setup(
            csrf: csrf, token: token, email: email, passwordError: refusal?.field == "password" ? refusal?.message : nil,
            confirmationError: refusal?.field == "confirmation" ? refusal?.message : nil)
        return model
    }

    /// A page that only says something, with a link on.
    static func messagePage(
        title: String, text: String, chrome: ConsolePage.Chrome? = nil, linkHref: String = "/console", linkLabel: String = "Back to the console"
    ) -> Self {
        var model = Self(title: title, chrome: chrome)
        model.message = ConsolePage.Message(text: text, linkHref: linkHref, linkLabel: linkLabel)
        return model
    }
}
