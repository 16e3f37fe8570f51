import CCrypto

/// SHA-256 (FIPS 180-4), incremental, for the digests that prove which files and packs were checked.
///
/// Computed by OpenSSL's libcrypto, which uses the CPU's SHA extensions where present (about ten
/// times the throughput of portable code): hashing every submitted file must not become the
/// slowest part of a check. Not copyable, because it owns the OpenSSL context.
public struct SHA256: ~Copyable, @unchecked Sendable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto cannot initialise SHA-256")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds more bytes.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update(buffer: $0) }
        }
    }

    /// Feeds the bytes of a raw buffer.
    public mutating func update(buffer input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        EVP_DigestUpdate(context, base, input.count)
    }

    /// Finishes and returns the digest as 64 lowercase hex digits.
    public mutating func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Self.hexDigits(digest.prefix(Int(length)))
    }

    /// The digest of a whole byte sequence.
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    private static func hexDigits(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
