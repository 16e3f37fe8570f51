import CShapelib
import Foundation
import RuleEngine

/// Reads ESRI shapefiles: the `.shp`/`.shx` geometry (through shapelib) with its `.dbf`, `.prj` and `.cpg`.
public enum ShapefileReader {
    /// Sidecar text files (.prj, .cpg) larger than this are not text a reader should trust.
    static let sidecarLimit = 64 * 1024

    /// Opens one grouped shapefile. Returns nil for the layer only when no part could be read;
    /// every problem, fatal or not, comes back as a finding.
    static func open(_ group: ShapefileGroup, root: String) -> (ShapefileLayer?, [FormatFinding]) {
        var findings: [FormatFinding] = []
        let name = group.name
        let shp = group.parts["shp"]
        let shx = group.parts["shx"]
        let dbf = group.parts["dbf"]
        let mainFile = shp ?? dbf ?? shx!
        func at(_ file: String) -> Location { Location(file: file, layer: name) }

        if shp == nil, let shx {
            findings.append(FormatFinding(.shpMissing, at: at(shx), ["file": shx]))
            if dbf == nil { return (nil, findings) }
        }

        var table: DBFTable?
        if let dbf {
            do {
                let opened = try DBFTable(path: root + "/" + dbf)
                for (defect, values) in opened.structure {
                    findings.append(
                        FormatFinding(defect, at: Location(file: dbf, layer: name, field: values["field"]), values))
                }
                table = opened
            } catch {
                findings.append(FormatFinding(.datasetUnreadable, at: at(dbf), ["reason": error.reason]))
            }
        }

        var shapePath: String?
        var workspace: TemporaryDirectory?
        var geometryType: String?
        var shapeCount = 0
        var shapeChecker: ShapeRecordChecker?
        var scannedExtent: [Double]?
        if let shp {
            if shx == nil {
                findings.append(FormatFinding(.shxMissing, at: at(shp)))
            }
            if dbf == nil {
                findings.append(FormatFinding(.dbfMissing, at: at(shp)))
            }
            if group.parts["prj"] == nil {
                findings.append(FormatFinding(.prjMissing, at: at(shp)))
            }
            switch prepare(shp: shp, shx: shx, root: root, layer: name) {
            case .success(let prepared):
                findings += prepared.structure.findings
                scannedExtent = prepared.structure.extent
                if let path = prepared.path {
                    if let file = ShapeFile(path: path) {
                        shapePath = path
                        shapeChecker = prepared.checker
                        workspace = prepared.workspace
                        geometryType = ShapeFile.typeName(file.shapeType)
                        shapeCount = file.count
                    } else {
                        findings.append(
                            FormatFinding(
                                .datasetUnreadable, at: at(shp),
                                ["reason": "shapelib cannot open it (damaged header or index)"]))
                    }
                }
            case .failure(let error):
                findings.append(FormatFinding(.datasetUnreadable, at: at(shp), ["reason": error.reason]))
            }
        }
        if shapePath == nil && table == nil { return (nil, findings) }

        if let table, shapePath != nil, table.declaredCount != shapeCount {
            findings.append(
                FormatFinding(
                    .recordCountMismatch, at: at(mainFile),
                    ["shapes": String(shapeCount), "records": String(table.declaredCount)]))
        }

        let (encoding, textEncoding, encodingFindings) = resolveEncoding(
            table: table, cpg: group.parts["cpg"], root: root, layer: name, file: dbf ?? mainFile)
        findings += encodingFindings
        if let table, let dbf {
            var first: [String: Int] = [:]
            for (index, field) in table.fields(decodedWith: textEncoding).enumerated() where !field.name.isEmpty {
                let key = field.name.uppercased()
                if let earlier = first[key] {
                    findings.append(
                        FormatFinding(
                            .fieldNameDuplicated, at: Location(file: dbf, layer: name, field: field.name),
                            ["field": field.name, "position": String(index + 1), "first": String(earlier)]))
                } else {
                    first[key] = index + 1
                }
            }
        }

        var crs: CRSInfo?
        if let prj = group.parts["prj"] {
            switch readSidecar(root + "/" + prj) {
            case .success(let text):
                switch CRSIdentifier.identify(wkt: text) {
                case .identified(let info): crs = info
                case .unparsable(let reason):
                    findings.append(FormatFinding(.prjUnreadable, at: at(prj), ["reason": reason]))
                }
            case .failure(let error):
                findings.append(FormatFinding(.prjUnreadable, at: at(prj), ["reason": error.reason]))
            }
        }

        let layer = ShapefileLayer(
            name: name, file: mainFile, shapePath: shapePath, geometryType: geometryType, shapeCount: shapeCount,
            table: table, encoding: encoding, textEncoding: textEncoding, crs: crs, workspace: workspace,
            shapeChecker: shapeChecker, tableFile: dbf, scannedExtent: scannedExtent)
        return (layer, findings)
    }

    /// What `prepare` hands on: the path to give shapelib (nil when no shape can be read safely), the
    /// private folder that holds it, and the structure found.
    struct PreparedShapes {
        var path: String?
        var workspace: TemporaryDirectory?
        var structure: ShapefileStructure
        /// Finds each record's defects as it is read (nil when no shape can be read).
        var checker: ShapeRecordChecker?
    }

    /// Checks the `.shp`/`.shx` bytes, then decides the path to give shapelib. shapelib wants `.shp`+`.shx`
    /// (or `.SHP`+`.SHX`) side by side; other spellings, and a missing or unsound index, are served from a
    /// private folder where the `.shp` is linked and the index rebuilt from the records that fit.
    static func prepare(shp: String, shx: String?, root: String, layer: String) -> Result<PreparedShapes, ReadError> {
        let shpPath = root + "/" + shp
        let shpData: Data
        do {
            shpData = try Data.mapped(shpPath)
        } catch {
            return .failure(ReadError(path: shp, reason: "cannot open: \(error.localizedDescription)"))
        }
        let shxData = shx.flatMap {
            try? Data.mapped(root + "/" + $0)
        }
        let structure: ShapefileStructure
        do {
            structure = try ShapefileStructure.check(
                shp: shpData, shx: shxData, shpFile: shp, shxFile: shxData == nil ? nil : shx, layer: layer)
        } catch {
            return .failure(ReadError(path: shp, reason: error.reason))
        }
        guard structure.readable else { return .success(PreparedShapes(path: nil, structure: structure)) }
        let shpExt = URL(fileURLWithPath: shp).pathExtension
        let shxExt = shx.map { URL(fileURLWithPath: $0).pathExtension }
        func checker(_ index: Data?) -> ShapeRecordChecker? {
            guard structure.hasRecordProblem else { return nil }
            return index.map {
                ShapeRecordChecker(shp: shpData, index: $0, shapeType: structure.shapeType, file: shp, layer: layer)
            }
        }
        if structure.rebuiltIndex == nil, let shxExt,
            (shpExt == "shp" && shxExt == "shx") || (shpExt == "SHP" && shxExt == "SHX")
        {
            return .success(PreparedShapes(path: shpPath, structure: structure, checker: checker(shxData)))
        }
        do {
            let directory = try TemporaryDirectory()
            let fm = FileManager.default
            let absolute = { (relative: String) in URL(fileURLWithPath: root + "/" + relative).standardizedFileURL.path
            }
            try fm.createSymbolicLink(atPath: directory.path + "/layer.shp", withDestinationPath: absolute(shp))
            var structure = structure
            var index = shxData
            if let rebuilt = structure.rebuiltIndex {
                // written, then mapped: the layer reads it back without holding a copy in memory
                try rebuilt.write(to: URL(fileURLWithPath: directory.path + "/layer.shx"))
                structure.rebuiltIndex = nil
                index = try Data.mapped(directory.path + "/layer.shx")
            } else if let shx {
                try fm.createSymbolicLink(atPath: directory.path + "/layer.shx", withDestinationPath: absolute(shx))
            }
            return .success(
                PreparedShapes(
                    path: directory.path + "/layer.shp", workspace: directory, structure: structure,
                    checker: checker(index)))
        } catch {
            return .failure(
                ReadError(path: shp, reason: "cannot prepare a private copy: \(error.localizedDescription)"))
        }
    }

    /// Decides how to decode the table's text, and on what grounds, after GDAL's order: `.cpg`, then the
    /// language-driver byte. With neither, non-ASCII text is a finding and decoded as UTF-8 when valid,
    /// else GB18030 — without claiming that either was declared.
    static func resolveEncoding(
        table: DBFTable?, cpg: String?, root: String, layer: String, file: String
    ) -> (EncodingInfo?, TextEncoding, [FormatFinding]) {
        var findings: [FormatFinding] = []
        if let cpg {
            switch readSidecar(root + "/" + cpg) {
            case .success(let text):
                let declared = text.trimmingWhitespace()
                if let encoding = TextEncoding.fromCPG(declared) {
                    if let table, table.languageDriver != 0, let driver = TextEncoding.fromLDID(table.languageDriver),
                        driver != encoding
                    {
                        let ldid = "0x" + String(table.languageDriver, radix: 16, uppercase: true)
                        findings.append(
                            FormatFinding(
                                .encodingConflict, at: Location(file: cpg, layer: layer),
                                ["cpg": encoding.iconvName, "ldid": ldid, "declared": driver.iconvName]))
                    }
                    return (
                        EncodingInfo(declared: declared, source: .cpg, used: encoding.iconvName), encoding, findings
                    )
                }
                let shown = String(declared.prefix(40))
                findings.append(
                    FormatFinding(
                        .cpgUnknown, at: Location(file: cpg, layer: layer), value: shown,
                        ["declared": shown, "used": "the DBF language driver or the bytes"]))
            case .failure(let error):
                findings.append(
                    FormatFinding(
                        .cpgUnknown, at: Location(file: cpg, layer: layer),
                        ["declared": error.reason, "used": "the bytes"]))
            }
        }
        guard let table else { return (nil, .utf8, findings) }
        if table.languageDriver != 0, let encoding = TextEncoding.fromLDID(table.languageDriver) {
            return (
                EncodingInfo(declared: "LDID/\(table.languageDriver)", source: .ldid, used: encoding.iconvName),
                encoding,
                findings
            )
        }
        // the scans below may touch every page of the table; the pass over the records reads them again
        defer { table.releaseRecords(before: table.availableCount) }
        guard table.hasNonASCIIText() else {
            return (EncodingInfo(declared: nil, source: .none, used: "UTF-8"), .utf8, findings)
        }
        let guess: TextEncoding = table.textIsValidUTF8() ? .utf8 : .gb18030
        if findings.isEmpty {
            findings.append(
                FormatFinding(.encodingUndeclared, at: Location(file: file, layer: layer), ["used": guess.iconvName]))
        }
        return (EncodingInfo(declared: nil, source: .detected, used: guess.iconvName), guess, findings)
    }

    /// A small text file (.prj, .cpg), refused when implausibly large.
    static func readSidecar(_ path: String) -> Result<String, ReadError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadError(path: path, reason: "cannot be read"))
        }
        guard data.count <= sidecarLimit else {
            return .failure(
                ReadError(path: path, reason: "\(data.count) bytes, more than a \(sidecarLimit)-byte sidecar may hold"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
