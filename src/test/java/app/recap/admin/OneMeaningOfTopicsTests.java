package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;

/**
 * "Pick the topics you want; none picked means every topic" and "a topic the list does not offer is refused",
 * the same through the admin UI, the API and the import (sign-up and the preference center: TopicsAndLengthTests).
 */
class OneMeaningOfTopicsTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;

    @Test
    void adminFormTakesNoTopicsAsEveryTopicAndRefusesOneTheListDoesNotOffer() throws Exception {
        NewsletterList list = list(unique("topics-ui"));
        audiences.ensure("policy-legal-teams", "Policy & Legal Teams", null, List.of());
        String email = unique("ui") + "@example.com";

        mvc.perform(post("/admin/subscribers").with(user(ADMIN).roles("ADMIN")).with(csrf())
                .param("email", email).param("list", list.slug())).andExpect(status().is3xxRedirection());
        long id = subscribers.findByEmail(email).orElseThrow().id();
        assertThat(subscribers.audienceIds(id, list.id())).as("none ticked: every topic").isEmpty();

        var flash = mvc.perform(post("/admin/subscribers/" + id + "/lists/" + list.slug())
                .with(user(ADMIN).roles("ADMIN")).with(csrf()).param("audiences", "policy-legal-teams"))
                .andReturn().getFlashMap();
        assertThat(flash.get("error")).asString().contains("offers no audience policy-legal-teams");
        assertThat(subscribers.audienceIds(id, list.id())).isEmpty();

        mvc.perform(post("/admin/subscribers/" + id + "/lists/" + list.slug())
                .with(user(ADMIN).roles("ADMIN")).with(csrf()).param("audiences", "developers-engineers"));
        assertThat(subscribers.audienceIds(id, list.id())).containsExactly(developers.id());
        mvc.perform(post("/admin/subscribers/" + id + "/lists/" + list.slug())
                .with(user(ADMIN).roles("ADMIN")).with(csrf()));
        assertThat(subscribers.audienceIds(id, list.id())).as("unticking all goes back to every topic").isEmpty();
    }

    @Test
    void apiTakesAnEmptyListAsEveryTopicAndRefusesAnUnofferedOne() throws Exception {
        NewsletterList list = list(unique("topics-api"));
        audiences.ensure("policy-legal-teams", "Policy & Legal Teams", null, List.of());
        String email = unique("api") + "@example.com";

        mvc.perform(post("/api/subscribers").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"list\": \"%s\", \"audiences\": []}".formatted(email, list.slug())))
                .andExpect(status().isCreated());
        long id = subscribers.findByEmail(email).orElseThrow().id();
        assertThat(subscribers.audienceIds(id, list.id())).isEmpty();

        mvc.perform(put("/api/subscribers/" + id + "/lists/" + list.slug()).with(admin())
                .contentType(MediaType.APPLICATION_JSON).content("{\"audiences\": [\"policy-legal-teams\"]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.audiences").exists());
        mvc.perform(put("/api/subscribers/" + id + "/lists/" + list.slug()).with(admin())
                .contentType(MediaType.APPLICATION_JSON).content("{\"audiences\": [\"DEVELOPERS-ENGINEERS\"]}"))
                .andExpect(status().isOk());
        assertThat(subscribers.audienceIds(id, list.id())).containsExactly(developers.id());
        mvc.perform(put("/api/subscribers/" + id + "/lists/" + list.slug()).with(admin())
                .contentType(MediaType.APPLICATION_JSON).content("{\"audiences\": []}"))
                .andExpect(status().isOk());
        assertThat(subscribers.audienceIds(id, list.id())).as("an empty list: every topic").isEmpty();
    }

    @Test
    void importTakesABlankCellAsEveryTopicAndRejectsARowNamingAnUnofferedOne() throws Exception {
        NewsletterList list = list(unique("topics-import"));
        audiences.ensure("policy-legal-teams", "Policy & Legal Teams", null, List.of());
        String every = unique("every") + "@example.com";
        String chosen = unique("chosen") + "@example.com";
        String refused = unique("refused") + "@example.com";
        String csv = "email,name,audiences\n" + every + ",Ada,\n" + chosen + ",Bo,developers-engineers\n" + refused
                + ",Cy,policy-legal-teams\n";

        importEnded(mvc.perform(post("/api/lists/" + list.slug() + "/imports").with(admin()).contentType("text/csv")
                .content(csv)).andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location"));

        assertThat(subscribers.audienceIds(subscribers.findByEmail(every).orElseThrow().id(), list.id())).isEmpty();
        assertThat(subscribers.audienceIds(subscribers.findByEmail(chosen).orElseThrow().id(), list.id()))
                .containsExactly(developers.id());
        assertThat(subscribers.findByEmail(refused)).as("the row naming a topic the list does not offer").isEmpty();
    }
}
