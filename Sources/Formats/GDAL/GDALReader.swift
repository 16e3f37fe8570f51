import CGDALLazy
import Foundation
import RuleEngine

/// Reads the databases GDAL's vector drivers know and StdCheck does not parse itself: Esri File
/// Geodatabases (`.gdb` folders, through OpenFileGDB, no vendor SDK), GeoPackages (`.gpkg`) and Esri
/// Personal Geodatabases (`.mdb`, through PGeo, which needs the ODBC driver of `odbc-mdbtools`).
///
/// GDAL runs offline: every driver but these three is deregistered, so no path can reach a network
/// driver or `/vsicurl/`, and the HTTP options are switched off besides. Each layer of the database is
/// one layer of the submission; its features are streamed (`OGR_L_GetNextFeature`), never loaded
/// whole. GDAL's errors are caught on the calling thread and become findings at their layer and record.
public enum GDALReader {
    public static let format = "gdal"

    /// The drivers StdCheck lets GDAL use, by the extension they read.
    static let drivers: [String: String] = ["gdb": "OpenFileGDB", "gpkg": "GPKG", "mdb": "PGeo"]

    /// The Debian packages a driver needs beyond libgdal, named when it is missing.
    static let packages: [String: String] = ["PGeo": "odbc-mdbtools and unixodbc"]

    /// The extensions (of a file, or of a folder for `gdb`) this reader reads.
    public static let extensions: Set<String> = ["gdb", "gpkg", "mdb"]

    /// The angle step (degrees) curves are linearised with: GDAL's default.
    public static let curveStepDegrees = 4.0

    /// True when the first bytes are a GeoPackage (SQLite) or a Jet database; a `.gdb` is a folder.
    public static func identify(path: String, firstBytes: Data) -> Bool {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "gdb" { return true }
        if ext == "gpkg" { return firstBytes.starts(with: Data("SQLite format 3".utf8)) }
        if ext == "mdb" { return firstBytes.count >= 19 && firstBytes[4..<19] == Data("Standard Jet DB".utf8) }
        return false
    }

    /// Why libgdal cannot be used here (it is loaded on first use, not linked): nil once it is loaded.
    static var unavailable: String? {
        var why: UnsafePointer<CChar>?
        return stdcheck_gdal_load(&why) == nil ? why.map { String(cString: $0) } ?? "libgdal cannot be loaded" : nil
    }

    /// Registers the three drivers once, deregisters every other one, and turns off network access.
    static let configured: Void = {
        for (key, value) in [
            ("GDAL_HTTP_TIMEOUT", "1"), ("GDAL_HTTP_MAX_RETRY", "0"), ("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none"),
            ("GDAL_DISABLE_READDIR_ON_OPEN", "NO"), ("OGR_SQLITE_JOURNAL", "OFF"),
            ("CPL_DEBUG", "OFF"), ("GDAL_PAM_ENABLED", "NO"),
        ] {
            gdal.pointee.CPLSetConfigOption!(key, value)
        }
        gdal.pointee.GDALAllRegister!()
        let keep = Set(drivers.values)
        var index = gdal.pointee.GDALGetDriverCount!() - 1
        while index >= 0 {
            if let driver = gdal.pointee.GDALGetDriver!(index),
                let name = gdal.pointee.GDALGetDriverShortName!(driver).map({ String(cString: $0) }),
                !keep.contains(name)
            {
                gdal.pointee.GDALDeregisterDriver!(driver)
            }
            index -= 1
        }
    }()

    /// Runs `body` with GDAL's messages kept from stderr and collected: the last error's text, if any.
    static func capturing<T>(_ body: () -> T) -> (T, String?) {
        _ = configured
        gdal.pointee.CPLPushErrorHandler!(gdal.pointee.CPLQuietErrorHandler)
        gdal.pointee.CPLErrorReset!()
        let value = body()
        let failed = gdal.pointee.CPLGetLastErrorType!().rawValue >= CE_Failure.rawValue
        let message = failed ? gdalText(gdal.pointee.CPLGetLastErrorMsg!()) : nil
        gdal.pointee.CPLPopErrorHandler!()
        return (value, message)
    }

    /// Opens the dataset at `path` read-only with only its own driver; nil and the reason when GDAL cannot.
    static func openDataset(_ path: String, driver: String) -> (GDALDatasetH?, String?) {
        capturing {
            driver.withCString { name in
                let allowed: [UnsafePointer<CChar>?] = [name, nil]
                return allowed.withUnsafeBufferPointer { list in
                    gdal.pointee.GDALOpenEx!(
                        path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), list.baseAddress, nil, nil)
                }
            }
        }
    }

    /// Opens the database at `path` (`file` names it in findings): one layer per table or feature class,
    /// sorted by name, or the findings that say why it was not read.
    public static func open(path: String, file: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        let ext = URL(fileURLWithPath: path.hasSuffix("/") ? String(path.dropLast()) : path).pathExtension.lowercased()
        let where_ = Location(file: file)
        guard let driverName = drivers[ext] else {
            return ([], [FormatFinding(.datasetUnreadable, at: where_, ["reason": "no GDAL driver reads .\(ext)"])])
        }
        let format = UnsupportedFormat.names[ext] ?? ext
        if let reason = unavailable {
            return ([], [FormatFinding(.datasetUnreadable, at: where_, ["reason": reason])])
        }
        _ = configured
        guard gdal.pointee.GDALGetDriverByName!(driverName) != nil else {
            let needs = packages[driverName].map { "; install \($0)" } ?? ""
            return (
                [],
                [FormatFinding(.memberFormatUnsupported, at: where_, value: format, ["format": format + needs])]
            )
        }
        let (handle, error) = openDataset(path, driver: driverName)
        guard let dataset = handle else {
            let reason =
                error.map { "GDAL's \(driverName) driver: \($0)" }
                ?? "GDAL's \(driverName) driver does not recognise it"
            if driverName == "PGeo", reason.localizedCaseInsensitiveContains("odbc") {
                let needs = "\(format); install \(packages[driverName] ?? "")"
                return ([], [FormatFinding(.memberFormatUnsupported, at: where_, value: format, ["format": needs])])
            }
            return ([], [FormatFinding(.datasetUnreadable, at: where_, ["reason": reason])])
        }
        defer { _ = capturing { gdal.pointee.GDALClose!(dataset) } }
        var layers: [any Layer] = []
        var findings: [FormatFinding] = []
        if let error {
            findings.append(FormatFinding(.datasetUnreadable, at: where_, ["reason": error]))
        }
        let count = gdal.pointee.GDALDatasetGetLayerCount!(dataset)
        for index in 0..<count {
            let (described, problem) = capturing { () -> GDALLayerPlan? in
                guard let layer = gdal.pointee.GDALDatasetGetLayer!(dataset, index) else { return nil }
                return GDALLayerPlan(layer, driver: driverName)
            }
            let layerName = described?.name ?? "#\(index + 1)"
            if let problem {
                findings.append(
                    FormatFinding(.datasetUnreadable, at: Location(file: file, layer: layerName), ["reason": problem]))
            }
            guard var plan = described else { continue }
            plan.index = Int(index)
            if let wkt = plan.wkt {
                switch CRSIdentifier.identify(wkt: wkt) {
                case .identified(let info): plan.crs = info
                case .unparsable(let reason):
                    findings.append(
                        FormatFinding(.prjUnreadable, at: Location(file: file, layer: plan.name), ["reason": reason]))
                }
            }
            layers.append(GDALLayer(path: path, file: file, driver: driverName, plan: plan))
        }
        layers.sort { $0.name < $1.name }
        return (layers, findings)
    }
}

/// libgdal's functions, once `GDALReader.unavailable` has said it is loaded (`gdal.pointee.GDALOpenEx!(…)`).
var gdal: UnsafePointer<stdcheck_gdal_api> {
    guard let api = stdcheck_gdal_load(nil) else { preconditionFailure("libgdal used before it was loaded") }
    return api
}

/// A string GDAL returns; "" for none (GDAL documents these as never NULL, the pointer types cannot say so).
func gdalText(_ text: UnsafePointer<CChar>?) -> String { text.map { String(cString: $0) } ?? "" }
