import AccordCore
import AccordSQLite
import AccordStoreTesting
import GRDB
import Testing

@Suite struct SQLiteStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }

    @Test(arguments: ConsentStoreContract.damageCases)
    func damage(_ check: DamageContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open(), database.damage)
    }
}

extension TemporaryDatabase {
    /// Edits the file as its owner could: on a connection of its own, past the append-only triggers and the CHECKs.
    var damage: StoreDamage {
        { [path] sql in
            try await DatabaseQueue(path: path).writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
                try db.execute(sql: "DROP TRIGGER IF EXISTS consent_events_no_update")
                try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entries_no_update")
                try db.execute(sql: sql)
            }
        }
    }
}

@Suite struct SQLiteConfigurationContractTests {
    @Test(arguments: ConfigurationStoreContract.cases)
    func contract(_ check: ConfigurationContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteCheckpointContractTests {
    @Test(arguments: CheckpointStoreContract.cases)
    func contract(_ check: CheckpointContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }

    @Test(arguments: CheckpointStoreContract.damageCases)
    func damage(_ check: CheckpointDamageCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open(), database.damage)
    }
}

@Suite struct SQLiteExpiryQueueContractTests {
    @Test(arguments: ExpiryQueueContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteOutboxContractTests {
    /// On a durable store (`full`): webhook bookkeeping then switches the writer to `NORMAL` and back.
    @Test(arguments: OutboxContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open(durability: .full))
    }
}

@Suite struct SQLiteSubjectLinksContractTests {
    @Test(arguments: SubjectLinksContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteWebhookEndpointContractTests {
    @Test(arguments: WebhookEndpointContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteOutboxRollbackTests {
    @Test(arguments: WebhookEndpointContract.durableCases)
    func contract(_ check: OutboxContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open(durability: .full))
    }
}

@Suite struct SQLiteVaultContractTests {
    @Test(arguments: SubjectVaultContract.cases)
    func contract(_ check: VaultContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteUserStoreContractTests {
    @Test(arguments: UserStoreContract.cases)
    func contract(_ check: UserContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteConsentImportContractTests {
    @Test(arguments: ConsentImportContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteReportCountersContractTests {
    @Test(arguments: ReportCountersContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteAPIKeyDetailsContractTests {
    @Test(arguments: APIKeyDetailsContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteAuditAppendingContractTests {
    @Test(arguments: AuditAppendingContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteDataMapContractTests {
    @Test(arguments: DataMapContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}
