package app.recap.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * REST API tokens ({@code Authorization: Bearer recap_...}). A token is 256 random bits shown once at creation;
 * only its SHA-256 is stored, so a database leak does not leak usable tokens. A token acts with its account's
 * role and stops working when revoked or when the account is disabled.
 */
@Repository
public class ApiTokens {

    static final String PREFIX = "recap_";

    /** A token as listed (never the token itself). */
    public record Token(long id, long accountId, String name, String prefix, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A token just created: {@code secret} is the only time the token is available. */
    public record Created(Token token, String secret) {
    }

    /** Whom a valid token authenticates. */
    public record Holder(String email, Role role) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Created create(long accountId, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into api_token (account_id, name, token_hash, token_prefix, created_at)
                values (?, ?, ?, ?, ?)""")
                .params(accountId, name, sha256(secret), secret.substring(0, PREFIX.length() + 6),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        return new Created(find(id).orElseThrow(), secret);
    }

    List<Token> forAccount(long accountId) {
        return jdbc.sql("select " + COLUMNS + " from api_token where account_id = ? order by id desc").param(accountId)
                .query(ApiTokens::map).list();
    }

    public Optional<Token> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from api_token where id = ?").param(id).query(ApiTokens::map).optional();
    }

    /** Revokes one of an account's tokens; false when the account has no such active token. */
    public boolean revoke(long accountId, long tokenId) {
        return jdbc.sql("update api_token set revoked_at = ? where id = ? and account_id = ? and revoked_at is null")
                .params(clock.instant().atOffset(ZoneOffset.UTC), tokenId, accountId).update() > 0;
    }

    /** The enabled account an active token belongs to, noting the use; empty for anything else. */
    public Optional<Holder> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        Optional<Holder> holder = jdbc.sql("""
                select a.email, a.role from api_token t join admin_account a on a.id = t.account_id
                where t.token_hash = ? and t.revoked_at is null and a.enabled = true""")
                .param(hash).query((rs, n) -> new Holder(rs.getString(1), Role.valueOf(rs.getString(2)))).optional();
        holder.ifPresent(h -> jdbc.sql("update api_token set last_used_at = ? where token_hash = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), hash).update());
        return holder;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static final String COLUMNS = "id, account_id, name, token_prefix, created_at, last_used_at, revoked_at";

    private static Token map(ResultSet rs, int n) throws SQLException {
        return new Token(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("token_prefix"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
