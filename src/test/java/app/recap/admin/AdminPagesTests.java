package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.preferences.SignupForms;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListEditor;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;

/** The admin web UI through MockMvc: every screen renders, forms change things, editors meet closed doors. */
class AdminPagesTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired AuditLog audit;
    @Autowired app.recap.ingest.FeedSourceRepository feeds;
    @Autowired app.recap.subscriber.Suppressions suppressions;
    @Autowired SignupForms signupForms;
    @Autowired ListEditor listEditor;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired app.recap.admin.accounts.AdminAccounts accounts;

    static RequestPostProcessor adminUser() {
        return user(ADMIN).roles("ADMIN");
    }

    static RequestPostProcessor editorUser() {
        return user(EDITOR).roles("EDITOR");
    }

    @Test
    void sendingDomainScreenShowsSpfAndDmarcPerFromDomainAndSaysSigningIsOff() throws Exception {
        list(unique("sending"));

        mvc.perform(get("/admin/sending").with(editorUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("DKIM signing is off")))
                .andExpect(content().string(containsString("_dmarc.recap.example")))
                .andExpect(content().string(containsString("v=DMARC1; p=none; rua=mailto:&lt;reports&gt;@recap.example")))
                .andExpect(content().string(containsString("v=spf1 include:&lt;your relay&#39;s SPF domain&gt; ~all")))
                .andExpect(content().string(not(containsString("_domainkey"))));
    }

    @Test
    void theTokensPageSaysThereIsNoneInsteadOfAnEmptyTableUntilOneIsCreated() throws Exception {
        String email = unique("no-tokens") + "@recap.example";
        accounts.create(email, "a long enough password 1", app.recap.admin.accounts.Role.ADMIN)
                .orElseThrow();
        var me = user(email).roles("ADMIN");

        Document before = Jsoup.parse(mvc.perform(get("/admin/tokens").with(me)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(before.select("#no-tokens").text()).isEqualTo("No tokens yet. Create one above to call the REST API "
                + "with it.");
        assertThat(before.select("table")).isEmpty();

        mvc.perform(post("/admin/tokens").param("name", "ci").with(me).with(csrf()))
                .andExpect(redirectedUrl("/admin/tokens"));
        Document after = Jsoup.parse(mvc.perform(get("/admin/tokens").with(me)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(after.select("#no-tokens")).isEmpty();
        assertThat(after.select("table tbody tr td:first-child").eachText()).containsExactly("ci");
    }

    @Test
    void everyScreenRendersForAnAdminWithoutInlineScripts() throws Exception {
        String slug = unique("screens");
        list(slug);
        for (String url : List.of("/admin", "/admin/lists", "/admin/lists/new", "/admin/lists/" + slug + "/edit",
                "/admin/subscribers", "/admin/imports", "/admin/suppressions", "/admin/feeds", "/admin/audiences",
                "/admin/audiences/developers-engineers", "/admin/editions", "/admin/editions?list=" + slug,
                "/admin/accounts", "/admin/tokens", "/admin/audit", "/admin/sending")) {
            String page = mvc.perform(get(url).with(adminUser()))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("text/html"))
                    .andReturn().getResponse().getContentAsString();
            // scripts only from our own files, no inline style or handler: what the admin's CSP allows (text
            // inside a textarea, such as the sign-up snippet on the lists page, is text, not markup)
            Document parsed = Jsoup.parse(page);
            assertThat(parsed.select("script:not([src])")).as(url).isEmpty();
            assertThat(parsed.select("script[src]").eachAttr("src")).as(url).allMatch(src -> src.startsWith("/js/"));
            assertThat(parsed.select("[style]")).as(url).isEmpty();
            assertThat(parsed.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
                    .filter(a -> a.getKey().startsWith("on"))).as(url).isEmpty();
        }
    }

    @Test
    void listsScreenShowsEachOpenListsSignupFormReadyToCopy() throws Exception {
        String open = unique("embed-open");
        String archived = unique("embed-archived");
        NewsletterList shown = list(open);
        listEditor.setArchived(list(archived).id(), true);

        Document page = Jsoup.parse(mvc.perform(get("/admin/lists").with(editorUser())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());

        Element snippet = page.getElementById("snippet-" + open);
        assertThat(snippet).isNotNull();
        assertThat(snippet.tagName()).isEqualTo("textarea");
        assertThat(snippet.hasAttr("readonly")).isTrue();
        assertThat(snippet.val()).isEqualTo(signupForms.snippet(shown));
        Document form = Jsoup.parse(snippet.val());
        assertThat(form.select("form").attr("action")).isEqualTo("https://recap.example/subscribe/" + open);
        assertThat(form.select("form").attr("method")).isEqualTo("post");
        assertThat(form.select("input[name=email]").attr("type")).isEqualTo("email");
        assertThat(form.select("input[name=name]")).hasSize(1);
        assertThat(form.select("input[name=audience]").eachAttr("value"))
                .containsExactly(String.valueOf(developers.id()), String.valueOf(security.id()));
        assertThat(form.select("label:has(input[name=audience])").eachText())
                .containsExactly("Developers & Engineers", "Enterprise & Security Teams");
        assertThat(form.select("[aria-hidden=true] input[name=website]")).hasSize(1);
        assertThat(form.select("script, link, [onclick], [onsubmit]")).isEmpty();
        // the copy button, for browsers with script; the hosted page's link for everyone
        assertThat(page.select("button.copy[data-copy=snippet-" + open + "]")).hasSize(1);
        assertThat(page.select("#signup-" + open + " a").attr("href")).isEqualTo("https://recap.example/subscribe/" + open);
        assertThat(page.select("tr#" + open + " a[href=#signup-" + open + "]")).hasSize(1);
        // an archived list takes no sign-ups
        assertThat(page.getElementById("snippet-" + archived)).isNull();
    }

    @Test
    void createsAListFromTheFormAndShowsFieldErrors() throws Exception {
        String slug = unique("form");
        mvc.perform(post("/admin/lists").with(adminUser()).with(csrf())
                .param("slug", slug).param("name", "Form List").param("senderName", "Recap")
                .param("senderEmail", "news@recap.example").param("replyTo", "").param("postalAddress", "1 Test Street")
                .param("sendDay", "FRIDAY").param("sendTime", "09:15").param("timeZone", "Europe/Paris")
                .param("locale", "en").param("doubleOptIn", "true").param("audiences", "developers-engineers"))
                .andExpect(status().is3xxRedirection());
        assertThat(lists.findBySlug(slug)).hasValueSatisfying(l -> {
            assertThat(l.sendDay()).isEqualTo(java.time.DayOfWeek.FRIDAY);
            assertThat(l.timeZone().getId()).isEqualTo("Europe/Paris");
        });
        assertThat(audit.recent(null, 5)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("list.create");
            assertThat(e.targetId()).isEqualTo(slug);
            assertThat(e.actor()).isEqualTo(ADMIN);
        });

        mvc.perform(post("/admin/lists").with(adminUser()).with(csrf())
                .param("slug", unique("bad")).param("name", "").param("senderName", "Recap")
                .param("senderEmail", "nope").param("postalAddress", "1 Test Street")
                .param("sendDay", "FRIDAY").param("sendTime", "25:00").param("timeZone", "UTC"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"field-error\"")));
    }

    @Test
    void importsACsvAndShowsTheRejectedRows() throws Exception {
        list("ui-import");
        var file = new MockMultipartFile("file", "people.csv", "text/csv",
                "email,name\nok@ui.example,Okay\nbroken,Broken\n".getBytes());

        String location = mvc.perform(multipart("/admin/imports").file(file).param("list", "ui-import")
                .with(adminUser()).with(csrf()))
                .andExpect(redirectedUrlPattern("/admin/imports/*"))
                .andReturn().getResponse().getRedirectedUrl();

        assertThat(importEnded(location).status()).isEqualTo(app.recap.subscriber.ImportStatus.DONE);
        mvc.perform(get(location).with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("not a valid email address")))
                .andExpect(content().string(containsString("rejected.csv")));
        mvc.perform(get(location + "/rejected.csv").with(adminUser()))
                .andExpect(content().string(containsString("3,broken,Broken,,not a valid email address")));
    }

    @Test
    void aRefusedFileIsToldOnTheImportScreenAtOnceAndAStoppedImportsPageSaysWhyAndWhatToDo() throws Exception {
        var list = list(unique("ui-refused"));
        var spreadsheet = new MockMultipartFile("file", "people.xlsx", "application/octet-stream",
                new org.springframework.core.io.ClassPathResource("imports/not-csv.xlsx").getContentAsByteArray());
        var flash = mvc.perform(multipart("/admin/imports").file(spreadsheet).param("list", list.slug())
                .with(adminUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/imports"))
                .andReturn().getFlashMap();
        mvc.perform(get("/admin/imports").with(adminUser()).flashAttrs(flash))
                .andExpect(content().string(containsString("The file is not UTF-8 text (is it a spreadsheet?")))
                .andExpect(content().string(containsString("The file was refused and nothing was imported.")));

        // an import a node stopped in the middle: its page says so instead of showing zero counts for ever
        var file = new MockMultipartFile("file", "people.csv", "text/csv", "email\nstopped@ui.example\n".getBytes());
        String location = mvc.perform(multipart("/admin/imports").file(file).param("list", list.slug())
                .with(adminUser()).with(csrf())).andReturn().getResponse().getRedirectedUrl();
        long id = importEnded(location).id();
        jdbc.sql("update subscriber_import set status = 'INTERRUPTED', message = ? where id = ?")
                .params("The server stopped during this import; 1 rows had been processed.", id).update();
        mvc.perform(get(location).with(adminUser()))
                .andExpect(content().string(containsString("id=\"import-message\">The server stopped during this import")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"import-done\""))));
        mvc.perform(get("/admin/imports").with(adminUser()))
                .andExpect(content().string(containsString("<td>interrupted</td>")));
    }

    @Test
    void previewsTheEditionWithScoresAndServesTheEmailWithItsOwnPolicy() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories();
        String slug = unique("preview");
        list(slug);

        mvc.perform(get("/admin/editions/preview").param("list", slug).param("week", TestWorld.WEEK)
                .param("audiences", "developers-engineers").with(editorUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"email-html\"")))
                .andExpect(content().string(containsString("sandbox=\"\"")))
                .andExpect(content().string(containsString("Developers &amp; Engineers")))
                .andExpect(content().string(containsString("== Developers &amp; Engineers ==")))
                .andExpect(content().string(containsString("importance")));

        mvc.perform(get("/admin/editions/email").param("list", slug).param("week", TestWorld.WEEK)
                .param("audiences", "developers-engineers").with(editorUser()))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Frame-Options", "SAMEORIGIN"))
                .andExpect(header().string("Content-Security-Policy", containsString("sandbox")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'self'")))
                .andExpect(content().string(containsString("Hi Alex")));
    }

    @Test
    void editorsAreRefusedSubscriberDataAccountsAndSending() throws Exception {
        for (String url : List.of("/admin/subscribers", "/admin/subscribers/1", "/admin/subscribers/export.csv",
                "/admin/imports", "/admin/suppressions", "/admin/accounts", "/admin/audit", "/admin/lists/new")) {
            mvc.perform(get(url).with(editorUser())).andExpect(status().isForbidden());
        }
        mvc.perform(post("/admin/editions/run").param("list", "x").param("week", "2026-W48").with(editorUser())
                .with(csrf())).andExpect(status().isForbidden());
        for (String url : List.of("/admin", "/admin/lists", "/admin/feeds", "/admin/audiences", "/admin/editions",
                "/admin/tokens")) {
            mvc.perform(get(url).with(editorUser())).andExpect(status().isOk());
        }
    }

    @Test
    void importsAnOpmlUploadShowsEachOutlineAndExportsAllFeeds() throws Exception {
        String url = "https://" + unique("opml-ui") + ".example/feed.xml";
        var file = new MockMultipartFile("file", "subscriptions.opml", "text/x-opml", ("<opml version=\"2.0\"><body>"
                + "<outline text=\"Folder\"><outline text=\"UI Opml Feed\" xmlUrl=\"" + url + "\"/></outline>"
                + "<outline text=\"Loopback by name\" xmlUrl=\"http://10.1.2.3/rss\"/></body></opml>").getBytes());

        var flash = mvc.perform(multipart("/admin/feeds/opml").file(file).with(adminUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/feeds")).andReturn().getFlashMap();

        assertThat((String) flash.get("message")).isEqualTo("OPML imported: 1 feeds added, 0 kept, 1 refused.");
        assertThat(feeds.findByUrl(url)).get().extracting(app.recap.ingest.FeedSource::name).isEqualTo("UI Opml Feed");
        mvc.perform(get("/admin/feeds").with(adminUser()).flashAttrs(flash))
                .andExpect(content().string(containsString("Import feeds")))
                .andExpect(content().string(not(containsString("kept (already a feed)"))))
                .andExpect(content().string(containsString("refused: 10.1.2.3 resolves to a private")));
        mvc.perform(get("/admin/feeds/opml").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("recap-feeds.opml")))
                .andExpect(content().string(containsString("xmlUrl=\"" + url + "\"")));
        var empty = new MockMultipartFile("file", "empty.opml", "text/x-opml", new byte[0]);
        assertThat((String) mvc.perform(multipart("/admin/feeds/opml").file(empty).with(adminUser()).with(csrf()))
                .andReturn().getFlashMap().get("error")).isEqualTo("Choose an OPML file to import.");
    }

    @Test
    void anEditorAddsANewsletterSourceChangesItsSendersAndSeesItWithoutAFetchButton() throws Exception {
        String address = unique("letters") + "@in.recap.example";
        var flash = mvc.perform(post("/admin/newsletters").param("name", "Letters from the Lab").param("address", address)
                        .param("senders", "ed@lab.example, @lab-mail.example").param("authority", "0.6")
                        .with(editorUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/feeds#newsletters")).andReturn().getFlashMap();
        assertThat((String) flash.get("message")).isEqualTo("Newsletter source " + address + " added.");
        var feed = feeds.findByUrl("mailto:" + address).orElseThrow();
        assertThat(feed.authority()).isEqualTo(0.6);

        var refused = mvc.perform(post("/admin/newsletters").param("name", "No senders").param("address",
                        unique("x") + "@in.recap.example").param("senders", " ").with(editorUser()).with(csrf()))
                .andReturn().getFlashMap();
        assertThat((String) refused.get("error")).startsWith("The newsletter source was not saved: senders:");

        mvc.perform(post("/admin/newsletters/" + feed.id() + "/senders").param("senders", "@lab.example")
                .with(editorUser()).with(csrf())).andExpect(redirectedUrl("/admin/feeds#newsletters"));
        String page = mvc.perform(get("/admin/feeds").with(editorUser())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Letters from the Lab", address, "value=\"@lab.example\"", "Read mailbox now");
        // newsletter sources are listed with the feeds too, but have nothing to fetch
        assertThat(page).doesNotContain("/admin/feeds/" + feed.id() + "/fetch");
        assertThat(page).contains("/admin/feeds/" + feed.id() + "/enabled");
    }

    @Test
    void addsDisablesAndFetchesAFeedAndShowsItsLastError() throws Exception {
        String url = "http://127.0.0.1:9/" + unique("feed") + ".xml";
        mvc.perform(post("/admin/feeds").param("url", url).param("name", "Loopback Feed").param("authority", "0.7")
                .with(editorUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/feeds"));
        var feed = feeds.findByUrl(url).orElseThrow();
        assertThat(feed.authority()).isEqualTo(0.7);

        mvc.perform(post("/admin/feeds/" + feed.id() + "/enabled").param("enabled", "false").with(editorUser())
                .with(csrf())).andExpect(redirectedUrl("/admin/feeds"));
        assertThat(feeds.findById(feed.id()).orElseThrow().enabled()).isFalse();

        var flash = mvc.perform(post("/admin/feeds/" + feed.id() + "/fetch").with(editorUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/feeds")).andReturn().getFlashMap();
        assertThat((String) flash.get("error")).startsWith("Fetching Loopback Feed failed");
        assertThat(feeds.findById(feed.id()).orElseThrow().lastError()).isNotBlank();
        mvc.perform(get("/admin/feeds").with(editorUser()))
                .andExpect(content().string(containsString("Loopback Feed")))
                .andExpect(content().string(containsString(feeds.findById(feed.id()).orElseThrow().lastError()
                        .replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;"))));
        assertThat(audit.recent(null, 10)).extracting(AuditLog.Entry::action).contains("feed.add", "feed.disable",
                "feed.fetch");

        mvc.perform(post("/admin/feeds").param("url", "file:///etc/passwd").param("name", "Nope")
                .with(editorUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/feeds"));
        assertThat(feeds.findByUrl("file:///etc/passwd")).isEmpty();
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        var session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(get("/admin/suppressions").with(adminUser()).session(session)).andExpect(status().isOk());
        mvc.perform(post("/admin/suppressions").param("email", "csrf@example.com").param("reason", "r")
                .with(adminUser()).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/suppressions").param("email", "csrf@example.com").param("reason", "r")
                .with(adminUser()))
                .andExpect(redirectedUrl("/admin/login?expired"));
        assertThat(suppressions.find("csrf@example.com")).isEmpty();
    }

    @Test
    void createsAndRevokesAnApiTokenFromTheUi() throws Exception {
        var flash = mvc.perform(post("/admin/tokens").param("name", "laptop").with(user(ADMIN).roles("ADMIN"))
                .with(csrf()))
                .andExpect(redirectedUrl("/admin/tokens"))
                .andReturn().getFlashMap();
        String secret = (String) flash.get("secret");
        assertThat(secret).startsWith("recap_");

        mvc.perform(get("/api/lists").header("Authorization", "Bearer " + secret)).andExpect(status().isOk());
    }

    @Test
    void refusedFormsSayWhyInTheWordsOfTheAdminBundle() throws Exception {
        assertFlash(post("/admin/accounts").param("email", "not an address").param("password", "long enough password")
                .param("role", "EDITOR"), "/admin/accounts", "Not a valid email address.");
        assertFlash(post("/admin/accounts").param("email", unique("short") + "@recap.example").param("password", "short")
                .param("role", "EDITOR"), "/admin/accounts", "The password needs at least 12 characters.");
        assertFlash(post("/admin/accounts").param("email", EDITOR).param("password", "long enough password")
                .param("role", "EDITOR"), "/admin/accounts", "That address has an account already.");
        assertFlash(post("/admin/audiences/" + developers.slug()).param("displayName", " "),
                "/admin/audiences/" + developers.slug(), "A name is required.");
        assertFlash(post("/admin/feeds").param("url", "ftp://feeds.example/").param("name", "FTP"), "/admin/feeds",
                "Give an http(s) URL, a name, and an authority between 0 and 1.");
        assertFlash(post("/admin/subscribers/1/erase"), "/admin/subscribers/1", "Tick the box to confirm the erasure.");
    }

    /** Posts the form, follows the redirect with its flash attributes, and finds the message on the page. */
    private void assertFlash(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder form,
            String redirect, String message) throws Exception {
        var flash = mvc.perform(form.with(adminUser()).with(csrf()))
                .andExpect(redirectedUrl(redirect))
                .andReturn().getFlashMap();
        assertThat(flash.get("problem")).asString().startsWith("admin.");
        String page = redirect.equals("/admin/subscribers/1") ? "/admin/subscribers" : redirect;
        mvc.perform(get(page).with(adminUser()).flashAttrs(flash))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<p class=\"error\">" + message + "</p>")));
    }

}
