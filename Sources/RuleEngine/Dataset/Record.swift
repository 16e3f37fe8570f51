/// One record of a layer, decoded: its attribute values by field position, and its shape.
public struct Record: Sendable {
    /// 1-based position in the file, counting deleted and damaged records too.
    public var number: Int
    /// Values in the schema's field order; nil when the field is blank (null).
    public var values: [String?]
    /// The record's shape; nil for a table or a null shape.
    public var geometry: Geometry?
    /// Damage the reader found in an otherwise readable record (e.g. undecodable text).
    public var problems: [FormatFinding]

    public init(number: Int, values: [String?], geometry: Geometry? = nil, problems: [FormatFinding] = []) {
        self.number = number
        self.values = values
        self.geometry = geometry
        self.problems = problems
    }

    /// The value at a 0-based field position, nil when blank or out of range.
    public subscript(index: Int) -> String? {
        index < values.count ? values[index] : nil
    }
}

/// A record the reader could not decode, with where and why: yielded instead of skipped.
public struct ReadProblem: Error, Hashable, Sendable {
    public var location: Location
    public var reason: String
    /// The format rule it is reported under: `record-unreadable` unless the reader knows better.
    public var defect: FormatDefect
    /// The values the defect's message needs beyond `reason`.
    public var values: [String: String]

    public init(
        at location: Location, _ reason: String, defect: FormatDefect = .recordUnreadable,
        _ values: [String: String] = [:]
    ) {
        self.location = location
        self.reason = reason
        self.defect = defect
        self.values = values
    }

    /// The finding this problem is reported as.
    public var finding: FormatFinding {
        var values = self.values
        values["reason"] = reason
        return FormatFinding(defect, at: location, values)
    }
}

/// How a layer's text was decoded, and on what grounds.
public struct EncodingInfo: Hashable, Sendable, Codable {
    /// Where the declaration came from.
    public enum Source: String, Sendable, Codable {
        /// The `.cpg` file beside the table.
        case cpg
        /// The dBASE language-driver byte (offset 29).
        case ldid
        /// Nothing declared; the decoder was chosen from the bytes.
        case detected
        /// Nothing declared and every text byte is ASCII.
        case none
        /// A byte-order mark at the start of a text table.
        case byteOrderMark = "bom"
        /// Named on the command line (`--encoding`).
        case option
        /// The pack's table declares it (`encoding:` in `tables/<NAME>.yaml`).
        case pack
    }

    /// The declaration as written (`GBK`, `UTF-8`, `LDID/77`); nil when nothing was declared.
    public var declared: String?
    public var source: Source
    /// The decoder actually used (`GB18030`, `UTF-8`, `CP1252`, …).
    public var used: String

    public init(declared: String?, source: Source, used: String) {
        self.declared = declared
        self.source = source
        self.used = used
    }
}

/// What the `.prj` says about the coordinate reference system, and what PROJ identified.
public struct CRSInfo: Hashable, Sendable, Codable {
    public var wkt: String
    /// The CRS name in the WKT, when it parses.
    public var name: String?
    /// The EPSG code PROJ identified, when it could.
    public var epsg: Int?
    /// PROJ's confidence in `epsg`, 0–100 (100: exact; 70: same parameters, other name).
    public var confidence: Int?

    public init(wkt: String, name: String? = nil, epsg: Int? = nil, confidence: Int? = nil) {
        self.wkt = wkt
        self.name = name
        self.epsg = epsg
        self.confidence = confidence
    }
}
