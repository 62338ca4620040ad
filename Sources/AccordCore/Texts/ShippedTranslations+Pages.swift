extension ShippedTranslations {
    /// The texts of Accord's own pages, one entry per shipped locale (a test checks). Same register as the
    /// banner texts of each language: formal in German, French, Spanish, Dutch and Portuguese.
    public static let pages: [String: PageTexts] = [
        "en": englishPages,
        "de": PageTexts(
            locale: "de", history: "Verlauf", saved: "Gespeichert.", problemTitle: "Datenschutz-Einstellungen",
            linkInvalid: "Dieser Link ist ungültig. Verwenden Sie den Link aus Ihrer neuesten Nachricht.",
            linkExpired: "Dieser Link ist abgelaufen. Fordern Sie einen neuen an, um Ihre Auswahl zu ändern.",
            formFromElsewhere:
                "Dieses Formular kann nur von seiner eigenen Seite gesendet werden. Öffnen Sie die Seite erneut und versuchen Sie es noch einmal.",
            formExpired: "Dieses Formular ist abgelaufen. Laden Sie die Seite neu und treffen Sie Ihre Auswahl erneut.",
            linkFormExpired: "Dieses Formular ist abgelaufen. Öffnen Sie den Link erneut und treffen Sie Ihre Auswahl erneut."),
        "fr": PageTexts(
            locale: "fr", history: "Historique", saved: "Enregistré.", problemTitle: "Choix de confidentialité",
            linkInvalid: "Ce lien n'est pas valide. Utilisez le lien de votre message le plus récent.",
            linkExpired: "Ce lien a expiré. Demandez-en un nouveau pour modifier vos choix.",
            formFromElsewhere: "Ce formulaire ne peut être envoyé que depuis sa propre page. Ouvrez de nouveau la page et réessayez.",
            formExpired: "Ce formulaire a expiré. Rechargez la page et faites de nouveau vos choix.",
            linkFormExpired: "Ce formulaire a expiré. Ouvrez de nouveau le lien et faites de nouveau vos choix."),
        "es": PageTexts(
            locale: "es", history: "Historial", saved: "Guardado.", problemTitle: "Opciones de privacidad",
            linkInvalid: "Este enlace no es válido. Use el enlace de su mensaje más reciente.",
            linkExpired: "Este enlace ha caducado. Solicite uno nuevo para cambiar sus opciones.",
            formFromElsewhere: "Este formulario solo puede enviarse desde su propia página. Vuelva a abrir la página e inténtelo de nuevo.",
            formExpired: "Este formulario ha caducado. Vuelva a cargar la página y elija de nuevo sus opciones.",
            linkFormExpired: "Este formulario ha caducado. Vuelva a abrir el enlace y elija de nuevo sus opciones."),
        "it": PageTexts(
            locale: "it", history: "Cronologia", saved: "Salvato.", problemTitle: "Scelte sulla privacy",
            linkInvalid: "Questo link non è valido. Usa il link del tuo messaggio più recente.",
            linkExpired: "Questo link è scaduto. Richiedine uno nuovo per modificare le tue scelte.",
            formFromElsewhere: "Questo modulo può essere inviato solo dalla sua pagina. Riapri la pagina e riprova.",
            formExpired: "Questo modulo è scaduto. Ricarica la pagina e fai di nuovo le tue scelte.",
            linkFormExpired: "Questo modulo è scaduto. Riapri il link e fai di nuovo le tue scelte."),
        "nl": PageTexts(
            locale: "nl", history: "Geschiedenis", saved: "Opgeslagen.", problemTitle: "Privacykeuzes",
            linkInvalid: "Deze link is ongeldig. Gebruik de link uit uw meest recente bericht.",
            linkExpired: "Deze link is verlopen. Vraag een nieuwe aan om uw keuzes te wijzigen.",
            formFromElsewhere: "Dit formulier kan alleen vanaf de eigen pagina worden verzonden. Open de pagina opnieuw en probeer het nog eens.",
            formExpired: "Dit formulier is verlopen. Laad de pagina opnieuw en maak uw keuzes opnieuw.",
            linkFormExpired: "Dit formulier is verlopen. Open de link opnieuw en maak uw keuzes opnieuw."),
        "pl": PageTexts(
            locale: "pl", history: "Historia", saved: "Zapisano.", problemTitle: "Wybory prywatności",
            linkInvalid: "Ten link jest nieprawidłowy. Użyj linku z najnowszej wiadomości.",
            linkExpired: "Ten link wygasł. Poproś o nowy, aby zmienić swoje wybory.",
            formFromElsewhere: "Ten formularz można wysłać tylko z jego własnej strony. Otwórz stronę ponownie i spróbuj jeszcze raz.",
            formExpired: "Ten formularz wygasł. Odśwież stronę i dokonaj wyboru ponownie.",
            linkFormExpired: "Ten formularz wygasł. Otwórz link ponownie i dokonaj wyboru ponownie."),
        "pt": PageTexts(
            locale: "pt", history: "Histórico", saved: "Guardado.", problemTitle: "Escolhas de privacidade",
            linkInvalid: "Esta ligação não é válida. Utilize a ligação da sua mensagem mais recente.",
            linkExpired: "Esta ligação expirou. Peça uma nova para alterar as suas escolhas.",
            formFromElsewhere: "Este formulário só pode ser enviado a partir da sua própria página. Abra novamente a página e tente outra vez.",
            formExpired: "Este formulário expirou. Recarregue a página e faça novamente as suas escolhas.",
            linkFormExpired: "Este formulário expirou. Abra novamente a ligação e faça novamente as suas escolhas."),
    ]

    static let englishPages = PageTexts(
        locale: "en", history: "History", saved: "Saved.", problemTitle: "Privacy choices",
        linkInvalid: "This link is not valid. Use the link from your latest message.",
        linkExpired: "This link has expired. Ask for a new one to change your choices.",
        formFromElsewhere: "This form can only be sent from its own page. Open the page again and retry.",
        formExpired: "This form has expired. Reload the page and make your choices again.",
        linkFormExpired: "This form has expired. Open the link again and make your choices again.")
}
