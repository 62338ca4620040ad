import ArgumentParser

/// The consent-string codec commands (`tcf`, `gpp`), listed apart so they can be added in one place.
let stringCommands: [any ParsableCommand.Type] = [TCFCommand.self, GPPCommand.self]
