package app.recap.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless chromium per browser test class, used as the class's {@link WebDriver}
 * ({@code @RegisterExtension static final BrowserSession browser = new BrowserSession();}): started before the
 * class's first test, quit after its last, its screenshots kept in {@code target/screenshots} for a person to look
 * at. Every class used to start, quit and photograph its own browser; this is that code, once.
 */
public final class BrowserSession implements BeforeAllCallback, AfterAllCallback, WebDriver, JavascriptExecutor,
        TakesScreenshot {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final String[] arguments;
    private ChromeDriver driver;

    /** @param arguments chromium switches beyond {@link HeadlessChromium}'s, e.g. {@code --hide-scrollbars} */
    public BrowserSession(String... arguments) {
        this.arguments = arguments.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        driver = HeadlessChromium.start(arguments);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** The window as it shows now, saved as {@code target/screenshots/<name>.png}. */
    public void shot(String name) throws IOException {
        File file = getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Sets the window's outer size, as a phone (375) or a wide screen (1280) would have it. */
    public void resize(int width, int height) {
        manage().window().setSize(new Dimension(width, height));
    }

    /** Neither the page nor its main part scrolls sideways in the window as it is now. */
    @SuppressWarnings("unchecked")
    public void assertNoSidewaysScroll() {
        Map<String, Object> widths = (Map<String, Object>) executeScript(
                "return {page: document.documentElement.scrollWidth, main: document.querySelector('main').scrollWidth,"
                        + " viewport: window.innerWidth};");
        long viewport = ((Number) widths.get("viewport")).longValue();
        assertThat(((Number) widths.get("main")).longValue()).as("main's width at %s px", viewport)
                .isLessThanOrEqualTo(viewport);
        assertThat(((Number) widths.get("page")).longValue()).as("the page's width at %s px", viewport)
                .isLessThanOrEqualTo(viewport);
    }

    /** A Chrome DevTools command, such as {@code Emulation.setEmulatedMedia} for the dark colour scheme. */
    public Map<String, Object> executeCdpCommand(String command, Map<String, Object> parameters) {
        return driver().executeCdpCommand(command, parameters);
    }

    private ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser runs only while its test class does");
        }
        return driver;
    }

    @Override
    public void get(String url) {
        driver().get(url);
    }

    @Override
    public String getCurrentUrl() {
        return driver().getCurrentUrl();
    }

    @Override
    public String getTitle() {
        return driver().getTitle();
    }

    @Override
    public List<WebElement> findElements(By by) {
        return driver().findElements(by);
    }

    @Override
    public WebElement findElement(By by) {
        return driver().findElement(by);
    }

    @Override
    public String getPageSource() {
        return driver().getPageSource();
    }

    @Override
    public void close() {
        driver().close();
    }

    @Override
    public void quit() {
        driver().quit();
    }

    @Override
    public Set<String> getWindowHandles() {
        return driver().getWindowHandles();
    }

    @Override
    public String getWindowHandle() {
        return driver().getWindowHandle();
    }

    @Override
    public TargetLocator switchTo() {
        return driver().switchTo();
    }

    @Override
    public Navigation navigate() {
        return driver().navigate();
    }

    @Override
    public Options manage() {
        return driver().manage();
    }

    @Override
    public Object executeScript(String script, Object... args) {
        return driver().executeScript(script, args);
    }

    @Override
    public Object executeAsyncScript(String script, Object... args) {
        return driver().executeAsyncScript(script, args);
    }

    @Override
    public <X> X getScreenshotAs(OutputType<X> target) {
        return driver().getScreenshotAs(target);
    }
}
