package app.recap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RecapApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecapApplication.class, args);
    }
}
