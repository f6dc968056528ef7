package app.recap.admin.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import app.recap.admin.AdminApiTestBase;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

class SubscribersApiTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;

    @Test
    void findsASubscriberByAddressWithTheStatusOnEachList() throws Exception {
        NewsletterList weekly = list(unique("weekly"));
        NewsletterList daily = list(unique("daily"));
        String email = unique("ada") + "@example.com";
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        subscribers.subscribe(weekly.id(), email, "Ada Lovelace", null, List.of(security.id(), developers.id()),
                SubscriptionStatus.CONFIRMED, at);
        subscribers.subscribe(daily.id(), email, "Ada Lovelace", null, List.of(), SubscriptionStatus.UNSUBSCRIBED, at);

        mvc.perform(get("/api/subscribers").param("query", email.toUpperCase()).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(1)))
                .andExpect(jsonPath("$.content[0].email").value(email))
                .andExpect(jsonPath("$.content[0].name").value("Ada Lovelace"))
                .andExpect(jsonPath("$.content[0].status").value("ENABLED"))
                .andExpect(jsonPath("$.content[0].subscriptions", hasSize(2)))
                .andExpect(jsonPath("$.content[0].subscriptions[?(@.list == '" + weekly.slug() + "')].status")
                        .value("CONFIRMED"))
                .andExpect(jsonPath("$.content[0].subscriptions[?(@.list == '" + weekly.slug() + "')].audiences[0]")
                        .value("enterprise-security-teams"))
                .andExpect(jsonPath("$.content[0].subscriptions[?(@.list == '" + daily.slug() + "')].status")
                        .value("UNSUBSCRIBED"))
                .andExpect(jsonPath("$.next").doesNotExist());
    }

    @Test
    void pagesByKeyThroughAFilteredList() throws Exception {
        NewsletterList list = list(unique("paged"));
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            subscribers.subscribe(list.id(), prefix + "-" + i + "@example.com", null, null, List.of(),
                    i == 4 ? SubscriptionStatus.UNSUBSCRIBED : SubscriptionStatus.CONFIRMED, at);
        }

        String first = mvc.perform(get("/api/subscribers").param("list", list.slug()).param("status", "confirmed")
                .param("size", "3").with(admin()))
                .andExpect(jsonPath("$.content", hasSize(3)))
                .andExpect(jsonPath("$.next").exists())
                .andReturn().getResponse().getContentAsString();
        String next = first.replaceAll(".*\"next\":\"(\\d+)\".*", "$1");

        mvc.perform(get("/api/subscribers").param("list", list.slug()).param("status", "CONFIRMED")
                .param("size", "3").param("after", next).with(admin()))
                .andExpect(jsonPath("$.content", hasSize(1)))
                .andExpect(jsonPath("$.content[0].email").value(prefix + "-3@example.com"))
                .andExpect(jsonPath("$.next").doesNotExist());
    }

    @Test
    void sortsByNameDescendingAndPagesWithTheSortsCursor() throws Exception {
        NewsletterList list = list(unique("sorted"));
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        String prefix = unique("sort");
        for (String name : List.of("Bo", "Cy", "Al")) {
            subscribers.subscribe(list.id(), prefix + "-" + name.toLowerCase() + "@example.com", name, null, List.of(),
                    SubscriptionStatus.CONFIRMED, at);
        }

        String first = mvc.perform(get("/api/subscribers").param("list", list.slug()).param("sort", "name-desc")
                .param("size", "2").with(admin()))
                .andExpect(jsonPath("$.content[*].name").value(org.hamcrest.Matchers.contains("Cy", "Bo")))
                .andReturn().getResponse().getContentAsString();
        String next = first.replaceAll(".*\"next\":\"([^\"]+)\".*", "$1");

        mvc.perform(get("/api/subscribers").param("list", list.slug()).param("sort", "name-desc")
                .param("size", "2").param("after", next).with(admin()))
                .andExpect(jsonPath("$.content[*].name").value(org.hamcrest.Matchers.contains("Al")))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/subscribers").param("sort", "email").param("after", "42").with(admin()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.after").exists());
        mvc.perform(get("/api/subscribers").param("sort", "shoe-size").with(admin()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.sort").exists());
    }

    @Test
    void addsEditsUnsubscribesAndErasesASubscriber() throws Exception {
        NewsletterList list = list(unique("lifecycle"));
        String email = unique("grace") + "@example.com";

        String created = mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"email": "%s", "name": "Grace", "list": "%s", "audiences": ["developers-engineers"]}"""
                        .formatted(email, list.slug())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.subscriptions[0].status").value("CONFIRMED"))
                .andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(created.replaceAll("^\\{\"id\":(\\d+),.*", "$1"));

        mvc.perform(put("/api/subscribers/" + id + "/lists/" + list.slug()).with(admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"audiences\": [\"enterprise-security-teams\", \"developers-engineers\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.subscriptions[0].audiences[0]").value("enterprise-security-teams"))
                .andExpect(jsonPath("$.subscriptions[0].audiences[1]").value("developers-engineers"));
        mvc.perform(put("/api/subscribers/" + id).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Grace Hopper\"}"))
                .andExpect(jsonPath("$.name").value("Grace Hopper"));
        mvc.perform(post("/api/subscribers/" + id + "/lists/" + list.slug() + "/unsubscribe").with(admin()))
                .andExpect(jsonPath("$.subscriptions[0].status").value("UNSUBSCRIBED"));

        mvc.perform(delete("/api/subscribers/" + id).with(admin())).andExpect(status().isNoContent());

        assertThat(subscribers.findByEmail(email)).isEmpty();
        assertThat(subscribers.findById(id).orElseThrow().email()).doesNotContain("grace").endsWith(".invalid");
        mvc.perform(get("/api/subscribers/" + id).with(admin())).andExpect(status().isNotFound());
        mvc.perform(get("/api/subscribers").param("query", email).with(admin()))
                .andExpect(jsonPath("$.content", hasSize(0)));
    }

    @Test
    void refusesABadAddressAnUnofferedAudienceAndADuplicate() throws Exception {
        NewsletterList list = list(unique("checks"));
        audiences.ensure("policy-legal-teams", "Policy & Legal Teams", null, List.of());

        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"nobody@nowhere\", \"list\": \"" + list.slug() + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.email").value("not a valid email address"));
        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"x@example.com\", \"list\": \"" + list.slug()
                        + "\", \"audiences\": [\"policy-legal-teams\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.audiences").exists());
        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"list\": \"" + list.slug() + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.email").exists());

        String email = unique("twice") + "@example.com";
        String add = "{\"email\": \"" + email + "\", \"list\": \"" + list.slug() + "\"}";
        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON).content(add))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON).content(add))
                .andExpect(status().isConflict());
        mvc.perform(get("/api/subscribers").param("status", "SLEEPING").with(admin()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void suppressingAnAddressBlocklistsItsSubscriberAndLiftingItEnablesThemAgain() throws Exception {
        NewsletterList list = list(unique("suppress"));
        String email = unique("bounce") + "@example.com";
        subscribers.subscribe(list.id(), email, null, null, List.of(), SubscriptionStatus.CONFIRMED,
                Instant.parse("2026-11-02T00:00:00Z"));

        mvc.perform(post("/api/suppressions").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + email + "\", \"reason\": \"hard bounce 550 5.1.1\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.reason").value("hard bounce 550 5.1.1"))
                .andExpect(jsonPath("$.createdBy").value(ADMIN));
        assertThat(subscribers.countActive(list.id())).isZero();
        mvc.perform(get("/api/subscribers").param("query", email).with(admin()))
                .andExpect(jsonPath("$.content[0].status").value("BLOCKLISTED"));
        mvc.perform(get("/api/suppressions").param("after", email.substring(0, 3)).with(admin()))
                .andExpect(jsonPath("$[?(@.email == '" + email + "')]").exists());

        mvc.perform(delete("/api/suppressions/" + email).with(admin())).andExpect(status().isNoContent());
        assertThat(subscribers.countActive(list.id())).isEqualTo(1);

        mvc.perform(post("/api/suppressions").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + email + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.reason").exists());
    }

    @Test
    void exportsTheFilteredViewSafeAgainstFormulas() throws Exception {
        NewsletterList list = list(unique("export"));
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        subscribers.subscribe(list.id(), unique("sum") + "@example.com", "=SUM(A1:A9)", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, at);
        subscribers.subscribe(list.id(), unique("plain") + "@example.com", "@cmd", null, List.of(),
                SubscriptionStatus.CONFIRMED, at);

        String csv = mvc.perform(get("/api/subscribers/export.csv").param("list", list.slug()).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();

        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("email,name,subscriber_status,created_at,list,status,audiences");
        assertThat(lines.get(1)).contains(",'=SUM(A1:A9),ENABLED,").endsWith(list.slug() + ",CONFIRMED,developers-engineers");
        assertThat(lines.get(2)).contains(",'@cmd,");
    }

    @Test
    void editorsAndAnonymousSeeNoSubscriberData() throws Exception {
        for (String url : List.of("/api/subscribers", "/api/subscribers/export.csv", "/api/suppressions")) {
            mvc.perform(get(url).with(editor())).andExpect(status().isForbidden());
            mvc.perform(get(url)).andExpect(status().isUnauthorized());
        }
        mvc.perform(delete("/api/subscribers/1").with(editor())).andExpect(status().isForbidden());
    }
}
