/// The texts of the VCT reader's defects (Sources/Formats/VCT): the file's sections and head, its
/// records, the polygons built from line references, and the join of features to attribute rows.
extension FormatDefect {
    /// Title, summary and message of a VCT defect; nil for the others.
    // swift-format-ignore
    var vct: StructuralText? {
        let text = StructuralText.init
        switch self {
        case .vctHeaderInvalid:
            return text(
                ("VCT 文件头或结构描述无效", "The VCT head or a structure line is invalid"),
                ("VCT 文件头缺少 DataMark 或 Version、版本不是 2.0 或 3.0，或要素代码、表结构的行格式错误。",
                 "The VCT head lacks DataMark or Version, gives a version other than 2.0 or 3.0, or a FeatureCode or TableStructure line is malformed."),
                ("VCT 文件头或结构描述无效：{reason}", "invalid VCT head or structure: {reason}"))
        case .vctSectionMissing:
            return text(
                ("VCT 文件缺少节", "A VCT section is missing"),
                ("VCT 文件缺少 Head、FeatureCode、TableStructure 或 Attribute 节，或某节有 Begin 而无 End。",
                 "The VCT file lacks its Head, FeatureCode, TableStructure or Attribute section, or a section's Begin has no End."),
                ("缺少 {section}：{reason}", "{section} is missing: {reason}"))
        case .vctRecordMalformed:
            return text(
                ("VCT 记录格式错误", "A VCT record is malformed"),
                ("几何或属性记录不符合其版本的记录格式（BSM、要素代码、点数、坐标、结束符 0 …），该记录未读取。",
                 "A geometry or attribute record does not follow its version's layout (BSM, 要素代码, counts, coordinates, closing 0 …); the record was not read."),
                ("记录格式错误：{reason}", "malformed record: {reason}"))
        case .vctFeatureCodeUnknown:
            return text(
                ("要素代码无对应图层", "A feature code names no layer"),
                ("几何记录的要素代码不在 FeatureCode 节中，或对应的图层几何类型不同，该要素未读取。",
                 "A geometry record's 要素代码 is not in the FeatureCode section, or names a layer of another geometry type; the feature was not read."),
                ("{section} 记录 BSM {bsm} 的要素代码 {code} 无对应图层：{reason}",
                 "{section} record BSM {bsm}: 要素代码 {code} names no layer of its kind: {reason}"))
        case .vctTableUndeclared:
            return text(
                ("属性表未在表结构中描述", "A table is not described in TableStructure"),
                ("要素代码或属性数据引用的属性表不在 TableStructure 节中，其属性无法读取。",
                 "A feature code or the Attribute section names a table the TableStructure section does not describe; its attributes cannot be read."),
                ("属性表 {table} 未在 TableStructure 中描述：{reason}", "table {table} is not described in TableStructure: {reason}"))
        case .vctCRSUnidentified:
            return text(
                ("无法从 VCT 文件头确定坐标系", "The VCT head's coordinate system is not identified"),
                ("文件头的 Spheroid、CoordinateSystemType、Parameters 与 ExtentMin 不能对应到一个 EPSG 坐标系。",
                 "The head's Spheroid, CoordinateSystemType, Parameters and ExtentMin do not name one EPSG coordinate reference system."),
                ("无法确定坐标系：{reason}", "the coordinate system cannot be identified: {reason}"))
        case .vctRingNotClosed:
            return text(
                ("面的圈未闭合", "A polygon ring is not closed"),
                ("由线引用构成的圈中相邻两线首尾不接，或圈的终点不回到起点（直接坐标的圈末点不等于首点）。",
                 "In a ring built from line references a line does not start where the previous one ends, or the ring does not return to its first point (for direct rings: the last point is not the first)."),
                ("面 {bsm} 第 {ring} 圈未闭合（线 {line}）：{reason}", "ring {ring} of polygon {bsm} is not closed (line {line}): {reason}"))
        case .vctLineMissing:
            return text(
                ("面引用的线不存在", "A polygon refers to a missing line"),
                ("拓扑面引用的线标识码在 Line 节中不存在（或该线无法读取）。",
                 "A topological polygon refers to a line BSM that the Line section does not hold (or cannot be read)."),
                ("面 {bsm} 引用的线 {line} 不存在", "polygon {bsm} refers to line {line}, which does not exist"))
        case .vctLineUnused:
            return text(
                ("边界线未被任何面引用", "A boundary line is used by no polygon"),
                ("要素代码属于面图层（或不属于任何图层）的线只用于构面，却没有任何面引用它。",
                 "A line whose 要素代码 is a polygon layer's (or no layer's) exists only to bound polygons, yet no polygon refers to it."),
                ("线 {bsm} 未被任何面引用（{reason}）", "line {bsm} is used by no polygon ({reason})"))
        case .vctLineOfOtherLayer:
            return text(
                ("面引用了其他图层的线", "A polygon refers to a line of another layer"),
                ("拓扑面引用的线的要素代码属于另一个面图层或点、注记图层。",
                 "A topological polygon refers to a line whose 要素代码 belongs to another polygon layer, or to a point or annotation layer."),
                ("面 {bsm} 引用的线 {line} 属于其他图层（{other}）", "polygon {bsm} refers to line {line} of another layer ({other})"))
        case .vctRowMissing:
            return text(
                ("要素没有属性记录", "A feature has no attribute row"),
                ("属性表中没有与要素标识码（BSM）对应的属性记录，该要素的属性未检查。",
                 "The attribute table holds no row with the feature's BSM; the feature's attributes were not checked."),
                ("要素 {bsm} 在属性表 {table} 中没有属性记录", "feature {bsm} has no row in table {table}"))
        case .vctFeatureMissing:
            return text(
                ("属性记录没有对应的要素", "An attribute row has no feature"),
                ("几何图层的属性记录的标识码（BSM）没有对应的几何要素；其属性仍作检查。",
                 "A row of a geometry layer's table has a BSM no feature carries; its values are still checked."),
                ("属性记录 BSM {bsm}（第 {line} 行）没有对应的要素", "the row of BSM {bsm} (line {line}) has no feature"))
        case .vctFieldCountMismatch:
            return text(
                ("属性记录的字段数与表结构不符", "A row's field count differs from its table structure"),
                ("属性记录按分隔符拆分后的字段数与 TableStructure 声明的字段数不同；多余的值被忽略，缺少的值为空。",
                 "A row split at the separator has another number of fields than TableStructure declares; extra values are ignored, missing ones are blank."),
                ("属性记录（第 {line} 行）有 {actual} 个字段，表 {table} 声明 {declared} 个",
                 "the row (line {line}) has {actual} fields; table {table} declares {declared}"))
        default:
            return nil
        }
    }
}
