// libFuzzer target: a .shp and a .shx from one input, read as a submission, every record drained.
// Input layout: 2 bytes (big-endian) give the .shp's length; the rest after it is the .shx (absent when empty).
import Formats
import Foundation
import RuleEngine

let workspace = FuzzWorkspace(name: "shapefile")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Data(bytes: start, count: count)
    guard input.count >= 2 else { return 0 }
    let split = min(Int(input[0]) << 8 | Int(input[1]), input.count - 2)
    let shp = input.subdata(in: 2..<2 + split)
    let shx = input.subdata(in: 2 + split..<input.count)
    workspace.reset()
    workspace.write(shp, as: "t.shp")
    if !shx.isEmpty { workspace.write(shx, as: "t.shx") }
    workspace.drain()
    return 0
}
