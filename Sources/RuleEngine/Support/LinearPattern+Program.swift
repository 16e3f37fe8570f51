// MARK: - PatternProgram

struct PatternInstruction: Sendable {
    enum Operation: UInt8, Sendable {
        case set, split, jump, start, end, match
    }
    var operation: Operation
    /// The set's index (`set`), the target (`jump`), the first branch (`split`).
    var first: Int32 = 0
    /// The second branch (`split`).
    var second: Int32 = 0

    init(_ operation: Operation, _ first: Int = 0, _ second: Int = 0) {
        self.operation = operation
        self.first = Int32(first)
        self.second = Int32(second)
    }
}

struct PatternCompiler {
    var instructions: [PatternInstruction] = []
    var sets: [ScalarSet] = []

    mutating func add(_ instruction: PatternInstruction) throws(LinearPattern.SyntaxError) -> Int {
        guard instructions.count < LinearPattern.maxInstructions else {
            throw LinearPattern.SyntaxError(
                message: "the pattern is too large (its counted repeats expand past "
                    + "\(LinearPattern.maxInstructions) steps)", offset: 0)
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    mutating func emit(_ node: PatternNode) throws(LinearPattern.SyntaxError) {
        switch node {
        case .empty:
            break
        case .set(let set):
            let index = sets.firstIndex(of: set) ?? sets.count
            if index == sets.count { sets.append(set) }
            _ = try add(PatternInstruction(.set, index))
        case .start:
            _ = try add(PatternInstruction(.start))
        case .end:
            _ = try add(PatternInstruction(.end))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (number, branch) in branches.enumerated() {
                if number < branches.count - 1 {
                    let split = try add(PatternInstruction(.split))
                    instructions[split].first = Int32(split + 1)
                    try emit(branch)
                    jumps.append(try add(PatternInstruction(.jump)))
                    instructions[split].second = Int32(instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { instructions[jump].first = Int32(instructions.count) }
        case .repeated(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    let split = try add(PatternInstruction(.split))
                    instructions[split].first = Int32(split + 1)
                    splits.append(split)
                    try emit(inner)
                }
                for split in splits { instructions[split].second = Int32(instructions.count) }
            } else {
                let split = try add(PatternInstruction(.split))
                instructions[split].first = Int32(split + 1)
                try emit(inner)
                _ = try add(PatternInstruction(.jump, split))
                instructions[split].second = Int32(instructions.count)
            }
        }
    }
}

/// A compiled pattern and its Pike VM.
struct PatternProgram: Sendable {
    let instructions: [PatternInstruction]
    let sets: [ScalarSet]

    /// A set of instruction numbers with constant-time insert, membership and clear.
    struct Threads {
        var dense: [Int32]
        var sparse: [Int32]
        var count = 0

        init(_ size: Int) {
            dense = Array(repeating: 0, count: size)
            sparse = Array(repeating: 0, count: size)
        }

        func contains(_ value: Int32) -> Bool {
            let slot = Int(sparse[Int(value)])
            return slot < count && dense[slot] == value
        }

        mutating func insert(_ value: Int32) {
            sparse[Int(value)] = Int32(count)
            dense[count] = value
            count += 1
        }
    }

    /// Adds the threads reachable from `pc` without reading a character; `visited` dedupes them.
    func follow(
        _ pc: Int32, into list: inout Threads, visited: inout Threads, stack: inout [Int32], atStart: Bool, atEnd: Bool
    ) {
        stack.append(pc)
        while let next = stack.popLast() {
            if visited.contains(next) { continue }
            visited.insert(next)
            let instruction = instructions[Int(next)]
            switch instruction.operation {
            case .set, .match:
                list.insert(next)
            case .jump:
                stack.append(instruction.first)
            case .split:
                stack.append(instruction.second)
                stack.append(instruction.first)
            case .start:
                if atStart { stack.append(next + 1) }
            case .end:
                if atEnd { stack.append(next + 1) }
            }
        }
    }

    func run(_ text: String.UnicodeScalarView) -> Bool {
        let size = instructions.count
        var current = Threads(size)
        var next = Threads(size)
        var visited = Threads(size)
        var stack: [Int32] = []
        var position = text.startIndex
        follow(0, into: &current, visited: &visited, stack: &stack, atStart: true, atEnd: position == text.endIndex)
        while position != text.endIndex {
            let value = text[position].value
            text.formIndex(after: &position)
            let atEnd = position == text.endIndex
            next.count = 0
            visited.count = 0
            for slot in 0..<current.count {
                let pc = current.dense[slot]
                let instruction = instructions[Int(pc)]
                if instruction.operation == .set, sets[Int(instruction.first)].contains(value) {
                    follow(pc + 1, into: &next, visited: &visited, stack: &stack, atStart: false, atEnd: atEnd)
                }
            }
            swap(&current, &next)
            if current.count == 0 { return false }
        }
        for slot in 0..<current.count where instructions[Int(current.dense[slot])].operation == .match {
            return true
        }
        return false
    }
}
