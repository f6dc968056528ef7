package app.recap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules Spring Modulith's module map says nothing about: which libraries stay inside which package, and
 * habits the style guide asks for everywhere. Application classes only; tests may read mail and feeds freely.
 */
@AnalyzeClasses(packages = "app.recap", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    /** Rome parses feeds in ingest.rome; the archive's Atom feed is written with it in one edition class. */
    @ArchTest
    static final ArchRule romeStaysInIngestRome = noClasses()
            .that().resideOutsideOfPackage("app.recap.ingest.rome..")
            .and().doNotHaveFullyQualifiedName("app.recap.edition.ArchiveFeed")
            .should().dependOnClassesThat().resideInAnyPackage("com.rometools..");

    @ArchTest
    static final ArchRule jakartaMailStaysInDelivery = noClasses()
            // delivery sends mail; bounce reads DSNs; mailbox holds the one IMAP/POP3 reader and the MIME parsing that
            // the bounce mailbox and newsletter sources share, so newsletter ingestion sees InboundMail records, not
            // Jakarta Mail: nothing else touches Jakarta Mail
            .that().resideOutsideOfPackages("app.recap.delivery..", "app.recap.bounce..", "app.recap.mailbox..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..");

    /** Controllers answer requests; reading and writing tables is a repository's or a service's job. */
    @ArchTest
    static final ArchRule controllersDoNotQueryTheDatabase = noClasses()
            .that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
            .or().areMetaAnnotatedWith(Controller.class)
            .should().dependOnClassesThat().areAssignableTo(JdbcClient.class)
            .orShould().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
            .orShould().dependOnClassesThat().areAssignableTo(NamedParameterJdbcTemplate.class);

    @ArchTest
    static final ArchRule constructorInjectionOnly = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    /** Log with SLF4J instead. */
    @ArchTest
    static final ArchRule noStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
