package app.recap.admin;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Health is for anyone (load balancers, orchestrators); metrics and the rest of the actuator are for admins. */
class ActuatorAccessTests extends AdminApiTestBase {

    @Test
    void healthLivenessAndReadinessArePublic() throws Exception {
        for (String url : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            mvc.perform(get(url)).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        }
    }

    @Test
    void metricsAndEveryOtherEndpointAreRefusedToAnonymousCallers() throws Exception {
        for (String url : List.of("/actuator/metrics", "/actuator/metrics/http.server.requests",
                "/actuator/prometheus", "/actuator/info", "/actuator", "/actuator/health/db")) {
            mvc.perform(get(url)).andExpect(status().isUnauthorized());
        }
    }

    @Test
    void editorsMayNotReadMetrics() throws Exception {
        mvc.perform(get("/actuator/metrics").with(editor())).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(editor())).andExpect(status().isForbidden());
    }

    @Test
    void adminsScrapePrometheusMetrics() throws Exception {
        mvc.perform(get("/actuator/metrics").with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.names").isArray());
        mvc.perform(get("/actuator/prometheus").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(containsString("jvm_memory_used_bytes")));
    }
}
