import Foundation
import Hummingbird

extension ServiceApp {
    func addAdmin(to router: Router<ServiceContext>) {
        router.get("/api/admin/users") { request, _ -> Response in
            try await self.admin(request, changing: false)
            return JSONBody.response(UserList(users: try await self.store.users().map(UserView.init)))
        }
        router.post("/api/admin/users") { request, _ -> Response in
            try await self.admin(request, changing: true)
            let fields = try await JSONBody.object(request, allowed: ["name", "password", "role", "unit", "regions"])
            let regions: [String]
            switch fields["regions"] {
            case nil: regions = []
            case let list as [Any]:
                guard let strings = list as? [String] else {
                    throw APIError.badRequest("regions must be a list of county codes or prefixes")
                }
                regions = strings
            default: throw APIError.badRequest("regions must be a list of county codes or prefixes")
            }
            guard let role = Role(rawValue: try JSONBody.string(fields, "role") ?? "") else {
                throw APIError.badRequest("role must be producer, inspector or admin")
            }
            let user = try await self.addUser(
                name: try JSONBody.string(fields, "name") ?? "",
                password: try JSONBody.string(fields, "password") ?? "",
                role: role, unit: try JSONBody.string(fields, "unit", required: false), regions: regions)
            return JSONBody.response(UserView(user), status: .created)
        }
        router.get("/api/admin/tokens") { request, _ -> Response in
            try await self.admin(request, changing: false)
            let names = try await self.names()
            let tokens = try await self.store.tokens(userID: nil)
            return JSONBody.response(
                TokenList(tokens: tokens.map { TokenView($0, userName: names[$0.userID] ?? $0.userID) }))
        }
        router.post("/api/admin/tokens") { request, _ -> Response in
            try await self.admin(request, changing: true)
            let fields = try await JSONBody.object(request, allowed: ["user", "name", "scopes"])
            let userName = try JSONBody.string(fields, "user") ?? ""
            let name = try JSONBody.string(fields, "name") ?? ""
            guard let list = fields["scopes"] as? [String], !list.isEmpty else {
                throw APIError.badRequest("scopes must be a non-empty list of submit, read, review, admin")
            }
            var scopes: [TokenScope] = []
            for item in list {
                guard let scope = TokenScope(rawValue: item) else {
                    throw APIError.badRequest("unknown scope '\(item)': submit, read, review or admin")
                }
                if !scopes.contains(scope) { scopes.append(scope) }
            }
            guard let user = try await self.store.user(named: userName) else { throw APIError.notFound("user") }
            let (token, secret) = try await self.addToken(for: user, name: name, scopes: scopes)
            return JSONBody.response(
                NewToken(token: TokenView(token, userName: user.name), secret: secret), status: .created)
        }
        router.delete("/api/admin/tokens/:id") { request, context -> Response in
            try await self.admin(request, changing: true)
            guard let id = context.parameters.get("id"), ServiceApp.isID(id), try await self.store.token(id: id) != nil
            else { throw APIError.notFound("token") }
            try await self.store.revokeToken(id: id, at: epochMillis())
            return Response(status: .noContent)
        }
    }

    struct UserList: Encodable { var users: [UserView] }
    struct TokenList: Encodable { var tokens: [TokenView] }
    struct NewToken: Encodable {
        var token: TokenView
        var secret: String
    }

    @discardableResult func admin(_ request: Request, changing: Bool) async throws -> Caller {
        let caller = try await caller(request, changing: changing)
        try caller.require(role: .admin)
        try caller.require(.admin)
        return caller
    }

    /// Adds a user after checking the fields (shared by the API and `stdcheck serve admin add-user`).
    public func addUser(name: String, password: String, role: Role, unit: String?, regions: [String]) async throws
        -> User
    {
        guard !name.isEmpty, name.utf8.count <= 200,
            !name.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "\\" })
        else { throw APIError.badRequest("the name must be 1 to 200 bytes without spaces or slashes") }
        guard password.count >= 8, password.utf8.count <= 1000 else {
            throw APIError.badRequest("the password must have at least 8 characters")
        }
        let digits = { (text: String, range: ClosedRange<Int>) in
            range.contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if let unit { guard digits(unit, 6...6) else { throw APIError.badRequest("a unit is a 6-digit county code") } }
        for region in regions where !digits(region, 1...12) {
            throw APIError.badRequest("a region is a county code or a prefix of one (digits), not '\(region)'")
        }
        switch role {
        case .producer:
            guard unit != nil else { throw APIError.badRequest("a producer needs a unit (its county code)") }
        case .inspector:
            guard !regions.isEmpty else { throw APIError.badRequest("an inspector needs regions") }
        case .admin: break
        }
        let user = User(
            id: ServiceID.make(), name: name, role: role, unit: unit, regions: regions,
            passwordHash: try Passwords.hash(password), createdAt: epochMillis())
        do {
            try await store.createUser(user)
        } catch StoreError.conflict {
            throw APIError.conflict("the name '\(name)' is taken")
        }
        return user
    }

    /// Makes an API token; the secret is returned once and only its digest is kept.
    public func addToken(for user: User, name: String, scopes: [TokenScope]) async throws -> (APIToken, String) {
        guard !name.isEmpty, name.utf8.count <= 200 else { throw APIError.badRequest("the token needs a name") }
        let secret = Secrets.token(prefix: "sct_")
        let token = APIToken(
            id: ServiceID.make(), userID: user.id, name: name, tokenHash: Secrets.digest(secret), scopes: scopes,
            createdAt: epochMillis())
        try await store.createToken(token)
        return (token, secret)
    }
}
