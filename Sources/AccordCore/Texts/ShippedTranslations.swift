/// The banner texts Accord ships; a property's own texts override them field by field.
public enum ShippedTranslations {
    /// The locales Accord ships banner and page texts in, English first.
    public static let locales = ["en", "de", "fr", "es", "it", "nl", "pl", "pt"]

    /// The shipped banner texts of exactly `locale`, field name to text; nil for a locale not shipped (no fallback here).
    public static func texts(for locale: String) -> [String: String]? {
        table[locale]
    }

    private static let table: [String: [String: String]] = [
        "en": [
            "title": "Your privacy choices",
            "description":
                "We use cookies and similar technologies for the purposes below. Choose which ones you allow; you can change your mind at any time.",
            "acceptAll": "Accept all", "rejectAll": "Reject all", "customize": "Customize", "save": "Save choices", "close": "Close",
            "doNotSell": "Do Not Sell or Share My Personal Information", "manage": "Privacy choices", "alwaysOn": "Always on",
            "blockedContent": "This content is blocked until you allow its purpose.", "allow": "Allow",
        ],
        "de": [
            "title": "Ihre Datenschutz-Einstellungen",
            "description":
                "Wir verwenden Cookies und ähnliche Techniken für die unten genannten Zwecke. Wählen Sie, was Sie erlauben; Sie können Ihre Wahl jederzeit ändern.",
            "acceptAll": "Alle akzeptieren", "rejectAll": "Alle ablehnen", "customize": "Anpassen", "save": "Auswahl speichern", "close": "Schließen",
            "doNotSell": "Meine personenbezogenen Daten nicht verkaufen oder weitergeben", "manage": "Datenschutz-Einstellungen",
            "alwaysOn": "Immer aktiv",
            "blockedContent": "Dieser Inhalt ist blockiert, bis Sie seinen Zweck erlauben.", "allow": "Erlauben",
        ],
        "fr": [
            "title": "Vos choix de confidentialité",
            "description":
                "Nous utilisons des cookies et des technologies similaires pour les finalités ci-dessous. Choisissez celles que vous autorisez ; vous pouvez changer d'avis à tout moment.",
            "acceptAll": "Tout accepter", "rejectAll": "Tout refuser", "customize": "Personnaliser", "save": "Enregistrer mes choix",
            "close": "Fermer",
            "doNotSell": "Ne pas vendre ni partager mes informations personnelles", "manage": "Choix de confidentialité",
            "alwaysOn": "Toujours actif",
            "blockedContent": "Ce contenu est bloqué tant que vous n'autorisez pas sa finalité.", "allow": "Autoriser",
        ],
        "es": [
            "title": "Sus opciones de privacidad",
            "description":
                "Usamos cookies y tecnologías similares para los fines indicados abajo. Elija cuáles permite; puede cambiar de opinión en cualquier momento.",
            "acceptAll": "Aceptar todo", "rejectAll": "Rechazar todo", "customize": "Personalizar", "save": "Guardar opciones", "close": "Cerrar",
            "doNotSell": "No vender ni compartir mi información personal", "manage": "Opciones de privacidad", "alwaysOn": "Siempre activo",
            "blockedContent": "Este contenido está bloqueado hasta que permita su finalidad.", "allow": "Permitir",
        ],
        "it": [
            "title": "Le tue scelte sulla privacy",
            "description":
                "Usiamo cookie e tecnologie simili per le finalità indicate sotto. Scegli quali consentire; puoi cambiare idea in qualsiasi momento.",
            "acceptAll": "Accetta tutto", "rejectAll": "Rifiuta tutto", "customize": "Personalizza", "save": "Salva le scelte", "close": "Chiudi",
            "doNotSell": "Non vendere né condividere i miei dati personali", "manage": "Scelte sulla privacy", "alwaysOn": "Sempre attivo",
            "blockedContent": "Questo contenuto è bloccato finché non consenti la sua finalità.", "allow": "Consenti",
        ],
        "nl": [
            "title": "Uw privacykeuzes",
            "description":
                "We gebruiken cookies en vergelijkbare technieken voor de doelen hieronder. Kies wat u toestaat; u kunt uw keuze altijd wijzigen.",
            "acceptAll": "Alles accepteren", "rejectAll": "Alles weigeren", "customize": "Aanpassen", "save": "Keuzes opslaan", "close": "Sluiten",
            "doNotSell": "Mijn persoonsgegevens niet verkopen of delen", "manage": "Privacykeuzes", "alwaysOn": "Altijd aan",
            "blockedContent": "Deze inhoud is geblokkeerd tot u het doel ervan toestaat.", "allow": "Toestaan",
        ],
        "pl": [
            "title": "Twoje wybory dotyczące prywatności",
            "description":
                "Używamy plików cookie i podobnych technologii w celach wymienionych poniżej. Wybierz, na które się zgadzasz; możesz zmienić zdanie w każdej chwili.",
            "acceptAll": "Akceptuj wszystkie", "rejectAll": "Odrzuć wszystkie", "customize": "Dostosuj", "save": "Zapisz wybór", "close": "Zamknij",
            "doNotSell": "Nie sprzedawaj ani nie udostępniaj moich danych osobowych", "manage": "Wybory prywatności", "alwaysOn": "Zawsze włączone",
            "blockedContent": "Ta treść jest zablokowana, dopóki nie zezwolisz na jej cel.", "allow": "Zezwól",
        ],
        "pt": [
            "title": "As suas escolhas de privacidade",
            "description":
                "Usamos cookies e tecnologias semelhantes para as finalidades abaixo. Escolha as que permite; pode mudar de ideia a qualquer momento.",
            "acceptAll": "Aceitar tudo", "rejectAll": "Rejeitar tudo", "customize": "Personalizar", "save": "Guardar escolhas", "close": "Fechar",
            "doNotSell": "Não vender nem partilhar as minhas informações pessoais", "manage": "Escolhas de privacidade", "alwaysOn": "Sempre ativo",
            "blockedContent": "Este conteúdo está bloqueado até permitir a sua finalidade.", "allow": "Permitir",
        ],
    ]
}
