package app.recap.admin.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.ingest.newsletter.NewsletterFixtures;
import app.recap.support.FeedServer;
import app.recap.support.IngestContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Newsletter sources end to end, as an admin uses them: sources added over REST, issues delivered to GreenMail's IMAP
 * server, the mailbox read; the issues become stories (trackers resolved by asking the local "ESP"), a forged sender
 * and a sender the source does not name are refused and shown on the source, mail for no source is reported, and
 * every message read is moved out of the inbox.
 */
class NewslettersApiTests extends IngestContext {

    static GreenMail mail;
    static GreenMailUser mailbox;

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    @BeforeAll
    static void startImap() {
        mail = new GreenMail(new ServerSetup(NEWSLETTER_IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        mail.start();
        mailbox = mail.setUser("news@in.recap.example", "newsletters", "secret");
    }

    @AfterAll
    static void stopImap() {
        mail.stop();
    }

    @Test
    void issuesBecomeStoriesForgedAndUnnamedSendersAreRefusedAndEveryMessageIsMovedOut() throws Exception {
        playTracker(server);
        long essay = add("AI Weekly", "ai-weekly@in.recap.example", "aiweekly@substack.com");
        long digest = add("Model Digest", "Digest@in.recap.example", "@modeldigest.example");
        long kit = add("Kit Notes", "kit@in.recap.example", "hello@kitnotes.example");
        for (String fixture : List.of("substack-essay.eml", "mailchimp-digest.eml", "convertkit-digest.eml",
                "forged-sender.eml", "unknown-sender.eml", "unrouted.eml")) {
            mailbox.deliver(message(NewsletterFixtures.raw(fixture, server.url(""))));
        }

        mvc.perform(admin(post("/api/newsletters/read")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.error").value(nullValue()))
                .andExpect(jsonPath("$.read").value(6))
                .andExpect(jsonPath("$.issues").value(3))
                .andExpect(jsonPath("$.stories").value(8))
                .andExpect(jsonPath("$.refused").value(2))
                .andExpect(jsonPath("$.unrouted[0]").value(
                        "to nobody@in.recap.example from someone@example.net: \"Hello?\""));

        assertThat(stories(essay)).containsExactly(tuple("https://aiweekly.substack.com/p/why-benchmark-scores",
                "Why benchmark scores stopped meaning much"));
        assertThat(stories(digest)).containsExactly(
                tuple("https://www.codebench.example/news/open-weights-tops", "Open-weights model tops coding benchmark"),
                tuple("https://digital-strategy.example.eu/en/library/code-of-practice",
                        "EU publishes the AI Act code of practice"),
                tuple("https://research.example.org/papers/sparse-attention", "Sparse attention halves long-context memory"));
        assertThat(stories(kit)).extracting(t -> t.toList().get(0)).containsExactly(
                "https://www.agentsweekly.example/2026/11/tool-use-evals", "https://blog.example.ai/posts/distillation-on-a-budget",
                "https://news.example.com/2026/11/25/chip-export-rules", "https://www.example.org/reports/state-of-rag-2026");
        assertThat(jdbc.sql("select summary from story where url = ?")
                .param("https://www.codebench.example/news/open-weights-tops").query(String.class).single())
                .startsWith("A 70-billion-parameter model released under an open licence");
        assertThat(jdbc.sql("select count(*) from story where url like 'https://gpu-credits.example/%' "
                + "or url like 'https://promo.example/%'").query(Long.class).single()).isZero();

        mvc.perform(admin(get("/api/newsletters/" + essay)))
                .andExpect(jsonPath("$.lastSubject").value("Why benchmark scores stopped meaning much"))
                .andExpect(jsonPath("$.lastNewStories").value(1))
                .andExpect(jsonPath("$.refusedCount").value(1))
                .andExpect(jsonPath("$.lastRefused", containsString(
                        "DMARC failed for substack.com (forged sender aiweekly@substack.com)")))
                .andExpect(jsonPath("$.lastRefused", containsString("Urgent: claim your free GPU credits")));
        mvc.perform(admin(get("/api/newsletters/" + digest)))
                .andExpect(jsonPath("$.address").value("digest@in.recap.example"))
                .andExpect(jsonPath("$.refusedCount").value(1))
                .andExpect(jsonPath("$.lastRefused", containsString("the sender deals@promo.example is not one")))
                .andExpect(jsonPath("$.lastWarning", containsString("1 tracking link could not be resolved")));

        // the trackers were asked with HEAD, the footer's tracked "Forward to a friend" (55ee) never
        assertThat(server.requests("/track/click")).hasSize(4).allMatch(r -> r.method().equals("HEAD"));
        assertThat(server.requests("/hop/33")).hasSize(1);
        assertThat(count("INBOX")).isZero();
        assertThat(count("Read")).isEqualTo(6);

        // the scheduled ingest leaves newsletter sources alone: nothing to fetch, no failure recorded
        mvc.perform(admin(post("/api/feeds/fetch"))).andExpect(status().isOk());
        mvc.perform(admin(get("/api/feeds/" + essay)))
                .andExpect(jsonPath("$.url").value("mailto:ai-weekly@in.recap.example"))
                .andExpect(jsonPath("$.lastError").value(nullValue()))
                .andExpect(jsonPath("$.consecutiveFailures").value(0));
        mvc.perform(admin(post("/api/newsletters/read"))).andExpect(jsonPath("$.read").value(0));
        mvc.perform(admin(get("/api/newsletters/mailbox"))).andExpect(jsonPath("$.read").value(0));
    }

    @Test
    void sourcesAreCheckedWhenAddedAndTheirSendersCanBeChanged() throws Exception {
        mvc.perform(admin(post("/api/newsletters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"No senders\", \"address\": \"x@in.recap.example\"}")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.senders", containsString("name at least one")));
        mvc.perform(admin(post("/api/newsletters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Bad\", \"address\": \"not an address\", \"senders\": [\"@a.example\"]}")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.address", containsString("must be an email address")));
        long id = add("Letters", "letters@in.recap.example", "ed@letters.example");
        mvc.perform(admin(post("/api/newsletters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Again\", \"address\": \"LETTERS@in.recap.example\", "
                                + "\"senders\": [\"@x.example\"]}")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.name").value("Letters"));
        mvc.perform(admin(put("/api/newsletters/" + id + "/senders").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"senders\": [\"ed@letters.example, @letters-mail.example\"]}")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.senders[1]").value("@letters-mail.example"));
        mvc.perform(admin(put("/api/newsletters/999999/senders").contentType(MediaType.APPLICATION_JSON)
                .content("{\"senders\": [\"@a.example\"]}"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/newsletters")).andExpect(status().isUnauthorized());
    }

    @Test
    void theEditFormOfANewsletterSourceShowsItsInboundAddressInsteadOfAUrl() throws Exception {
        long id = add("Inbound", "inbound@in.recap.example", "ed@inbound.example");
        var me = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user(ADMIN).roles("ADMIN");
        mvc.perform(get("/admin/feeds").with(me)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"e-inbound-" + id + "\">inbound@in.recap.example<")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"e-url-" + id + "\""))));
        var csrf = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf();
        // the form posts no URL: the name and authority change, the address stays
        mvc.perform(post("/admin/feeds/" + id).param("name", "Inbound letters").param("authority", "0.6").with(me)
                .with(csrf)).andExpect(status().is3xxRedirection());
        mvc.perform(admin(get("/api/feeds/" + id))).andExpect(jsonPath("$.name").value("Inbound letters"))
                .andExpect(jsonPath("$.url").value("mailto:inbound@in.recap.example"));
        // nor can a crafted post turn it into a feed to fetch
        mvc.perform(post("/admin/feeds/" + id).param("url", "https://elsewhere.example/feed").with(me).with(csrf))
                .andExpect(flash().attribute("error", containsString("keeps its inbound address")));
        mvc.perform(admin(get("/api/feeds/" + id))).andExpect(jsonPath("$.url").value("mailto:inbound@in.recap.example"));
    }

    /** The FeedServer as an ESP's click tracker: Mailchimp-style ids, Substack-style redirect paths, one dead end. */
    private static void playTracker(FeedServer server) {
        Map<String, String> clicks = Map.of(
                "11aa", "https://www.codebench.example/news/open-weights-tops?utm_source=Model+Digest&utm_medium=email",
                "22bb", "https://digital-strategy.example.eu/en/library/code-of-practice",
                "33cc", server.url("/hop/33"));
        server.route("/track/click", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String id = query.replaceAll(".*id=([0-9a-z]+).*", "$1");
            if (clicks.containsKey(id)) {
                exchange.getResponseHeaders().add("Location", clicks.get(id));
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        server.redirect("/hop/33", 302, "https://research.example.org/papers/sparse-attention");
        server.redirect("/redirect/2/eyJlIjoiaHR0cHM6Ly9haXdlZWtseS5zdWJzdGFjay5jb20vcC93aHktYmVuY2htYXJrLXNjb3JlcyIsInAiOjE1MDEyfQ.Zq9",
                302, "https://aiweekly.substack.com/p/why-benchmark-scores?utm_source=substack&utm_medium=email");
    }

    private long add(String name, String address, String sender) throws Exception {
        String body = mvc.perform(admin(post("/api/newsletters").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"" + name + "\", \"address\": \"" + address + "\", \"senders\": [\""
                                + sender + "\"], \"authority\": 0.8}")))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body).get("id").asLong();
    }

    private List<org.assertj.core.groups.Tuple> stories(long feedId) {
        return jdbc.sql("select url, title from story where feed_id = ? order by id").param(feedId)
                .query((rs, n) -> tuple(rs.getString("url"), rs.getString("title"))).list();
    }

    private static int count(String folderName) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", NEWSLETTER_IMAP_PORT, "newsletters", "secret");
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_ONLY);
            int count = folder.getMessageCount();
            folder.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    private static MimeMessage message(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic(ADMIN, ADMIN_PASSWORD)).header("X-Requested-With", "test");
    }
}
