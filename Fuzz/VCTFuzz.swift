// libFuzzer target: the input as a VCT file, read from memory: every record of every layer, and a shape read again.
import Formats
import Foundation
import RuleEngine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let (layers, _) = VCTReader.open(data: data, file: "t.vct")
    for layer in layers {
        for result in layer.records() { _ = try? result.get() }
        var shapes = layer.shapeReader()
        _ = shapes.shape(record: 1)
    }
    return 0
}
