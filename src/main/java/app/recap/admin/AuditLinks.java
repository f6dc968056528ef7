package app.recap.admin;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Where the audit log's entries lead ({@code ${@auditLinks.href(entry)}} in a template): the screen of the list,
 * subscriber, feed, audience, webhook or account an entry names. An erased subscriber's page answers 404, which
 * says so; an entry without a target, or of a kind without a screen, links nowhere (null).
 */
@Component("auditLinks")
public class AuditLinks {

    public String href(AuditLog.Entry entry) {
        String id = entry.targetId();
        if (id == null || id.isBlank() || entry.targetType() == null) {
            return null;
        }
        boolean number = id.chars().allMatch(Character::isDigit);
        String segment = UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
        return switch (entry.targetType()) {
            case "subscriber" -> number ? "/admin/subscribers/" + id : null;
            case "list" -> "/admin/lists/" + segment + "/edit";
            case "feed" -> number ? "/admin/feeds#feed-" + id : null;
            case "audience" -> "/admin/audiences/" + segment;
            case "webhook" -> number ? "/admin/webhooks/" + id : null;
            case "account" -> "/admin/accounts";
            case "suppression" -> "/admin/suppressions";
            default -> null;
        };
    }
}
