package app.recap.preferences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import app.recap.RecapProperties;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The sign-up form a list's own website embeds: plain HTML that posts to {@code <recap.base-url>/subscribe/<list>},
 * in the list's language, with the email, an optional name, the list's audiences as checkboxes and the hidden
 * honeypot that {@code SignupController} reads. Inline styles only (the host page's stylesheet does the rest, and
 * it reads well with none), no script. Built here, beside the controller that takes it, so the field names cannot
 * drift apart.
 */
@Component
public class SignupForms {

    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final MessageSource messages;
    private final RecapProperties recap;

    SignupForms(ListRepository lists, AudienceRepository audiences, MessageSource messages, RecapProperties recap) {
        this.lists = lists;
        this.audiences = audiences;
        this.messages = messages;
        this.recap = recap;
    }

    /** The absolute URL the embedded form posts to; also the list's own sign-up page. */
    public String action(NewsletterList list) {
        return recap.link("/subscribe/" + list.slug());
    }

    /**
     * The HTML to paste into a page of another site. Element ids start with
     * {@code recap-<list>-}, so two lists' forms can share a page.
     */
    public String snippet(NewsletterList list) {
        Locale locale = list.locale();
        String id = "recap-" + list.slug();
        String label = "display:block;font-weight:bold;margin:0 0 .25em";
        String field = "display:block;box-sizing:border-box;width:100%;max-width:100%;padding:.5em;font:inherit;"
                + "border:1px solid #888;border-radius:4px";
        StringBuilder html = new StringBuilder();
        // "--" would end the comment early
        html.append("<!-- ").append(message("signup.embed.comment", locale, list.name()).replaceAll("-(?=-)", "- "))
                .append(" -->\n");
        html.append("<form method=\"post\" action=\"").append(attribute(action(list)))
                .append("\" accept-charset=\"UTF-8\" style=\"max-width:28em;margin:1em 0\">\n");
        html.append("  <p style=\"margin:0 0 1em\">\n");
        html.append("    <label for=\"").append(id).append("-email\" style=\"").append(label).append("\">")
                .append(text("signup.email", locale)).append("</label>\n");
        html.append("    <input type=\"email\" id=\"").append(id).append("-email\" name=\"email\" required maxlength=\"")
                .append(SignupController.MAX_EMAIL).append("\" autocomplete=\"email\" style=\"").append(field)
                .append("\">\n");
        html.append("  </p>\n");
        html.append("  <p style=\"margin:0 0 1em\">\n");
        html.append("    <label for=\"").append(id).append("-name\" style=\"").append(label).append("\">")
                .append(text("signup.name", locale)).append(" <span style=\"font-weight:normal\">")
                .append(text("signup.name.optional", locale)).append("</span></label>\n");
        html.append("    <input type=\"text\" id=\"").append(id).append("-name\" name=\"name\" maxlength=\"")
                .append(SignupController.MAX_NAME).append("\" autocomplete=\"name\" style=\"").append(field)
                .append("\">\n");
        html.append("  </p>\n");
        List<Audience> offered = offered(list);
        if (!offered.isEmpty()) {
            html.append("  <fieldset style=\"border:0;margin:0 0 1em;padding:0;min-width:0\">\n");
            html.append("    <legend style=\"font-weight:bold;padding:0;margin:0 0 .25em\">")
                    .append(text("signup.topics", locale)).append("</legend>\n");
            html.append("    <p style=\"margin:0 0 .5em;font-size:.9em\">").append(text("signup.topics.hint", locale))
                    .append("</p>\n");
            for (Audience a : offered) {
                html.append("    <label style=\"display:block;margin:0 0 .35em\"><input type=\"checkbox\" name=\"audience\" value=\"")
                        .append(a.id()).append("\"> ").append(text(a.displayName())).append("</label>\n");
            }
            html.append("  </fieldset>\n");
        }
        // off screen rather than display:none, which some bots check for; hidden from screen readers and the tab
        // order, and never autofilled, so a person leaves it empty
        html.append("  <div aria-hidden=\"true\" style=\"position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden\">")
                .append("<label>").append(text("signup.honeypot", locale)).append(" <input type=\"text\" name=\"")
                .append(SignupController.HONEYPOT).append("\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></label></div>\n");
        html.append("  <button type=\"submit\" style=\"padding:.6em 1.4em;font:inherit;font-weight:bold;cursor:pointer\">")
                .append(text("signup.submit", locale)).append("</button>\n");
        html.append("  <p style=\"margin:.75em 0 0;font-size:.85em\">")
                // from another site, every sign-up confirms by email, whatever the list's setting
                .append(text("signup.smallPrint", locale))
                .append("</p>\n");
        html.append("</form>");
        return html.toString();
    }

    /** The audiences a list offers, in the list's order. */
    List<Audience> offered(NewsletterList list) {
        Map<Long, Audience> byId = new LinkedHashMap<>();
        audiences.findAll().forEach(a -> byId.put(a.id(), a));
        List<Audience> offered = new ArrayList<>();
        for (Long audienceId : lists.offeredAudienceIds(list.id())) {
            Audience a = byId.get(audienceId);
            if (a != null) {
                offered.add(a);
            }
        }
        return offered;
    }

    private String text(String key, Locale locale) {
        return text(message(key, locale));
    }

    private String message(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }

    /** Escaped for text between tags: only what would start markup, so the team reads "We'll", not "We&#39;ll". */
    private static String text(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Escaped for a double-quoted attribute value. */
    private static String attribute(String value) {
        return text(value).replace("\"", "&quot;");
    }
}
