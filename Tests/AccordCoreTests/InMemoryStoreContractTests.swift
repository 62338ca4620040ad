import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryConfigurationContractTests {
    @Test(arguments: ConfigurationStoreContract.cases)
    func contract(_ check: ConfigurationContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryCheckpointContractTests {
    @Test(arguments: CheckpointStoreContract.cases)
    func contract(_ check: CheckpointContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryOutboxContractTests {
    @Test(arguments: OutboxContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryExpiryQueueContractTests {
    @Test(arguments: ExpiryQueueContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryWebhookEndpointContractTests {
    @Test(arguments: WebhookEndpointContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemorySubjectLinksContractTests {
    @Test(arguments: SubjectLinksContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryVaultContractTests {
    @Test(arguments: SubjectVaultContract.cases)
    func contract(_ check: VaultContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryUserStoreContractTests {
    @Test(arguments: UserStoreContract.cases)
    func contract(_ check: UserContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryConsentImportContractTests {
    @Test(arguments: ConsentImportContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryReportCountersContractTests {
    @Test(arguments: ReportCountersContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryAPIKeyDetailsContractTests {
    @Test(arguments: APIKeyDetailsContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryAuditAppendingContractTests {
    @Test(arguments: AuditAppendingContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryDataMapContractTests {
    @Test(arguments: DataMapContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
