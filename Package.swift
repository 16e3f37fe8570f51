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
    ],
    targets: [
        .systemLibrary(name: "CShapelib", pkgConfig: "shapelib", providers: [.apt(["libshp-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .target(
            name: "RuleEngine",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Formats",
            dependencies: ["RuleEngine", "CShapelib", "CProj", "CGEOS"]
        ),
        .executableTarget(
            name: "StdCheck",
            dependencies: [
                "RuleEngine", "Formats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "GenerateCounty", dependencies: ["CShapelib"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "RuleEngine", "TestSupport"]),
        .testTarget(name: "StdCheckTests", dependencies: ["StdCheck", "GenerateCounty", "Formats", "RuleEngine", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
