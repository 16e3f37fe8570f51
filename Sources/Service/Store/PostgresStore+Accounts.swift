import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    // MARK: users

    public func createUser(_ user: User) async throws {
        try await rows(
            """
            INSERT INTO users (id, name, role, unit, regions, password_hash, created_at, disabled_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(user.id), .text(user.name), .text(user.role.rawValue), .text(user.unit),
                .text(user.regions.joined(separator: ",")), .text(user.passwordHash), .int(user.createdAt),
                .int(user.disabledAt),
            ])
    }

    public func user(id: String) async throws -> User? {
        try await rows("SELECT * FROM users WHERE id = $1", [.text(id)]).first.map(User.init(row:))
    }

    public func user(named name: String) async throws -> User? {
        try await rows("SELECT * FROM users WHERE name = $1", [.text(name)]).first.map(User.init(row:))
    }

    public func users() async throws -> [User] {
        try await rows("SELECT * FROM users ORDER BY name").map(User.init(row:))
    }

    public func setPassword(userID: String, hash: String) async throws {
        let changed = try await rows(
            "UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING id", [.text(hash), .text(userID)])
        if changed.isEmpty { throw StoreError.notFound("user \(userID)") }
    }

    public func setDisabled(userID: String, at: Int64?) async throws {
        let changed = try await rows(
            "UPDATE users SET disabled_at = $1 WHERE id = $2 RETURNING id", [.int(at), .text(userID)])
        if changed.isEmpty { throw StoreError.notFound("user \(userID)") }
    }

    // MARK: sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await rows(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            [
                .text(session.tokenHash), .text(session.userID), .text(session.csrf), .int(session.createdAt),
                .int(session.expiresAt),
            ])
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await rows("SELECT * FROM sessions WHERE token_hash = $1", [.text(tokenHash)]).first.map { row in
            SessionRecord(
                tokenHash: try row["token_hash"].decode(String.self), userID: try row["user_id"].decode(String.self),
                csrf: try row["csrf"].decode(String.self), createdAt: try row["created_at"].decode(Int64.self),
                expiresAt: try row["expires_at"].decode(Int64.self))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await rows("DELETE FROM sessions WHERE token_hash = $1", [.text(tokenHash)])
    }

    @discardableResult public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await rows("DELETE FROM sessions WHERE expires_at < $1 RETURNING token_hash", [.int(now)]).count
    }

    // MARK: API tokens

    public func createToken(_ token: APIToken) async throws {
        try await rows(
            """
            INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, revoked_at, last_used_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(token.id), .text(token.userID), .text(token.name), .text(token.tokenHash),
                .text(token.scopes.map(\.rawValue).joined(separator: ",")), .int(token.createdAt),
                .int(token.revokedAt), .int(token.lastUsedAt),
            ])
    }

    public func token(hash: String) async throws -> APIToken? {
        try await rows("SELECT * FROM api_tokens WHERE token_hash = $1", [.text(hash)]).first.map(APIToken.init(row:))
    }

    public func token(id: String) async throws -> APIToken? {
        try await rows("SELECT * FROM api_tokens WHERE id = $1", [.text(id)]).first.map(APIToken.init(row:))
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        if let userID {
            return try await rows(
                "SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC", [.text(userID)]
            ).map(APIToken.init(row:))
        }
        return try await rows("SELECT * FROM api_tokens ORDER BY created_at DESC, id DESC").map(APIToken.init(row:))
    }

    public func revokeToken(id: String, at: Int64) async throws {
        let changed = try await rows(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING id",
            [.int(at), .text(id)])
        if changed.isEmpty { throw StoreError.notFound("token \(id)") }
    }

    public func touchToken(id: String, at: Int64) async throws {
        try await rows("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", [.int(at), .text(id)])
    }
}
