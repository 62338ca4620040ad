#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fault injection for the end-to-end test of a crash inside a run (issue 14 §3), from the environment.
enum FulfilmentFaults {
    /// With `ACCORD_TEST_FULFILMENT_CRASH_AFTER_COMMIT=<system>`, the process kills itself (SIGKILL, as `kill -9`)
    /// once that system's step committed and before its answer is recorded; nil (no hook) when unset.
    static func crash(after system: String?) -> (@Sendable (String) async throws -> Void)? {
        guard let system, !system.isEmpty else { return nil }
        return { key in
            if key == system { kill(getpid(), SIGKILL) }
        }
    }
}
