/// A static R-tree over bounding boxes, packed with Sort-Tile-Recursive (Leutenegger et al. 1997):
/// built once, then queried for the boxes that meet a box. Holds envelopes only, never shapes.
struct EnvelopeIndex: Sendable {
    /// One level of nodes per entry, leaves (the items) first; each node spans `capacity` children.
    private var levels: [[Envelope]] = []
    /// The item index of each leaf slot, in packed order.
    private var order: [Int] = []
    private let capacity = 16

    init(_ boxes: [Envelope]) {
        guard !boxes.isEmpty else { return }
        // sort by x centre, cut into vertical slices, sort each slice by y centre
        var indices = Array(boxes.indices).sorted { (boxes[$0].centerX, $0) < (boxes[$1].centerX, $1) }
        let leafCount = (boxes.count + capacity - 1) / capacity
        let slices = Int(Double(leafCount).squareRoot().rounded(.up))
        let perSlice = slices * capacity
        var start = 0
        while start < indices.count {
            let end = min(start + perSlice, indices.count)
            indices[start..<end].sort { (boxes[$0].centerY, $0) < (boxes[$1].centerY, $1) }
            start = end
        }
        order = indices
        levels = [indices.map { boxes[$0] }]
        while let last = levels.last, last.count > 1 {
            var parents: [Envelope] = []
            var index = 0
            while index < last.count {
                var box = last[index]
                for child in last[index..<min(index + capacity, last.count)] {
                    box.minX = min(box.minX, child.minX)
                    box.minY = min(box.minY, child.minY)
                    box.maxX = max(box.maxX, child.maxX)
                    box.maxY = max(box.maxY, child.maxY)
                }
                parents.append(box)
                index += capacity
            }
            levels.append(parents)
        }
    }

    /// The indices (into the boxes given at build) of every box meeting `box`, ascending.
    func query(_ box: Envelope) -> [Int] {
        guard let top = levels.indices.last else { return [] }
        var found: [Int] = []
        var stack: [(level: Int, node: Int)] = [(top, 0)]
        while let (level, node) = stack.popLast() {
            guard levels[level][node].intersects(box) else { continue }
            if level == 0 {
                found.append(order[node])
            } else {
                let first = node * capacity
                for child in first..<min(first + capacity, levels[level - 1].count) { stack.append((level - 1, child)) }
            }
        }
        return found.sorted()
    }
}
