import AccordCore

extension ConsolePage.Model {
    /// The user's own account: whether they sign in with a TOTP code and, if not yet, the secret to add to their
    /// authenticator app with the form that proves it works.
    static func accountPage(
        user: ConsoleUser, csrf: String, chrome: ConsolePage.Chrome, offer: ConsolePage.Account.Offer?, notice: String? = nil,
        alert: String? = nil
    ) -> Self {
        var model = Self(title: "Your account", chrome: chrome)
        model.notice = notice
        model.alert = alert
        model.account = ConsolePage.Account(
            csrf: csrf, enrolled: user.totpSecret != nil, required: user.totpRequired, offer: offer)
        return model
    }
}
