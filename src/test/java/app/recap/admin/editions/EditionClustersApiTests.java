package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import app.recap.support.DemoEditionTestBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EditionClustersApiTests extends DemoEditionTestBase {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    @Test
    void listsEveryClusterWithWhatWasMergedAndWhy() throws Exception {
        String body = mvc.perform(get("/api/editions/{list}/{week}/clusters", LIST, WEEK)
                .with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JsonNode root = json.readTree(body);
        assertThat(root.get("clusterCount").asInt()).isEqualTo(root.get("clusters").size()).isPositive();

        List<String> explanations = new ArrayList<>();
        for (JsonNode cluster : root.get("clusters")) {
            assertThat(cluster.get("lead").get("title").asString()).isNotBlank();
            assertThat(cluster.get("sources").get(0).asString()).isEqualTo(cluster.get("lead").get("source").asString());
            for (JsonNode member : cluster.get("members")) {
                assertThat(member.get("source").asString()).isNotBlank();
                assertThat(member.get("similarity").asDouble()).isBetween(0.0, 1.0);
                assertThat(member.get("measure").asString()).isIn("meaning", "title", "text");
                explanations.add(member.get("explanation").asString());
            }
        }
        // the demo's deliberate duplicate: CloudWire and LabNotes both carry the Atlas-2 release
        assertThat(explanations).anySatisfy(e -> assertThat(e)
                .matches("same news as “OpenForge (r|R)eleases Atlas-2 (o|O)pen-(w|W)eights (m|M)odel” \\(.+\\),"
                        + " similarity [01]\\.\\d\\d \\(.+\\)"));
        assertThat(root.get("mergedCount").asInt()).isEqualTo(explanations.isEmpty() ? 0
                : (int) java.util.stream.StreamSupport.stream(root.get("clusters").spliterator(), false)
                        .filter(c -> !c.get("members").isEmpty()).count());
    }

    @Test
    void anUnknownListIsNotFound() throws Exception {
        mvc.perform(get("/api/editions/{list}/{week}/clusters", "no-such-list", WEEK)
                .with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/editions/{list}/{week}/clusters", LIST, "2026-W99")
                .with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().is4xxClientError());
    }
}
