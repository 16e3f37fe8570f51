import CArgon2
import Foundation
import RuleEngine

/// argon2id password hashes (Debian's libargon2, the reference implementation), stored in the PHC string
/// form, so the parameters travel with each hash.
public enum Passwords {
    /// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
    static let memoryKiB: UInt32 = 19 * 1024
    static let passes: UInt32 = 2
    static let lanes: UInt32 = 1
    static let saltLength = 16
    static let hashLength = 32

    public enum PasswordError: Error, CustomStringConvertible {
        case hashing(String)
        public var description: String {
            switch self {
            case .hashing(let why): return "cannot hash the password: \(why)"
            }
        }
    }

    /// The encoded argon2id hash of `password` with a fresh random salt.
    public static func hash(_ password: String) throws -> String {
        let salt = Secrets.randomBytes(saltLength)
        let length = argon2_encodedlen(
            passes, memoryKiB, lanes, UInt32(saltLength), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length + 1)
        let bytes = Array(password.utf8)
        let status = bytes.withUnsafeBytes { pwd in
            salt.withUnsafeBytes { saltBytes in
                argon2id_hash_encoded(
                    passes, memoryKiB, lanes, pwd.baseAddress, pwd.count, saltBytes.baseAddress, saltBytes.count,
                    hashLength, &encoded, encoded.count)
            }
        }
        guard status == ARGON2_OK.rawValue else {
            throw PasswordError.hashing(String(cString: argon2_error_message(status)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches the encoded hash (false for a malformed hash, never a throw).
    public static func verify(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { return false }
        let bytes = Array(password.utf8)
        return bytes.withUnsafeBytes { pwd in
            argon2id_verify(encoded, pwd.baseAddress, pwd.count) == ARGON2_OK.rawValue
        }
    }
}

/// Random secrets and their digests.
public enum Secrets {
    /// `count` bytes from the system's generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// 32 random bytes as unpadded base64url (43 characters), after `prefix`.
    public static func token(prefix: String = "") -> String {
        prefix
            + Data(randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The sha256 (hex) the store keeps instead of a session or API token.
    public static func digest(_ secret: String) -> String { SHA256.hex(of: Array(secret.utf8)) }

    /// Compares two strings in time that depends only on their lengths.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
