package app.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module map, checked: no cycles between modules, no module reaching into another's sub-packages, and each
 * module using only the modules its {@code package-info.java} allows ({@code @ApplicationModule}).
 *
 * <p>The diagrams in {@code docs/modules} are generated from the same model. After a change to the map, refresh
 * them with {@code ./mvnw -B -o test -Dtest=ModularityTests -Drecap.modules.docs.update=true}; until then
 * {@link #moduleDiagramsInDocsMatchTheCode()} fails.
 */
class ModularityTests {

    static final ApplicationModules modules = ApplicationModules.of(RecapApplication.class);
    static final Path COMMITTED = Path.of("docs/modules");

    @Test
    void modulesDependOnEachOtherOnlyAsDeclared() {
        modules.verify();
    }

    @Test
    void moduleDiagramsInDocsMatchTheCode() throws IOException {
        Path generated = Path.of("target/modules-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeDocumentation();
        if (Boolean.getBoolean("recap.modules.docs.update")) {
            replace(COMMITTED, generated);
        }
        List<Path> diagrams = files(generated, ".puml");
        assertThat(diagrams).isNotEmpty();
        for (Path diagram : diagrams) {
            Path committed = COMMITTED.resolve(generated.relativize(diagram));
            assertThat(committed).as("docs/modules is out of date: regenerate it (see ModularityTests)").exists();
            // the Documenter's order of components and relations is not stable from one class path to another
            assertThat(Files.readAllLines(committed)).as("%s is out of date: regenerate it (see ModularityTests)",
                    committed).containsExactlyInAnyOrderElementsOf(Files.readAllLines(diagram));
        }
        assertThat(files(COMMITTED, ".puml")).as("diagrams in docs/modules of modules that no longer exist")
                .hasSameSizeAs(diagrams);
    }

    private static void replace(Path target, Path source) throws IOException {
        if (Files.isDirectory(target)) {
            for (Path old : files(target, "")) {
                Files.delete(old);
            }
        }
        Files.createDirectories(target);
        for (Path file : files(source, "")) {
            Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
