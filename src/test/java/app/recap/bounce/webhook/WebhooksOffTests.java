package app.recap.bounce.webhook;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** With nothing configured (the defaults) no provider's webhook hears anything. */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:webhooks-off;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
@Tag("database")
class WebhooksOffTests {

    @Autowired MockMvc mvc;

    @Test
    void everyProviderIsOffUntilConfigured() throws Exception {
        for (String provider : new String[] {"ses", "sendgrid", "mailgun", "postmark"}) {
            mvc.perform(post("/webhooks/" + provider).contentType(MediaType.APPLICATION_JSON).content("[]"))
                    .andExpect(status().isNotFound());
        }
    }
}
