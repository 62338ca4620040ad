// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "accord",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "ConsentStrings", targets: ["ConsentStrings"]),
        .library(name: "AccordCore", targets: ["AccordCore"]),
        .library(name: "AccordSQLite", targets: ["AccordSQLite"]),
        .library(name: "AccordPostgres", targets: ["AccordPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "AccordCore",
            dependencies: ["ConsentStrings", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "ConsentStrings"),
        .target(
            name: "AccordSQLite",
            dependencies: ["AccordCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "AccordPostgres",
            dependencies: ["AccordCore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(
            name: "AccordStoreTesting",
            dependencies: ["AccordCore"]
        ),
        .target(
            name: "AccordServer",
            dependencies: [
                "AccordCore",
                "ConsentStrings",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "accord",
            dependencies: [
                "AccordCore",
                "AccordSQLite",
                "AccordPostgres",
                "AccordServer",
                "ConsentStrings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "AccordCoreTests", dependencies: ["AccordCore", "AccordStoreTesting", "ConsentStrings"]),
        .testTarget(name: "ConsentStringsTests", dependencies: ["ConsentStrings"]),
        .testTarget(
            name: "AccordSQLiteTests",
            dependencies: ["AccordSQLite", "AccordStoreTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "AccordPostgresTests",
            dependencies: ["AccordPostgres", "AccordStoreTesting", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "AccordServerTests",
            dependencies: [
                "AccordServer",
                "AccordStoreTesting",
                "AccordSQLite",
                "ConsentStrings",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
