import RuleEngine
import Testing

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("GBK", "33251177a22e1f69e95c670a1e82a465b0d42a51bbfcc06ac794d0ffdc816591"),
    ])
    func digestMatchesPublishedVectors(input: String, expected: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == expected)
    }

    @Test func feedingInPiecesGivesTheSameDigestAsFeedingAtOnce() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var pieces = SHA256()
        var start = 0
        for size in [1, 63, 64, 65, 127, 200, 480] {
            pieces.update(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        #expect(start == bytes.count)
        #expect(pieces.finalize() == SHA256.hex(of: bytes))
    }

    @Test func oneMillionAsMatchesTheFIPSVector() {
        #expect(
            SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
