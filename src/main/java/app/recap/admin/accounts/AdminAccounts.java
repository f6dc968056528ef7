package app.recap.admin.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** Admin accounts, stored with BCrypt password hashes; also the sign-in's {@link UserDetailsService}. */
@Repository
public class AdminAccounts implements UserDetailsService {

    /** An account as the UI shows it (never with its hash). */
    public record Account(long id, String email, Role role, boolean enabled, Instant createdAt, Instant lastLoginAt) {
    }

    /**
     * What a request signed in as an account may do now: its role, whether it is enabled, and the version its open
     * sessions must carry (raised when they must all end).
     */
    record Standing(long id, Role role, boolean enabled, long sessionVersion) {
    }

    public static final int MIN_PASSWORD_LENGTH = 12;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    AdminAccounts(JdbcClient jdbc, PasswordEncoder encoder, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select email, password_hash, role, enabled from admin_account where email = ?")
                .param(normalise(username))
                .query((rs, n) -> User.withUsername(rs.getString(1)).password(rs.getString(2))
                        .roles(rs.getString(3)).disabled(!rs.getBoolean(4)).build())
                .optional().orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    public List<Account> findAll() {
        return jdbc.sql("select " + COLUMNS + " from admin_account order by email").query(AdminAccounts::map).list();
    }

    public Optional<Account> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from admin_account where email = ?").param(normalise(email))
                .query(AdminAccounts::map).optional();
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from admin_account where id = ?").param(id)
                .query(AdminAccounts::map).optional();
    }

    /**
     * Creates an account with a BCrypt hash of the password.
     *
     * @return empty when the address already has an account
     */
    public Optional<Account> create(String email, String password, Role role) {
        try {
            jdbc.sql("""
                    insert into admin_account (email, password_hash, role, enabled, created_at)
                    values (?, ?, ?, true, ?)""")
                    .params(normalise(email), encoder.encode(password), role.name(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException exists) {
            return Optional.empty();
        }
        return findByEmail(email);
    }

    public boolean update(long id, Role role, boolean enabled) {
        return jdbc.sql("update admin_account set role = ?, enabled = ? where id = ?").params(role.name(), enabled, id)
                .update() > 0;
    }

    /**
     * Sets a new password and ends the account's open sessions, on every node. (No screen calls it yet: it is what
     * a password change must do.)
     */
    public boolean changePassword(long id, String password) {
        return jdbc.sql("update admin_account set password_hash = ?, session_version = session_version + 1 where id = ?")
                .params(encoder.encode(password), id).update() > 0;
    }

    /** The zone the account chose for the admin screens; empty when it follows the lists' zone. */
    public Optional<ZoneId> timeZone(String email) {
        return jdbc.sql("select time_zone from admin_account where email = ?").param(normalise(email))
                .query(String.class).optional().flatMap(AdminAccounts::zone);
    }

    /** Sets the account's zone for the admin screens; null to follow the lists' zone again. */
    public boolean setTimeZone(String email, ZoneId zone) {
        return jdbc.sql("update admin_account set time_zone = ? where email = ?")
                .params(zone == null ? null : zone.getId(), normalise(email)).update() > 0;
    }

    /** A stored zone read back; empty for one this JVM no longer knows (its rules come with the JDK). */
    private static Optional<ZoneId> zone(String id) {
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    /** The account's standing as the database has it now; empty when there is no such account. */
    Optional<Standing> standing(String email) {
        return jdbc.sql("select id, role, enabled, session_version from admin_account where email = ?")
                .param(normalise(email))
                .query((rs, n) -> new Standing(rs.getLong(1), Role.valueOf(rs.getString(2)), rs.getBoolean(3),
                        rs.getLong(4)))
                .optional();
    }

    @EventListener
    void on(InteractiveAuthenticationSuccessEvent event) {
        recordLogin(event.getAuthentication().getName());
    }

    void recordLogin(String email) {
        jdbc.sql("update admin_account set last_login_at = ? where email = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), normalise(email)).update();
    }

    long countEnabledAdmins() {
        return jdbc.sql("select count(*) from admin_account where role = 'ADMIN' and enabled = true").query(Long.class)
                .single();
    }

    static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static final String COLUMNS = "id, email, role, enabled, created_at, last_login_at";

    private static Account map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime last = rs.getObject("last_login_at", OffsetDateTime.class);
        return new Account(rs.getLong("id"), rs.getString("email"), Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                last == null ? null : last.toInstant());
    }
}
