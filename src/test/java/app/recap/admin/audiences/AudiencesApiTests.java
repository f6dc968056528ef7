package app.recap.admin.audiences;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import app.recap.admin.AdminApiTestBase;

class AudiencesApiTests extends AdminApiTestBase {

    @Test
    void editorsAddRenameAndSetKeywordsOfAnAudience() throws Exception {
        String slug = unique("robotics");
        mvc.perform(post("/api/audiences").with(editor()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\": \"" + slug + "\", \"displayName\": \"Robotics\", \"keywords\": [\"Robot\", \"actuator\", \"robot\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.keywords.length()").value(2))
                .andExpect(jsonPath("$.keywords[0]").value("robot"));

        mvc.perform(put("/api/audiences/" + slug).with(editor()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"displayName\": \"Robotics & Automation\", \"description\": \"Machines that move\", \"keywords\": [\"cobot\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.displayName").value("Robotics & Automation"))
                .andExpect(jsonPath("$.description").value("Machines that move"))
                .andExpect(jsonPath("$.keywords[0]").value("cobot"));
        mvc.perform(get("/api/audiences/" + slug).with(admin()))
                .andExpect(jsonPath("$.displayName").value("Robotics & Automation"));
    }

    @Test
    void refusesAnInvalidOrTakenSlugAndAMissingName() throws Exception {
        mvc.perform(post("/api/audiences").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\": \"Not A Slug\", \"displayName\": \"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.slug").exists())
                .andExpect(jsonPath("$.errors.displayName").exists());
        mvc.perform(post("/api/audiences").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\": \"developers-engineers\", \"displayName\": \"Again\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.slug").value("an audience with this slug exists already"));
        mvc.perform(put("/api/audiences/no-such-audience").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"displayName\": \"X\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void anonymousIsRefused() throws Exception {
        mvc.perform(get("/api/audiences")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/audiences").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
    }
}
