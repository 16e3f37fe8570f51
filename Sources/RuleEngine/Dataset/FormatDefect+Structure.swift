/// The texts of the structural defects: the `.shp`/`.shx` and `.dbf` bytes and the frictionless
/// table errors, one entry per case.
extension FormatDefect {
    /// Title, summary and message of a structural defect.
    struct StructuralText {
        var title: LocalizedText
        var summary: LocalizedText
        var message: LocalizedText

        /// From (zh, en) pairs, as the tables of texts write them.
        init(_ title: (String, String), _ summary: (String, String), _ message: (String, String)) {
            self.title = LocalizedText(zh: title.0, en: title.1)
            self.summary = LocalizedText(zh: summary.0, en: summary.1)
            self.message = LocalizedText(zh: message.0, en: message.1)
        }
    }

    // Every case the first switch of FormatDefect does not name itself.
    // swift-format-ignore
    var structural: StructuralText {
        let text = StructuralText.init
        switch self {
        case .shapefileVersionUnknown:
            return text(
                ("shapefile 版本号不是 1000", "The shapefile version is not 1000"),
                ("文件头的版本号不是规范规定的 1000。", "A .shp or .shx header gives a version other than 1000."),
                ("{file} 文件头的版本号为 {version}，应为 1000", "{file} header gives version {version}, not 1000"))
        case .shpFileLengthMismatch:
            return text(
                (".shp 文件头的文件长度与实际大小不符", "The .shp header's file length differs from its size"),
                (".shp 文件头声明的文件长度与文件实际字节数不同。", "The file length in the .shp header is not the file's real size."),
                (".shp 文件头声明 {declared} 字节，文件实有 {actual} 字节", "the .shp header declares {declared} bytes but the file has {actual}"))
        case .shxFileLengthMismatch:
            return text(
                (".shx 文件头的文件长度与实际大小不符", "The .shx header's file length differs from its size"),
                (".shx 文件头声明的文件长度与文件实际字节数不同。", "The file length in the .shx header is not the file's real size."),
                (".shx 文件头声明 {declared} 字节，文件实有 {actual} 字节", "the .shx header declares {declared} bytes but the file has {actual}"))
        case .shxHeaderInvalid:
            return text(
                (".shx 索引文件结构无效", "The .shx index is malformed"),
                (".shx 不是有效的索引文件，已改为顺序扫描 .shp 读取记录。", "The .shx is not a valid index; records were read by scanning the .shp."),
                (".shx 无效（{reason}），已顺序扫描 .shp 读取记录", "the .shx is not a valid index ({reason}); records were read by scanning the .shp"))
        case .shapeTypeUnknown:
            return text(
                ("几何类型代码未定义", "The shape type code is undefined"),
                (".shp 文件头的几何类型不是规范定义的代码，无法读取几何。", "The .shp header gives a shape type the specification does not define; no shape can be read."),
                (".shp 文件头的几何类型代码 {type} 未定义", "the .shp header gives undefined shape type {type}"))
        case .shapeTypeUnsupported:
            return text(
                ("几何类型不受支持", "The shape type is not supported"),
                ("几何类型（如 MultiPatch）不在标准数据可用的类型之列。", "The shape type (such as MultiPatch) is not one survey data can use."),
                ("几何类型 {type} 不受支持", "shape type {type} is not supported"))
        case .shxShapeTypeMismatch:
            return text(
                (".shx 与 .shp 的几何类型不同", "The .shx and .shp shape types differ"),
                (".shx 文件头的几何类型与 .shp 文件头不同。", "The .shx header gives another shape type than the .shp header."),
                (".shx 的几何类型为 {shx}，.shp 为 {shp}", "the .shx gives shape type {shx} but the .shp gives {shp}"))
        case .shpBoundingBoxMismatch:
            return text(
                (".shp 文件头的范围与记录的实际范围不符", "The .shp header's bounding box differs from the records' extent"),
                (".shp 文件头的外包矩形与全部几何的实际范围不同。", "The bounding box in the .shp header is not the extent of its shapes."),
                (".shp 文件头的范围为 {declared}，记录的实际范围为 {actual}", "the .shp header gives bounding box {declared} but the shapes span {actual}"))
        case .shxOffsetOutsideShp:
            return text(
                (".shx 索引指向 .shp 之外", "A .shx entry points outside the .shp"),
                (".shx 中某条记录的偏移和长度超出 .shp 文件。", "A .shx entry's offset and length reach outside the .shp."),
                (".shx 记录 {record} 指向偏移 {offset}、长度 {length}，超出 {size} 字节的 .shp", ".shx entry {record} points at offset {offset}, length {length}, outside the {size}-byte .shp"))
        case .shxRecordMismatch:
            return text(
                (".shx 索引与 .shp 记录头不符", "A .shx entry does not match the .shp record header"),
                (".shx 给出的偏移处，.shp 记录头的记录号或长度与索引不同。", "At the offset a .shx entry gives, the .shp record header has another number or length."),
                (".shx 记录 {record}（偏移 {offset}，长度 {length}）处的 .shp 记录头为记录 {found}、长度 {foundLength}", ".shx entry {record} (offset {offset}, length {length}) meets .shp record {found} of length {foundLength}"))
        case .shpRecordNumberOutOfSequence:
            return text(
                (".shp 记录号不连续", "A .shp record number is out of sequence"),
                (".shp 记录头的记录号不是从 1 开始依次递增。", "A .shp record header's number does not follow 1, 2, 3 …"),
                ("记录头的记录号为 {found}，应为 {expected}", "the record header gives number {found}, not {expected}"))
        case .shpRecordShapeTypeMismatch:
            return text(
                (".shp 记录的几何类型与文件头不同", "A .shp record's shape type differs from the header's"),
                ("记录的几何类型既不是文件头的类型，也不是空几何。", "A record's shape type is neither the header's nor null."),
                ("记录的几何类型为 {type}，文件头为 {expected}", "the record has shape type {type} but the header gives {expected}"))
        case .shpRecordLengthMismatch:
            return text(
                (".shp 记录的部件数和点数与记录长度不符", "A .shp record's part and point counts do not fit its length"),
                ("记录声明的部件数和点数所需的字节数与记录长度不符。", "The bytes a record's part and point counts need differ from its content length."),
                ("{parts} 个部件、{points} 个点需要 {needed} 字节，记录长度为 {length} 字节", "{parts} parts and {points} points need {needed} bytes but the record holds {length}"))
        case .shpRecordTruncated:
            return text(
                (".shp 记录被文件末尾截断", "A .shp record is cut off by the end of the file"),
                ("记录头声明的长度超出文件末尾；其后的字节不再作为记录读取。", "A record header declares more bytes than the file has left; the bytes from there on are not read as records."),
                ("记录 {record} 声明 {length} 字节，文件只剩 {available} 字节", "record {record} declares {length} bytes but only {available} remain in the file"))
        case .findingsCapped:
            return text(
                ("同一规则的其余问题只计数", "Further findings of a rule are counted, not listed"),
                ("一个图层中同一格式规则的问题超过 1000 个时，其余的只计数，不逐条列出。", "Past 1000 findings of one format rule in a layer, the rest are counted here instead of listed one by one."),
                ("另有 {count} 个 {rule} 问题（记录 {records}）未逐条列出，只列出前 {limit} 个", "{count} more {rule} findings (records {records}) are not listed; only the first {limit} are"))
        case .shpRecordEmpty:
            return text(
                (".shp 记录头未声明几何", "A .shp record header declares no shape"),
                ("记录头声明的内容不足 4 字节（几何类型），多为置零或稀疏的字节；其后的字节不再作为记录读取。", "A record header declares fewer than the 4 content bytes of a shape type (zeroed or sparse bytes, mostly); the bytes from there on are not read as records."),
                ("记录 {record}（偏移 {offset}）声明 {length} 字节内容，不足以容纳几何类型；其后 {remaining} 字节不再作为记录读取", "record {record} (offset {offset}) declares {length} content bytes, too few for a shape type; the {remaining} bytes from there on are not read as records"))
        case .coordinateInvalid:
            return text(
                ("坐标不是有限数或超出范围", "A coordinate is not finite or out of range"),
                ("顶点的 X、Y 或 Z 坐标为 NaN、无穷大，或绝对值超过 1e15；该记录的几何不作检查。", "A vertex's x, y or z is NaN, infinite, or larger than 1e15 in magnitude; the record's shape is not checked."),
                ("第 {vertex} 个顶点的 {axis} 坐标为 {coordinate}，不是有限数或超出 ±1e15", "vertex {vertex} has {axis} = {coordinate}, not finite or beyond ±1e15"))
        case .dbfVersionUnknown:
            return text(
                ("DBF 版本字节未知", "The DBF version byte is unknown"),
                ("DBF 首字节不是已知的 dBASE 版本。", "The first byte of the .dbf is not a known dBASE version."),
                ("DBF 版本字节为 {version}，不是已知的 dBASE 版本", "the DBF version byte is {version}, not a known dBASE version"))
        case .dbfHeaderLengthMismatch:
            return text(
                ("DBF 文件头长度与字段数不符", "The DBF header length does not fit its fields"),
                ("文件头长度不等于 32 + 32 × 字段数 + 1。", "The header length is not 32 + 32 × fields + 1."),
                ("文件头长度为 {declared} 字节，{fields} 个字段应为 {expected} 字节", "the header length is {declared} bytes; {fields} fields need {expected}"))
        case .dbfFieldTerminatorMissing:
            return text(
                ("DBF 字段描述缺少结束符", "The DBF field descriptors lack their terminator"),
                ("字段描述区之后没有结束字节 0x0D。", "The field descriptors are not followed by the terminator byte 0x0D."),
                ("字段描述之后（偏移 {offset}）没有结束符 0x0D", "no 0x0D terminator after the field descriptors (offset {offset})"))
        case .dbfRecordLengthMismatch:
            return text(
                ("DBF 记录长度与字段宽度之和不符", "The DBF record length is not the sum of the field widths"),
                ("文件头的记录长度不等于各字段宽度之和加 1（删除标记）。", "The header's record length is not the sum of the field widths plus 1 (the deletion flag)."),
                ("记录长度为 {declared} 字节，字段宽度之和加 1 为 {expected} 字节", "the record length is {declared} bytes but the field widths plus 1 make {expected}"))
        case .dbfRecordCountMismatch:
            return text(
                ("DBF 记录数与文件大小不符", "The DBF record count does not fit the file size"),
                ("文件头声明的记录数与文件实际容纳的记录数不同。", "The record count in the header differs from the records the file's bytes hold."),
                ("文件头声明 {declared} 条记录，文件实际容纳 {actual} 条", "the header declares {declared} records but the file holds {actual}"))
        case .dbfEOFMarkerMissing:
            return text(
                ("DBF 缺少文件结束标记", "The DBF end-of-file marker is missing"),
                ("最后一条记录之后没有文件结束字节 0x1A。", "The last record is not followed by the end-of-file byte 0x1A."),
                ("最后一条记录之后没有文件结束标记 0x1A", "no end-of-file marker 0x1A after the last record"))
        case .dbfDeletionFlagInvalid:
            return text(
                ("DBF 记录的删除标记无效", "A DBF record's deletion flag is invalid"),
                ("记录的首字节既不是空格（有效）也不是 *（删除）；该记录未作检查。", "A record's first byte is neither a space (valid) nor * (deleted); the record was not checked."),
                ("删除标记为 {flag}，不是空格或 *，未作检查", "deletion flag {flag} is neither a space nor *; not checked"))
        case .fieldNameInvalid:
            return text(
                ("字段名不合法", "A field name is not legal"),
                ("字段名为空、含空格或控制字符、以数字开头，或没有结束的零字节。", "A field name is empty, holds a space or control character, starts with a digit, or has no terminating zero byte."),
                ("字段 {position} 的名称“{field}”不合法：{reason}", "field {position} name '{field}' is not legal: {reason}"))
        case .fieldNameDuplicated:
            return text(
                ("字段名重复", "A field name is duplicated"),
                ("两个字段同名（不区分大小写）。", "Two fields share a name (ignoring letter case)."),
                ("字段 {position} 的名称 {field} 与字段 {first} 重复", "field {position} name {field} is also the name of field {first}"))
        case .numberUnparsable:
            return text(
                ("数值字段的值无法解析", "A numeric value does not parse"),
                ("数值（N/F）字段的值不是十进制数。", "A value of a numeric (N/F) field is not a decimal number."),
                ("{field} 的值“{value}”不是数字", "{field} value '{value}' is not a number"))
        case .dateInvalid:
            return text(
                ("日期字段的值无效", "A date value is invalid"),
                ("日期（D）字段的值不是有效的 YYYYMMDD 日期。", "A value of a date (D) field is not a valid YYYYMMDD date."),
                ("{field} 的值“{value}”不是有效的 YYYYMMDD 日期", "{field} value '{value}' is not a valid YYYYMMDD date"))
        case .encodingConflict:
            return text(
                (".cpg 与 DBF 语言驱动声明的编码不同", "The .cpg and the DBF language driver declare different encodings"),
                (".cpg 与 DBF 语言驱动字节声明了不同的编码；按 .cpg 解码。", "The .cpg and the DBF language-driver byte name different encodings; the .cpg is used."),
                (".cpg 声明 {cpg}，语言驱动字节 {ldid} 声明 {declared}；按 {cpg} 解码", "the .cpg declares {cpg} but language driver {ldid} declares {declared}; decoded as {cpg}"))
        case .blankLabel:
            return text(
                ("表头为空", "A header label is blank"),
                ("表头某列没有名称。", "A column of the header row has no label."),
                ("第 {column} 列的表头为空", "the header of column {column} is blank"))
        case .duplicateLabel:
            return text(
                ("表头重复", "A header label is duplicated"),
                ("表头两列同名。", "Two columns of the header row share a label."),
                ("第 {column} 列的表头 {label} 与第 {first} 列重复", "column {column} label {label} is also the label of column {first}"))
        case .missingCell:
            return text(
                ("行缺少单元格", "A row lacks cells"),
                ("数据行的单元格少于表头的列数。", "A data row has fewer cells than the header has labels."),
                ("第 {row} 行缺少第 {column} 列（{label}）的单元格", "row {row} has no cell for column {column} ({label})"))
        case .extraCell:
            return text(
                ("行有多余单元格", "A row has extra cells"),
                ("数据行的单元格多于表头的列数。", "A data row has more cells than the header has labels."),
                ("第 {row} 行第 {column} 列的单元格在表头之外", "row {row} has a cell in column {column}, beyond the header"))
        case .blankRow:
            return text(
                ("空行", "A row is blank"),
                ("数据行的每个单元格都为空。", "Every cell of a data row is empty."),
                ("第 {row} 行为空", "row {row} is blank"))
        case .typeError:
            return text(
                ("单元格的值与字段类型不符", "A cell does not match its field type"),
                ("单元格的值不能按标准规定的字段类型解析。", "A cell's value does not parse as the type the standard gives its field."),
                ("{field} 的值“{value}”不是 {type}", "{field} value '{value}' is not a valid {type}"))
        case .encodingError:
            return text(
                ("文本无法按声明的编码解码", "Text does not decode in the declared encoding"),
                ("表格文件含有不符合所用编码的字节。", "A table file has bytes that are not valid in the encoding used."),
                ("字节偏移 {offset} 处不是有效的 {encoding} 编码", "not valid {encoding} at byte offset {offset}"))
        case .csvLimitExceeded:
            return text(
                ("表格行超过读取上限", "A table row exceeds a reading limit"),
                ("一行的单元格数、单元格字节数或整行字节数超过上限；超出部分跳过，不作检查。", "A row has more cells, or a cell or the row more bytes, than StdCheck reads; the excess is skipped and not checked."),
                ("第 {line} 行：{reason}", "line {line}: {reason}"))
        case .csvQuoteUnclosed:
            return text(
                ("表格中的引号未闭合", "A quote in a table is never closed"),
                ("单元格以引号开始，但文件中再无闭合引号，其后各行都被读入这一个单元格，未作为记录检查。", "A cell opens a quote that the file never closes, so every line after it was read into that one cell and not checked as records."),
                ("第 {line} 行第 {column} 列的引号未闭合，其后各行未作为记录读取", "the quote opened at line {line}, column {column} is never closed; the lines after it were not read as records"))
        case .boundarySectionRegional:
            return text(
                ("报批坐标文件含地方性的节", "A boundary-coordinate file has a regional section"),
                ("文件在 [属性描述] 之前有地方性的 [项目信息] 节（部分省份的变体），该节不属于格式，未作检查。", "The file opens with a regional [项目信息] section before [属性描述] (a provincial variant); it is not part of the format and was not checked."),
                ("第 {line} 行起的 [{section}] 节是地方性变体，不属于报批坐标格式，未作检查", "the [{section}] section from line {line} is a regional variant, not part of the format; not checked"))
        default:
            return text(("", ""), ("", ""), ("", ""))
        }
    }
}
