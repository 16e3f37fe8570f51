import Testing

@testable import RuleEngine

/// The unique-value check sizes its table from the layer's declared count, which a file may lie about.
struct UniqueValueCheckTests {
    @Test(arguments: [Int.max, -5, 0, 3])
    func declaredCountIsOnlyAHint(declared: Int) {
        var check = UniqueValueCheck(field: "BSM")
        check.expect(records: declared)
        // a hostile header cannot make it reserve more than the cap (a dictionary rounds up, at most 2x)
        #expect(check.firstSeen.capacity <= 2 * UniqueValueCheck.largestReservation)
        var defects: [Defect] = []
        for (record, value) in ["1", "2", "1", "3", "2"].enumerated() {
            check.inspect(value: value, record: record + 1, into: &defects)
        }
        #expect(defects.map(\.record) == [3, 5])
        #expect(defects.map { $0.values["first"] } == ["1", "2"])
    }
}
