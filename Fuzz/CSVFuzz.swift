// libFuzzer target: the input as a delimited text table, decoded as UTF-8 or (odd first byte) GB18030.
import Formats
import Foundation
import RuleEngine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let encoding: TextEncoding? = data.first.map { $0 & 1 == 1 ? .gb18030 : .utf8 }
    let (layer, _) = CSVReader.open(data: data, file: "t.csv", name: "t", encoding: encoding)
    for result in layer.records() { _ = try? result.get() }
    return 0
}
