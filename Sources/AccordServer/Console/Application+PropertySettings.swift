import AccordCore
import Hummingbird

/// The console's pages for a property's own settings (`settings`, `notice`, `regions`, each one
/// `PropertySettingsForm` served by `ConsolePropertySettingsController`) and its purposes.
func registerPropertySettingsPages(editor: ConfigurationEditor, forms: ConsoleForms, groups: RouteGroups) {
    ConsolePropertySettingsController(PropertyGeneralSettings.self, editor: editor, forms: forms)
        .register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
    ConsolePropertySettingsController(NoticeSettings.self, editor: editor, forms: forms)
        .register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
    ConsolePropertySettingsController(RegionSettings.self, editor: editor, forms: forms)
        .register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
    ConsolePurposesController(editor: editor, forms: forms)
        .register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
}
