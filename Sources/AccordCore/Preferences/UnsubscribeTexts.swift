import Foundation

/// The words of the one-click unsubscribe page, in every locale Accord ships page texts in (`PageTexts`).
/// `%@` stands for the topic's name in the same locale.
public struct UnsubscribeTexts: Hashable, Sendable {
    /// The shipped locale these texts are in.
    public var locale: String
    /// The page's title and heading.
    public var title: String
    /// The question before the button; `%@` is the topic.
    public var question: String
    /// The button that unsubscribes.
    public var button: String
    /// The notice once unsubscribed; `%@` is the topic.
    public var done: String

    /// The texts in the first locale of `chain` that ships them, else English.
    public static func resolve(_ chain: [String]) -> UnsubscribeTexts {
        chain.lazy.compactMap { shipped[$0] }.first ?? shipped["en"]!
    }

    /// `template` with `%@` replaced by `topic`.
    public static func fill(_ template: String, topic: String) -> String {
        template.replacingOccurrences(of: "%@", with: topic)
    }

    static let shipped: [String: UnsubscribeTexts] = [
        "en": .init(
            locale: "en", title: "Unsubscribe", question: "Stop receiving “%@” on this channel?", button: "Unsubscribe",
            done: "You are unsubscribed from “%@” on this channel."),
        "de": .init(
            locale: "de", title: "Abmelden", question: "„%@“ auf diesem Kanal nicht mehr erhalten?", button: "Abmelden",
            done: "Sie sind von „%@“ auf diesem Kanal abgemeldet."),
        "fr": .init(
            locale: "fr", title: "Se désabonner", question: "Ne plus recevoir « %@ » sur ce canal ?", button: "Se désabonner",
            done: "Vous êtes désabonné de « %@ » sur ce canal."),
        "es": .init(
            locale: "es", title: "Darse de baja", question: "¿Dejar de recibir «%@» por este canal?", button: "Darse de baja",
            done: "Se ha dado de baja de «%@» en este canal."),
        "it": .init(
            locale: "it", title: "Annulla l'iscrizione", question: "Non ricevere più «%@» su questo canale?",
            button: "Annulla l'iscrizione", done: "Non riceverai più «%@» su questo canale."),
        "nl": .init(
            locale: "nl", title: "Afmelden", question: "„%@” niet meer ontvangen via dit kanaal?", button: "Afmelden",
            done: "U bent afgemeld voor „%@” via dit kanaal."),
        "pl": .init(
            locale: "pl", title: "Wypisz się", question: "Nie otrzymywać już „%@” tym kanałem?", button: "Wypisz się",
            done: "Wypisano Cię z „%@” na tym kanale."),
        "pt": .init(
            locale: "pt", title: "Cancelar subscrição", question: "Deixar de receber «%@» neste canal?",
            button: "Cancelar subscrição", done: "Cancelou a subscrição de «%@» neste canal."),
    ]
}
