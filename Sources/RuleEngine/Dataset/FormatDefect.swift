/// Defects the readers find in the files themselves, before any standard is applied.
///
/// Every pack gets one rule per case, with these ids; no pack may declare them itself.
public enum FormatDefect: String, Sendable, Codable, CaseIterable {
    case datasetUnreadable = "dataset-unreadable"
    case recordUnreadable = "record-unreadable"
    case findingsCapped = "findings-capped"
    case shpMissing = "shp-missing"
    case shxMissing = "shx-missing"
    case dbfMissing = "dbf-missing"
    case prjMissing = "prj-missing"
    case prjUnreadable = "prj-unreadable"
    case cpgUnknown = "cpg-unknown"
    case encodingUndeclared = "encoding-undeclared"
    case textUndecodable = "text-undecodable"
    case recordCountMismatch = "record-count-mismatch"
    case recordDeleted = "record-deleted"
    case shapefileVersionUnknown = "shapefile-version-unknown"
    case shpFileLengthMismatch = "shp-file-length-mismatch"
    case shxFileLengthMismatch = "shx-file-length-mismatch"
    case shxHeaderInvalid = "shx-header-invalid"
    case shapeTypeUnknown = "shape-type-unknown"
    case shapeTypeUnsupported = "shape-type-unsupported"
    case shxShapeTypeMismatch = "shx-shape-type-mismatch"
    case shpBoundingBoxMismatch = "shp-bounding-box-mismatch"
    case shxOffsetOutsideShp = "shx-offset-outside-shp"
    case shxRecordMismatch = "shx-record-mismatch"
    case shpRecordNumberOutOfSequence = "shp-record-number-out-of-sequence"
    case shpRecordShapeTypeMismatch = "shp-record-shape-type-mismatch"
    case shpRecordLengthMismatch = "shp-record-length-mismatch"
    case shpRecordTruncated = "shp-record-truncated"
    case shpRecordEmpty = "shp-record-empty"
    case coordinateInvalid = "coordinate-invalid"
    case dbfVersionUnknown = "dbf-version-unknown"
    case dbfHeaderLengthMismatch = "dbf-header-length-mismatch"
    case dbfFieldTerminatorMissing = "dbf-field-terminator-missing"
    case dbfRecordLengthMismatch = "dbf-record-length-mismatch"
    case dbfRecordCountMismatch = "dbf-record-count-mismatch"
    case dbfEOFMarkerMissing = "dbf-eof-marker-missing"
    case dbfDeletionFlagInvalid = "dbf-deletion-flag-invalid"
    case fieldNameInvalid = "field-name-invalid"
    case fieldNameDuplicated = "field-name-duplicated"
    case numberUnparsable = "number-unparsable"
    case dateInvalid = "date-invalid"
    case encodingConflict = "encoding-conflict"
    case blankLabel = "blank-label"
    case duplicateLabel = "duplicate-label"
    case missingCell = "missing-cell"
    case extraCell = "extra-cell"
    case blankRow = "blank-row"
    case typeError = "type-error"
    case encodingError = "encoding-error"
    case csvLimitExceeded = "csv-limit-exceeded"
    case csvQuoteUnclosed = "csv-quote-unclosed"
    case xmlNotWellFormed = "xml-not-well-formed"
    case xmlEntityDeclared = "xml-entity-declared"
    case xmlTooLarge = "xml-too-large"
    case xmlSchemaInvalid = "xml-schema-invalid"
    case xmlSchemaUnusable = "xml-schema-unusable"
    case zipEntryUnsafe = "zip-entry-unsafe"
    case zipLimitExceeded = "zip-limit-exceeded"
    case boundarySectionMissing = "boundary-section-missing"
    case boundaryLineMalformed = "boundary-line-malformed"
    case boundaryPointCountMismatch = "boundary-point-count-mismatch"
    case boundaryRingNotClosed = "boundary-ring-not-closed"
    case boundaryRingClosingPointOmitted = "boundary-ring-closing-point-omitted"
    case boundaryPointNumberRepeated = "boundary-point-number-repeated"
    case boundarySectionRegional = "boundary-section-regional"
    // The VCT reader's findings (texts in FormatDefect+VCT.swift).
    case vctHeaderInvalid = "vct-header-invalid"
    case vctSectionMissing = "vct-section-missing"
    case vctRecordMalformed = "vct-record-malformed"
    case vctFeatureCodeUnknown = "vct-feature-code-unknown"
    case vctTableUndeclared = "vct-table-undeclared"
    case vctCRSUnidentified = "vct-crs-unidentified"
    case vctRingNotClosed = "vct-ring-not-closed"
    case vctLineMissing = "vct-line-missing"
    case vctLineUnused = "vct-line-unused"
    case vctLineOfOtherLayer = "vct-line-of-other-layer"
    case vctRowMissing = "vct-row-missing"
    case vctFeatureMissing = "vct-feature-missing"
    case vctFieldCountMismatch = "vct-field-count-mismatch"
    // What a run could not read or apply: each makes the verdict NOT CHECKED (see FormatDefect+Coverage.swift).
    case submissionEmpty = "submission-empty"
    case submissionNoData = "submission-no-data"
    case memberFormatUnsupported = "member-format-unsupported"
    case memberUnreadable = "member-unreadable"
    case memberNameUndecodable = "member-name-undecodable"

    public var severity: Severity {
        switch self {
        case .encodingUndeclared, .cpgUnknown, .recordDeleted, .shapefileVersionUnknown, .shapeTypeUnsupported,
            .shpBoundingBoxMismatch, .dbfVersionUnknown, .dbfHeaderLengthMismatch, .encodingConflict,
            .boundarySectionRegional, .boundaryRingClosingPointOmitted, .vctCRSUnidentified, .vctLineUnused:
            .warning
        // Many writers (pyshp, GDAL before 2.x) omit the marker; readers do not need it.
        case .dbfEOFMarkerMissing: .info
        // The findings it counts have failed their own rule already.
        case .findingsCapped: .info
        default: .error
        }
    }

    public var title: LocalizedText {
        if let coverage { return coverage.title }
        if let vct { return vct.title }
        return switch self {
        case .datasetUnreadable: LocalizedText(zh: "数据文件无法读取", en: "A data file cannot be read")
        case .recordUnreadable: LocalizedText(zh: "记录无法读取", en: "A record cannot be read")
        case .shpMissing: LocalizedText(zh: "缺少 .shp 文件", en: "The .shp file is missing")
        case .shxMissing: LocalizedText(zh: "缺少 .shx 索引文件", en: "The .shx index file is missing")
        case .dbfMissing: LocalizedText(zh: "缺少 .dbf 属性文件", en: "The .dbf attribute file is missing")
        case .prjMissing: LocalizedText(zh: "缺少 .prj 坐标系文件", en: "The .prj coordinate system file is missing")
        case .prjUnreadable: LocalizedText(zh: ".prj 坐标系无法解析", en: "The .prj coordinate system cannot be parsed")
        case .cpgUnknown: LocalizedText(zh: ".cpg 声明了未知编码", en: "The .cpg declares an unknown encoding")
        case .encodingUndeclared: LocalizedText(zh: "未声明字符编码", en: "The text encoding is not declared")
        case .textUndecodable: LocalizedText(zh: "文本无法按声明的编码解码", en: "Text does not decode in the declared encoding")
        case .recordCountMismatch: LocalizedText(zh: ".shp 与 .dbf 记录数不一致", en: "The .shp and .dbf record counts differ")
        case .recordDeleted: LocalizedText(zh: "DBF 中有标记删除的记录", en: "The .dbf holds a record marked deleted")
        case .xmlNotWellFormed: LocalizedText(zh: "XML 文档格式不正确", en: "An XML document is not well-formed")
        case .xmlEntityDeclared: LocalizedText(zh: "XML 文档声明了实体", en: "An XML document declares an entity")
        case .xmlTooLarge: LocalizedText(zh: "XML 文档超过大小上限", en: "An XML document exceeds the size limit")
        case .xmlSchemaInvalid: LocalizedText(zh: "XML 文档不符合模式", en: "An XML document is not valid against its schema")
        case .xmlSchemaUnusable: LocalizedText(zh: "XML 模式无法使用", en: "An XML schema cannot be used")
        case .zipEntryUnsafe: LocalizedText(zh: "zip 条目路径不安全", en: "A zip entry has an unsafe path")
        case .zipLimitExceeded: LocalizedText(zh: "zip 包超过安全上限", en: "A zip archive exceeds a safety limit")
        case .boundarySectionMissing: LocalizedText(zh: "坐标文件缺少节", en: "A boundary file lacks a section")
        case .boundaryLineMalformed: LocalizedText(zh: "坐标文件行格式错误", en: "A boundary file line is malformed")
        case .boundaryPointCountMismatch:
            LocalizedText(zh: "界址点数与坐标行数不符", en: "A parcel's point count differs from its point lines")
        case .boundaryRingNotClosed: LocalizedText(zh: "地块圈未闭合", en: "A parcel ring is not closed")
        case .boundaryPointNumberRepeated: LocalizedText(zh: "界址点号重复", en: "A boundary point number repeats")
        case .boundaryRingClosingPointOmitted:
            LocalizedText(zh: "地块圈省略了闭合点", en: "A parcel ring omits its closing point")
        default: structural.title
        }
    }

    public var descriptor: CheckDescriptor {
        if let coverage { return CheckDescriptor(id: rawValue, summary: coverage.summary, message: coverage.message) }
        if let vct { return CheckDescriptor(id: rawValue, summary: vct.summary, message: vct.message) }
        return switch self {
        case .datasetUnreadable:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(zh: "数据文件无法打开或解析", en: "A file of the submission cannot be opened or parsed."),
                message: LocalizedText(zh: "无法读取：{reason}", en: "cannot be read: {reason}"))
        case .recordUnreadable:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "记录无法解码，其余记录照常读取", en: "A record cannot be decoded; the rest of the layer is still read."),
                message: LocalizedText(zh: "记录无法读取：{reason}", en: "record cannot be read: {reason}"))
        case .shpMissing:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "shapefile 的 .dbf 或 .shx 旁没有 .shp", en: "A shapefile's .dbf or .shx has no .shp beside it."),
                message: LocalizedText(zh: "{file} 旁没有同名的 .shp 文件", en: "{file} has no .shp beside it"))
        case .shxMissing:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "shapefile 缺少 .shx 索引，已顺序扫描 .shp",
                    en: "A shapefile has no .shx index; its records were read by scanning the .shp."),
                message: LocalizedText(
                    zh: "缺少 .shx 索引文件，已顺序扫描 .shp 读取记录",
                    en: "the .shx index is missing; records were read by scanning the .shp"))
        case .dbfMissing:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(zh: "shapefile 缺少 .dbf 属性表", en: "A shapefile has no .dbf attribute table."),
                message: LocalizedText(
                    zh: "缺少 .dbf 属性文件，无法检查属性", en: "the .dbf attribute table is missing; no attribute was checked"))
        case .prjMissing:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "shapefile 缺少 .prj，坐标系未知",
                    en: "A shapefile has no .prj, so its coordinate reference system is unknown."),
                message: LocalizedText(
                    zh: "缺少 .prj 文件，坐标系未知", en: "the .prj is missing; the coordinate reference system is unknown"))
        case .prjUnreadable:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: ".prj 不是可解析的坐标系", en: "A .prj does not hold a coordinate reference system PROJ can parse."),
                message: LocalizedText(
                    zh: ".prj 无法解析为坐标系：{reason}", en: "the .prj is not a coordinate reference system: {reason}"))
        case .cpgUnknown:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(zh: ".cpg 声明的编码无法识别", en: "A .cpg names an encoding StdCheck does not know."),
                message: LocalizedText(
                    zh: ".cpg 声明的编码 '{declared}' 无法识别，按 {used} 解码",
                    en: "the .cpg declares unknown encoding '{declared}'; decoded as {used}"))
        case .encodingUndeclared:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "文本含非 ASCII 字节，但 .cpg 和 DBF 语言驱动均未声明编码",
                    en: "Text has non-ASCII bytes but neither a .cpg nor the DBF language driver declares its encoding."
                ),
                message: LocalizedText(
                    zh: "属性含非 ASCII 文本，但未声明编码（无 .cpg，语言驱动字节为 0）；按 {used} 解码",
                    en: "non-ASCII text but no declared encoding (no .cpg, language driver 0); decoded as {used}"))
        case .textUndecodable:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "文本含有不符合所声明编码的字节", en: "A text value has bytes that are not valid in the declared encoding."),
                message: LocalizedText(
                    zh: "{field} 的文本在字节偏移 {offset} 处不是有效的 {encoding} 编码",
                    en: "{field} text is not valid {encoding} at byte offset {offset}"))
        case .recordCountMismatch:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: ".shp 的几何记录数与 .dbf 的属性记录数不同",
                    en: "The .shp holds a different number of shapes than the .dbf holds records."),
                message: LocalizedText(
                    zh: ".shp 有 {shapes} 个几何，.dbf 有 {records} 条记录",
                    en: "the .shp holds {shapes} shapes but the .dbf holds {records} records"))
        case .recordDeleted:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "DBF 记录带有删除标记，未作检查", en: "A .dbf record carries the deletion mark and was not checked."),
                message: LocalizedText(zh: "记录带有删除标记（*），未作检查", en: "record is marked deleted (*) and was not checked"))
        case .xmlNotWellFormed:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "XML 文档不是格式良好的 XML，未作进一步检查",
                    en: "An XML document is not well-formed XML; it was not checked further."),
                message: LocalizedText(zh: "XML 格式错误：{reason}", en: "not well-formed: {reason}"))
        case .xmlEntityDeclared:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "XML 文档在 DOCTYPE 中声明实体（可能是 XXE 或实体膨胀攻击），实体不展开，文档不再检查",
                    en:
                        "An XML document declares entities in its DOCTYPE (the shape of XXE and billion-laughs attacks); nothing is expanded and the document is not checked further."
                ),
                message: LocalizedText(
                    zh: "声明了实体 '{name}'（{kind}），不展开，文档未作检查",
                    en: "declares {kind} entity '{name}'; entities are not expanded and the document was not checked"))
        case .xmlTooLarge:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "XML 文档超过 StdCheck 读取的上限（大小、元素数、单个元素的属性数、文本节点长度），未读取",
                    en:
                        "An XML document is past a limit of what StdCheck reads (size, elements, attributes of one element, length of a text node); it was not read."
                ),
                message: LocalizedText(
                    zh: "{what-zh}为 {size}，超过上限 {limit}，未读取",
                    en: "{what-en} is {size}, over the limit of {limit}; not read"))
        case .xmlSchemaInvalid:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "XML 文档不符合 XSD 模式", en: "An XML document is not valid against its XML Schema (XSD)."),
                message: LocalizedText(zh: "不符合模式：{reason}", en: "schema-invalid: {reason}"))
        case .xmlSchemaUnusable:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "XSD 模式无法读取或编译（含无法离线解析的导入），文档未作模式校验",
                    en:
                        "An XML Schema cannot be read or compiled (including imports that do not resolve offline); the document was not validated."
                ),
                message: LocalizedText(zh: "模式 {schema} 无法使用：{reason}", en: "schema {schema} cannot be used: {reason}"))
        case .zipEntryUnsafe:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "zip 条目为绝对路径、含 ..、为符号链接或名称无法解码，未解压",
                    en:
                        "A zip entry has an absolute path, a .. component, is a symbolic link or has a name that does not decode; it was not extracted."
                ),
                message: LocalizedText(zh: "条目 '{entry}' {reason}，未解压", en: "entry '{entry}' {reason}; not extracted"))
        case .zipLimitExceeded:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "zip 包的条目数、解压总大小或压缩比超过上限（疑似 zip 炸弹），未解压",
                    en:
                        "A zip archive has too many entries, too large an uncompressed size or too high a compression ratio (the shape of a zip bomb); it was not extracted."
                ),
                message: LocalizedText(zh: "{reason}，未解压", en: "{reason}; not extracted"))
        case .boundarySectionMissing:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "报批坐标文件缺少 [属性描述] 或 [地块坐标] 节",
                    en: "A boundary-coordinate file lacks its [属性描述] or [地块坐标] section."),
                message: LocalizedText(zh: "缺少 [{section}] 节", en: "the [{section}] section is missing"))
        case .boundaryLineMalformed:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "报批坐标文件的行既不是 键=值、地块行，也不是坐标行",
                    en: "A line of a boundary-coordinate file is neither key=value, a parcel line nor a point line."),
                message: LocalizedText(zh: "行格式错误：{reason}", en: "malformed line: {reason}"))
        case .boundaryPointCountMismatch:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "地块行声明的界址点数与其后的坐标行数不同",
                    en: "The point count a parcel line declares differs from the number of point lines after it."),
                message: LocalizedText(
                    zh: "地块 {parcel} 声明 {declared} 个界址点，实有 {actual} 行",
                    en: "parcel {parcel} declares {declared} points but has {actual} point lines"))
        case .boundaryRingNotClosed:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "地块的圈的末点不重复首点（点号与坐标），或点数少于 4",
                    en:
                        "A parcel ring does not end by repeating its first point (number and coordinates), or has fewer than 4 points."
                ),
                message: LocalizedText(
                    zh: "地块 {parcel} 第 {ring} 圈未闭合：首点 {first}，末点 {last}",
                    en: "ring {ring} of parcel {parcel} is not closed: first point {first}, last {last}"))
        case .boundaryRingClosingPointOmitted:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "地块的圈止于末个界址点，未重复首点（部分软件的写法；读取时自动闭合）",
                    en:
                        "A parcel ring stops at its last corner without repeating its first point (some writers do this; readers close it)."
                ),
                message: LocalizedText(
                    zh: "地块 {parcel} 第 {ring} 圈未重复首点 {first}，止于 {last}，按闭合处理",
                    en: "ring {ring} of parcel {parcel} stops at {last} without repeating {first}; read as closed"))
        case .boundaryPointNumberRepeated:
            CheckDescriptor(
                id: rawValue,
                summary: LocalizedText(
                    zh: "同一圈内除闭合点外，界址点号重复",
                    en: "A point number repeats within a ring, other than the closing point."),
                message: LocalizedText(
                    zh: "地块 {parcel} 第 {ring} 圈的点号 {number} 重复（首次见第 {first} 行）",
                    en: "point number {number} repeats in ring {ring} of parcel {parcel} (first on line {first})"))
        default:
            CheckDescriptor(id: rawValue, summary: structural.summary, message: structural.message)
        }
    }
}

/// A format defect a reader found, with its place and message values.
public struct FormatFinding: Hashable, Sendable {
    public var defect: FormatDefect
    public var location: Location
    public var value: String?
    public var values: [String: String]
    /// Lowers this finding below its rule's severity (a `member-format-unsupported` beside readable data is a warning).
    public var severity: Severity?

    public init(
        _ defect: FormatDefect, at location: Location, value: String? = nil, _ values: [String: String] = [:],
        severity: Severity? = nil
    ) {
        self.defect = defect
        self.location = location
        self.value = value
        self.values = values
        self.severity = severity
    }
}
