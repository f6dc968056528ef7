package app.recap.admin.lists;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import app.recap.admin.AdminApiTestBase;

class ListsApiTests extends AdminApiTestBase {

    private static String body(String slug, String senderEmail, String timeZone) {
        return """
                {"slug": "%s", "name": "AI Weekly", "senderName": "Recap", "senderEmail": "%s",
                 "postalAddress": "1 Test Street, Bristol", "sendDay": "TUESDAY", "sendTime": "07:30",
                 "timeZone": "%s", "doubleOptIn": false, "audiences": ["developers-engineers"]}"""
                .formatted(slug, senderEmail, timeZone);
    }

    @Test
    void listsEveryListWithItsSlug() throws Exception {
        String slug = unique("listed");
        list(slug);

        mvc.perform(get("/api/lists").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[*].slug", hasItem(slug)));
    }

    @Test
    void createsEditsAndArchivesAList() throws Exception {
        String slug = unique("weekly");

        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body(slug, "news@recap.example", "Europe/Berlin")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "https://recap.example/api/lists/" + slug))
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.sendDay").value("TUESDAY"))
                .andExpect(jsonPath("$.doubleOptIn").value(false))
                .andExpect(jsonPath("$.audiences[0]").value("developers-engineers"));

        mvc.perform(put("/api/lists/" + slug).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body("ignored", "editors@recap.example", "America/New_York")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.senderEmail").value("editors@recap.example"))
                .andExpect(jsonPath("$.timeZone").value("America/New_York"));

        mvc.perform(post("/api/lists/" + slug + "/archive").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.archived").value(true));
        mvc.perform(get("/api/lists/" + slug).with(admin()))
                .andExpect(jsonPath("$.archived").value(true));
    }

    @Test
    void aListsDefaultLengthIsStandardUnlessToldOtherwise() throws Exception {
        String slug = unique("lengthy");
        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body(slug, "news@recap.example", "UTC")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.defaultLength").value("standard"));
        String brief = body("ignored", "news@recap.example", "UTC")
                .replace("\"audiences\"", "\"defaultLength\": \"brief\", \"audiences\"");
        mvc.perform(put("/api/lists/" + slug).with(admin()).contentType(MediaType.APPLICATION_JSON).content(brief))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.defaultLength").value("brief"));
        mvc.perform(put("/api/lists/" + slug).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(brief.replace("\"brief\"", "\"endless\"")))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/lists/" + slug).with(admin()))
                .andExpect(jsonPath("$.defaultLength").value("brief"));
    }

    @Test
    void aListTracksClicksAnonymouslyUnlessToldOtherwise() throws Exception {
        String slug = unique("tracked");
        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body(slug, "news@recap.example", "UTC")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tracking").value("anonymous"))
                .andExpect(jsonPath("$.trackOpens").value(false));

        String perSubscriber = body("ignored", "news@recap.example", "UTC")
                .replace("\"audiences\"", "\"tracking\": \"subscriber\", \"trackOpens\": true, \"audiences\"");
        mvc.perform(put("/api/lists/" + slug).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(perSubscriber))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tracking").value("subscriber"))
                .andExpect(jsonPath("$.trackOpens").value(true));
        mvc.perform(get("/api/lists/" + slug).with(admin()))
                .andExpect(jsonPath("$.tracking").value("subscriber"));

        mvc.perform(put("/api/lists/" + slug).with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(perSubscriber.replace("\"subscriber\"", "\"everything\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.tracking").exists());
    }

    @Test
    void refusesInvalidSettingsWithAProblemDocumentNamingTheFields() throws Exception {
        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body("Bad Slug!", "not-an-address", "UTC")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors.slug").exists())
                .andExpect(jsonPath("$.errors.senderEmail").exists());

        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body(unique("tz"), "news@recap.example", "Mars/Olympus")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.timeZone").exists());
    }

    @Test
    void refusesADuplicateSlug() throws Exception {
        String slug = unique("twice");
        list(slug);

        mvc.perform(post("/api/lists").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body(slug, "news@recap.example", "UTC")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.slug").value("a list with this slug exists already"));
    }

    @Test
    void answersNotFoundForAnUnknownList() throws Exception {
        mvc.perform(get("/api/lists/no-such-list").with(admin()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void editorsMayReadListsButNotChangeThem() throws Exception {
        String slug = unique("editor");
        list(slug);

        mvc.perform(get("/api/lists").with(editor())).andExpect(status().isOk());
        mvc.perform(post("/api/lists").with(editor()).contentType(MediaType.APPLICATION_JSON)
                .content(body(unique("nope"), "news@recap.example", "UTC")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/lists/" + slug + "/archive").with(editor())).andExpect(status().isForbidden());
    }

    @Test
    void anonymousIsRefused() throws Exception {
        mvc.perform(get("/api/lists"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().exists("WWW-Authenticate"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
