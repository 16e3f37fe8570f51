/// The defects that say what a run could not read or apply. An error finding of any of them (or of
/// `dataset-unreadable`, `zip-entry-unsafe`, `zip-limit-exceeded`, or a required layer's
/// `layer-missing`) makes the verdict NOT CHECKED: a pass means the data was checked.
extension FormatDefect {
    /// The check ids whose error findings make a run NOT CHECKED (`ConformanceReport.finish()`).
    public static let coverageChecks: Set<String> = [
        FormatDefect.submissionEmpty.rawValue, FormatDefect.submissionNoData.rawValue,
        FormatDefect.memberFormatUnsupported.rawValue, FormatDefect.memberUnreadable.rawValue,
        FormatDefect.memberNameUndecodable.rawValue, FormatDefect.datasetUnreadable.rawValue,
        // an archive entry refused (unsafe path, link) or an archive not extracted (a bomb) was not read
        FormatDefect.zipEntryUnsafe.rawValue, FormatDefect.zipLimitExceeded.rawValue,
        // a quote never closed: the rest of the table was read as one cell, not as records
        FormatDefect.csvQuoteUnclosed.rawValue, "layer-missing",
    ]

    /// Title, summary and message of a coverage defect; nil for the others.
    var coverage: StructuralText? {
        let text = StructuralText.init
        switch self {
        case .submissionEmpty:
            return text(
                ("提交内容为空", "The submission is empty"),
                (
                    "提交的文件夹或压缩包中没有任何文件，标准无从检查。",
                    "The submitted folder or archive holds no file, so the standard could not be applied."
                ),
                ("提交内容中没有任何文件，未作检查", "the submission holds no file; nothing was checked"))
        case .submissionNoData:
            return text(
                ("没有可按标准检查的数据", "No data of the standard could be read"),
                (
                    "提交内容中没有一个成员能作为该标准的数据读取（没有标准所列的图层、表格或文档）。",
                    "No member of the submission could be read as data of the standard: no layer, table or document it declares."
                ),
                (
                    "没有可按 {standard} 检查的数据：{reason}",
                    "no data of {standard} could be read: {reason}"
                ))
        case .memberFormatUnsupported:
            return text(
                ("成员格式不受支持", "A member is in a format StdCheck does not read"),
                (
                    "成员是 StdCheck 不读取的格式（GeoPackage、File Geodatabase、MDB、Word 文档等），其内容未作检查；它是唯一的数据或标准声明了它时为错误，否则为警告。",
                    "A member is in a format StdCheck does not read (GeoPackage, File Geodatabase, MDB, Word document …), so its content was not checked: an error when it is the only data or the standard declares it, a warning otherwise."
                ),
                (
                    "{format} 格式，StdCheck 不读取，内容未作检查",
                    "{format}: a format StdCheck does not read; its content was not checked"
                ))
        case .memberUnreadable:
            return text(
                ("成员无法读取", "A member cannot be read"),
                (
                    "提交内容中的文件夹无法列出、符号链接指向不存在或提交内容之外的位置，或成员不是普通文件；其内容未作检查。",
                    "A folder of the submission cannot be listed, a symbolic link leads nowhere or outside the submission, or a member is not a regular file; its content was not checked."
                ),
                ("{reason}，未作检查", "{reason}; not checked"))
        case .memberNameUndecodable:
            return text(
                ("文件名不是 UTF-8", "A file name is not UTF-8"),
                (
                    "文件名的字节不是有效的 UTF-8（常见于从中文 Windows 复制的 GBK 文件名），文件无法按名称读取，未作检查。",
                    "A file name's bytes are not valid UTF-8 (typical of GBK names copied from a Chinese Windows share); the file cannot be read by name and was not checked."
                ),
                (
                    "文件名字节 {hex} 不是 UTF-8{guess}；请将文件名转为 UTF-8（如 convmv -f gbk -t utf8）",
                    "file name bytes {hex} are not UTF-8{guess_en}; rename it to UTF-8 (e.g. convmv -f gbk -t utf8)"
                ))
        default:
            return nil
        }
    }
}

/// The data formats StdCheck recognises but does not read, by lowercased extension (a File
/// Geodatabase is a folder named `*.gdb`).
public enum UnsupportedFormat {
    public static let names: [String: String] = [
        "gpkg": "GeoPackage", "gdb": "Esri File Geodatabase", "mdb": "Esri Personal Geodatabase (MDB)",
        "accdb": "Microsoft Access database", "sqlite": "SQLite database",
        "db": "SQLite database", "geojson": "GeoJSON", "kml": "KML", "kmz": "KMZ", "gml": "GML",
        "dwg": "AutoCAD drawing (DWG)", "dxf": "AutoCAD exchange file (DXF)", "tab": "MapInfo TAB",
        "mif": "MapInfo Interchange (MIF)", "e00": "ArcInfo export (E00)", "tif": "raster image (TIFF)",
        "tiff": "raster image (TIFF)", "img": "raster image (ERDAS IMG)", "doc": "Word document",
        "docx": "Word document", "wps": "WPS document", "xls": "Excel workbook", "xlsx": "Excel workbook",
        "et": "WPS spreadsheet", "pdf": "PDF document", "rar": "RAR archive", "7z": "7-Zip archive",
        "zip": "zip archive inside the submission",
    ]

    /// The format's name when `path` (a file, or a folder ending in `/`) is in a format StdCheck does not read.
    public static func name(of path: String) -> String? {
        var trimmed = Substring(path)
        let isFolder = trimmed.hasSuffix("/")
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let dot = trimmed.lastIndex(of: "."), !trimmed[dot...].contains("/") else { return nil }
        let ext = trimmed[trimmed.index(after: dot)...].lowercased()
        if isFolder { return ext == "gdb" ? names["gdb"] : nil }
        return ext == "gdb" ? nil : names[ext]
    }
}
