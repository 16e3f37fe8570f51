// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "StdCheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "stdcheck", targets: ["StdCheck"]),
        .executable(name: "stdcheck-gen", targets: ["GenerateCounty"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CShapelib", pkgConfig: "shapelib", providers: [.apt(["libshp-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // libgdal loaded on first use (dlopen), for the GDAL reader: its headers only at build time
        .target(name: "CGDALLazy", cSettings: [.unsafeFlags(["-I/usr/include/gdal"])]),
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .target(
            name: "RuleEngine",
            dependencies: ["CCrypto", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Formats",
            dependencies: [
                "RuleEngine", "CShapelib", "CProj", "CGEOS", "CLibXML2", "CGDALLazy",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/gdal"])]
        ),
        .target(name: "CheckKit", dependencies: ["RuleEngine", "Formats"]),
        .target(
            name: "Service",
            dependencies: [
                "CheckKit", "RuleEngine", "Formats", "CArgon2", "CCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "StdCheck",
            dependencies: [
                "RuleEngine", "Formats", "CheckKit", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "GenerateCounty", dependencies: ["CShapelib", "CGDAL"]),
        .target(name: "TestSupport", dependencies: ["RuleEngine"], path: "Tests/TestSupport"),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "RuleEngine", "TestSupport"]),
        .testTarget(
            name: "StdCheckTests", dependencies: ["StdCheck", "GenerateCounty", "Formats", "RuleEngine", "TestSupport"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "CheckKit", "RuleEngine", "TestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
