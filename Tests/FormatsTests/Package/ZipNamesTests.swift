import Foundation
import TestSupport
import Testing

@testable import Formats

/// Zip member names as the tools that wrote them meant them: GBK from Chinese Windows, Info-ZIP's
/// Unicode Path field, UTF-8 from Info-ZIP on Linux; a name that decodes no way is a finding in hex.
struct ZipNamesTests {
    func extract(_ name: String) throws -> (members: [String], findings: [String], root: String, workspace: Workspace) {
        let path = fixture("zip/" + name)
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("missing fixture \(path); run python3 scripts/make-zip-fixtures.py")
            throw CancellationError()
        }
        let workspace = try Workspace()
        let (members, findings) = try ZipExtractor.extract(path, into: workspace.path)
        return (
            members,
            findings.map {
                "\($0.defect.rawValue) \($0.location) \($0.values["entry"] ?? "") \($0.values["reason"] ?? "")"
            },
            workspace.path, workspace
        )
    }

    @Test func namesWrittenByAChineseWindowsToolAreRead() throws {
        let result = try extract("gbk-names.zip")
        #expect(
            result.members == [
                "gbk-names.zip!/Café.txt", "gbk-names.zip!/地类图斑/说明.txt", "gbk-names.zip!/坐标.txt",
                "gbk-names.zip!/权属.txt", "gbk-names.zip!/界址点成果.txt",
            ])
        #expect(
            result.findings == [
                "zip-entry-unsafe gbk-names.zip 62 61 64 01 02 2e 74 78 74 has a name that holds control characters in every encoding tried (UTF-8, GB18030, CP437)",
                "zip-entry-unsafe gbk-names.zip ff fe 2e 74 78 74 has a name that is flagged UTF-8 but is not valid UTF-8",
            ])
        // the contents went to the entries they belong to
        let text = try String(
            contentsOfFile: result.root + "/gbk-names.zip!/地类图斑/说明.txt",
            encoding: String.Encoding(rawValue: 0x8000_0632))
        #expect(text == "说明\n")
        #expect(FileManager.default.contents(atPath: result.root + "/gbk-names.zip!/界址点成果.txt") == Data("jzd\n".utf8))
        #expect(FileManager.default.contents(atPath: result.root + "/gbk-names.zip!/坐标.txt") == Data("zb\n".utf8))
    }

    @Test func namesWrittenByInfoZIPOnLinuxAreRead() throws {
        let result = try extract("utf8-names.zip")
        #expect(result.members == ["utf8-names.zip!/地类图斑/说明.txt", "utf8-names.zip!/权属.txt"])
        #expect(result.findings.isEmpty)
    }

    @Test func theHostThatMadeTheArchiveDecidesBetweenGBKAndUTF8() {
        let gbk = String.Encoding(rawValue: 0x8000_0632)
        // 帧 is D6 A1 in GBK, which is also a valid UTF-8 sequence (U+05A1)
        let frame = Array("帧.txt".data(using: gbk)!)
        #expect(String(validating: frame, as: UTF8.self) != nil)
        #expect(ZipNames.decode(.init(host: 0, flags: 0, name: frame, extra: [])) == .decoded("帧.txt"))
        #expect(ZipNames.decode(.init(host: 10, flags: 0, name: frame, extra: [])) == .decoded("帧.txt"))
        // 地类 in UTF-8 is also valid GB18030; from Linux it is UTF-8
        let land = Array("地类.txt".utf8)
        #expect(ZipNames.decode(.init(host: 3, flags: 0, name: land, extra: [])) == .decoded("地类.txt"))
        // a GBK name from Linux (not valid UTF-8) is still read as GB18030
        let parcel = Array("图斑.txt".data(using: gbk)!)
        #expect(ZipNames.decode(.init(host: 3, flags: 0, name: parcel, extra: [])) == .decoded("图斑.txt"))
    }

    @Test func theUnicodePathFieldWinsOnlyWhenItsChecksumMatches() {
        let header = Array("坐标.txt".data(using: String.Encoding(rawValue: 0x8000_0632))!)
        func field(_ name: String, crc: UInt32) -> [UInt8] {
            let body = [UInt8(1)] + withUnsafeBytes(of: crc.littleEndian, Array.init) + Array(name.utf8)
            return [0x75, 0x70, UInt8(body.count), 0] + body
        }
        let crc = UInt32(Data(header).crc32(checksum: 0))
        let matching = ZipNames.Record(flags: 0, name: header, extra: field("界址点.txt", crc: crc))
        let stale = ZipNames.Record(flags: 0, name: header, extra: field("界址点.txt", crc: crc ^ 1))
        #expect(ZipNames.decode(matching) == .decoded("界址点.txt"))
        #expect(ZipNames.decode(stale) == .decoded("坐标.txt"))
    }

    @Test func aDamagedCentralDirectoryIsReadOrRefusedNeverACrash() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture("zip/gbk-names.zip")))
        let path = NSTemporaryDirectory() + "stdcheck-names-" + UUID().uuidString + ".zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ZipNames.records(of: fixture("zip/gbk-names.zip"))?.count == 7)
        // every truncation, and every byte set to 0x00 and to 0xFF
        var variants = (0..<original.count).map { original.prefix($0) }
        for index in 0..<original.count {
            for value: UInt8 in [0x00, 0xFF] {
                var changed = original
                changed[index] = value
                variants.append(changed)
            }
        }
        var read = 0
        for variant in variants {
            try variant.write(to: URL(fileURLWithPath: path))
            if let records = ZipNames.records(of: path) {
                read += 1
                for record in records { _ = ZipNames.decode(record) }
            }
        }
        #expect(read > 0)
    }

    /// Runs `stdcheck` in `folder` (not the package root), for paths given as `.` and `./x.zip`.
    func runIn(_ folder: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: stdcheckBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [
        ("clean-county", ".", "clean-county"), ("clean-county", "./", "clean-county"),
        ("zip", "./gbk-names.zip", "zip"), ("zip", "gbk-names.zip", "zip"),
    ])
    func aSubmissionGivenAsDotIsNamedByItsRealFolder(folder: String, path: String, named: String) throws {
        let run = try runIn(fixture(folder), ["check", path, "--standard", "structure@1", "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let input = try #require(report?["input"] as? [String: Any])
        #expect(input["path"] as? String == named)
    }
}
