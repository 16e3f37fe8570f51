/// What the base database becomes after an update (the change survey's 变更统计): per unit (township,
/// the first 9 digits of ZLDWDM) and first-level land class, the base area, the area the update takes
/// out, the area it brings in, and the new area (base − out + in). Areas in m², rounded to cents.
public struct ChangeSummary: Hashable, Sendable, Codable {
    public struct Row: Hashable, Sendable, Codable {
        /// The township code (first 9 digits of ZLDWDM); `*` on the total row.
        public var unit: String
        /// The first-level class (first 2 digits of DLBM); `*` on a unit's or the county's total row.
        public var landClass: String
        public var baseArea: Double
        public var areaOut: Double
        public var areaIn: Double
        public var newArea: Double
        /// The area the updated database itself holds: the base parcels the update leaves alone plus the
        /// update parcels. It equals `newArea` when the update balances.
        public var updatedArea: Double

        public init(
            unit: String, landClass: String, baseArea: Double, areaOut: Double, areaIn: Double, updatedArea: Double
        ) {
            self.unit = unit
            self.landClass = landClass
            self.baseArea = Self.cents(baseArea)
            self.areaOut = Self.cents(areaOut)
            self.areaIn = Self.cents(areaIn)
            newArea = Self.cents(baseArea - areaOut + areaIn)
            self.updatedArea = Self.cents(updatedArea)
        }

        static func cents(_ value: Double) -> Double {
            let rounded = (value * 100).rounded() / 100
            return rounded == 0 ? 0 : rounded
        }

        private enum CodingKeys: String, CodingKey {
            case unit, baseArea, areaOut, areaIn, newArea, updatedArea
            case landClass = "class"
        }
    }

    /// The rule that made it (its findings are the cells that do not balance).
    public var rule: String
    /// Per unit and class that the base or the update holds, sorted; then per unit (`class` `*`).
    public var rows: [Row]
    /// The whole database (`unit` and `class` `*`).
    public var total: Row

    public init(rule: String, rows: [Row], total: Row) {
        self.rule = rule
        self.rows = rows
        self.total = total
    }
}
