import Foundation
import Hummingbird

extension ServiceApp {
    func addAuth(to router: Router<ServiceContext>) {
        router.post("/api/login") { request, _ -> Response in
            let fields = try await JSONBody.object(request, allowed: ["name", "password"])
            let name = try JSONBody.string(fields, "name") ?? ""
            let password = try JSONBody.string(fields, "password") ?? ""
            guard !name.isEmpty, name.utf8.count <= 200, !password.isEmpty, password.utf8.count <= 1000 else {
                throw APIError.badRequest("name and password must not be empty (at most 200 and 1000 bytes)")
            }
            let found = try await self.store.user(named: name)
            // verify even for an unknown name, so the answer takes as long either way
            let hash = found?.passwordHash ?? ServiceApp.decoyHash
            guard Passwords.verify(password, against: hash), let user = found, user.disabledAt == nil else {
                throw APIError(.unauthorized, "unauthorized", "wrong name or password")
            }
            let secret = Secrets.token()
            let now = epochMillis()
            let session = SessionRecord(
                tokenHash: Secrets.digest(secret), userID: user.id, csrf: Secrets.token(), createdAt: now,
                expiresAt: now + self.configuration.sessionLifetime)
            try await self.store.createSession(session)
            _ = try? await self.store.deleteExpiredSessions(now: now)
            let seconds = self.configuration.sessionLifetime / 1000
            return JSONBody.response(
                IdentityView(
                    user: UserView(user), auth: "session", csrf: session.csrf, expiresAt: isoTime(session.expiresAt)),
                headers: [
                    .setCookie:
                        "\(ServiceApp.cookieName)=\(secret); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(seconds)"
                ])
        }
        router.post("/api/logout") { request, _ -> Response in
            let caller = try await self.caller(request, changing: true)
            if let session = caller.session { try await self.store.deleteSession(tokenHash: session.tokenHash) }
            return Response(
                status: .noContent,
                headers: [.setCookie: "\(ServiceApp.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"])
        }
        router.get("/api/whoami") { request, _ -> Response in
            let caller = try await self.caller(request, changing: false)
            if let session = caller.session {
                return JSONBody.response(
                    IdentityView(
                        user: UserView(caller.user), auth: "session", csrf: session.csrf,
                        expiresAt: isoTime(session.expiresAt)))
            }
            return JSONBody.response(
                IdentityView(
                    user: UserView(caller.user), auth: "token", scopes: caller.token?.scopes.map(\.rawValue) ?? []))
        }
    }

    /// A valid hash of a random password, verified against when the name is unknown.
    static let decoyHash: String = (try? Passwords.hash(Secrets.token())) ?? ""
}
