// libFuzzer target: the input as a lone .dbf table, read as a submission, every record drained.
import Formats
import Foundation
import RuleEngine

let workspace = FuzzWorkspace(name: "dbf")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    workspace.reset()
    workspace.write(Data(bytes: start, count: count), as: "t.dbf")
    workspace.drain()
    return 0
}
