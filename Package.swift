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
    ],
    targets: [
        .systemLibrary(name: "CShapelib", pkgConfig: "shapelib", providers: [.apt(["libshp-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "RuleEngine",
            dependencies: ["CCrypto", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Formats",
            dependencies: [
                "RuleEngine", "CShapelib", "CProj", "CGEOS", "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "StdCheck",
            dependencies: [
                "RuleEngine", "Formats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "GenerateCounty", dependencies: ["CShapelib"]),
        .target(name: "TestSupport", dependencies: ["RuleEngine"], path: "Tests/TestSupport"),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "RuleEngine", "TestSupport"]),
        .testTarget(name: "StdCheckTests", dependencies: ["StdCheck", "GenerateCounty", "Formats", "RuleEngine", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
