/// The record layouts of the geometry sections, for both versions (vct.md, "File layout").
///
/// VCT 3.0: a point is BSM, 要素代码, 图形表现编码, 点特征类型, then `X,Y` (for type 4 a count and that
/// many points); a line is BSM, 要素代码, 图形表现编码, 线特征类型, 线段条数, then per segment 线段类型,
/// 点数 n and n `X,Y` lines; a polygon is BSM, 要素代码, 图形表现编码, 面特征类型, 标识点 `X,Y`, then
/// either (面特征类型 1) direct rings, each a shape code, a point count and its points, or 面构成类型,
/// the number n of line references, and the references (signed line BSMs, several per line, `0`
/// between rings) until n non-zero ones are read; an annotation is BSM, 要素代码, 图形表现编码, type,
/// 注记内容, then `X,Y[,角度]` lines. Every record ends with a `0` line.
///
/// VCT 2.0 (the 二调 layout): a line is BSM, 要素代码, name, 线特征类型, n and n points; a polygon is
/// BSM, 要素代码, name, 标识点, n and the references. The closing `0` is optional in both versions.
struct VCTRecordParser {
    let bytes: VCTBytes
    /// The 2.0 layouts.
    let legacy: Bool
    var cursor: VCTCursor
    /// Parse coordinates to numbers (false while indexing: only the structure is followed).
    let decode: Bool

    /// A parsed geometry record.
    struct Feature {
        var bsm: Int64
        var code: Int64?
        var line: Int
        /// Signed line references of an indirect polygon, `0` kept as ring separator.
        var references: [Int64] = []
        var indirect = false
        /// Coordinates per part (interleaved x, y), when decoding.
        var parts: [[Double]] = []
        /// An annotation's text bytes.
        var text: Range<Int>?
    }

    struct Failure: Error {
        var line: Int
        var reason: String
    }

    /// Whether a line closes a section (`LineEnd`, `TableEnd` …) or opens one (`PolygonBegin`).
    func isSectionEnd(_ line: VCTLine) -> Bool {
        guard let word = bytes.keyword(line) else { return false }
        if word.hasSuffix("BEGIN") { return VCTSection(rawValue: String(word.dropLast(5))) != nil }
        return word.count > 3 && word.hasSuffix("END")
    }

    private mutating func line(_ what: String) throws(Failure) -> VCTLine {
        let saved = cursor
        guard let line = cursor.nextNonEmpty() else {
            throw Failure(line: cursor.lineNumber, reason: "the file ends where \(what) belongs")
        }
        if isSectionEnd(line) {
            cursor = saved
            throw Failure(line: line.number, reason: "the section ends where \(what) belongs")
        }
        return line
    }

    private mutating func integer(_ what: String) throws(Failure) -> Int64 {
        let line = try line(what)
        guard let value = bytes.integer(line) else {
            throw Failure(
                line: line.number,
                reason: "\(what) is not an integer: '\(bytes.ascii(line.start..<min(line.end, line.start + 40)))'")
        }
        return value
    }

    private mutating func count(_ what: String) throws(Failure) -> Int {
        let value = try integer(what)
        guard value >= 0, value <= Int64(bytes.count) else {
            throw Failure(line: cursor.lineNumber, reason: "\(what) \(value) is impossible")
        }
        return Int(value)
    }

    /// A coordinate line; its first two numbers are appended when decoding.
    private mutating func coordinate(into xy: inout [Double]) throws(Failure) {
        let line = try line("a coordinate line X,Y")
        if decode {
            guard let (x, y) = bytes.point(line) else {
                throw Failure(
                    line: line.number,
                    reason: "not a coordinate line X,Y: '\(bytes.ascii(line.start..<min(line.end, line.start + 40)))'")
            }
            xy.append(x)
            xy.append(y)
        } else if bytes.fields(line).count < 2 {
            throw Failure(line: line.number, reason: "not a coordinate line X,Y")
        }
    }

    /// The style (or 2.0 name) line: any text, possibly empty, so it is the very next line.
    private mutating func styleLine() throws(Failure) {
        let saved = cursor
        guard let line = cursor.next() else {
            throw Failure(line: cursor.lineNumber, reason: "the file ends in a record")
        }
        if isSectionEnd(line) {
            cursor = saved
            throw Failure(line: line.number, reason: "the section ends where the style line belongs")
        }
    }

    /// The closing `0`, when there is one.
    private mutating func terminator() {
        if let next = cursor.peekNonEmpty(), bytes.isZero(next) { _ = cursor.nextNonEmpty() }
    }

    private mutating func header(_ first: VCTLine) throws(Failure) -> Feature {
        guard let bsm = bytes.integer(first) else {
            throw Failure(
                line: first.number,
                reason:
                    "a record starts with its BSM, not '\(bytes.ascii(first.start..<min(first.end, first.start + 40)))'"
            )
        }
        let codeLine = try line("the 要素代码")
        let code = bytes.integer(codeLine)
        try styleLine()
        return Feature(bsm: bsm, code: code, line: first.number)
    }

    mutating func point(_ first: VCTLine) throws(Failure) -> Feature {
        var feature = try header(first)
        var xy: [Double] = []
        // the point type, a count for a cluster, then coordinates up to the closing 0
        while true {
            let saved = cursor
            guard let line = cursor.nextNonEmpty() else { break }
            if isSectionEnd(line) {
                cursor = saved
                break
            }
            if bytes.isZero(line) { break }
            if bytes.fields(line).count >= 2 {
                cursor = saved
                try coordinate(into: &xy)
            } else if bytes.integer(line) == nil {
                throw Failure(line: line.number, reason: "neither a point type, a count nor a coordinate line")
            }
        }
        if xy.isEmpty && decode { throw Failure(line: feature.line, reason: "the point has no coordinates") }
        feature.parts = [xy]
        return feature
    }

    mutating func line(_ first: VCTLine) throws(Failure) -> Feature {
        var feature = try header(first)
        _ = try integer("the 线特征类型")
        if legacy {
            var xy: [Double] = []
            for _ in 0..<(try count("the point count")) { try coordinate(into: &xy) }
            feature.parts = [xy]
        } else {
            let segments = try count("the 线段条数")
            for _ in 0..<segments {
                _ = try integer("the 线段类型")
                var xy: [Double] = []
                for _ in 0..<(try count("the point count")) { try coordinate(into: &xy) }
                feature.parts.append(xy)
            }
        }
        terminator()
        return feature
    }

    mutating func polygon(_ first: VCTLine) throws(Failure) -> Feature {
        var feature = try header(first)
        var type: Int64 = 100
        if legacy {
            var ignored: [Double] = []
            try coordinate(into: &ignored)
        } else {
            // 面特征类型 and 标识点, in either order
            let next = try line("the 面特征类型")
            if bytes.fields(next).count >= 2 {
                type = try integer("the 面特征类型")
            } else {
                guard let value = bytes.integer(next) else {
                    throw Failure(line: next.number, reason: "the 面特征类型 is not an integer")
                }
                type = value
                var ignored: [Double] = []
                try coordinate(into: &ignored)
            }
        }
        if type == 1 {
            // direct rings up to the closing 0
            while true {
                let saved = cursor
                guard let next = cursor.nextNonEmpty() else { break }
                if bytes.isZero(next) { break }
                if isSectionEnd(next) {
                    cursor = saved
                    break
                }
                guard bytes.integer(next) != nil else {
                    throw Failure(line: next.number, reason: "a ring starts with its shape code")
                }
                var xy: [Double] = []
                for _ in 0..<(try count("the point count")) { try coordinate(into: &xy) }
                feature.parts.append(xy)
            }
            return feature
        }
        feature.indirect = true
        if !legacy { _ = try integer("the 面构成类型") }
        let wanted = try count("the number of line references")
        var found = 0
        while found < wanted {
            let refs = try line("line references")
            for field in bytes.fields(refs) where !field.isEmpty {
                guard let reference = bytes.integer(field) else {
                    throw Failure(line: refs.number, reason: "a line reference is not an integer")
                }
                feature.references.append(reference)
                if reference != 0 { found += 1 }
            }
        }
        terminator()
        return feature
    }

    mutating func annotation(_ first: VCTLine) throws(Failure) -> Feature {
        var feature = try header(first)
        _ = try integer("the 注记类型")
        let text = try line("the 注记内容")
        feature.text = text.start..<text.end
        var xy: [Double] = []
        while true {
            let saved = cursor
            guard let line = cursor.nextNonEmpty() else { break }
            if isSectionEnd(line) {
                cursor = saved
                break
            }
            if bytes.isZero(line) { break }
            cursor = saved
            try coordinate(into: &xy)
        }
        feature.parts = [xy]
        return feature
    }

    /// Skips to just after the next `0` line, or to the section's end keyword (kept), after a failure.
    mutating func resynchronize() {
        while true {
            let saved = cursor
            guard let line = cursor.nextNonEmpty() else { return }
            if isSectionEnd(line) {
                cursor = saved
                return
            }
            if bytes.isZero(line) { return }
        }
    }
}
