import Foundation
import GRDB

extension SQLiteStore {
    // MARK: users

    public func createUser(_ user: User) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, role, unit, regions, password_hash, created_at, disabled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id, user.name, user.role.rawValue, user.unit, user.regions.joined(separator: ","),
                    user.passwordHash, user.createdAt, user.disabledAt,
                ])
        }
    }

    public func user(id: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(User.init(row:))
        }
    }

    public func user(named name: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(User.init(row:))
        }
    }

    public func users() async throws -> [User] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(User.init(row:)) }
    }

    public func setPassword(userID: String, hash: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
            if db.changesCount == 0 { throw StoreError.notFound("user \(userID)") }
        }
    }

    public func setDisabled(userID: String, at: Int64?) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE users SET disabled_at = ? WHERE id = ?", arguments: [at, userID])
            if db.changesCount == 0 { throw StoreError.notFound("user \(userID)") }
        }
    }

    // MARK: sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userID, session.csrf, session.createdAt, session.expiresAt])
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]).map {
                SessionRecord(
                    tokenHash: $0["token_hash"], userID: $0["user_id"], csrf: $0["csrf"], createdAt: $0["created_at"],
                    expiresAt: $0["expires_at"])
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    @discardableResult public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [now])
            return db.changesCount
        }
    }

    // MARK: API tokens

    public func createToken(_ token: APIToken) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, revoked_at, last_used_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.userID, token.name, token.tokenHash,
                    token.scopes.map(\.rawValue).joined(separator: ","), token.createdAt, token.revokedAt,
                    token.lastUsedAt,
                ])
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [hash]).map(
                APIToken.init(row:))
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]).map(APIToken.init(row:))
        }
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        try await read { db in
            if let userID {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC",
                    arguments: [userID]
                ).map(APIToken.init(row:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at DESC, id DESC").map(
                APIToken.init(row:))
        }
    }

    public func revokeToken(id: String, at: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", arguments: [at, id])
            if db.changesCount == 0 { throw StoreError.notFound("token \(id)") }
        }
    }

    public func touchToken(id: String, at: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [at, id])
        }
    }
}
