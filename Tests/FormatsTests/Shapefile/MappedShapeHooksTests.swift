import CShapelib
import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// shapelib reading through `MappedShapeHooks` gives what it gives through its own stdio hooks, byte for
/// byte, in file order and in any other; the hooks never open a file for writing.
struct MappedShapeHooksTests {
    /// Every shape of `path` as shapelib reads it with its default (stdio) hooks, in `order`.
    static func stdioShapes(_ path: String, order: [Int]) throws -> [Geometry?] {
        let handle = try #require(SHPOpen(path, "rb"))
        defer { SHPClose(handle) }
        return order.map { index in
            guard let object = SHPReadObject(handle, Int32(index)) else { return nil }
            defer { SHPDestroyObject(object) }
            let shape = object.pointee
            let count = Int(shape.nVertices)
            var xy: [Double] = []
            for i in 0..<count { xy += [shape.padfX[i], shape.padfY[i]] }
            let starts = (0..<Int(shape.nParts)).map { Int(shape.panPartStart[$0]) }
            return Geometry(shapeType: Int(shape.nSHPType), partStarts: starts, xy: xy)
        }
    }

    @Test(arguments: ["sample-county/DLTB.shp", "sample-county/XZQ.shp", "shapefile/zm"])
    func mappedReadsEqualStdioReads(relative: String) throws {
        var path = fixture(relative)
        if !path.hasSuffix(".shp") {
            let name = try #require(
                try FileManager.default.contentsOfDirectory(atPath: path).sorted().first { $0.hasSuffix(".shp") })
            path += "/" + name
        }
        let file = try #require(ShapeFile(path: path))
        #expect(file.count > 0)
        // in file order, backwards, and strided (as a comparison reads shapes in the order of space)
        let orders = [
            Array(0..<file.count), Array((0..<file.count).reversed()),
            (0..<file.count).map { ($0 * 7919) % file.count },
        ]
        for order in orders {
            let expected = try Self.stdioShapes(path, order: order)
            for (position, index) in order.enumerated() {
                let read = try file.geometry(at: index).get()
                #expect(read?.xy == expected[position]?.xy, "\(relative) shape \(index)")
                #expect(read?.shapeType ?? 0 == expected[position]?.shapeType ?? 0)
            }
        }
    }

    @Test func seekTellReadAndRefusals() throws {
        let path = fixture("sample-county/XZQ.shx")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let hooks = MappedShapeHooks.make()
        #expect(hooks.FOpen(path, "rb+") == nil)
        #expect(hooks.FOpen(path, "wb") == nil)
        #expect(hooks.FOpen(fixture("sample-county"), "rb") == nil, "a folder is no file")
        #expect(hooks.FOpen(fixture("sample-county/none.shx"), "rb") == nil)
        let handle = try #require(hooks.FOpen(path, "rb"))
        var header = [UInt8](repeating: 0, count: 100)
        #expect(hooks.FRead(&header, 1, 100, handle) == 100)
        #expect(Array(header[0..<4]) == [0, 0, 0x27, 0x0A], "file code 9994")
        #expect(hooks.FTell(handle) == 100)
        #expect(hooks.FSeek(handle, 0, SEEK_END) == 0)
        #expect(Int(hooks.FTell(handle)) == size)
        // past the end: nothing read; whole items only
        #expect(hooks.FRead(&header, 1, 10, handle) == 0)
        #expect(hooks.FSeek(handle, SAOffset(size - 6), SEEK_SET) == 0)
        #expect(hooks.FRead(&header, 4, 2, handle) == 1)
        #expect(hooks.FSeek(handle, SAOffset(bitPattern: -1), SEEK_SET) == SAOffset(bitPattern: -1))
        #expect(hooks.FWrite(&header, 1, 1, handle) == 0)
        #expect(hooks.FClose(handle) == 0)
        hooks.Error?("dropped")
    }
}
