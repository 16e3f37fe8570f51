import Testing

@testable import RuleEngine

/// The expression language: parsing, type checking with pointed errors, and SQL's three-valued logic.
struct ExpressionTests {
    static let scope = ExpressionScope(
        fields: ["A": .char, "N": .float, "M": .int, "B": .bool],
        codeLists: [
            "L": CodeList(
                name: "L",
                entries: [
                    .init(code: "0101", name: "水田", parent: "01"), .init(code: "0102", name: "水浇地", parent: "01"),
                ],
                file: "L.csv")
        ],
        hasGeometry: true)
    static let schema = LayerSchema(
        fields: [
            FieldDefinition(name: "A", type: .text, width: 10, decimals: 0),
            FieldDefinition(name: "N", type: .real, width: 10, decimals: 2),
            FieldDefinition(name: "M", type: .integer, width: 10, decimals: 0),
        ],
        geometryType: "Polygon")

    func evaluate(_ source: String, _ values: [String?]) throws -> ExpressionValue {
        let node = try ExpressionParser.parse(source)
        _ = try ExpressionChecker.type(of: node, in: Self.scope)
        let square = Geometry(shapeType: 5, partStarts: [0], xy: [0, 0, 0, 10, 10, 10, 10, 0, 0, 0])
        return ExpressionCompiler.compile(node, schema: Self.schema, scope: Self.scope)(
            Record(number: 1, values: values, geometry: square))
    }

    @Test(arguments: [
        ("A = 'x'", [nil, "1", "2"], ExpressionValue.null),
        ("A = 'x' and false", [nil, "1", "2"], .bool(false)),
        ("A = 'x' and true", [nil, "1", "2"], .null),
        ("A = 'x' or true", [nil, "1", "2"], .bool(true)),
        ("A = 'x' or false", [nil, "1", "2"], .null),
        ("not (A = 'x')", [nil, "1", "2"], .null),
        ("A is null", [nil, "1", "2"], .bool(true)),
        ("A is not null", ["v", "1", "2"], .bool(true)),
        ("A in ('v', 'w')", ["v", "1", "2"], .bool(true)),
        ("A not in ('v', 'w')", ["v", "1", "2"], .bool(false)),
        ("A in ('w', null)", ["v", "1", "2"], .null),
        // lists of literals are hashed once: the same three-valued answers as a list built per record
        ("A not in ('w', null)", ["v", "1", "2"], .null),
        ("A not in ('w')", ["v", "1", "2"], .bool(true)),
        ("A in ('w', null)", ["w", "1", "2"], .bool(true)),
        ("A not in ('w', null)", ["w", "1", "2"], .bool(false)),
        ("A in ('v', 'w')", [nil, "1", "2"], .null),
        ("N in (1.5, 2)", [nil, "1.5", "2"], .bool(true)),
        ("N not in (1, 2)", [nil, "1.5", "2"], .bool(true)),
        ("A in (left(A, 1), 'w')", ["v", "1", "2"], .bool(true)),
        ("N + M", [nil, "1.5", "2"], .number(3.5)),
        ("M - N", [nil, "1.5", "2"], .number(0.5)),
        ("M * N", [nil, "1.5", "2"], .number(3)),
        ("M % 0", [nil, "1.5", "2"], .null),
        ("M >= 2", [nil, "1.5", "2"], .bool(true)),
        ("M < 2", [nil, "1.5", "2"], .bool(false)),
        ("M != N", [nil, "1.5", "2"], .bool(true)),
        ("M <> 2", [nil, "1.5", "2"], .bool(false)),
        ("A <= 'w'", ["v", "1", "2"], .bool(true)),
        ("M > N", [nil, nil, "2"], .null),
        ("abs(N)", [nil, nil, "2"], .null),
        ("abs(N - M)", [nil, "1.5", "2"], .number(0.5)),
        ("coalesce(N, M, 0)", [nil, nil, "2"], .number(2)),
        ("N / 0", [nil, "1.5", "2"], .null),
        ("N between 1 and 2", [nil, "1.5", "2"], .bool(true)),
        ("round(N * 3, 1)", [nil, "1.25", "2"], .number(3.8)),
        ("left(A, 2) || right(A, 1)", ["130123", "0", "0"], .string("133")),
        ("substring(A, 3, 2)", ["130123", "0", "0"], .string("01")),
        ("length(A)", ["水田地", "0", "0"], .number(3)),
        ("A matches '[0-9]{4}'", ["0101", "0", "0"], .bool(true)),
        ("A matches '[0-9]{4}'", ["01010", "0", "0"], .bool(false)),
        ("name_of('L', A)", ["0102", "0", "0"], .string("水浇地")),
        ("in_list('L', A)", ["0103", "0", "0"], .bool(false)),
        ("parent_of('L', A)", ["0101", "0", "0"], .string("01")),
        ("coalesce(N, 0) + 1", [nil, nil, "2"], .number(1)),
        ("N", [nil, "abc", "2"], .null),
        ("area()", [nil, nil, nil], .number(100)),
        ("perimeter()", [nil, nil, nil], .number(40)),
        ("vertex_count() - part_count()", [nil, nil, nil], .number(4)),
    ])
    func evaluatesWithSQLNullLogic(source: String, values: [String?], expected: ExpressionValue) throws {
        #expect(try evaluate(source, values) == expected)
    }

    @Test(arguments: [
        ("DLBM = '01'", 0, "no field 'DLBM' in this layer"),
        ("a = 'x'", 0, "no field 'a' in this layer; did you mean 'A'?"),
        ("N = 'x'", 2, "cannot compare a number with a text"),
        ("A + 1", 0, "'+' needs a number, not a text"),
        ("A is not nul", 9, "'is' must be followed by 'null' or 'not null'"),
        (
            "frob(A)", 0,
            "no function 'frob'; the functions are abs, area, coalesce, contains, ends_with, in_list, left, length, lower, name_of, parent_of, part_count, perimeter, right, round, starts_with, substring, to_number, to_text, trim, upper, vertex_count"
        ),
        ("name_of('ZZ', A)", 8, "no code list 'ZZ' in this pack"),
        ("A = 'x", 4, "the text starting here is never closed"),
        ("A in 'x'", 5, "'in' needs a list, not a text"),
        ("(A = 'x'", 8, "expected ')' but found end of expression"),
        ("A = 'x' B", 8, "unexpected 'B' after a complete expression"),
        (
            "A matches '('", 2,
            "'(' is not a pattern StdCheck runs (docs/rules.md, Patterns): '(' is not closed (at character 1)"
        ),
        (
            "A matches '(a)\\1'", 2,
            "'(a)\\1' is not a pattern StdCheck runs (docs/rules.md, Patterns): back-references are not supported (at character 4)"
        ),
    ])
    func mistakesAreErrorsAtTheCulprit(source: String, offset: Int, message: String) {
        let error = #expect(throws: ExpressionError.self) {
            let node = try ExpressionParser.parse(source)
            _ = try ExpressionChecker.type(of: node, in: Self.scope)
        }
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }
}
