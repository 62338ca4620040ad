import AccordCore
import AccordPostgres
import AccordStoreTesting
import PostgresNIO
import Testing

// Skipped (with the notice) only when no database is configured and none is required; see TestPostgres.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: ConsentStoreContract.damageCases)
    func damage(_ check: DamageContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store, Self.damage(store)) }
    }

    /// Edits rows as a superuser could, in this test's own schema: triggers disabled, CHECK constraints dropped.
    static func damage(_ store: PostgresConsentStore) -> StoreDamage {
        { sql in
            _ = try await store.client.query("ALTER TABLE consent_events DISABLE TRIGGER USER").collect()
            _ = try await store.client.query(
                """
                DO $$ DECLARE c record; BEGIN
                    FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
                        WHERE contype = 'c' AND conrelid IN ('consent_events'::regclass, 'consent_state'::regclass)
                    LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname); END LOOP;
                END $$
                """
            ).collect()
            _ = try await store.client.query(PostgresQuery(unsafeSQL: sql)).collect()
        }
    }

    @Test(arguments: CheckpointStoreContract.cases)
    func checkpointContract(_ check: CheckpointContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: CheckpointStoreContract.damageCases)
    func checkpointDamage(_ check: CheckpointDamageCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store, Self.damage(store)) }
    }

    @Test(arguments: ExpiryQueueContract.cases)
    func expiryQueueContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: SubjectLinksContract.cases)
    func subjectLinksContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: ConsentImportContract.cases)
    func consentImportContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: ConfigurationStoreContract.cases)
    func configurationContract(_ check: ConfigurationContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: OutboxContract.cases)
    func outboxContract(_ check: OutboxContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: DataMapContract.cases)
    func dataMapContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: WebhookEndpointContract.cases)
    func webhookEndpointContract(_ check: OutboxContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: WebhookEndpointContract.durableCases)
    func outboxRollback(_ check: OutboxContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: SubjectVaultContract.cases)
    func vaultContract(_ check: VaultContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: UserStoreContract.cases)
    func userStoreContract(_ check: UserContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: ReportCountersContract.cases)
    func reportCountersContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: APIKeyDetailsContract.cases)
    func apiKeyDetailsContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: AuditAppendingContract.cases)
    func auditAppendingContract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }
}
