import ArgumentParser

@main
struct Accord: AsyncParsableCommand {
    func run() async throws {}
}
