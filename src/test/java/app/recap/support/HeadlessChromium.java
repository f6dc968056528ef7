package app.recap.support;

import java.io.File;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium and chromedriver (or {@code -Dchromium.binary} / {@code -Dchromium.driver}) as every browser test
 * drives them: headless, 1280 px wide, English, waiting up to 5 s for elements to appear.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** @param extraArguments chromium switches beyond the common ones, e.g. {@code --hide-scrollbars} */
    public static ChromeDriver start(String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en");
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromium.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return browser;
    }

    /**
     * Clicks something that loads a new page and waits until a new document has loaded, so the next lookup cannot
     * read the page being left. The old page is marked in its window object rather than watched for staleness:
     * chromium answers a staleness probe during navigation with an inspector error instead of "stale element".
     */
    public static void navigateBy(WebDriver browser, By target) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("window.recapPageLeft = true;");
        browser.findElement(target).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                        "return window.recapPageLeft === undefined && document.readyState === 'complete';")));
    }
}
