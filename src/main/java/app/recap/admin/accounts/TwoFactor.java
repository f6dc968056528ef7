package app.recap.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts' second factor: a TOTP secret (RFC 6238, see {@link Totp}) and ten single-use recovery codes. A code is
 * accepted once: the step it belongs to must come after the last step used, which is moved on in the same update
 * that accepts it, so two requests racing with one code cannot both pass, on one node or several.
 */
@Repository
public class TwoFactor {

    static final int RECOVERY_CODES = 10;
    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    TwoFactor(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean enrolled(long accountId) {
        return jdbc.sql("select count(*) from admin_two_factor where account_id = ?").param(accountId)
                .query(Long.class).single() > 0;
    }

    /** The accounts that have a second factor. */
    public List<Long> enrolledAccounts() {
        return jdbc.sql("select account_id from admin_two_factor").query(Long.class).list();
    }

    public int recoveryCodesLeft(long accountId) {
        return jdbc.sql("select count(*) from admin_recovery_code where account_id = ? and used_at is null")
                .param(accountId).query(Long.class).single().intValue();
    }

    /**
     * Completes an enrolment whose secret the account proved with a code of {@code step} (which is then used up),
     * replacing any earlier second factor.
     *
     * @return the new recovery codes, in clear for showing once
     */
    @Transactional
    public List<String> enrol(long accountId, String secret, long step) {
        remove(accountId);
        jdbc.sql("insert into admin_two_factor (account_id, secret, last_used_step, enrolled_at) values (?, ?, ?, ?)")
                .params(accountId, secret, step, clock.instant().atOffset(ZoneOffset.UTC)).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] bytes = new byte[10];
            random.nextBytes(bytes);
            String code = Totp.encode(bytes).toLowerCase(Locale.ROOT); // 16 characters, 80 bits
            codes.add(code.substring(0, 8) + "-" + code.substring(8));
            jdbc.sql("insert into admin_recovery_code (account_id, code_hash) values (?, ?)")
                    .params(accountId, hash(code)).update();
        }
        return codes;
    }

    /** Removes the account's second factor and recovery codes; false when it had none. */
    @Transactional
    public boolean remove(long accountId) {
        jdbc.sql("delete from admin_recovery_code where account_id = ?").param(accountId).update();
        return jdbc.sql("delete from admin_two_factor where account_id = ?").param(accountId).update() > 0;
    }

    /** Checks a current TOTP code (not a recovery code) and uses it up. */
    public boolean acceptCode(long accountId, String code) {
        var secret = jdbc.sql("select secret from admin_two_factor where account_id = ?").param(accountId)
                .query(String.class).optional();
        if (secret.isEmpty()) {
            return false;
        }
        OptionalLong step = Totp.match(secret.get(), code, Totp.step(clock.instant()));
        return step.isPresent() && jdbc.sql(
                "update admin_two_factor set last_used_step = ? where account_id = ? and last_used_step < ?")
                .params(step.getAsLong(), accountId, step.getAsLong()).update() > 0;
    }

    /** Checks a TOTP code or, failing that, an unused recovery code, and uses it up. */
    public boolean accept(long accountId, String code) {
        if (acceptCode(accountId, code)) {
            return true;
        }
        String typed = code == null ? "" : code.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
        return typed.length() == 16 && jdbc.sql("""
                update admin_recovery_code set used_at = ?
                where account_id = ? and code_hash = ? and used_at is null""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), accountId, hash(typed)).update() > 0;
    }

    /** The {@code otpauth://} URI that authenticator apps read from the enrolment's QR code. */
    static String uri(String issuer, String account, String secret) {
        return "otpauth://totp/" + escape(issuer) + ":" + escape(account) + "?secret=" + secret + "&issuer="
                + escape(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String escape(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
